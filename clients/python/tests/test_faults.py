"""Fault rules: `times=1` fires once, only for the tenant that set it, and goes with the tenant."""

from __future__ import annotations

from typing import Any, Callable

from crm_mock import CrmMock, Tenant


def test_a_fault_with_times_1_fires_once(crm_tenant: Tenant, vendor_api: Callable[..., Any]) -> None:
    crm_tenant.arrange("liondesk", "contacts", {"first_name": "Ann", "last_name": "Lee"})
    rule = crm_tenant.fault(vendor="liondesk", method="GET", path="/contacts", status=503, body={"error": "down"}, times=1)
    assert rule["tenant"] == crm_tenant.id and rule["remaining"] == 1

    liondesk = vendor_api(crm_tenant, "liondesk")
    assert liondesk("GET", "/contacts") == (503, {"error": "down"})
    status, page = liondesk("GET", "/contacts")
    assert status == 200 and page["data"][0]["first_name"] == "Ann"

    second, first = crm_tenant.requests(vendor="liondesk")
    assert (first["status"], second["status"]) == (503, 200)
    assert first["fault"] is not None and second["fault"] is None


def test_a_fault_is_limited_to_its_tenant(crm_mock: CrmMock, crm_tenant: Tenant, vendor_api: Callable[..., Any]) -> None:
    crm_tenant.fault(vendor="leadconnector", path="/contacts/*", status=500, times=1)
    other = crm_mock.new_tenant()
    try:
        location = other.credentials["leadconnector"]["location_id"]
        # The other tenant's call is not faulted and does not use the rule up.
        assert vendor_api(other, "leadconnector")("GET", f"/contacts/?locationId={location}")[0] == 200
    finally:
        other.delete()
    location = crm_tenant.credentials["leadconnector"]["location_id"]
    assert vendor_api(crm_tenant, "leadconnector")("GET", f"/contacts/?locationId={location}")[0] == 500


def test_delete_removes_the_tenants_faults_and_snapshots(crm_mock: CrmMock) -> None:
    tenant = crm_mock.new_tenant()
    tenant.fault(vendor="livevox", status=500)
    tenant.fault(vendor="liondesk", status=500, times=1)
    tenant.snapshot("one")
    tenant.delete()

    assert [f for f in crm_mock.admin("GET", "/faults")["faults"] if f.get("tenant") == tenant.id] == []
    assert [s for s in crm_mock.admin("GET", "/snapshots")["snapshots"] if s.get("tenant") == tenant.id] == []
    assert tenant.id not in [t["id"] for t in crm_mock.admin("GET", "/tenants")["tenants"]]
    tenant.delete()  # a second time is harmless
