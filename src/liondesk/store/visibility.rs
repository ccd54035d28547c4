//! Who may see a contact (LionDesk's contacts page, "Contacts can only be retrieved if the
//! querying user..."): its owner, its assigned user, a user it was shared with, and — when the
//! owner's team has `is_contact_resource_sharing_enabled` — the owner's teammates. The rule
//! applies to get, find and patch, and to every sub-resource of a contact. Anyone else gets 404,
//! as if the contact did not exist. Only the owner may delete.

use rusqlite::types::Value;

use super::table::Scope;

/// The condition on a contact aliased `c`, binding the user four times.
const VISIBLE: &str = "c.owner_user_id = ? OR c.assigned_user_id = ?
    OR EXISTS (SELECT 1 FROM ld_contact_shares s WHERE s.tenant_id = c.tenant_id AND s.contact_id = c.id AND s.user_id = ?)
    OR EXISTS (SELECT 1 FROM ld_team_members me
               JOIN ld_team_members owner ON owner.tenant_id = me.tenant_id AND owner.team_id = me.team_id
               JOIN ld_teams t ON t.tenant_id = me.tenant_id AND t.id = me.team_id
               WHERE me.tenant_id = c.tenant_id AND me.user_id = ? AND owner.user_id = c.owner_user_id
                 AND t.is_contact_resource_sharing_enabled = 1)";

/// The contacts (aliased `c`) `user` may see.
pub fn of_contacts(user: i64) -> Scope {
    Scope::new(VISIBLE, [Value::Integer(user), Value::Integer(user), Value::Integer(user), Value::Integer(user)])
}
