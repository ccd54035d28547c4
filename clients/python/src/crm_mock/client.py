"""A client for crm-mock's control plane (``/__admin``), using only the standard library.

:class:`CrmMock` is a running server (started here or already running), :class:`Tenant` an
isolated tenant on it and :class:`Clock` the server's clock. Every error the admin API answers
raises :class:`CrmMockError` with its status and message.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from datetime import datetime, timezone
from typing import IO, Any, Dict, List, Mapping, Optional, Sequence, Union

__all__ = ["Clock", "CrmMock", "CrmMockError", "Tenant", "find_binary"]

BUILD_HINT = (
    "build it with `cargo build --release` in the crm-mock repository, then set "
    "CRM_MOCK_BIN=target/release/crm-mock (a path relative to the current directory, or absolute), "
    "or put crm-mock on PATH"
)

_LISTENING = re.compile(r"listening on (https?://\S+)")

# The server is local: never send its requests through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class CrmMockError(Exception):
    """An error from crm-mock: the admin API's answer, or a server that cannot be started or reached.

    ``status`` is the HTTP status the admin API answered (``401``, ``404``, ...) and ``message``
    its message; ``status`` is ``0`` when there was no HTTP answer (no binary, a server that
    would not start, a connection refused).
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}" if status else message)
        self.status: int = status
        self.message: str = message


def find_binary(bin: Optional[str] = None) -> str:
    """The crm-mock executable to start: ``bin``, else ``$CRM_MOCK_BIN``, else ``crm-mock`` on ``PATH``.

    A path (relative to the current directory, or absolute) must name an executable file; a bare
    name is looked up on ``PATH``. Raises :class:`CrmMockError` saying how to build the binary
    when none is found.
    """
    source = "the bin argument"
    candidate = bin
    if not candidate:
        candidate = os.environ.get("CRM_MOCK_BIN") or None
        source = "CRM_MOCK_BIN"
    if candidate:
        if os.sep in candidate or (os.altsep is not None and os.altsep in candidate):
            found = candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None
        else:
            found = shutil.which(candidate)
        if found is None:
            raise CrmMockError(
                0,
                f"crm-mock binary not found: {candidate!r} (from {source}, current directory {os.getcwd()}) "
                f"is not an executable file; {BUILD_HINT}",
            )
        return os.path.abspath(found)
    found = shutil.which("crm-mock")
    if found is None:
        raise CrmMockError(
            0, f"crm-mock binary not found: no bin argument, CRM_MOCK_BIN is not set and crm-mock is not on PATH; {BUILD_HINT}"
        )
    return os.path.abspath(found)


def _resolve_token(token: Optional[str]) -> Optional[str]:
    """``token``, else ``$CRM_MOCK_ADMIN_TOKEN``; an empty string means no token."""
    if token is None:
        token = os.environ.get("CRM_MOCK_ADMIN_TOKEN")
    return token or None


def _format_time(at: datetime) -> str:
    """RFC 3339 in UTC; a naive datetime is taken to be UTC."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _parse_time(text: str) -> datetime:
    """An RFC 3339 timestamp as crm-mock writes it (``2030-01-02T03:04:05.000Z``), timezone-aware."""
    match = re.fullmatch(r"(.+?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", text.strip())
    if match is None:
        raise ValueError(f"not an RFC 3339 timestamp: {text!r}")
    base, fraction, offset = match.groups()
    micros = (fraction or "").ljust(6, "0")[:6]
    zone = "+00:00" if offset == "Z" else offset
    return datetime.fromisoformat(f"{base}.{micros}{zone}")


def _read_tail(log: IO[bytes], limit: int = 4000) -> str:
    """The last ``limit`` bytes of the server's log file."""
    try:
        log.flush()
        log.seek(0, os.SEEK_END)
        size = log.tell()
        log.seek(max(0, size - limit))
        return log.read().decode("utf-8", "replace").strip()
    except (OSError, ValueError):
        return ""


def _pump(stream: IO[bytes], lines: "queue.Queue[Optional[str]]") -> None:
    """Passes the server's stdout on line by line (and keeps draining it), then ``None`` at its end."""
    try:
        for raw in iter(stream.readline, b""):
            lines.put(raw.decode("utf-8", "replace"))
    except (OSError, ValueError):
        pass
    finally:
        stream.close()
    lines.put(None)


def _terminate(process: "subprocess.Popen[bytes]", log: IO[bytes]) -> None:
    """Stops a server this client started: SIGTERM, then a kill after ten seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


class CrmMock:
    """A running crm-mock server: :meth:`start` one, or :meth:`attach` to one already running.

    Usable as a context manager (``with CrmMock.start() as crm: ...``): leaving the block calls
    :meth:`stop`, which stops the server only if this object started it.
    """

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        *,
        process: "Optional[subprocess.Popen[bytes]]" = None,
        log: Optional[IO[bytes]] = None,
        request_timeout: float = 30.0,
    ) -> None:
        """Wraps the server at ``url``; prefer :meth:`start` or :meth:`attach`, which also wait until it answers."""
        self._url = url.rstrip("/")
        self._token = token
        self._process = process
        self._log = log
        self._request_timeout = request_timeout
        self._health: Dict[str, Any] = {}
        self._finalizer: "Optional[weakref.finalize[..., CrmMock]]" = None
        if process is not None and log is not None:
            self._finalizer = weakref.finalize(self, _terminate, process, log)

    @classmethod
    def start(cls, bin: Optional[str] = None, token: Optional[str] = None, *, timeout: float = 30.0) -> "CrmMock":
        """Starts ``crm-mock serve --port 0`` and waits until it answers.

        The binary is ``bin``, else ``$CRM_MOCK_BIN``, else ``crm-mock`` on ``PATH``
        (:func:`find_binary`). The admin token is ``token``, else ``$CRM_MOCK_ADMIN_TOKEN``
        (``""`` for none); with one, the server is started with ``--admin-token`` and every admin
        call sends it. The server's log (its stderr) goes to a temporary file whose end is
        quoted when it fails to start. Raises :class:`CrmMockError` when the server cannot be
        started or does not answer within ``timeout`` seconds.
        """
        exe = find_binary(bin)
        secret = _resolve_token(token)
        args = [exe, "serve", "--port", "0"]
        if secret:
            args += ["--admin-token", secret]
        # The token, when there is one, is given by the flag; an inherited variable must not
        # protect a server this client was asked to start without one.
        env = {k: v for k, v in os.environ.items() if k != "CRM_MOCK_ADMIN_TOKEN"}
        log = tempfile.TemporaryFile()
        try:
            process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, env=env)
        except OSError as err:
            log.close()
            raise CrmMockError(0, f"cannot start {exe}: {err}; {BUILD_HINT}") from None
        assert process.stdout is not None
        lines: "queue.Queue[Optional[str]]" = queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, lines), name="crm-mock stdout", daemon=True).start()

        def fail(why: str) -> CrmMockError:
            """Stops the process and answers an error quoting the end of its log."""
            if process.poll() is None:
                process.kill()
                process.wait()
            tail = _read_tail(log)
            _terminate(process, log)
            command = " ".join(args[:4]) + (" --admin-token ..." if secret else "")
            return CrmMockError(0, f"{why} ({command})" + (f":\n{tail}" if tail else ""))

        deadline = time.monotonic() + timeout
        url: Optional[str] = None
        while url is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise fail(f"crm-mock printed no 'listening on' line within {timeout:g} s")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                code = process.wait()
                raise fail(f"crm-mock exited with status {code} before listening")
            found = _LISTENING.search(line)
            if found:
                url = found.group(1)
        server = cls(url, secret, process=process, log=log)
        try:
            server._wait_healthy(deadline)
        except CrmMockError as err:
            raise fail(f"crm-mock at {url} did not become healthy: {err}") from None
        return server

    @classmethod
    def attach(cls, url: str, token: Optional[str] = None, *, timeout: float = 10.0) -> "CrmMock":
        """A server already running at ``url`` (``http://127.0.0.1:4010``), once its health check answers.

        The admin token is ``token``, else ``$CRM_MOCK_ADMIN_TOKEN`` (``""`` for none).
        :meth:`stop` leaves such a server running. Raises :class:`CrmMockError` when the health
        check fails (a ``401`` when the server wants a token this client lacks) or nothing
        answers within ``timeout`` seconds.
        """
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"not an http:// URL: {url!r}")
        server = cls(url, _resolve_token(token))
        server._wait_healthy(time.monotonic() + timeout)
        return server

    def _wait_healthy(self, deadline: float) -> None:
        """Polls ``/__admin/health`` until it answers 200 (retrying only while nothing answers)."""
        while True:
            if self._process is not None and self._process.poll() is not None:
                raise CrmMockError(0, f"the server exited with status {self._process.returncode}")
            try:
                self._health = self.admin("GET", "/health")
                return
            except CrmMockError as err:
                if err.status != 0 or time.monotonic() >= deadline:
                    raise
            time.sleep(0.05)

    @property
    def url(self) -> str:
        """The server's root URL, without a trailing slash (``http://127.0.0.1:PORT``)."""
        return self._url

    @property
    def vendors(self) -> List[str]:
        """The vendors the server emulates, as its health check names them."""
        return list(self._health.get("vendors", []))

    @property
    def version(self) -> str:
        """The server's version, from its health check."""
        return str(self._health.get("version", ""))

    def base(self, vendor: str) -> str:
        """The base URL of a vendor's API (``<url>/<vendor>``); raises ``ValueError`` for a vendor the server lacks."""
        if vendor not in self.vendors:
            raise ValueError(f"unknown vendor {vendor!r} (known: {', '.join(self.vendors)})")
        return f"{self._url}/{vendor}"

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        """Calls the admin API and answers its decoded JSON (``None`` for an empty answer, such as a 204).

        ``path`` is relative to ``/__admin`` (``"/tenants"``, query string included) or starts
        with ``/__admin``; ``body``, when not ``None``, is sent as JSON. The admin token, when
        there is one, goes in ``Authorization: Bearer``. Raises :class:`CrmMockError` with the
        status and message of an error answer (status ``0`` when the server cannot be reached).
        """
        if not path.startswith("/"):
            path = "/" + path
        if not path.startswith("/__admin"):
            path = "/__admin" + path
        headers = {"Accept": "application/json"}
        data: Optional[bytes] = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(self._url + path, data=data, headers=headers, method=method.upper())
        try:
            with _OPENER.open(request, timeout=self._request_timeout) as response:
                raw: bytes = response.read()
        except urllib.error.HTTPError as err:
            text = err.read().decode("utf-8", "replace")
            message = text.strip() or str(err.reason)
            try:
                decoded = json.loads(text)
                if isinstance(decoded, dict) and "message" in decoded:
                    message = str(decoded["message"])
            except ValueError:
                pass
            raise CrmMockError(err.code, message) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise CrmMockError(0, f"cannot reach crm-mock at {self._url}: {reason}") from None
        return json.loads(raw) if raw.strip() else None

    def new_tenant(self, seed: str = "empty") -> "Tenant":
        """Creates a fresh, isolated tenant: ``"empty"`` (what a new account holds) or ``"demo"`` (the demo data too)."""
        return Tenant(self, self.admin("POST", "/tenants", {"seed": seed}))

    @property
    def clock(self) -> "Clock":
        """The server's clock (global: shared by every tenant)."""
        return Clock(self)

    def stop(self) -> None:
        """Stops the server if this object started it (SIGTERM, then a kill after ten seconds); otherwise does nothing."""
        if self._finalizer is not None:
            self._finalizer()
        self._process = None

    def __enter__(self) -> "CrmMock":
        """The server itself."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stops the server if this object started it."""
        self.stop()

    def __repr__(self) -> str:
        """``CrmMock('http://127.0.0.1:PORT', started)`` or ``..., attached)``."""
        return f"CrmMock({self._url!r}, {'started' if self._finalizer is not None else 'attached'})"


class Tenant:
    """An isolated tenant on a crm-mock server: its own data and credentials for every vendor.

    Its journal, faults and snapshots are kept to itself, so tests with different tenants can
    run side by side on one server. :meth:`delete` removes it with its faults and snapshots.
    """

    def __init__(self, server: CrmMock, record: Mapping[str, Any]) -> None:
        """Wraps a tenant record as ``POST /__admin/tenants`` answers it; prefer :meth:`CrmMock.new_tenant`."""
        self._server = server
        self.id: str = str(record["id"])
        self.seed: str = str(record.get("seed", ""))
        self.credentials: Dict[str, Any] = dict(record.get("credentials") or {})

    @property
    def server(self) -> CrmMock:
        """The server the tenant lives on."""
        return self._server

    def _quoted(self) -> str:
        """The tenant's id as a path segment."""
        return urllib.parse.quote(self.id, safe="")

    def arrange(self, vendor: str, collection: str, records: Union[Mapping[str, Any], Sequence[Mapping[str, Any]]]) -> List[Any]:
        """Stores records (one, or a list) in one of a vendor's collections, in the vendor's wire shape; answers their ids.

        All or nothing: a bad record raises :class:`CrmMockError` (400) and stores none. The
        collections of each vendor are in crm-mock's README (``contacts`` for all four).
        """
        batch = [dict(records)] if isinstance(records, Mapping) else [dict(r) for r in records]
        path = f"/tenants/{self._quoted()}/{urllib.parse.quote(vendor, safe='')}/{urllib.parse.quote(collection, safe='')}"
        answer = self._server.admin("POST", path, batch)
        return list(answer["ids"])

    def requests(
        self,
        *,
        vendor: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
        status: Union[int, str, None] = None,
        since: Union[datetime, str, None] = None,
        after: Optional[int] = None,
        limit: Optional[int] = None,
    ) -> List[Dict[str, Any]]:
        """This tenant's entries in the request journal, newest first.

        Filters: ``vendor``; ``method`` (``"GET"``); ``path``, a glob relative to the vendor's
        base (``"/contacts/*"``) or as requested; ``status``, a code (``404``) or a class
        (``"4xx"``); ``since``, a datetime or RFC 3339 text; ``after``, an entry's ``id``;
        ``limit``, the most entries to answer (the server's default is 100).
        """
        fields: Dict[str, Any] = {
            "tenant": self.id,
            "vendor": vendor,
            "method": method.upper() if method is not None else None,
            "path": path,
            "status": status,
            "since": _format_time(since) if isinstance(since, datetime) else since,
            "after": after,
            "limit": limit,
        }
        query = {k: str(v) for k, v in fields.items() if v is not None}
        answer = self._server.admin("GET", "/requests?" + urllib.parse.urlencode(query))
        return list(answer["requests"])

    def fault(
        self,
        *,
        vendor: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
        status: Optional[int] = None,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
        delay_ms: Optional[int] = None,
        probability: Optional[float] = None,
        times: Optional[int] = None,
        **extra: Any,
    ) -> Dict[str, Any]:
        """Adds a fault rule that fires only on this tenant's requests; answers the rule (``id``, ``remaining``, ``fired``, ...).

        ``path`` is a glob relative to the vendor's base (``"/contacts"``, ``"/v1/contacts/*"``;
        ``*`` one segment, ``**`` any); ``status`` and ``body`` replace the answer, ``headers``
        are added to it, ``delay_ms`` delays it, ``probability`` (0-1) fires at random, and
        ``times`` fires that many times, then the rule is gone. Other fields the server knows
        can be passed as keywords.
        """
        if "tenant" in extra and extra["tenant"] != self.id:
            raise ValueError("a tenant's fault always applies to that tenant; use CrmMock.admin for others")
        fields: Dict[str, Any] = {
            "vendor": vendor,
            "method": method,
            "path": path,
            "status": status,
            "body": body,
            "headers": dict(headers) if headers is not None else None,
            "delay_ms": delay_ms,
            "probability": probability,
            "times": times,
            **extra,
        }
        rule = {k: v for k, v in fields.items() if v is not None}
        rule["tenant"] = self.id
        answer: Dict[str, Any] = self._server.admin("POST", "/faults", rule)
        return answer

    def _snapshot_name(self, name: str) -> str:
        """Snapshot names are global to the server: a tenant's are prefixed with its id."""
        return f"{self.id}.{name}"

    def snapshot(self, name: str) -> Dict[str, Any]:
        """Saves this tenant's data under ``name`` (kept apart from other tenants' snapshots); answers the snapshot's entry."""
        answer: Dict[str, Any] = self._server.admin("POST", "/snapshots", {"name": self._snapshot_name(name), "tenant": self.id})
        return answer

    def restore(self, name: str) -> Dict[str, Any]:
        """Puts this tenant's data back as :meth:`snapshot` saved it under ``name``; other tenants are untouched."""
        quoted = urllib.parse.quote(self._snapshot_name(name), safe="")
        answer: Dict[str, Any] = self._server.admin("POST", f"/snapshots/{quoted}/restore")
        return answer

    def delete(self) -> None:
        """Removes the tenant's fault rules and snapshots, then the tenant and all its data; safe to call twice."""
        faults = self._server.admin("GET", "/faults")["faults"]
        for rule in faults:
            if rule.get("tenant") == self.id:
                self._ignore_missing("DELETE", f"/faults/{rule['id']}")
        snapshots = self._server.admin("GET", "/snapshots")["snapshots"]
        for snap in snapshots:
            if snap.get("tenant") == self.id:
                self._ignore_missing("DELETE", f"/snapshots/{urllib.parse.quote(str(snap['name']), safe='')}")
        self._ignore_missing("DELETE", f"/tenants/{self._quoted()}")

    def _ignore_missing(self, method: str, path: str) -> None:
        """An admin call whose 404 (already gone: a fault that fired its ``times``) counts as done."""
        try:
            self._server.admin(method, path)
        except CrmMockError as err:
            if err.status != 404:
                raise

    def __repr__(self) -> str:
        """``Tenant('t_...')``."""
        return f"Tenant({self.id!r})"


class Clock:
    """The server's clock, which every vendor's timestamps, expiries and rate limits follow.

    It is global to the server: setting it affects every tenant, so tests that move it must not
    run in parallel against one server.
    """

    def __init__(self, server: CrmMock) -> None:
        """The clock of ``server``; prefer :attr:`CrmMock.clock`."""
        self._server = server

    def _answer(self, state: Mapping[str, Any]) -> datetime:
        """The time in a clock answer (``{"now", "frozen"}``)."""
        return _parse_time(str(state["now"]))

    def now(self) -> datetime:
        """The server's current time (timezone-aware, UTC)."""
        return self._answer(self._server.admin("GET", "/clock"))

    @property
    def frozen(self) -> bool:
        """Whether the clock is stopped."""
        return bool(self._server.admin("GET", "/clock")["frozen"])

    def set(self, dt: datetime, frozen: bool = True) -> datetime:
        """Sets the clock to ``dt`` (a naive datetime is taken as UTC), stopped there unless ``frozen=False``; answers the new time."""
        return self._answer(self._server.admin("PUT", "/clock", {"now": _format_time(dt), "frozen": frozen}))

    def advance(self, seconds: float) -> datetime:
        """Moves the clock by ``seconds`` (negative goes back), keeping it stopped or running; answers the new time."""
        return self._answer(self._server.admin("PUT", "/clock", {"advance_seconds": seconds}))

    def freeze(self) -> datetime:
        """Stops the clock where it is; answers the time it stopped at."""
        return self._answer(self._server.admin("PUT", "/clock", {"frozen": True}))

    def real(self) -> datetime:
        """Puts the clock back to real time, running; answers the time."""
        return self._answer(self._server.admin("DELETE", "/clock"))

    def __repr__(self) -> str:
        """``Clock('http://127.0.0.1:PORT')``."""
        return f"Clock({self._server.url!r})"
