//! Who may see a contact (LionDesk's contacts page, "Contacts can only be retrieved if the
//! querying user..."): its owner, its assigned user, a user it was shared with, and — when the
//! owner's team has `is_contact_resource_sharing_enabled` — the owner's teammates. The rule
//! applies to get, find and patch, and to every sub-resource of a contact. Anyone else gets 404,
//! as if the contact did not exist. Only the owner may delete.
//!
//! The rule is written twice, as the same set of contacts read two ways. A find tests many
//! contacts: the owners whose contacts the user sees (the user and the teammates of a sharing
//! team) and the contacts shared with the user are each worked out once, and every contact is
//! then tested on its owner, assignee and id alone — columns every contacts index carries, so
//! the test (and an exact count) reads the index and not the contact. A get tests one contact,
//! found by id: there the tests that look further (shares, teams) run only when the owner and
//! assignee tests fail, each one index search.

use rusqlite::types::Value;

use crate::core::TenantId;

use super::table::Scope;

/// The contacts (aliased `c`) `user` may see, for testing many: binds the user, the tenant, the
/// user, the user, the tenant and the user.
const VISIBLE_AMONG: &str = "c.owner_user_id IN (SELECT ? UNION SELECT owner.user_id FROM ld_team_members me
        JOIN ld_team_members owner ON owner.tenant_id = me.tenant_id AND owner.team_id = me.team_id
        JOIN ld_teams t ON t.tenant_id = me.tenant_id AND t.id = me.team_id
        WHERE me.tenant_id = ? AND me.user_id = ? AND t.is_contact_resource_sharing_enabled = 1)
    OR c.assigned_user_id = ?
    OR c.id IN (SELECT s.contact_id FROM ld_contact_shares s WHERE s.tenant_id = ? AND s.user_id = ?)";

/// Whether `user` may see the contact aliased `c`, for testing one: binds the user four times.
const VISIBLE_ONE: &str = "c.owner_user_id = ? OR c.assigned_user_id = ?
    OR EXISTS (SELECT 1 FROM ld_contact_shares s WHERE s.tenant_id = c.tenant_id AND s.contact_id = c.id AND s.user_id = ?)
    OR EXISTS (SELECT 1 FROM ld_team_members me
               JOIN ld_team_members owner ON owner.tenant_id = me.tenant_id AND owner.team_id = me.team_id
               JOIN ld_teams t ON t.tenant_id = me.tenant_id AND t.id = me.team_id
               WHERE me.tenant_id = c.tenant_id AND me.user_id = ? AND owner.user_id = c.owner_user_id
                 AND t.is_contact_resource_sharing_enabled = 1)";

/// The contacts (aliased `c`) of `tenant` that `user` may see, as a find reads them.
pub fn of_contacts(tenant: &TenantId, user: i64) -> Scope {
    let (user, tenant) = (Value::Integer(user), Value::Text(tenant.as_str().to_owned()));
    Scope::new(VISIBLE_AMONG, [user.clone(), tenant.clone(), user.clone(), user.clone(), tenant, user])
}

/// The contact (aliased `c`) `user` may see, as a get by id reads it.
pub fn of_contact(user: i64) -> Scope {
    Scope::new(VISIBLE_ONE, [Value::Integer(user), Value::Integer(user), Value::Integer(user), Value::Integer(user)])
}

#[cfg(test)]
mod tests {
    use rusqlite::{Connection, params_from_iter};

    use super::super::contacts;
    use super::*;

    /// Users 1..=6; team 1 (sharing) holds 1 and 2, team 2 (not sharing) holds 1 and 3; contacts
    /// `(id, owner, assigned)`, contact 6 shared with user 1.
    fn db() -> Connection {
        let conn = crate::core::sql::plan::schema_db(include_str!("../schema.sql"));
        conn.execute_batch(
            "INSERT INTO ld_teams VALUES ('t', 1, 'A', 1, 'x', 'x'), ('t', 2, 'B', 0, 'x', 'x'), ('u', 1, 'A', 1, 'x', 'x');
             INSERT INTO ld_team_members VALUES ('t', 1, 1), ('t', 1, 2), ('t', 2, 1), ('t', 2, 3), ('u', 1, 1), ('u', 1, 4);
             INSERT INTO ld_contact_shares VALUES ('t', 6, 1), ('u', 7, 1);",
        )
        .unwrap();
        let contacts = [(1, 1, None), (2, 2, None), (3, 3, None), (4, 4, Some(1)), (5, 5, None), (6, 6, None), (7, 4, None)];
        for (id, owner, assigned) in contacts {
            conn.execute(
                "INSERT INTO ld_contacts (tenant_id, id, owner_user_id, assigned_user_id, created_at, modified_at)
                 VALUES ('t', ?1, ?2, ?3, 'x', 'x')",
                rusqlite::params![id, owner, assigned],
            )
            .unwrap();
        }
        conn
    }

    /// The ids of tenant `t`'s contacts `scope` admits (and `extra`), in id order.
    fn ids(conn: &Connection, scope: &Scope, extra: Option<i64>) -> Vec<i64> {
        let mut f = contacts::TABLE.scoped(&TenantId::from("t"), scope);
        if let Some(id) = extra {
            f.and_eq(contacts::TABLE.id(), Value::Integer(id));
        }
        let sql = format!("SELECT c.id FROM ld_contacts c WHERE {} ORDER BY c.id", f.sql());
        conn.prepare(&sql).unwrap().query_map(params_from_iter(f.params()), |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn both_readings_admit_the_owner_the_assignee_a_share_and_teammates_of_a_sharing_team_only() {
        let conn = db();
        // 1 owns 1, teammate 2 shares through team 1, 3 is only in the non-sharing team, 4 assigned
        // contact 4 to 1, 6 is shared with 1; 5 and 7 (shared with 1 in another tenant) are not.
        let expected = vec![1, 2, 4, 6];
        assert_eq!(ids(&conn, &of_contacts(&TenantId::from("t"), 1), None), expected);
        let one_by_one: Vec<i64> = (1..=7).filter(|id| !ids(&conn, &of_contact(1), Some(*id)).is_empty()).collect();
        assert_eq!(one_by_one, expected);
        // Teammate 2 sees 1's contacts through team 1, not 3's (team 2 does not share).
        assert_eq!(ids(&conn, &of_contacts(&TenantId::from("t"), 2), None), vec![1, 2]);
        assert_eq!(ids(&conn, &of_contacts(&TenantId::from("t"), 3), None), vec![3]);
    }
}
