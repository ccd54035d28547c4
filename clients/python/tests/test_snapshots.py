"""Snapshots: snapshot, change, restore, see the old state; other tenants are untouched."""

from __future__ import annotations

from typing import Any, Callable, List

from crm_mock import CrmMock, Tenant


def test_snapshot_change_restore(crm_mock: CrmMock, crm_tenant: Tenant, vendor_api: Callable[..., Any]) -> None:
    (ann,) = crm_tenant.arrange("liondesk", "contacts", {"first_name": "Ann", "last_name": "Lee"})
    saved = crm_tenant.snapshot("start")
    assert saved["tenant"] == crm_tenant.id and saved["name"] == f"{crm_tenant.id}.start"

    liondesk = vendor_api(crm_tenant, "liondesk")
    assert liondesk("PATCH", f"/contacts/{ann}", {"first_name": "Changed"})[0] == 200
    crm_tenant.arrange("liondesk", "contacts", {"first_name": "Extra", "last_name": "One"})

    def names() -> List[str]:
        return sorted(c["first_name"] for c in liondesk("GET", "/contacts")[1]["data"])

    assert names() == ["Changed", "Extra"]

    other = crm_mock.new_tenant()
    try:
        other.arrange("liondesk", "contacts", {"first_name": "Other", "last_name": "Tenant"})
        crm_tenant.restore("start")
        assert names() == ["Ann"]
        status, page = vendor_api(other, "liondesk")("GET", "/contacts")
        assert status == 200 and [c["first_name"] for c in page["data"]] == ["Other"]
    finally:
        other.delete()
