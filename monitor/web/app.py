"""The web view: an ASGI app (Starlette) over the store, rendered on the server with Jinja2.

Pages work without JavaScript (there is none); GET never writes. Review actions need the
reviewer's session and a CSRF token (monitor/web/security.py) and end in a redirect to a path
of this site, never to one taken from the request.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor.digest import display_wording, format_time, safe_href, statement_to_json
from monitor.models import Config, Statement, WebSettings
from monitor.store import Store
from monitor.store.corrections import ACTIONS, CorrectionLog
from monitor.web import queries
from monitor.web.feeds import atom_feed
from monitor.web.metrics import metrics_text
from monitor.web.security import HEADERS, SESSION_COOKIE, ReviewAuth, same_origin
from monitor.web.svg import day_chart

log = logging.getLogger("monitor.web")


class SecurityHeaders:
    """Adds the strict CSP and friends to every answer (wrapped around the whole stack, so the
    answers Starlette's own error middleware sends, 500 included, carry them too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("monitor.web", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "xml", "atom"),
                                     default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.globals.update(href=safe_href, wording=display_wording, urlencode=urlencode,
                       quote=lambda value: quote(value, safe=""))
    return env


@dataclass(frozen=True)
class Setup:
    """What the pages read from the configuration, swapped whole when it is reloaded."""

    config: Config
    settings: WebSettings
    auth: ReviewAuth


def _setup(config: Config, environ: Mapping[str, str]) -> Setup:
    settings = config.web or WebSettings()
    token_env = settings.review_token_env
    return Setup(config, settings, ReviewAuth(environ.get(token_env) if token_env else None))


class WebView:
    """The routes, bound to one store and a configuration that `reconfigure` may replace."""

    def __init__(self, config: Config, store: Store, *, environ: dict[str, str] | None = None):
        self.store = store
        self.environ: Mapping[str, str] = os.environ if environ is None else environ
        self.setup = _setup(config, self.environ)
        self.env = _environment()

    def reconfigure(self, config: Config) -> None:
        """Use a reloaded configuration (SIGHUP to `monitor run`): actors, sources, timezone,
        the review settings and token (read again from the environment). A new token ends the
        review sessions signed with the old one. The store and the listen address stay."""
        self.setup = _setup(config, self.environ)

    @property
    def config(self) -> Config:
        return self.setup.config

    @property
    def settings(self) -> WebSettings:
        return self.setup.settings

    @property
    def auth(self) -> ReviewAuth:
        return self.setup.auth

    # ------------------------------------------------------------ helpers

    def when(self, moment: datetime | None) -> str:
        return format_time(moment, self.config.timezone)

    def render(self, request: Request, template: str, status: int = 200, **context: Any
               ) -> Response:
        session = self.auth.session(request)
        context.update(
            request=request, when=self.when, config=self.config, session=session,
            csrf=self.auth.csrf_token(session) if session else "",
            actors=[a.name for a in self.config.actors],
        )
        html = self.env.get_template(template).render(context)
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")

    def _filters(self, request: Request) -> queries.Filters:
        return queries.parse_filters(dict(request.query_params), self.config, self.store)

    # ------------------------------------------------------------ reading
    # Plain functions: Starlette runs them in its thread pool, so a database read never holds
    # up the event loop (which `monitor run` shares with its scheduler).

    def home(self, request: Request) -> Response:
        try:
            filters = self._filters(request)
        except queries.FilterError as error:
            return self.render(request, "statements.html", 400, error=str(error),
                               filters=queries.Filters(), page=queries.Page([], None),
                               outlets=queries.known_outlets(self.config, self.store))
        page = queries.statement_page(self.store, filters)
        return self.render(request, "statements.html", filters=filters, page=page, error=None,
                           outlets=queries.known_outlets(self.config, self.store))

    def actor(self, request: Request) -> Response:
        try:
            name = queries.actor_name(self.config, self.store, request.path_params["name"])
            filters = self._filters(request)
        except queries.FilterError as error:
            raise HTTPException(404, str(error)) from None
        filters = queries.Filters(**{**filters.__dict__, "actor": name})
        page = queries.statement_page(self.store, filters)
        days = queries.statements_per_day(self.store, name)
        return self.render(request, "actor.html", name=name, filters=filters, page=page,
                           actor=queries.find_actor(self.config, name), chart=day_chart(days),
                           days=days)

    def statement(self, request: Request) -> Response:
        statement_id = request.path_params["id"]
        found = self.store.statements(ids=[statement_id], include_off_topic=True)
        statement = next((s for s in found if s.id == statement_id), None)
        if statement is None:
            merged = queries.merged_into(self.store, statement_id)
            if merged is not None:  # a path of this site, built from a stored id
                return RedirectResponse(f"/statements/{quote(merged, safe='')}", 303)
            raise HTTPException(404, f"no statement {statement_id}")
        return self.render(
            request, "statement.html", statement=statement,
            variants=queries.wording_variants(statement),
            first=queries.first_seen_mention(statement),
            corrections=queries.corrections_of(self.store, statement, statement_id))

    def sources(self, request: Request) -> Response:
        from monitor.deliver import digest_status

        status = {s.name: s for s in self.store.source_status()}
        rows = [(source, status.get(source.name)) for source in self.config.sources]
        return self.render(request, "sources.html", rows=rows,
                           digests=digest_status(self.config, self.store),
                           deliveries=queries.delivery_counts(self.store))

    def feed(self, request: Request) -> Response:
        try:
            filters = self._filters(request)
        except queries.FilterError as error:
            return Response(str(error) + "\n", 400, media_type="text/plain")
        page = queries.statement_page(self.store, filters)
        base = str(request.base_url).rstrip("/")
        self_url = f"{base}/feeds/statements.atom"
        if request.url.query:
            self_url += "?" + urlencode(filters.query())
        title = f"monitor: {filters.actor}" if filters.actor else "monitor: statements"
        return Response(atom_feed(self.env, page.statements, base=base, self_url=self_url,
                                  title=title,
                                  key=f"actor:{filters.actor}" if filters.actor else "statements"),
                        media_type="application/atom+xml; charset=utf-8")

    def api_statements(self, request: Request) -> Response:
        try:
            filters = self._filters(request)
        except queries.FilterError as error:
            return JSONResponse({"error": str(error)}, 400)
        page = queries.statement_page(self.store, filters)
        next_url = None
        if page.next_cursor:
            next_url = "/api/statements?" + urlencode(
                {**filters.query(), "after": page.next_cursor, "limit": str(filters.limit)})
        return JSONResponse({"statements": [statement_to_json(s) for s in page.statements],
                             "next": next_url})

    def healthz(self, request: Request) -> Response:
        try:
            with self.store.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            last = queries.last_poll_at(self.store)
        except Exception as error:  # any failure to read is "unhealthy", said plainly
            return JSONResponse({"status": "unhealthy", "database": str(error)}, 503)
        age = (datetime.now(UTC) - last).total_seconds() if last else None
        return JSONResponse({"status": "ok", "database": "reachable",
                             "last_poll_at": last.isoformat() if last else None,
                             "last_poll_age_seconds": round(age, 1) if age is not None else None})

    def metrics(self, request: Request) -> Response:
        return Response(metrics_text(self.store),
                        media_type="text/plain; version=0.0.4; charset=utf-8")

    # ------------------------------------------------------------ reviewing

    def review(self, request: Request) -> Response:
        below = self.settings.review_below
        items = queries.review_queue(self.store, self.config, below)
        recent = list(reversed(CorrectionLog(self.store.engine).all()))[:20]
        return self.render(request, "review.html", items=items, below=below, recent=recent,
                           enabled=self.auth.enabled,
                           token_env=self.settings.review_token_env,
                           message=done if (done := request.query_params.get("done")) in ACTIONS
                           else None)

    async def login(self, request: Request) -> Response:
        if not same_origin(request):
            raise HTTPException(403, "a review sign-in must come from this site's own form")
        form = await request.form()
        if not self.auth.token_ok(str(form.get("token", ""))):
            raise HTTPException(403, "wrong review token (it is the value of the environment "
                                     f"variable {self.settings.review_token_env})")
        reviewer = str(form.get("reviewer", "")).strip()[:80] or "reviewer"
        response = RedirectResponse("/review", 303)
        response.set_cookie(SESSION_COOKIE, self.auth.new_cookie(reviewer), httponly=True,
                            samesite="strict", path="/")
        return response

    def logout(self, request: Request) -> Response:
        if not same_origin(request):
            raise HTTPException(403, "a sign-out must come from this site's own form")
        response = RedirectResponse("/review", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def act(self, request: Request) -> Response:
        session = self.auth.session(request)
        if session is None:
            raise HTTPException(403, "sign in to the review queue with the review token first")
        form = await request.form()
        if not same_origin(request) or not self.auth.csrf_ok(session, _field(form, "csrf")):
            raise HTTPException(403, "the form's CSRF token is missing or stale; reload the "
                                     "review page and try again")
        return await run_in_threadpool(self._record, session.reviewer, form)

    def _record(self, reviewer: str, form: FormData) -> Response:
        """Check a review form and store its correction (in the thread pool: it writes)."""
        action = _field(form, "action")
        if action not in ACTIONS:
            raise HTTPException(400, f"unknown action; one of {', '.join(ACTIONS)}")
        statement = self._statement(_field(form, "statement_id"))
        whole = _field(form, "scope") == "statement"
        url, fingerprint = _field(form, "mention_url"), _field(form, "mention_fingerprint")
        mention = None if whole or not url else (url, fingerprint)
        actor = None
        other: Statement | None = None
        if action == "reassign":
            actor = next((a.name for a in self.config.actors
                          if a.name == _field(form, "actor")), None)
            if actor is None:
                raise HTTPException(400, "reassign to one of the tracked actors: "
                                         + ", ".join(a.name for a in self.config.actors))
        if action == "merge":
            other = self._statement(_field(form, "other_statement_id"))
            if other.id == statement.id:
                raise HTTPException(400, "a statement cannot be merged with itself")
        if action == "split" and mention is None:
            raise HTTPException(400, "split takes one mention out of its statement")
        CorrectionLog(self.store.engine).add(
            reviewer=reviewer, action=action, statement=statement,  # type: ignore[arg-type]
            mention=mention, actor=actor, other=other,
            reason=_field(form, "reason")[:500])
        # Back to a fixed path of this site (never a URL from the request: no open redirect).
        if _field(form, "back") == "statement":
            target = other.id if other is not None else statement.id
            return RedirectResponse(f"/statements/{quote(target, safe='')}", 303)
        return RedirectResponse(f"/review?done={quote(action)}", 303)

    def _statement(self, statement_id: str) -> Statement:
        found = self.store.statements(ids=[statement_id], include_off_topic=True)
        statement = next((s for s in found if s.id == statement_id), None)
        if statement is None:
            raise HTTPException(400, f"no statement with the id {statement_id!r}")
        return statement

    async def not_found(self, request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 500)
        detail = getattr(error, "detail", "something went wrong")
        response = self.render(request, "error.html", status, status_code=status, detail=detail)
        response.headers.update(getattr(error, "headers", None) or {})  # 405's Allow
        return response

    async def server_error(self, request: Request, error: Exception) -> Response:
        """A failure inside a page: logged with its traceback, answered without its details
        (they may name the database or its paths)."""
        log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        detail = "something went wrong on the server; the log says what"
        try:
            return self.render(request, "error.html", 500, status_code=500, detail=detail)
        except Exception:  # the page cannot even be rendered (a session read failed...)
            return Response(detail + "\n", 500, media_type="text/plain; charset=utf-8")


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


class WebApp(Starlette):
    """Starlette with SecurityHeaders outside everything, ServerErrorMiddleware included
    (middleware given to Starlette sits inside it, and its 500s would go out bare)."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(config: Config, store: Store, *, environ: dict[str, str] | None = None
               ) -> Starlette:
    view = WebView(config, store, environ=environ)
    routes = [
        Route("/", view.home),
        Route("/statements/{id}", view.statement),
        Route("/actors/{name}", view.actor),
        Route("/sources", view.sources),
        Route("/review", view.review),
        Route("/review/login", view.login, methods=["POST"]),
        Route("/review/logout", view.logout, methods=["POST"]),
        Route("/review/act", view.act, methods=["POST"]),
        Route("/feeds/statements.atom", view.feed),
        Route("/api/statements", view.api_statements),
        Route("/healthz", view.healthz),
        Route("/metrics", view.metrics),
        Mount("/static", StaticFiles(packages=[("monitor.web", "static")]), name="static"),
    ]
    app = WebApp(routes=routes, exception_handlers={HTTPException: view.not_found,
                                                    Exception: view.server_error})
    app.state.view = view
    return app
