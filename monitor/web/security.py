"""The review queue's sign-in and CSRF protection, and the headers every answer carries.

Reading is open on the listen address; changing anything needs the reviewer's token (from the
environment variable that `web.review_token_env` names). Signing in with it sets a session
cookie (HttpOnly, SameSite=Strict) holding the reviewer's name and a random nonce, signed with
a key derived from the token; every form carries a CSRF token derived from that nonce, and a
POST from another origin is refused whatever it carries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from starlette.requests import Request

SESSION_COOKIE = "monitor_review"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True)
class Session:
    reviewer: str
    nonce: str


class ReviewAuth:
    def __init__(self, token: str | None) -> None:
        self.enabled = bool(token)
        self._key = hashlib.sha256(b"monitor review\x00" + (token or "").encode()).digest()
        self._token = token or ""

    def _sign(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def token_ok(self, given: str) -> bool:
        return self.enabled and hmac.compare_digest(given.encode(), self._token.encode())

    def new_cookie(self, reviewer: str) -> str:
        body = json.dumps({"who": reviewer, "nonce": secrets.token_urlsafe(18)})
        encoded = base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")
        return f"{encoded}.{self._sign('session', encoded)}"

    def session(self, request: Request) -> Session | None:
        if not self.enabled:
            return None
        cookie = request.cookies.get(SESSION_COOKIE, "")
        encoded, _, signature = cookie.partition(".")
        if not encoded or not hmac.compare_digest(signature, self._sign("session", encoded)):
            return None
        try:
            body = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
            return Session(str(body["who"]), str(body["nonce"]))
        except (ValueError, KeyError, TypeError):
            return None

    def csrf_token(self, session: Session) -> str:
        return self._sign("csrf", session.nonce)

    def csrf_ok(self, session: Session, given: str) -> bool:
        return hmac.compare_digest(given, self.csrf_token(session))


def same_origin(request: Request) -> bool:
    """A POST's Origin (or, without one, its Referer) is this server, or absent (not a
    browser's cross-site form)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin == own or origin.startswith(own + "/")
