"""Serving the web view with uvicorn: alone (`monitor serve`) or inside `monitor run`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator

import uvicorn

from monitor.config import parse_listen
from monitor.errors import ConfigError
from monitor.models import Config
from monitor.store import Store
from monitor.web.app import create_app

log = logging.getLogger("monitor.web")


def listen_address(config: Config, listen: str | None) -> tuple[str, int]:
    """The HOST:PORT to serve on: --listen, else `web.listen`, else 127.0.0.1:8080."""
    value = listen or (config.web.listen if config.web else "127.0.0.1:8080")
    address = parse_listen(value)
    if address is None:
        raise ConfigError([f"--listen / web.listen: '{value}' is not HOST:PORT; write it like "
                           "127.0.0.1:8080"])
    return address


def _uvicorn_config(config: Config, store: Store, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(create_app(config, store), host=host, port=port, log_level="warning",
                          access_log=False, server_header=False, proxy_headers=False,
                          lifespan="off")


def serve(config: Config, store: Store, listen: str | None = None) -> int:
    """`monitor serve`: until SIGINT/SIGTERM, then 0 (uvicorn alone would re-raise the signal
    after its clean shutdown, and the process would end by it)."""
    host, port = listen_address(config, listen)
    server = EmbeddedServer(_uvicorn_config(config, store, host, port))

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
                loop.add_signal_handler(signum, setattr, server, "should_exit", True)
        await server.serve()

    print(f"monitor serve: http://{host}:{port}/ (SIGINT or SIGTERM stops)", flush=True)
    asyncio.run(run())
    return 0 if server.started else 1


class EmbeddedServer(uvicorn.Server):
    """uvicorn whose owner handles the signals and sets `should_exit` to stop it."""

    def reload(self, config: Config) -> None:
        """A reloaded configuration (SIGHUP): the pages use it from the next request. The
        listen address is bound already: a new one needs a restart, said in the log."""
        view = self.config.app.state.view
        view.reconfigure(config)
        address = (self.config.host, self.config.port)
        if config.web is None:
            log.warning("SIGHUP: the new configuration has no web: section; the web view stays "
                        "on http://%s:%d/ until monitor run restarts", *address)
        elif parse_listen(config.web.listen) != address:
            log.warning("SIGHUP: web.listen changed to %s; the web view stays on "
                        "http://%s:%d/ until monitor run restarts", config.web.listen, *address)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def serve_or_log(self) -> None:
        """serve(), but an address that cannot be bound is logged, not a SystemExit (uvicorn's
        way) that would end the process it is embedded in."""
        try:
            await self.serve()
        except SystemExit:
            log.error("the web view could not start on %s:%s (in use, or not this machine's "
                      "address?); the service carries on without it; fix web.listen and "
                      "restart", self.config.host, self.config.port)


def embedded(config: Config, store: Store) -> EmbeddedServer:
    host, port = listen_address(config, None)
    log.info("web view on http://%s:%d/", host, port)
    return EmbeddedServer(_uvicorn_config(config, store, host, port))
