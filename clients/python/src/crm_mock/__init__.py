"""Python helpers for crm-mock, the local emulator of four CRM vendors' contact APIs.

Start a server (or attach to one), give each test its own tenant, arrange records in the
vendors' wire shapes, check the request journal, inject faults, move the clock and take
snapshots::

    from crm_mock import CrmMock

    with CrmMock.start() as crm:
        tenant = crm.new_tenant()
        tenant.arrange("liondesk", "contacts", {"first_name": "Ann", "last_name": "Lee"})
        token = tenant.credentials["liondesk"]["users"][0]["token"]
        # ... call crm.base("liondesk") with `Authorization: Bearer <token>` ...
        assert len(tenant.requests(vendor="liondesk")) == 1

Installed, the package is also a pytest plugin with the fixtures ``crm_mock``, ``crm_tenant``
and ``crm_clock`` (see :mod:`crm_mock.plugin`).
"""

from crm_mock.client import Clock, CrmMock, CrmMockError, Tenant, find_binary

__all__ = ["Clock", "CrmMock", "CrmMockError", "Tenant", "find_binary"]
__version__ = "0.1.0"
