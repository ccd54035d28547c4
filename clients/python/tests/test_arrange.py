"""Arranging a contact for every vendor, then reading it back through the vendor's own API with the tenant's credentials."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest

from crm_mock import CrmMock, CrmMockError, Tenant

# vendor: (the arranged record, the path to read it at given its id, what the answer must hold)
CASES: Dict[str, Any] = {
    "livingmetrics": (
        {"first_name": "Ann", "last_name": "Lee"},
        lambda id: f"/v1/contacts/{id}",
        lambda body: (body["data"]["first_name"], body["data"]["last_name"]),
    ),
    "liondesk": (
        {"first_name": "Ann", "last_name": "Lee"},
        lambda id: f"/contacts/{id}",
        lambda body: (body["first_name"], body["last_name"]),
    ),
    "livevox": (
        {"account": "A1"},
        lambda id: "/contact/contacts/A1",  # LiveVox reads a contact by its account
        lambda body: (body["readContactDetails"]["account"],),
    ),
    "leadconnector": (
        {"firstName": "Ann", "email": "ann@example.com"},
        lambda id: f"/contacts/{id}",
        lambda body: (body["contact"]["firstName"], body["contact"]["email"]),
    ),
}
EXPECTED = {
    "livingmetrics": ("Ann", "Lee"),
    "liondesk": ("Ann", "Lee"),
    "livevox": ("A1",),
    "leadconnector": ("Ann", "ann@example.com"),
}


def test_every_vendor_is_covered(crm_mock: CrmMock) -> None:
    assert sorted(CASES) == sorted(crm_mock.vendors)


@pytest.mark.parametrize("vendor", sorted(CASES))
def test_arrange_then_read_through_the_vendor(vendor: str, crm_tenant: Tenant, vendor_api: Callable[..., Any]) -> None:
    record, path, fields = CASES[vendor]
    ids = crm_tenant.arrange(vendor, "contacts", record)
    assert len(ids) == 1

    status, body = vendor_api(crm_tenant, vendor)("GET", path(ids[0]))
    assert status == 200, body
    assert fields(body) == EXPECTED[vendor]


def test_arrange_a_list_answers_every_id(crm_tenant: Tenant) -> None:
    ids = crm_tenant.arrange("liondesk", "contacts", [{"first_name": "A"}, {"first_name": "B"}, {"first_name": "C"}])
    assert len(ids) == 3 and len(set(ids)) == 3


def test_admin_errors_carry_status_and_message(crm_tenant: Tenant) -> None:
    with pytest.raises(CrmMockError) as err:
        crm_tenant.arrange("liondesk", "no_such_collection", {"x": 1})
    assert err.value.status == 404
    assert "unknown collection 'no_such_collection'" in err.value.message
    assert "contacts" in err.value.message  # the known ones are listed
