"""YAML configuration -> a validated Config.

Validation is loud and complete: every problem found is reported at once, one line each, naming
the file, the key path and what to do, so a user fixes a config in one round rather than ten.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from monitor.errors import ConfigError
from monitor.models import (
    Actor,
    AlertRule,
    Config,
    DigestSpec,
    EmailChannel,
    Role,
    SmtpSettings,
    Source,
    Topic,
    WebhookChannel,
    WebSettings,
)
from monitor.topic.profile import (
    DEFAULT_PROFILE,
    ProfileError,
    available_profiles,
    load_profile,
)

DEFAULT_CONFIG = "config/monitor.yaml"
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
SECRET_WORDS = ("password", "secret", "token", "api_key")
# New articles fetched per source per poll at most (a feed of 100k new items made one poll
# issue 100,000 GETs); the rest wait in the outbox for the next poll.
DEFAULT_MAX_NEW_ARTICLES = 200
DEFAULT_MIN_INTERVAL = 60  # seconds: `every` below this is refused unless `min_interval` lowers it
DEFAULT_FAILING_AFTER = 6 * 3600  # seconds: `status --strict` fails for a source failing this long

# Every key each mapping of the two files accepts, by section (a path with [] for list items).
# The readers below check against these sets, and tests/test_docs.py checks that
# docs/configuration.md documents each one: adding a key is adding it here, reading it, and
# documenting it.
SCHEMA: dict[str, frozenset[str]] = {
    "": frozenset({"storage", "timezone", "actors", "topic", "sources", "digests", "alerts",
                   "min_interval", "health", "workers", "web"}),
    "topic": frozenset({"include", "require", "exclude", "profile"}),
    "health": frozenset({"failing_after"}),
    "web": frozenset({"listen", "review_token_env", "review_below"}),
    "sources[]": frozenset({"name", "feed", "page", "every", "links", "min_interval",
                            "max_new_articles"}),
    "digests[]": frozenset({"name", "cron", "email", "webhook", "send_empty"}),
    "alerts[]": frozenset({"name", "actors", "keywords", "email", "webhook"}),
    "email": frozenset({"to", "from", "smtp"}),
    "email.smtp": frozenset({"host", "port", "starttls", "tls", "username", "password_env",
                             "timeout"}),
    "webhook": frozenset({"url", "secret_env"}),
    # The actors file (or the inline list under `actors:`).
    "actors file": frozenset({"actors"}),
    "actors[]": frozenset({"name", "aliases", "roles"}),
    "actors[].roles[]": frozenset({"title", "from", "until"}),
}


# libyaml's parser where installed (a 1,000-source config: 200 -> 21 ms); the resolvers are
# Python's either way, so the data are the same.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe YAML where dates stay text: `from: 2025-13-01` then gets a clear problem line from
    the validation below instead of a ValueError from inside the YAML library."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def default_config_path() -> Path:
    return Path(os.environ.get("MONITOR_CONFIG") or DEFAULT_CONFIG)


def parse_duration(value: object) -> int | None:
    """'15m' -> 900 seconds; a bare number is seconds. None when it is not a duration.
    (Polling intervals are stricter: `_interval` refuses a bare number.)"""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    match = DURATION.match(str(value))
    if not match:
        return None
    return int(float(match.group(1)) * UNIT_SECONDS[match.group(2)])


class _Problems:
    """Collects problems as 'file: key.path: what is wrong; what to do' lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, file: Path, path: str, message: str) -> None:
        where = f"{file}: {path}: " if path else f"{file}: "
        if where + message not in self.lines:  # one problem, one line, however it was reached
            self.lines.append(where + message)


class _Reader:
    """Reads one mapping of a YAML file, checking keys and types and recording problems."""

    def __init__(self, problems: _Problems, file: Path) -> None:
        self.problems = problems
        self.file = file

    def problem(self, path: str, message: str) -> None:
        self.problems.add(self.file, path, message)

    def mapping(self, value: object, path: str, allowed: frozenset[str],
                required: set[str] = frozenset()) -> dict[str, Any] | None:  # type: ignore[assignment]
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping (key: value lines), found {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                if any(word in str(key).lower() for word in SECRET_WORDS):
                    hint = (f"secrets never sit in the YAML: put it in an environment variable "
                            f"and name the variable in {key}_env")
                else:
                    close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                    hint = (f"did you mean '{close[0]}'?" if close
                            else f"allowed keys: {', '.join(sorted(allowed))}")
                self.problem(_join(path, str(key)), f"unknown key; {hint}")
        for key in sorted(required - set(value)):
            self.problem(_join(path, key), "missing; this key is required")
        return value

    def string(self, value: object, path: str, *, required: bool = True) -> str | None:
        if value is None:
            if required:
                self.problem(path, "missing; give a text value")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"expected a non-empty text, found {_kind(value)}")
            return None
        return value.strip()

    def strings(self, value: object, path: str, *, required: bool = False) -> tuple[str, ...]:
        if value is None:
            if required:
                self.problem(path, "missing; give a list such as [a, b]")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"expected a list of texts such as [a, b], found {_kind(value)}")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            scalar = isinstance(item, str | int | float) and not isinstance(item, bool)
            if scalar and str(item).strip():
                out.append(str(item).strip())
            else:
                self.problem(f"{path}[{i}]", f"expected a non-empty text, found {_kind(item)}")
        if required and not out:
            self.problem(path, "is empty; give at least one entry")
        return tuple(out)

    def boolean(self, value: object, path: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, found {_kind(value)}")
            return default
        return value

    def integer(self, value: object, path: str, default: int, low: int, high: int) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(path, f"expected a whole number from {low} to {high}, found {value!r}")
            return default
        return value

    def url(self, value: object, path: str) -> str | None:
        text = self.string(value, path)
        if text is None:
            return None
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.problem(path, f"'{text}' is not an http(s) URL; write it like https://example.org/feed.xml")
            return None
        return text

    def env_name(self, value: object, path: str) -> str | None:
        text = self.string(value, path, required=False)
        if text is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
            self.problem(path, f"'{text}' is not an environment variable name; write the "
                               "variable's NAME (like MONITOR_SMTP_PASSWORD), not the secret")
            return None
        return text


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{value}' (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _read_yaml(file: Path, problems: _Problems) -> object:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(file, "", "file not found; create it (monitor init writes a starter) "
                               "or point --config / $MONITOR_CONFIG at yours")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(file, "", f"cannot be read ({exc}); check its permissions and that it is "
                               "UTF-8")
        return None
    try:
        return yaml.load(text, Loader=_YamlLoader)  # a SafeLoader without timestamps
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.add(file, "", f"{where}not valid YAML ({reason}); fix the indentation or quoting")
        return None


# ---------------------------------------------------------------- actors


def load_actors(file: Path) -> tuple[Actor, ...]:
    """Load an actors file on its own (for tools and tests); raises ConfigError."""
    problems = _Problems()
    actors = _actors_from_file(file, problems, file, "actors")
    if problems.lines:
        raise ConfigError(problems.lines)
    return actors


def _actors_from_file(file: Path, problems: _Problems, config_file: Path,
                      config_key: str) -> tuple[Actor, ...]:
    if not file.exists():
        problems.add(config_file, config_key, f"the actors file {file} does not exist; "
                                              "fix the path (relative to the config's folder)")
        return ()
    data = _read_yaml(file, problems)
    if data is None:
        if not problems.lines:
            problems.add(file, "", "is empty; list the actors under 'actors:'")
        return ()
    reader = _Reader(problems, file)
    top = reader.mapping(data, "", SCHEMA["actors file"], {"actors"})
    if top is None:
        return ()
    return _actors(reader, top.get("actors"), "actors")


def _actors(reader: _Reader, value: object, path: str) -> tuple[Actor, ...]:
    if not isinstance(value, list) or not value:
        reader.problem(path, "expected a non-empty list of actors (- name: ..., aliases: [...], "
                             "roles: [...])")
        return ()
    actors: list[Actor] = []
    for i, item in enumerate(value):
        here = f"{path}[{i}]"
        entry = reader.mapping(item, here, SCHEMA["actors[]"], {"name"})
        if entry is None:
            continue
        name = reader.string(entry.get("name"), f"{here}.name")
        aliases = reader.strings(entry.get("aliases"), f"{here}.aliases")
        roles = _roles(reader, entry.get("roles"), f"{here}.roles")
        if name:
            actors.append(Actor(name=name, aliases=aliases, roles=roles))
    _check_actor_names(reader, actors, path)
    return tuple(actors)


def _roles(reader: _Reader, value: object, path: str) -> tuple[Role, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.problem(path, "expected a list of role titles, each a text or "
                             "{title: ..., from: YYYY-MM-DD, until: YYYY-MM-DD}")
        return ()
    roles: list[Role] = []
    for i, item in enumerate(value):
        here = f"{path}[{i}]"
        if isinstance(item, str) and item.strip():
            roles.append(Role(item.strip()))
            continue
        entry = reader.mapping(item, here, SCHEMA["actors[].roles[]"], {"title"})
        if entry is None:
            continue
        title = reader.string(entry.get("title"), f"{here}.title")
        since = _date(reader, entry.get("from"), f"{here}.from")
        until = _date(reader, entry.get("until"), f"{here}.until")
        if since and until and since > until:
            reader.problem(here, f"'from' {since} is after 'until' {until}; swap them")
        bad_date = (since is None and entry.get("from") is not None) or (
            until is None and entry.get("until") is not None)
        if title and not bad_date:  # a role with a bad date would raise overlaps that are not
            roles.append(Role(title, since, until))
    return tuple(roles)


def _date(reader: _Reader, value: object, path: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        reader.problem(path, f"'{value}' is not a date; write it as YYYY-MM-DD")
        return None


def _check_actor_names(reader: _Reader, actors: list[Actor], path: str) -> None:
    """Names and aliases must point at one actor; shared role titles must not overlap in time."""
    owner: dict[str, str] = {}
    for actor in actors:
        for label in (actor.name, *actor.aliases):
            key = label.casefold()
            if key in owner and owner[key] != actor.name:
                reader.problem(path, f"'{label}' names both {owner[key]} and {actor.name}; "
                                     "a name or alias must belong to one actor")
            elif key in owner and label == actor.name:
                reader.problem(path, f"actor '{actor.name}' is listed twice; merge the entries")
            owner.setdefault(key, actor.name)
    held: dict[str, list[tuple[str, Role]]] = {}
    for actor in actors:
        for role in actor.roles:
            for other_name, other in held.get(role.title.casefold(), []):
                if other_name != actor.name and _overlap(role, other):
                    reader.problem(path, f"role '{role.title}' is held by both {other_name} and "
                                         f"{actor.name} at the same time; give the roles "
                                         "'from'/'until' dates")
            held.setdefault(role.title.casefold(), []).append((actor.name, role))


def _overlap(a: Role, b: Role) -> bool:
    start = max(a.since or date.min, b.since or date.min)
    end = min(a.until or date.max, b.until or date.max)
    return start <= end


# ---------------------------------------------------------------- the main file


def load_config(path: Path | str | None = None) -> Config:
    """Load and validate the configuration; raises ConfigError listing every problem."""
    file = Path(path) if path is not None else default_config_path()
    problems = _Problems()
    data = _read_yaml(file, problems)
    if problems.lines:
        raise ConfigError(problems.lines)
    if data is None:
        raise ConfigError([f"{file}: is empty; run 'monitor init' for a starter configuration"])
    reader = _Reader(problems, file)
    top = reader.mapping(data, "", SCHEMA[""], {"actors", "topic", "sources"})
    if top is None:
        raise ConfigError(problems.lines)
    folder = file.resolve().parent
    # MONITOR_STORAGE overrides the file's storage: one image or unit, many deployments.
    storage = _storage(reader, os.environ.get("MONITOR_STORAGE")
                       or top.get("storage", "sqlite:///monitor.db"), folder)
    timezone = reader.string(top.get("timezone", "UTC"), "timezone") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        reader.problem("timezone", f"'{timezone}' is not a time zone; use an IANA name like "
                                   "Europe/Kyiv or UTC")
        timezone = "UTC"
    actors_value = top.get("actors")
    if isinstance(actors_value, str):
        actors = _actors_from_file(folder / actors_value, problems, file, "actors")
    else:
        actors = _actors(reader, actors_value, "actors")
    topic = _topic(reader, top.get("topic"))
    min_interval = DEFAULT_MIN_INTERVAL
    if "min_interval" in top:
        min_interval = _interval(reader, top["min_interval"], "min_interval") or min_interval
    failing_after = DEFAULT_FAILING_AFTER
    health = top.get("health")
    if health is not None and reader.mapping(health, "health", SCHEMA["health"]) is not None \
            and "failing_after" in health:
        failing_after = (_interval(reader, health["failing_after"], "health.failing_after")
                         or failing_after)
    sources = _sources(reader, top.get("sources"), min_interval)
    email_channel = _channel_reader(reader)
    digests = _named_list(reader, top.get("digests"), "digests",
                          lambda entry, here: _digest(reader, entry, here, email_channel))
    actor_names = {a.name.casefold(): a.name for a in actors}
    for a in actors:
        for alias in a.aliases:
            actor_names.setdefault(alias.casefold(), a.name)
    alerts = _named_list(reader, top.get("alerts"), "alerts",
                         lambda entry, here: _alert(reader, entry, here, email_channel,
                                                    actor_names))
    # The analysis process pool's size; absent: the cores this process may use.
    workers = reader.integer(top["workers"], "workers", 1, 1, 256) if "workers" in top else None
    web = _web(reader, top["web"]) if "web" in top else None
    if problems.lines:
        raise ConfigError(problems.lines)
    return Config(path=str(file), storage=storage, timezone=timezone, actors=actors, topic=topic,
                  sources=tuple(sources), digests=tuple(digests), alerts=tuple(alerts),
                  failing_after_seconds=failing_after, workers=workers, web=web)


def parse_listen(value: str) -> tuple[str, int] | None:
    """'127.0.0.1:8080' or '[::1]:8080' -> (host, port); None when it is not HOST:PORT."""
    host, sep, port = value.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host, int(port)


def _web(reader: _Reader, value: object) -> WebSettings:
    entry = reader.mapping(value or {}, "web", SCHEMA["web"])
    if entry is None:
        return WebSettings()
    listen = reader.string(entry.get("listen", WebSettings.listen), "web.listen")
    if listen is not None and parse_listen(listen) is None:
        reader.problem("web.listen", f"'{listen}' is not HOST:PORT; write it like 127.0.0.1:8080")
    below = entry.get("review_below", WebSettings.review_below)
    if isinstance(below, bool) or not isinstance(below, int | float) or not 0 <= below <= 1:
        reader.problem("web.review_below", f"expected a confidence from 0 to 1, found {below!r}")
        below = WebSettings.review_below
    return WebSettings(listen=listen or WebSettings.listen,
                       review_token_env=reader.env_name(entry.get("review_token_env"),
                                                        "web.review_token_env"),
                       review_below=float(below))


def _storage(reader: _Reader, value: object, folder: Path) -> str:
    url = reader.string(value, "storage") or "sqlite:///monitor.db"
    scheme = url.split(":", 1)[0].split("+", 1)[0]
    if scheme not in ("sqlite", "postgresql", "postgres"):
        reader.problem("storage", f"'{url}' is not a storage URL monitor knows; use "
                                  "sqlite:///monitor.db or postgresql://user@host/db")
        return url
    if scheme == "sqlite":
        prefix, _, db_path = url.partition(":///")
        if db_path and db_path != ":memory:" and not Path(db_path).is_absolute():
            # Relative paths in a config file are relative to that file's folder.
            url = f"{prefix}:///{folder / db_path}"
    return url


def _topic(reader: _Reader, value: object) -> Topic:
    """`topic:` as the contract has it (include, require, exclude), or `profile: NAME` (a
    topic profile, monitor/data/topics/NAME.yaml) whose terms fill the keys not given; with no
    terms and no profile, the default profile's terms."""
    entry = reader.mapping(value, "topic", SCHEMA["topic"])
    if entry is None:
        return Topic()
    name = entry.get("profile")
    terms_given = [key for key in ("include", "require", "exclude") if key in entry]
    if name is None and terms_given:  # the contract's shape: include is required, as ever
        if "include" not in entry:
            reader.problem("topic.include", "missing; this key is required")
        return Topic(include=reader.strings(entry.get("include"), "topic.include", required=True),
                     require=reader.strings(entry.get("require"), "topic.require"),
                     exclude=reader.strings(entry.get("exclude"), "topic.exclude"))
    if name is not None and not (isinstance(name, str) and name.strip()):
        reader.problem("topic.profile", f"expected a profile name, found {_kind(name)}; "
                                        f"available profiles: {', '.join(available_profiles())}")
        return Topic()
    try:
        profile = load_profile(name.strip() if name else DEFAULT_PROFILE)
    except ProfileError as error:
        reader.problem("topic.profile", str(error))
        return Topic()
    terms = {key: reader.strings(entry[key], f"topic.{key}") if key in entry
             else getattr(profile.terms, key) for key in ("include", "require", "exclude")}
    if not terms["include"] and not terms["require"]:
        reader.problem("topic", f"the {profile.name} profile has no terms of its own; give "
                                "include terms (and require terms) for it to weigh")
    return Topic(**terms, profile=profile.name if name else None)


def _named_list(reader: _Reader, value: object, path: str,
                build: Callable[[dict[str, Any], str], Any]) -> list[Any]:
    """A list of mappings with unique `name`s, each built by `build`."""
    if value is None:
        return []
    if not isinstance(value, list):
        reader.problem(path, f"expected a list (- name: ...), found {_kind(value)}")
        return []
    out: list[Any] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        here = f"{path}[{i}]"
        if not isinstance(item, dict):
            reader.problem(here, f"expected a mapping (name: ...), found {_kind(item)}")
            continue
        name = item.get("name")
        if isinstance(name, str) and name.strip():
            if name.strip().casefold() in seen:
                reader.problem(f"{here}.name", f"'{name}' is used twice; names must be unique")
            seen.add(name.strip().casefold())
        built = build(item, here)
        if built is not None:
            out.append(built)
    return out


def _interval(reader: _Reader, value: object, path: str) -> int | None:
    """A time span with its unit ('30s', '15m', '2h', '1d'); a bare number is refused, since
    '5' could mean seconds or minutes."""
    text = str(value).strip()
    match = DURATION.match(text) if not isinstance(value, bool) else None
    if match is None or not match.group(2):
        hint = (f"write {text}s, {text}m or {text}h" if match
                else "write it like 30s, 15m or 2h")
        reader.problem(path, f"'{value}' is not an interval with a unit; {hint}")
        return None
    seconds = int(float(match.group(1)) * UNIT_SECONDS[match.group(2)])
    if seconds < 1:
        reader.problem(path, f"'{value}' is under one second; write it like 30s, 15m or 2h")
        return None
    return seconds


def _seconds_text(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _sources(reader: _Reader, value: object, min_interval: int) -> list[Source]:
    if not isinstance(value, list) or not value:
        reader.problem("sources", "no sources; list at least one (- name: ..., feed: URL) "
                                  "or (- name: ..., page: URL)")
        return []

    def build(entry: dict[str, Any], here: str) -> Source | None:
        reader.mapping(entry, here, SCHEMA["sources[]"], {"name"})
        name = reader.string(entry.get("name"), f"{here}.name")
        has_feed, has_page = "feed" in entry, "page" in entry
        if has_feed == has_page:
            reader.problem(here, "give exactly one of 'feed:' (an RSS/Atom URL) or 'page:' "
                                 "(a section page URL)")
            return None
        kind = "feed" if has_feed else "page"
        url = reader.url(entry.get(kind), f"{here}.{kind}")
        every = _interval(reader, entry.get("every", "15m"), f"{here}.every") or 900
        floor = min_interval
        if "min_interval" in entry:
            floor = _interval(reader, entry["min_interval"], f"{here}.min_interval") or floor
        if every < floor:
            reader.problem(f"{here}.every", f"{_seconds_text(every)} is under the minimum "
                           f"interval of {_seconds_text(floor)}; poll less often, or, if the "
                           f"site agrees to it, set min_interval: {_seconds_text(every)} on "
                           "this source")
        links = None
        if "links" in entry:
            links = reader.string(entry.get("links"), f"{here}.links")
            if kind == "feed":
                reader.problem(f"{here}.links", "only page sources follow links; remove it or "
                                                "use 'page:'")
            elif links and not _valid_selector(links):
                reader.problem(f"{here}.links", f"'{links}' is not a valid CSS selector")
        max_new = reader.integer(entry.get("max_new_articles"), f"{here}.max_new_articles",
                                 DEFAULT_MAX_NEW_ARTICLES, 1, 100_000)
        if name is None or url is None:
            return None
        return Source(name=name, kind=kind, url=url, every_seconds=every, links=links,
                      max_new_articles=max_new)

    return _named_list(reader, value, "sources", build)


def _valid_selector(selector: str) -> bool:
    from selectolax.lexbor import LexborHTMLParser

    try:
        LexborHTMLParser("<p></p>").css(selector)
    except Exception:  # selectolax raises plain exceptions for bad selectors
        return False
    return True


class _channel_reader:  # noqa: N801 - a small callable namespace, reads channel blocks
    def __init__(self, reader: _Reader) -> None:
        self.reader = reader

    def email(self, value: object, path: str) -> EmailChannel | None:
        reader = self.reader
        entry = reader.mapping(value, path, SCHEMA["email"], {"to", "from", "smtp"})
        if entry is None:
            return None
        to = reader.strings(entry.get("to"), f"{path}.to", required=True)
        for i, address in enumerate(to):
            if "@" not in address:
                reader.problem(f"{path}.to[{i}]", f"'{address}' is not an email address")
        sender = reader.string(entry.get("from"), f"{path}.from")
        smtp = self.smtp(entry.get("smtp"), f"{path}.smtp")
        if not to or sender is None or smtp is None:
            return None
        return EmailChannel(to=to, sender=sender, smtp=smtp)

    def smtp(self, value: object, path: str) -> SmtpSettings | None:
        reader = self.reader
        entry = reader.mapping(value, path, SCHEMA["email.smtp"], {"host"})
        if entry is None:
            return None
        host = reader.string(entry.get("host"), f"{path}.host")
        tls = reader.boolean(entry.get("tls"), f"{path}.tls", False)
        starttls = reader.boolean(entry.get("starttls"), f"{path}.starttls", not tls)
        if tls and starttls:
            reader.problem(path, "choose one of tls: true (implicit TLS, port 465) and "
                                 "starttls: true (port 587)")
        port = reader.integer(entry.get("port"), f"{path}.port", 465 if tls else 587, 1, 65535)
        timeout = parse_duration(entry.get("timeout", 30))
        if timeout is None or timeout <= 0:
            reader.problem(f"{path}.timeout", "expected a duration like 30s")
            timeout = 30
        username = reader.string(entry.get("username"), f"{path}.username", required=False)
        password_env = reader.env_name(entry.get("password_env"), f"{path}.password_env")
        if username and not password_env:
            reader.problem(path, "username without password_env; name the environment variable "
                                 "that holds the SMTP password")
        if host is None:
            return None
        return SmtpSettings(host=host, port=port, starttls=starttls, tls=tls, username=username,
                            password_env=password_env, timeout_seconds=float(timeout))

    def webhook(self, value: object, path: str) -> WebhookChannel | None:
        reader = self.reader
        entry = reader.mapping(value, path, SCHEMA["webhook"], {"url"})
        if entry is None:
            return None
        url = reader.url(entry.get("url"), f"{path}.url")
        secret_env = reader.env_name(entry.get("secret_env"), f"{path}.secret_env")
        return WebhookChannel(url=url, secret_env=secret_env) if url else None


def _digest(reader: _Reader, entry: dict[str, Any], here: str,
            channels: _channel_reader) -> DigestSpec | None:
    reader.mapping(entry, here, SCHEMA["digests[]"], {"name", "cron"})
    name = reader.string(entry.get("name"), f"{here}.name")
    cron = reader.string(entry.get("cron"), f"{here}.cron")
    if cron is not None and not _valid_cron(cron):
        reader.problem(f"{here}.cron", f"'{cron}' is not a cron schedule; write five fields "
                                       "like \"0 7 * * *\" (minute hour day month weekday)")
    email = channels.email(entry["email"], f"{here}.email") if "email" in entry else None
    webhook = channels.webhook(entry["webhook"], f"{here}.webhook") if "webhook" in entry else None
    if "email" not in entry and "webhook" not in entry:
        reader.problem(here, "has no channel; add 'email:' or 'webhook:' (or both)")
    if name is None or cron is None:
        return None
    send_empty = reader.boolean(entry.get("send_empty"), f"{here}.send_empty", False)
    return DigestSpec(name=name, cron=cron, email=email, webhook=webhook, send_empty=send_empty)


def _valid_cron(cron: str) -> bool:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(cron)
    except ValueError:
        return False
    return True


def _alert(reader: _Reader, entry: dict[str, Any], here: str, channels: _channel_reader,
           actor_names: dict[str, str]) -> AlertRule | None:
    reader.mapping(entry, here, SCHEMA["alerts[]"], {"name"})
    name = reader.string(entry.get("name"), f"{here}.name")
    actors: list[str] = []
    for i, label in enumerate(reader.strings(entry.get("actors"), f"{here}.actors")):
        canonical = actor_names.get(label.casefold())
        if canonical is None:
            close = difflib.get_close_matches(label, sorted(set(actor_names.values())), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use a name from the actors file"
            reader.problem(f"{here}.actors[{i}]", f"'{label}' is not a tracked actor; {hint}")
        else:
            actors.append(canonical)
    keywords = reader.strings(entry.get("keywords"), f"{here}.keywords")
    email = channels.email(entry["email"], f"{here}.email") if "email" in entry else None
    webhook = channels.webhook(entry["webhook"], f"{here}.webhook") if "webhook" in entry else None
    if "email" not in entry and "webhook" not in entry:
        reader.problem(here, "has no channel; add 'email:' or 'webhook:' (or both)")
    if name is None:
        return None
    return AlertRule(name=name, actors=tuple(actors), keywords=keywords, email=email,
                     webhook=webhook)


def missing_secrets(config: Config) -> list[str]:
    """Environment variables the config names that are not set (warned about by `check`)."""
    names: list[tuple[str, str]] = []
    for item in (*config.digests, *config.alerts):
        if item.email and item.email.smtp.password_env:
            names.append((item.name, item.email.smtp.password_env))
        if item.webhook and item.webhook.secret_env:
            names.append((item.name, item.webhook.secret_env))
    if config.web and config.web.review_token_env:
        names.append(("web (the review queue)", config.web.review_token_env))
    return [f"{owner}: environment variable {var} is not set; export it before "
            "'monitor run' or deliveries will fail"
            for owner, var in names if not os.environ.get(var)]


def config_warnings(config: Config) -> list[str]:
    """What `check` prints as warnings and `run` logs at start: the configuration loads, but
    something will not work as the user may expect."""
    warnings = missing_secrets(config)
    # The contract: a webhook without secret_env is sent unsigned, with this warning.
    warnings += [
        f"{kind} {item.name}: the webhook {item.webhook.url} has no secret_env, so it is sent "
        "unsigned; add secret_env: NAME (a 'whsec_' secret in that variable) to sign it"
        for kind, items in (("digest", config.digests), ("alert", config.alerts))
        for item in items if item.webhook is not None and not item.webhook.secret_env]
    if not config.digests and not config.alerts:
        warnings.append("no digests or alerts are configured: statements are stored but "
                        "nothing is sent; add a digest (the example in monitor init's starter "
                        "is commented out)")
    return warnings
