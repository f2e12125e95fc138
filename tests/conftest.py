"""Shared fixtures: a real HTTP server on loopback that serves what a test routes to it."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: bytes


# A route answers with a Reply, or computes one from the request (for ETags, faults, counts).
Route = Reply | Callable[[SeenRequest], Reply]


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 serving `routes`; records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        self.connections = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen = SeenRequest(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                with server._lock:
                    server.requests.append(seen)
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    reply = Reply(404, b"not found")
                else:
                    reply = route(seen) if callable(route) else route
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if reply.status != 304 and self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _serve  # noqa: N815

        class QuietServer(ThreadingHTTPServer):
            daemon_threads = True

            def process_request(self, request: object, client_address: object) -> None:
                with server._lock:
                    server.connections += 1  # TCP connections accepted (keep-alive reuses)
                super().process_request(request, client_address)  # type: ignore[arg-type]

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that stops reading (a size cap) is part of the tests

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # A short poll interval makes shutdown quick: many tests start and stop a server.
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A fresh loopback server; set `http_server.routes[path] = Reply(...)` in the test."""
    server = LoopbackServer().start()
    # Polite clients ask for robots.txt first; allow everything unless a test says otherwise.
    server.routes["/robots.txt"] = Reply(200, "User-agent: *\nAllow: /\n",
                                         {"Content-Type": "text/plain"})
    try:
        yield server
    finally:
        server.stop()


POSTGRES_URL = os.environ.get("MONITOR_TEST_POSTGRES_URL")  # e.g. $(bash .ci/postgres.sh)


@contextmanager
def fresh_database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite always; on PostgreSQL (a database of its own, dropped
    afterwards) when MONITOR_TEST_POSTGRES_URL is set, else the test is skipped."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'monitor.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need MONITOR_TEST_POSTGRES_URL (see .ci/postgres.sh)")
    admin_url = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    name = f"monitor_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
