"""The server itself: attaching through CRM_MOCK_URL, the admin token, the missing-binary error, base URLs."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest

from crm_mock import CrmMock, CrmMockError, find_binary


def test_base_is_checked_against_the_served_vendors(crm_mock: CrmMock) -> None:
    assert crm_mock.base("livevox") == crm_mock.url + "/livevox"
    with pytest.raises(ValueError, match="known: livingmetrics, liondesk, livevox, leadconnector"):
        crm_mock.base("salesforce")


def test_attach_to_a_running_server(crm_mock: CrmMock) -> None:
    attached = CrmMock.attach(crm_mock.url + "/")
    assert attached.url == crm_mock.url and attached.vendors == crm_mock.vendors
    attached.stop()  # does not stop a server it did not start
    assert crm_mock.admin("GET", "/__admin/health")["status"] == "ok"


def test_the_fixture_attaches_with_crm_mock_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with CrmMock.start() as server:
        (tmp_path / "test_inner.py").write_text(
            textwrap.dedent(
                """
                import os

                def test_attached(crm_mock, crm_tenant):
                    assert crm_mock.url == os.environ["CRM_MOCK_URL"]
                    assert "stop" not in repr(crm_mock) and "attached" in repr(crm_mock)
                    crm_tenant.arrange("livingmetrics", "contacts", {"first_name": "Inner"})
                    with open("tenant.txt", "w") as f:
                        f.write(crm_tenant.id)
                """
            )
        )
        env = dict(os.environ, CRM_MOCK_URL=server.url, CRM_MOCK_BIN=os.path.join(str(tmp_path), "absent"))
        env.pop("PYTEST_ADDOPTS", None)
        inner = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_inner.py"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert inner.returncode == 0, inner.stdout + inner.stderr
        # The inner session used this server (CRM_MOCK_BIN pointed nowhere), deleted its tenant
        # and left the server running.
        inner_tenant = (tmp_path / "tenant.txt").read_text()
        assert server.admin("GET", "/health")["status"] == "ok"
        with pytest.raises(CrmMockError) as err:
            server.admin("GET", f"/tenants/{inner_tenant}")
        assert err.value.status == 404


def test_stop_stops_a_started_server() -> None:
    server = CrmMock.start()
    url = server.url
    server.stop()
    with pytest.raises(CrmMockError) as err:
        CrmMock.attach(url, timeout=0.5)
    assert err.value.status == 0 and "cannot reach" in err.value.message
    server.stop()  # a second time is harmless


def test_missing_binary_says_how_to_build_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRM_MOCK_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CrmMockError) as err:
        CrmMock.start()
    assert err.value.status == 0
    assert "crm-mock binary not found" in err.value.message
    assert "cargo build --release" in err.value.message
    assert "CRM_MOCK_BIN=target/release/crm-mock" in err.value.message

    monkeypatch.setenv("CRM_MOCK_BIN", str(tmp_path / "nowhere" / "crm-mock"))
    with pytest.raises(CrmMockError) as err:
        CrmMock.start()
    assert "nowhere" in err.value.message and "cargo build --release" in err.value.message

    with pytest.raises(CrmMockError, match="cargo build --release"):
        CrmMock.start(bin=str(tmp_path / "also-missing"))


def supports_admin_token() -> bool:
    """Whether the binary under test knows `--admin-token` (its `serve --help` lists it)."""
    try:
        help_text = subprocess.run(
            [find_binary(), "serve", "--help"], capture_output=True, text=True, timeout=30
        ).stdout
    except CrmMockError:
        return False
    return "--admin-token" in help_text


def test_admin_token(monkeypatch: pytest.MonkeyPatch, http: Callable[..., Any]) -> None:
    if not supports_admin_token():
        pytest.skip("this crm-mock binary has no --admin-token flag (`crm-mock serve --help` does not list it)")
    monkeypatch.delenv("CRM_MOCK_ADMIN_TOKEN", raising=False)
    with CrmMock.start(token="s3cret-token") as server:
        health = server.url + "/__admin/health"
        status, body = http("GET", health)
        assert status == 401 and body["status"] == 401 and body["message"]
        assert http("GET", health, {"Authorization": "Bearer wrong"})[0] == 401
        assert http("GET", health, {"Authorization": "Bearer s3cret-token"})[0] == 200

        # The client sends the token on every admin call.
        tenant = server.new_tenant()
        tenant.arrange("livingmetrics", "contacts", {"first_name": "Token"})
        assert len(tenant.requests()) == 0
        tenant.delete()

        # Without it, attaching fails with the server's 401; from the environment, it works.
        with pytest.raises(CrmMockError) as err:
            CrmMock.attach(server.url, token="")
        assert err.value.status == 401
        monkeypatch.setenv("CRM_MOCK_ADMIN_TOKEN", "s3cret-token")
        assert CrmMock.attach(server.url).admin("GET", "/health")["status"] == "ok"

        # Vendor APIs are unaffected: the demo tenant's key works without the admin token.
        status, _ = http("GET", server.base("livingmetrics") + "/v1/contacts", {"X-Api-Key": "demo1-lmapi-key00-00001"})
        assert status == 200

    # The token from the environment is passed to a server this client starts.
    with CrmMock.start() as server:
        assert http("GET", server.url + "/__admin/health")[0] == 401
        assert server.admin("GET", "/health")["status"] == "ok"
