"""The clock: freeze at a date and see it in what is created; advance; back to real time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from crm_mock import Clock, Tenant


def test_freeze_advance_and_real(crm_clock: Clock, crm_tenant: Tenant, vendor_api: Callable[..., Any]) -> None:
    at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert crm_clock.set(at) == at
    assert crm_clock.now() == at and crm_clock.frozen

    (id,) = crm_tenant.arrange("liondesk", "contacts", {"first_name": "Ann", "last_name": "Lee"})
    liondesk = vendor_api(crm_tenant, "liondesk")
    status, contact = liondesk("GET", f"/contacts/{id}")
    assert status == 200 and contact["created_at"] == "2030-01-02T03:04:05.000Z"

    assert crm_clock.advance(3600) == at + timedelta(hours=1)
    status, created = liondesk("POST", "/contacts", {"first_name": "Bo", "last_name": "Day"})
    assert status == 201 and created["created_at"] == "2030-01-02T04:04:05.000Z"
    assert crm_tenant.requests()[0]["at"] == "2030-01-02T04:04:05.000Z"

    crm_clock.real()
    assert not crm_clock.frozen
    assert abs(crm_clock.now() - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_set_running_then_freeze(crm_clock: Clock) -> None:
    at = datetime(2031, 6, 1, 12, 0, 0)  # naive: taken as UTC
    crm_clock.set(at, frozen=False)
    assert not crm_clock.frozen
    stopped = crm_clock.freeze()
    assert crm_clock.frozen and crm_clock.now() == stopped
    assert timedelta(0) <= stopped - at.replace(tzinfo=timezone.utc) < timedelta(minutes=1)
