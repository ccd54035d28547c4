//! The tags service (the tags page): Find All Tags, Get One Tag, Submit one Tag, Update one
//! Tag, and removal (answers the tag removed). A user sees and changes only their own tags.
//! Renaming a tag renames it in the `tags` text of every contact its owner owns ("It will
//! update the name of the tag for all contacts that have that tag").

use serde_json::Value;

use crate::core::TenantId;
use crate::core::Tx;

use super::super::error::{LionDeskError, Result};
use super::super::model::contact::TAGS_LIMIT;
use super::super::model::lists::{Tag, TagChanges};
use super::super::query::{Resource, fields::TAGS};
use super::super::store::table::{Scope, Table};
use super::super::store::tags as store;
use super::service::{Caller, Service, Writable};

/// Find All Tags (`content=A&content=B` finds either), Get One Tag.
pub struct Tags;

impl Service for Tags {
    type Record = Tag;
    const RESOURCE: &'static Resource = &TAGS;
    const PATH: &'static str = "/tags";
    const TABLE: &'static Table<Tag> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::own(caller.user)
    }
}

/// Submit one Tag (the submitter owns it), Update one Tag, and removal, which leaves contacts'
/// `tags` text as it is.
impl Writable for Tags {
    type Changes = TagChanges;

    fn create(tx: &Tx, caller: &Caller, changes: &TagChanges, _: &str) -> Result<Tag> {
        // Refused (no content) before the id is taken: a repeatable write.
        let tag = changes.create(0, caller.user)?;
        let tag = Tag { id: store::TABLE.next_id(tx, &caller.tenant)?, ..tag };
        store::insert(tx, &caller.tenant, &tag)?;
        Ok(tag)
    }

    /// A new `content` renames the tag on the owner's contacts too.
    fn patch(tx: &Tx, caller: &Caller, tag: Tag, changes: TagChanges, now: &str) -> Result<Tag> {
        let next = changes.apply(&tag);
        store::update(tx, &caller.tenant, &next)?;
        if next.content != tag.content {
            rename_on_contacts(tx, &caller.tenant, &tag, &next.content, now)?;
        }
        Ok(next)
    }
}

/// Renames `tag` to `content` in the `tags` of its owner's contacts (stamping their
/// `modified_at`); a 400, and nothing renamed, if a contact's tags would outgrow their limit.
fn rename_on_contacts(tx: &Tx, tenant: &TenantId, tag: &Tag, content: &str, now: &str) -> Result<()> {
    for (contact, tags) in store::contacts_tagged(tx, tenant, tag.user_id, tag.content.trim())? {
        let Some(renamed) = rename_tag(&tags, &tag.content, content) else { continue };
        if renamed.chars().count() > TAGS_LIMIT {
            let reason = format!("would make the tags of contact {contact} longer than {TAGS_LIMIT} characters");
            return Err(LionDeskError::invalid_field("content", &reason, &Value::from(content)));
        }
        store::set_contact_tags(tx, tenant, contact, &renamed, now)?;
    }
    Ok(())
}

/// `tags` (a contact's comma-separated tags) with every tag equal to `old` (ignoring ASCII case
/// and the spaces around it) renamed to `new`, the rest of the text kept as it was; `None` when
/// no tag matched.
pub fn rename_tag(tags: &str, old: &str, new: &str) -> Option<String> {
    let old = old.trim();
    let mut changed = false;
    let pieces: Vec<String> = tags
        .split(',')
        .map(|piece| {
            let trimmed = piece.trim();
            if !trimmed.eq_ignore_ascii_case(old) {
                return piece.to_owned();
            }
            changed = true;
            let start = piece.len() - piece.trim_start().len();
            format!("{}{}{}", &piece[..start], new.trim(), &piece[start + trimmed.len()..])
        })
        .collect();
    changed.then(|| pieces.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_a_tag_keeps_the_rest_of_the_text() {
        assert_eq!(rename_tag("Buyer, seller ,Hot", "Seller", "Vendor").as_deref(), Some("Buyer, Vendor ,Hot"));
        assert_eq!(rename_tag("Buyer,Buyer", "buyer", "Lead").as_deref(), Some("Lead,Lead"));
        assert_eq!(rename_tag("First-time Buyer", "Buyer", "Lead"), None);
        assert_eq!(rename_tag("", "Buyer", "Lead"), None);
    }
}
