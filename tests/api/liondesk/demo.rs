//! The LionDesk demo seed: the document's examples (Bill Gates, Steve Jobs) and the contacts,
//! users, teams, lists, tasks and events around them, as each demo user sees them.

use serde_json::json;

use crate::helpers::{LionDeskClient, TestTenant, url};

fn demo_user(token_suffix: &str) -> LionDeskClient {
    LionDeskClient { base: url("/liondesk"), token: format!("0d3e00000000000000000000000000000000000{token_suffix}") }
}

#[test]
fn the_fixed_demo_users_have_their_documented_tokens() {
    let r = demo_user("1").get("/me");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((&r.body["id"], &r.body["first_name"]), (&json!(1), &json!("Olivia")));
}

#[test]
fn bill_gates_reads_as_the_documents_get_one_contact_example() {
    let tenant = TestTenant::demo();
    let r = tenant.liondesk(0).get("/contacts/1?$select[]=first_name&$select[]=last_name&$select[]=owner_user_id&$select[]=assigned_user_id&$select[]=email&$select[]=mobile_phone&$select[]=home_phone&$select[]=office_phone&$select[]=fax&$select[]=company&$select[]=birthday&$select[]=anniversary&$select[]=spouse_name&$select[]=spouse_email&$select[]=spouse_phone&$select[]=spouse_birthday&$select[]=tags&$select[]=created_at&$select[]=modified_at&$select[]=addresses&$select[]=hotness&$select[]=source");

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body,
        json!({
            "id": 1, "owner_user_id": 1, "assigned_user_id": 2, "first_name": "Bill", "last_name": "Gates",
            "email": "bill@microsoft.com", "mobile_phone": "1 (604) 555-4572", "home_phone": "1 (604) 555-1124",
            "office_phone": "1 (208) 555-4432", "fax": "1 (306) 555-0449", "company": "Microsoft", "birthday": "1955-10-28",
            "anniversary": "2017-10-31", "spouse_name": "Melinda Gates", "spouse_email": "melinda@gatesfoundation.com",
            "spouse_phone": "1 (604) 555-1124", "spouse_birthday": "1964-08-15", "tags": "Pending",
            "created_at": "2016-07-01T12:12:11.000Z", "modified_at": "2018-01-09T12:24:09.000Z",
            "addresses": [{"id": 279, "type": "Main Office", "street_address_1": "1428 S. Broadway", "street_address_2": "",
                           "zip": "75482", "city": "Sulphur Springs", "state": "", "created_at": null, "modified_at": null}],
            "hotness": {"name": "Pending", "rank": 14, "color": "#3b274c"},
            "source": {"id": 12, "name": "Zillow Lead", "user_id": 1, "created_at": "2015-01-09T03:34:15.000Z"}
        })
    );
}

#[test]
fn bill_gates_and_steve_jobs_list_their_own_custom_field_values_as_the_document_shows() {
    let tenant = TestTenant::demo();
    let owner = tenant.liondesk(0);

    let bill = owner.get("/contacts/1?$select[]=custom_fields");
    let steve = owner.get("/contacts/2?$select[]=custom_fields");

    let infrastructures =
        json!({"id": 21, "user_id": 1, "name": "infrastructures", "rank": 2, "data_type": "Number", "value": null});
    assert_eq!((bill.status, bill.body), (200, json!({"id": 1, "custom_fields": [infrastructures]})));
    assert_eq!((steve.status, steve.body), (200, json!({"id": 2, "custom_fields": []})));
}

#[test]
fn steve_jobs_is_shared_with_the_owner_user_and_carries_his_owners_lists() {
    let tenant = TestTenant::demo();
    let r = tenant
        .liondesk(0)
        .get("/contacts/2?$select[]=first_name&$select[]=tags&$select[]=hotness&$select[]=source&$select[]=owner_user_id");
    assert_eq!(
        r.body,
        json!({"id": 2, "owner_user_id": 5, "first_name": "Steve", "tags": "Seller",
               "hotness": {"name": "Hot", "rank": 12, "color": "#3b274c"},
               "source": {"id": 15, "name": "Referral", "user_id": 5, "created_at": "2015-01-09T03:34:15.000Z"}})
    );
    let r = tenant.liondesk(0).delete("/contacts/2");
    assert_eq!(r.status, 403, "shared, not owned: {}", r.text);
}

#[test]
fn each_demo_user_sees_its_own_share_of_the_contacts() {
    let tenant = TestTenant::demo();
    let total = |user: usize, query: &str| tenant.liondesk(user).get(&format!("/contacts?$limit=0{query}")).body["total"].clone();
    assert_eq!(total(0, ""), json!(15), "owner: owns 9, is assigned 4, was shared 2");
    assert_eq!(total(1, ""), json!(13), "teammate: owns 6, is assigned 7 (team sharing is off)");
    assert_eq!(total(2, ""), json!(5), "outsider: owns 3, was shared 2");
    assert_eq!(total(0, "&last_name[$in]=Gates&last_name[$in]=Jobs"), json!(2));
    assert_eq!(total(0, "&created_at[$gte]=2017-01-01&created_at[$lt]=2018-01-01"), json!(2));
}

#[test]
fn the_demo_owner_has_lists_tasks_and_events() {
    let tenant = TestTenant::demo();
    let owner = tenant.liondesk(0);
    let count = |path: &str| owner.get(&format!("{path}?$limit=0")).body["total"].clone();
    assert_eq!(count("/hotnesses"), json!(4));
    assert_eq!(count("/contact-sources"), json!(3));
    assert_eq!(count("/custom-fields"), json!(4));
    assert_eq!(count("/tags"), json!(5));
    assert_eq!(count("/contacts/1/addresses"), json!(1));
    assert!(count("/tasks").as_i64().unwrap() >= 4);
    assert!(count("/events").as_i64().unwrap() >= 4);
    assert_eq!(count("/teams"), json!(1));
    assert_eq!(owner.get("/tags/").status, 200, "a trailing slash reaches the same route, as in Express");
}
