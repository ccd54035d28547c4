//! The bodies of Update Contact DND (`PUT /contact/contacts/{account}/dnd`:
//! `{"accountBlock"?, "updateContactDND"?: [...]}`) and Update Multiple Contacts' DND
//! (`POST /contact/contacts/dnd`: `{"contactDnd": [{"account", "accountBlock"?,
//! "updateContactDND"?}]}`). Each `updateContactDND` entry names a phone by its `ordinal` and
//! changes its DND and consents only; the number stays as stored (docs/fidelity.md).

use serde_json::Value;

use super::super::dnd::{Day, DndCommand};
use super::super::error::{LvError, Result};
use super::super::store::contacts::ContactRow;
use super::contact::{BULK_MAX, PhoneInput, read_phones};
use super::values::{ACCOUNT_MAX, Obj};

/// The DND changes of one contact.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DndUpdate {
    /// The account, in Update Multiple Contacts' DND.
    pub account: Option<String>,
    pub account_block: Option<DndCommand>,
    pub phones: Vec<PhoneInput>,
}

impl DndUpdate {
    /// The body of Update Contact DND.
    pub fn read_one(body: &Value) -> Result<DndUpdate> {
        let o = Obj::new("", body, &["accountBlock", "updateContactDND"])?;
        Ok(DndUpdate {
            account: None,
            account_block: o.block("accountBlock")?,
            phones: read_phones(&o, "updateContactDND", false)?,
        })
    }

    /// The body of Update Multiple Contacts' DND.
    pub fn read_many(body: &Value) -> Result<Vec<DndUpdate>> {
        let o = Obj::new("", body, &["contactDnd"])?;
        let items = o.array("contactDnd", BULK_MAX)?.ok_or_else(|| LvError::bad_field("contactDnd", "is required"))?;
        let keys = ["account", "accountBlock", "updateContactDND"];
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let entry = Obj::new(format!("contactDnd[{i}]"), item, &keys)?;
                Ok(DndUpdate {
                    account: Some(entry.required_text("account", ACCOUNT_MAX)?),
                    account_block: entry.block("accountBlock")?,
                    phones: read_phones(&entry, "updateContactDND", false)?,
                })
            })
            .collect()
    }

    /// Applies the changes to `c` on `day` (the caller stamps the modify date and user).
    pub fn apply(&self, c: &mut ContactRow, day: &Day) {
        if let Some(sent) = self.account_block {
            c.dnd = c.dnd.apply(sent, day);
        }
        for phone in &self.phones {
            phone.apply(&mut c.phones[phone.ordinal - 1], day, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::livevox::dnd::Block;
    use serde_json::json;

    fn day() -> Day {
        Day { now: "2024-03-05T15:00:00.000Z".into(), midnight: "2024-03-06T00:00:00.000Z".into() }
    }

    #[test]
    fn the_documents_examples_are_read_and_applied() {
        let one = DndUpdate::read_one(&json!({"updateContactDND": [{"phone": "6505551234", "ordinal": 1, "phoneBlock": "BOTH", "smsConsent": true, "cellConsent": true}]})).unwrap();
        let mut c = ContactRow::new(1, "DOC1625198460001".into(), 0);
        c.phones[0].phone = Some("6505550000".into());
        one.apply(&mut c, &day());
        assert_eq!((c.phones[0].dnd.block(&day()), c.phones[0].sms_consent), (Block::Both, true));
        assert_eq!(c.phones[0].phone.as_deref(), Some("6505550000"), "the number stays");
        let many = DndUpdate::read_many(&json!({"contactDnd": [
            {"account": "31576555260000", "accountBlock": "DAILY", "updateContactDND": [{"phone": "4565553748", "ordinal": "1", "phoneBlock": "NONE"}]},
            {"account": "nyts0", "accountBlock": "NONE"}
        ]}))
        .unwrap();
        assert_eq!((many.len(), many[0].account_block, many[1].phones.len()), (2, Some(DndCommand::Daily), 0));
    }

    #[test]
    fn bad_entries_are_named() {
        let err = DndUpdate::read_many(&json!({"contactDnd": [{"account": "a"}, {"accountBlock": "NONE"}]})).unwrap_err();
        assert_eq!(err.to_string(), "contactDnd[1].account: is required");
        let err = DndUpdate::read_one(&json!({"updateContactDND": [{"ordinal": 0}]})).unwrap_err();
        assert_eq!(err.to_string(), "updateContactDND[0].ordinal: must be 1 to 10");
        assert_eq!(DndUpdate::read_many(&json!({})).unwrap_err().to_string(), "contactDnd: is required");
    }
}
