"""Shared helpers for the crm-mock client's tests: calls to the vendors' own APIs with a tenant's credentials."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Callable, Dict, Optional, Tuple

import pytest

from crm_mock import CrmMock, Tenant

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Answer = Tuple[int, Any]
VendorCall = Callable[..., Answer]


def call(method: str, url: str, headers: Optional[Dict[str, str]] = None, body: Any = None) -> Answer:
    """One HTTP request; answers the status and the decoded JSON body (the text when not JSON, None when empty)."""
    data = None if body is None else json.dumps(body).encode()
    all_headers = dict(headers or {})
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    try:
        with _OPENER.open(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    if not raw.strip():
        return status, None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def vendor_headers(server: CrmMock, tenant: Tenant, vendor: str) -> Dict[str, str]:
    """The headers that authenticate ``tenant`` at ``vendor`` (a LiveVox session is opened for its Sysadmin)."""
    creds = tenant.credentials[vendor]
    if vendor == "livingmetrics":
        return {"X-Api-Key": creds["api_key"]}
    if vendor == "liondesk":
        return {"Authorization": f"Bearer {creds['users'][0]['token']}"}
    if vendor == "leadconnector":
        return {"Authorization": f"Bearer {creds['access_token']}", "Version": "2021-07-28"}
    if vendor == "livevox":
        admin = next(u for u in creds["users"] if u["role"] == "Sysadmin")
        status, session = call(
            "POST",
            f"{server.base('livevox')}/session/login",
            {"LV-Access": creds["access_token"]},
            {"clientName": creds["client_name"], "userName": admin["user_name"], "password": admin["password"]},
        )
        assert status == 200, session
        return {"LV-Session": session["sessionId"]}
    raise ValueError(vendor)


@pytest.fixture
def vendor_api(crm_mock: CrmMock) -> Callable[[Tenant, str], VendorCall]:
    """``vendor_api(tenant, vendor)`` answers ``call(method, path, body=None) -> (status, json)`` on the vendor's base as that tenant."""

    def bind(tenant: Tenant, vendor: str) -> VendorCall:
        headers = vendor_headers(crm_mock, tenant, vendor)
        base = crm_mock.base(vendor)

        def request(method: str, path: str, body: Any = None) -> Answer:
            return call(method, base + path, headers, body)

        return request

    return bind


@pytest.fixture
def http() -> Callable[..., Answer]:
    """``http(method, url, headers=None, body=None) -> (status, json)``: a plain HTTP call."""
    return call
