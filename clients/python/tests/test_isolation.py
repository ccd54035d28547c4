"""Two tests get isolated tenants: one's arranged records and journal are invisible to the other."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

import pytest

from crm_mock import CrmMock, Tenant

# What each run of the parametrized test leaves behind, for the other run to check.
_seen: List[Dict[str, Any]] = []


@pytest.mark.parametrize("name", ["Alpha", "Bravo"])
def test_each_test_has_its_own_tenant(
    name: str, crm_mock: CrmMock, crm_tenant: Tenant, vendor_api: Callable[..., Any], http: Callable[..., Any]
) -> None:
    for other in _seen:
        assert other["id"] != crm_tenant.id
        # The other test's tenant was deleted by the fixture, its token with it.
        status, _ = http("GET", crm_mock.base("liondesk") + "/contacts", {"Authorization": f"Bearer {other['token']}"})
        assert status == 401
        # Its journal entries are not in this tenant's journal.
        assert other["entries"].isdisjoint(e["id"] for e in crm_tenant.requests())

    crm_tenant.arrange("liondesk", "contacts", {"first_name": name, "last_name": "Isolated"})
    status, page = vendor_api(crm_tenant, "liondesk")("GET", "/contacts")
    assert status == 200
    assert [c["first_name"] for c in page["data"]] == [name]  # not the other test's contact

    entries = crm_tenant.requests()
    assert [(e["tenant"], e["method"], e["vendor_path"]) for e in entries] == [(crm_tenant.id, "GET", "/contacts")]

    _seen.append(
        {
            "id": crm_tenant.id,
            "token": crm_tenant.credentials["liondesk"]["users"][0]["token"],
            "entries": {e["id"] for e in entries},
        }
    )


def test_two_tenants_side_by_side(crm_mock: CrmMock, vendor_api: Callable[..., Any]) -> None:
    first, second = crm_mock.new_tenant(), crm_mock.new_tenant()
    try:
        first.arrange("livingmetrics", "contacts", [{"first_name": "Only"}, {"first_name": "Mine"}])
        status, page = vendor_api(first, "livingmetrics")("GET", "/v1/contacts")
        assert status == 200 and len(page["data"]) == 2
        status, page = vendor_api(second, "livingmetrics")("GET", "/v1/contacts")
        assert status == 200 and page["data"] == []

        (mine,) = first.requests(vendor="livingmetrics")
        (theirs,) = second.requests(vendor="livingmetrics")
        assert mine["id"] != theirs["id"]
        assert (mine["tenant"], theirs["tenant"]) == (first.id, second.id)
    finally:
        first.delete()
        second.delete()
