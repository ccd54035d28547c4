"""crm-mock's pytest fixtures: a fresh tenant per test, a fault that fires once, the journal."""

import json
import urllib.error
import urllib.request

from crm_mock import CrmMock, Tenant


def find_contacts(url: str, token: str) -> "tuple[int, list[str]]":
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, [c["first_name"] for c in json.load(response)["data"]]
    except urllib.error.HTTPError as err:
        return err.code, []


def test_retry_after_a_503(crm_mock: CrmMock, crm_tenant: Tenant) -> None:
    crm_tenant.arrange("liondesk", "contacts", {"first_name": "Ann", "last_name": "Lee"})
    crm_tenant.fault(vendor="liondesk", path="/contacts", status=503, times=1)
    token = crm_tenant.credentials["liondesk"]["users"][0]["token"]
    url = crm_mock.base("liondesk") + "/contacts"

    assert find_contacts(url, token) == (503, [])  # the fault fires once...
    assert find_contacts(url, token) == (200, ["Ann"])  # ...then the arranged contact is there
    assert len(crm_tenant.requests(vendor="liondesk", path="/contacts")) == 2
