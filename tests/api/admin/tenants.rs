use serde_json::json;

use crate::helpers::{TestTenant, delete, get, url};

#[test]
fn health_lists_the_four_vendors() {
    let r = get(&url("/__admin/health"));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION"), "vendors": ["livingmetrics", "liondesk", "livevox", "leadconnector"]})
    );
}

#[test]
fn a_deleted_tenant_and_its_key_are_gone() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();
    assert_eq!(lm.get("/v1/contacts").status, 200);
    assert_eq!(delete(&url(&format!("/__admin/tenants/{}", tenant.id))).status, 204);
    assert_eq!(lm.get("/v1/contacts").status, 401);
    assert_eq!(get(&url(&format!("/__admin/tenants/{}", tenant.id))).status, 404);
}
