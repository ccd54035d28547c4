"""pytest fixtures for crm-mock, registered through the ``pytest11`` entry point on install.

- ``crm_mock`` (session): the server. With ``CRM_MOCK_URL`` set, the server already running
  there (``CrmMock.attach``), left running at the end; otherwise one started for the session
  (``CrmMock.start``: the binary from ``CRM_MOCK_BIN`` or ``PATH``) and stopped at its end.
  The admin token, if the server has one, comes from ``CRM_MOCK_ADMIN_TOKEN``.
- ``crm_tenant`` (function): a fresh, empty tenant for the test, deleted afterwards with its
  fault rules and snapshots. Tenants are isolated: a test sees only its own records, journal
  entries and faults, so tests using only ``crm_tenant`` may run in parallel on one server.
- ``crm_clock`` (function): the server's clock, put back to real time after the test.

The clock is global to the server: every tenant sees the time it is set to. Tests using
``crm_clock`` must therefore not run in parallel against one server (with pytest-xdist, either
let each worker start its own server by leaving ``CRM_MOCK_URL`` unset, or keep those tests on
one worker).
"""

from __future__ import annotations

import os
from typing import Iterator

import pytest

from crm_mock.client import Clock, CrmMock, Tenant

__all__ = ["crm_clock", "crm_mock", "crm_tenant"]


@pytest.fixture(scope="session")
def crm_mock() -> Iterator[CrmMock]:
    """The crm-mock server of the session: attached at ``CRM_MOCK_URL`` when set, else started (and stopped at the end)."""
    token = os.environ.get("CRM_MOCK_ADMIN_TOKEN") or None
    url = os.environ.get("CRM_MOCK_URL")
    server = CrmMock.attach(url, token) if url else CrmMock.start(token=token)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def crm_tenant(crm_mock: CrmMock) -> Iterator[Tenant]:
    """A fresh, empty tenant for one test; deleted afterwards with its fault rules and snapshots."""
    tenant = crm_mock.new_tenant("empty")
    try:
        yield tenant
    finally:
        tenant.delete()


@pytest.fixture
def crm_clock(crm_mock: CrmMock) -> Iterator[Clock]:
    """The server's clock for one test; back to real time, running, afterwards (it is global to the server)."""
    clock = crm_mock.clock
    try:
        yield clock
    finally:
        clock.real()
