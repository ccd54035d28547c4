"""Journal verification: "was it called N times"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable

from crm_mock import Tenant


def test_called_twice(crm_tenant: Tenant, vendor_api: Callable[..., Any]) -> None:
    (id,) = crm_tenant.arrange("liondesk", "contacts", {"first_name": "Ann", "last_name": "Lee"})
    liondesk = vendor_api(crm_tenant, "liondesk")
    assert liondesk("GET", f"/contacts/{id}")[0] == 200
    assert liondesk("GET", f"/contacts/{id}")[0] == 200
    assert liondesk("GET", "/contacts/999")[0] == 404

    calls = crm_tenant.requests(vendor="liondesk", path=f"/contacts/{id}")
    assert len(calls) == 2
    assert all(c["method"] == "GET" and c["status"] == 200 and c["route"] == "/contacts/{id}" for c in calls)
    assert calls[0]["id"] > calls[1]["id"]  # newest first

    # The other filters.
    assert len(crm_tenant.requests(vendor="liondesk", path="/contacts/*")) == 3
    assert [c["vendor_path"] for c in crm_tenant.requests(status=404)] == ["/contacts/999"]
    assert len(crm_tenant.requests(status="2xx", method="get")) == 2
    assert crm_tenant.requests(vendor="livevox") == []
    assert len(crm_tenant.requests(limit=1)) == 1
    assert [c["id"] for c in crm_tenant.requests(after=calls[1]["id"])] == [crm_tenant.requests()[0]["id"], calls[0]["id"]]
    first_at = crm_tenant.requests()[-1]["at"]
    assert len(crm_tenant.requests(since=first_at)) == 3
    assert crm_tenant.requests(since=crm_tenant.server.clock.now() + timedelta(hours=1)) == []
