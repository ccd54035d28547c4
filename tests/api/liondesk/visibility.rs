//! Who sees a contact ("Contacts can only be retrieved if the querying user..."): its owner,
//! its assigned user, a user it was shared with, and the owner's teammates when the owner's
//! team shares contacts; nobody else, and never another tenant. Invisible is a 404 exactly like
//! missing, for get, find, patch and delete; only the owner deletes.

use serde_json::{Value, json};

use super::crud::{AT, contact};
use crate::helpers::{LionDeskClient, TestTenant, feathers_error, feathers_not_found};

fn forbidden() -> Value {
    feathers_error(403, "Forbidden", "forbidden", "Only the owner of a contact may remove it")
}

/// Contacts 1–3 owned by user 1 (1 private, 2 assigned to the teammate, 3 shared with the
/// outsider) and 4 owned by the teammate; team sharing as given.
fn arranged(team_sharing: bool) -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "team_settings", json!([{"team_id": 1, "is_contact_resource_sharing_enabled": team_sharing}]));
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([
            {"id": 1, "first_name": "Private", "created_at": AT, "modified_at": AT},
            {"id": 2, "first_name": "Assigned", "assigned_user_id": 2, "created_at": AT, "modified_at": AT},
            {"id": 3, "first_name": "Shared", "created_at": AT, "modified_at": AT},
            {"id": 4, "first_name": "Theirs", "owner_user_id": 2, "created_at": AT, "modified_at": AT}
        ]),
    );
    tenant.arrange("liondesk", "shares", json!([{"contact_id": 3, "user_id": 3}]));
    tenant
}

/// Contact `id` of `arranged` as stored.
fn stored(id: i64) -> Value {
    match id {
        1 => contact(1, 1, json!({"first_name": "Private"})),
        2 => contact(2, 1, json!({"first_name": "Assigned", "assigned_user_id": 2})),
        3 => contact(3, 1, json!({"first_name": "Shared"})),
        _ => contact(4, 2, json!({"first_name": "Theirs"})),
    }
}

/// A client for a user arranged with `token`.
fn client(tenant: &TestTenant, token: &str) -> LionDeskClient {
    LionDeskClient { base: format!("{}/liondesk", tenant.base), token: token.to_owned() }
}

/// `user` finds exactly `visible` and gets each of them whole; every other contact of 1..=4
/// is a 404 like a missing one.
fn assert_sees(user: &LionDeskClient, visible: &[i64], who: &str) {
    let r = user.get("/contacts");
    let data: Vec<Value> = visible.iter().map(|id| stored(*id)).collect();
    assert_eq!((r.status, r.body), (200, json!({"total": visible.len(), "limit": 10, "skip": 0, "data": data})), "{who} finds");
    for id in 1..=5 {
        let r = user.get(&format!("/contacts/{id}"));
        if visible.contains(&id) {
            assert_eq!((r.status, r.body), (200, stored(id)), "{who} gets {id}");
        } else {
            assert_eq!((r.status, r.body), (404, feathers_not_found(id)), "{who} gets {id}");
        }
    }
}

#[test]
fn without_team_sharing_the_owner_the_assignee_and_whoever_it_was_shared_with_see_a_contact() {
    let tenant = arranged(false);

    assert_sees(&tenant.liondesk(0), &[1, 2, 3], "owner");
    assert_sees(&tenant.liondesk(1), &[2, 4], "teammate");
    assert_sees(&tenant.liondesk(2), &[3], "outsider");
}

#[test]
fn with_team_sharing_teammates_see_each_others_contacts_and_the_outsider_still_does_not() {
    let tenant = arranged(true);

    assert_sees(&tenant.liondesk(0), &[1, 2, 3, 4], "owner");
    assert_sees(&tenant.liondesk(1), &[1, 2, 3, 4], "teammate");
    assert_sees(&tenant.liondesk(2), &[3], "outsider");
}

#[test]
fn turning_team_sharing_off_again_hides_the_teammates_contacts() {
    let tenant = arranged(true);

    tenant.arrange("liondesk", "team_settings", json!([{"team_id": 1, "is_contact_resource_sharing_enabled": false}]));

    assert_sees(&tenant.liondesk(1), &[2, 4], "teammate");
}

#[test]
fn sharing_follows_the_owners_team_not_any_team_of_the_viewer() {
    let tenant = arranged(false);
    let token = format!("tok-{}", tenant.id);
    tenant.arrange("liondesk", "users", json!([{"id": 4, "first_name": "Uma", "token": token, "team_ids": [1, 2]}]));
    tenant.arrange("liondesk", "team_settings", json!([{"team_id": 2, "is_contact_resource_sharing_enabled": true}]));
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 5, "first_name": "Oscars", "owner_user_id": 3, "created_at": AT, "modified_at": AT}]),
    );
    let uma = client(&tenant, &token);

    assert_eq!(uma.ids("/contacts"), [5], "team 2 shares; team 1 does not");
    assert_eq!(tenant.liondesk(2).ids("/contacts"), [3, 5]);
    assert_eq!(tenant.liondesk(0).ids("/contacts"), [1, 2, 3], "the outsider's team sharing opens nothing of team 1");
    let r = uma.get("/contacts/1");
    assert_eq!((r.status, r.body), (404, feathers_not_found(1)));
}

#[test]
fn whoever_sees_a_contact_may_patch_it_and_nobody_else() {
    let tenant = arranged(false);
    let patch = json!({"last_name": "Edited", "modified_at": AT});

    let by_assignee = tenant.liondesk(1).patch("/contacts/2", &patch);
    let by_share = tenant.liondesk(2).patch("/contacts/3", &patch);
    let by_owner = tenant.liondesk(0).patch("/contacts/1", &patch);
    let blocked = [
        (tenant.liondesk(1).patch("/contacts/1", &json!({"last_name": "Hacked"})), 1),
        (tenant.liondesk(2).patch("/contacts/2", &json!({"last_name": "Hacked"})), 2),
        (tenant.liondesk(0).patch("/contacts/4", &json!({"last_name": "Hacked"})), 4),
        (tenant.liondesk(2).patch("/contacts/5", &json!({"last_name": "Hacked"})), 5),
    ];

    let edited = |id: i64| {
        let mut c = stored(id);
        c["last_name"] = json!("Edited");
        c
    };
    assert_eq!((by_assignee.status, by_assignee.body), (200, edited(2)));
    assert_eq!((by_share.status, by_share.body), (200, edited(3)));
    assert_eq!((by_owner.status, by_owner.body), (200, edited(1)));
    for (r, id) in blocked {
        assert_eq!((r.status, r.body), (404, feathers_not_found(id)), "patch {id}");
    }
    assert_eq!(tenant.liondesk(1).get("/contacts/4").body, stored(4), "the hidden contact is untouched");
}

#[test]
fn with_team_sharing_a_teammate_may_patch_the_owners_contact_and_the_outsider_may_not() {
    let tenant = arranged(true);

    let r = tenant.liondesk(1).patch("/contacts/1", &json!({"company": "Team", "modified_at": AT}));
    let outsider = tenant.liondesk(2).patch("/contacts/1", &json!({"company": "Outside"}));

    let mut expected = stored(1);
    expected["company"] = json!("Team");
    assert_eq!((r.status, r.body), (200, expected.clone()));
    assert_eq!((outsider.status, outsider.body), (404, feathers_not_found(1)), "team sharing stops at the team");
    assert_eq!(tenant.liondesk(0).get("/contacts/1").body, expected);
}

#[test]
fn only_the_owner_deletes_others_who_see_it_get_403_and_the_rest_404() {
    let tenant = arranged(true);
    let (owner, teammate, outsider) = (tenant.liondesk(0), tenant.liondesk(1), tenant.liondesk(2));

    let cases = [
        (teammate.delete("/contacts/1"), 403, forbidden()),
        (teammate.delete("/contacts/2"), 403, forbidden()),
        (outsider.delete("/contacts/3"), 403, forbidden()),
        (owner.delete("/contacts/4"), 403, forbidden()),
        (outsider.delete("/contacts/1"), 404, feathers_not_found(1)),
        (outsider.delete("/contacts/4"), 404, feathers_not_found(4)),
        (outsider.delete("/contacts/9"), 404, feathers_not_found(9)),
    ];
    for (i, (r, status, body)) in cases.into_iter().enumerate() {
        assert_eq!((r.status, r.body), (status, body), "case {i}");
    }
    assert_eq!(owner.ids("/contacts"), [1, 2, 3, 4], "nothing was removed");

    let removed = teammate.delete("/contacts/4");
    assert_eq!((removed.status, removed.body), (200, stored(4)));
    assert_eq!(owner.ids("/contacts"), [1, 2, 3]);
}

#[test]
fn an_invisible_contact_cannot_be_probed_through_queries() {
    let tenant = arranged(false);
    let outsider = tenant.liondesk(2);

    let by_id = outsider.get("/contacts?id=1");
    let by_or = outsider.get("/contacts?$or[0][id]=1&$or[1][owner_user_id]=1&$or[2][first_name]=Private");
    let counted = outsider.get("/contacts?$limit=0&owner_user_id=1");
    let narrowed = outsider.get("/contacts/1?first_name=Private");

    assert_eq!((by_id.status, by_id.body), (200, json!({"total": 0, "limit": 10, "skip": 0, "data": []})));
    assert_eq!((by_or.status, by_or.body), (200, json!({"total": 1, "limit": 10, "skip": 0, "data": [stored(3)]})));
    assert_eq!((counted.status, counted.body), (200, json!({"total": 1, "limit": 0, "skip": 0, "data": []})));
    assert_eq!((narrowed.status, narrowed.body), (404, feathers_not_found(1)));
}

#[test]
fn another_tenant_never_sees_a_contact_even_with_the_same_ids() {
    let a = arranged(true);
    let b = TestTenant::new();
    b.arrange("liondesk", "contacts", json!([{"id": 2, "first_name": "Bs own", "created_at": AT, "modified_at": AT}]));
    let b_owner = b.liondesk(0);

    assert_eq!(b_owner.ids("/contacts"), [2]);
    let own = b_owner.get("/contacts/2");
    assert_eq!((own.status, own.body), (200, contact(2, 1, json!({"first_name": "Bs own"}))));
    for id in [1, 3, 4] {
        let got = b_owner.get(&format!("/contacts/{id}"));
        let patched = b_owner.patch(&format!("/contacts/{id}"), &json!({"first_name": "Crossed"}));
        let removed = b_owner.delete(&format!("/contacts/{id}"));
        for r in [got, patched, removed] {
            assert_eq!((r.status, r.body), (404, feathers_not_found(id)), "tenant B on A's {id}");
        }
    }
    let patched = b_owner.patch("/contacts/2", &json!({"last_name": "Mine", "modified_at": AT}));
    assert_eq!(patched.body, contact(2, 1, json!({"first_name": "Bs own", "last_name": "Mine"})));
    assert_sees(&a.liondesk(0), &[1, 2, 3, 4], "tenant A's owner");
}

#[test]
fn without_team_sharing_deletes_by_anyone_who_cannot_see_the_contact_are_404() {
    let tenant = arranged(false);
    let (owner, teammate, outsider) = (tenant.liondesk(0), tenant.liondesk(1), tenant.liondesk(2));

    let cases = [
        (teammate.delete("/contacts/1"), 404, feathers_not_found(1)),
        (teammate.delete("/contacts/3"), 404, feathers_not_found(3)),
        (outsider.delete("/contacts/2"), 404, feathers_not_found(2)),
        (owner.delete("/contacts/4"), 404, feathers_not_found(4)),
        (teammate.delete("/contacts/2"), 403, forbidden()),
        (outsider.delete("/contacts/3"), 403, forbidden()),
    ];
    for (i, (r, status, body)) in cases.into_iter().enumerate() {
        assert_eq!((r.status, r.body), (status, body), "case {i}");
    }
    assert_eq!(owner.ids("/contacts"), [1, 2, 3]);
    assert_eq!(teammate.ids("/contacts"), [2, 4]);
}

#[test]
fn a_user_it_was_shared_with_may_send_the_contact_back_as_read_but_not_assign_outside_their_teams() {
    let tenant = arranged(false);
    tenant.arrange("liondesk", "hotnesses", json!([{"id": 12, "name": "Hot", "rank": 1, "color": "#ff0000"}]));
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 5, "first_name": "Round", "assigned_user_id": 2, "hotness_id": 12, "created_at": AT, "modified_at": AT}]),
    );
    tenant.arrange("liondesk", "shares", json!([{"contact_id": 5, "user_id": 3}]));
    let outsider = tenant.liondesk(2);
    let mut read = outsider.get("/contacts/5").body;
    read["first_name"] = json!("Trip");
    read["modified_at"] = json!(AT);

    let sent_back = outsider.patch("/contacts/5", &read);
    let reassigned = outsider.patch("/contacts/5", &json!({"assigned_user_id": 1}));

    assert_eq!((sent_back.status, &sent_back.body), (200, &read));
    let reason = "must be a user of one of your teams (1 is not)";
    let expected = json!({"name": "BadRequest", "message": format!("Validation error: assigned_user_id {reason}"), "code": 400,
        "className": "bad-request", "errors": [{"message": format!("assigned_user_id {reason}"), "type": "Validation error",
        "path": "assigned_user_id", "value": 1}]});
    assert_eq!((reassigned.status, reassigned.body), (400, expected));
    assert_eq!(tenant.liondesk(0).get("/contacts/5").body, read);
}
