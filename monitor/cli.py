"""The commands of the contract. Thin: parse arguments, call the steps, print, exit.

Exit statuses (README, "Exit statuses"): 0 done; 1 could not do it (a target unreadable, a
channel failed, storage unreachable, `status --strict` unhealthy); 2 a missing or invalid
configuration, or a bad argument (unknown actor, outlet, source, digest); 3 `poll` when every
polled source failed; 130 interrupted; 141 the reader of stdout went away (`| head`).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from monitor import __version__, logs
from monitor.config import config_warnings, default_config_path, load_config, parse_duration
from monitor.errors import ConfigError, FetchError, MonitorError
from monitor.models import Config, Statement

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_ALL_FAILED = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE = 130, 141  # 128 + SIGINT, 128 + SIGPIPE, as a shell reports them

log = logging.getLogger("monitor.cli")


class UsageError(MonitorError):
    """A command-line value names nothing known (an actor, outlet, source): exit 2."""


def parse_when(value: str, now: datetime | None = None) -> datetime:
    """ISO 8601 ('2025-05-19', '2025-05-19T07:00:00+03:00') or a duration back from now ('24h')."""
    now = now or datetime.now(UTC)
    seconds = parse_duration(value) if re.fullmatch(r"\s*\d+(\.\d+)?\s*[smhd]\s*", value) else None
    if seconds is not None:
        return now - timedelta(seconds=seconds)
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is neither an ISO 8601 time (2025-05-19T07:00:00+00:00) nor a duration "
            "like 24h or 7d") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of 1 or more")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="the configuration file "
                             "(default: $MONITOR_CONFIG, else config/monitor.yaml)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log what happens (fetching, extraction, storage) to stderr")
    common.add_argument("--log-level", choices=logs.LEVELS, default=argparse.SUPPRESS,
                        help="least severe log records shown (default: warning; info for run)")
    common.add_argument("--log-format", choices=logs.FORMATS, default=argparse.SUPPRESS,
                        help="text lines, or one JSON object per line (default: text)")
    parser = argparse.ArgumentParser(
        prog="monitor", parents=[common],
        description="Follows the ceasefire negotiations in the news: who said what, where first.",
        epilog="Exit statuses: 0 done, 1 failed, 2 invalid configuration or argument, "
               "3 every polled source failed, 141 stdout closed (README: Exit statuses).")
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    commands.add_parser("check", parents=[common], help="validate the configuration and actors")
    poll = commands.add_parser("poll", parents=[common], help="poll the sources once, now")
    poll.add_argument("--source", action="append", metavar="NAME", help="only this source")
    poll.add_argument("-q", "--quiet", action="store_true",
                      help="print only the total line (and failures, to stderr)")
    commands.add_parser("run", parents=[common], help="run the service until SIGINT/SIGTERM")

    listing = commands.add_parser("statements", parents=[common], help="list stored statements")
    listing.add_argument("--since", type=parse_when, metavar="WHEN",
                         help="first seen since: ISO 8601 or a duration like 24h, 7d")
    listing.add_argument("--until", type=parse_when, metavar="WHEN",
                         help="first seen before: ISO 8601 or a duration like 24h, 7d")
    listing.add_argument("--actor", metavar="NAME", help="only this actor (name or alias)")
    listing.add_argument("--outlet", metavar="NAME", help="only statements this source reported")
    listing.add_argument("--limit", type=_positive, metavar="N", help="at most N, newest first")
    listing.add_argument("--search", metavar="TEXT",
                         help='full-text search over the wording: words, "a phrase", -word, OR')
    listing.add_argument("--all", action="store_true", help="include off-topic articles")
    listing.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    listing.add_argument("--explain", action="store_true",
                         help="show why each mention was attributed: speaker, cue, confidence")

    extract = commands.add_parser("extract", parents=[common],
                                  help="show what monitor reads in pages (nothing is stored)")
    extract.add_argument("targets", nargs="+", metavar="TARGET", help="an HTML file or a URL")
    extract.add_argument("--format", choices=["json", "text"], default=None,
                         help="default: text in a terminal, json (one object a line) otherwise")

    status = commands.add_parser("status", parents=[common],
                                 help="sources' health, the service, digests and deliveries")
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.add_argument("--strict", action="store_true",
                        help="exit 1 when a source has failed longer than health.failing_after "
                             "or a delivery is stuck")
    serve = commands.add_parser("serve", parents=[common],
                                help="the web view: browse, search, review queue, feeds")
    serve.add_argument("--listen", metavar="HOST:PORT",
                       help="where to serve (default: web.listen, else 127.0.0.1:8080)")
    init = commands.add_parser("init", parents=[common], help="write a starter configuration")
    init.add_argument("folder", nargs="?", type=Path, default=Path("config"))

    digest = commands.add_parser("digest", parents=[common], help="build, preview or send a digest")
    digest.add_argument("name", nargs="?", help="the digest (default: the first configured)")
    digest.add_argument("--since", type=parse_when, metavar="WHEN")
    digest.add_argument("--until", type=parse_when, metavar="WHEN")
    digest.add_argument("--send", action="store_true", help="deliver it and record the window")
    digest.add_argument("--preview", type=Path, metavar="FILE",
                        help="write the HTML email to FILE ('-': to stdout)")
    digest.add_argument("--force", action="store_true", help="send even if already sent")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    default_level = "info" if args.command == "run" else "warning"
    logs.configure(getattr(args, "log_level", default_level),
                   getattr(args, "log_format", "text"), verbose=getattr(args, "verbose", False))
    config_path: Path = getattr(args, "config", None) or default_config_path()
    handler: Callable[[argparse.Namespace, Path], int] = COMMANDS[args.command]
    try:
        status = handler(args, config_path)
        sys.stdout.flush()  # a closed pipe shows here, while we can still handle it
        return status
    except BrokenPipeError:
        return _pipe_closed()
    except ConfigError as exc:
        count = len(exc.problems)
        print(f"monitor: the configuration is invalid ({count} problem{'s' if count != 1 else ''}"
              "):", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return EXIT_CONFIG
    except UsageError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except MonitorError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _pipe_closed() -> int:
    """The reader of stdout went away (`monitor statements | head`): stop quietly. Point stdout
    at /dev/null so that the interpreter's last flush at exit does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_PIPE


def _load(config_path: Path) -> Config:
    """Load the configuration; from then on, log lines mask the secrets it names."""
    config = load_config(config_path)
    logs.mask_secrets_of(config)
    return config


# ---------------------------------------------------------------- commands


def cmd_check(args: argparse.Namespace, config_path: Path) -> int:
    config = _load(config_path)
    print(f"{config_path}: valid")
    print(f"  storage: {logs.Redactor()(config.storage)}")
    print(f"  timezone: {config.timezone}")
    print(f"  actors: {len(config.actors)} ({', '.join(a.name for a in config.actors[:6])}"
          f"{', ...' if len(config.actors) > 6 else ''})")
    print(f"  topic: {len(config.topic.include)} include, {len(config.topic.require)} require, "
          f"{len(config.topic.exclude)} exclude terms")
    print(f"  sources: {len(config.sources)}")
    for source in config.sources:
        every = _duration(source.every_seconds)
        print(f"    {source.name}: {source.kind} {source.url} every {every}")
    print(f"  digests: {', '.join(f'{d.name} ({d.cron})' for d in config.digests) or 'none'}")
    print(f"  alerts: {', '.join(a.name for a in config.alerts) or 'none'}")
    if config.web:
        print(f"  web: {config.web.listen} (also served by 'monitor run'); review token from "
              f"{config.web.review_token_env or 'nowhere: reviewing is off'}")
        host = config.web.listen.rpartition(":")[0].strip("[]")
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"  warning: web.listen {config.web.listen} is reachable from other machines; "
                  "reading is open to anyone who can reach it (reviewing needs the token)")
    for warning in config_warnings(config):
        print(f"  warning: {warning}")
    return EXIT_OK


def cmd_poll(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.pipeline import poll
    from monitor.store import Store

    config = _load(config_path)
    if args.source:
        known = {s.name.casefold() for s in config.sources}
        unknown = [name for name in args.source if name.casefold() not in known]
        if unknown:
            raise UsageError(f"no source named {', '.join(unknown)}; the sources are: "
                             f"{', '.join(s.name for s in config.sources)}")
    wanted = {n.casefold() for n in args.source} if args.source else None
    total = sum(1 for s in config.sources if wanted is None or s.name.casefold() in wanted)
    store = Store.open(config.storage)
    try:
        import asyncio

        with _progress(total, enabled=_show_progress(args)):
            # Now, whatever the backoff: every pending article is retried too (the contract).
            report = asyncio.run(poll(config, store, only=args.source, honour_backoff=False))
        _send_alerts(config, store, report.new_statement_ids,
                     sys.stderr if args.quiet else sys.stdout)
    finally:
        store.close()
    failed = len(report.failed)
    for source in report.sources:
        if not source.ok:
            print(f"{source.name}: FAILED: {source.error}",
                  file=sys.stderr if args.quiet else sys.stdout)
            continue
        if args.quiet:
            continue
        state = "unchanged (304)" if source.not_modified else f"{source.links_seen} links"
        line = (f"{source.name}: {state}, {source.new_articles} new articles, "
                f"{source.new_statements} new statements")
        if source.robots_skipped:
            line += f", {source.robots_skipped} links skipped (robots.txt)"
        if source.article_errors:
            line += f", {len(source.article_errors)} articles failed"
            if source.retrying:
                line += f" ({source.retrying} will be retried by later polls)"
            if source.given_up:
                line += f" ({source.given_up} given up after repeated failures)"
        if source.deferred:
            cap = next((s.max_new_articles for s in config.sources if s.name == source.name), 0)
            line += (f", {source.deferred} more new articles wait for the next poll "
                     f"(max_new_articles: {cap})")
        print(line)
        for error in source.article_errors[:5]:
            print(f"    {error}")
    print(f"total: {_plural(len(report.sources), 'source')} polled ({failed} failed), "
          f"{_plural(report.new_articles, 'new article')}, "
          f"{_plural(len(report.new_statement_ids), 'new statement')}")
    if report.sources and failed == len(report.sources):
        print("monitor: every polled source failed (exit status 3)", file=sys.stderr)
        return EXIT_ALL_FAILED
    return EXIT_OK


def _show_progress(args: argparse.Namespace) -> bool:
    """A live progress line only for a person watching: stdout and stderr are terminals, and
    neither --quiet nor -v (whose log lines are the progress) is given."""
    return (not args.quiet and not getattr(args, "verbose", False)
            and sys.stdout.isatty() and sys.stderr.isatty())


class _progress:  # noqa: N801 - used as a context manager, like contextlib's helpers
    """rich's progress bar on stderr, fed by the pipeline's debug records (their `event`)."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
        self.counts = {"articles": 0, "statements": 0, "errors": 0}

    def __enter__(self) -> _progress:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(SpinnerColumn(), TextColumn("polling"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("sources · {task.fields[summary]}"),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.task = self.bar.add_task("poll", total=self.total, summary=self._summary())
        self.bar.start()
        self.handler = _EventHandler(self._on_event)
        pipeline_log = logging.getLogger("monitor.pipeline")
        self.level = pipeline_log.level
        pipeline_log.setLevel(logging.DEBUG)
        pipeline_log.addHandler(self.handler)
        return self

    def _summary(self) -> str:
        c = self.counts
        return (f"{_plural(c['articles'], 'article')}, {_plural(c['statements'], 'statement')}, "
                f"{_plural(c['errors'], 'error')}")

    def _on_event(self, record: logging.LogRecord) -> None:
        event, counts = getattr(record, "event", None), getattr(record, "counts", None) or {}
        if event == "article_stored":
            self.counts["articles"] += counts.get("articles", 0)
            self.counts["statements"] += counts.get("statements", 0)
        elif event == "source_polled":
            self.counts["errors"] += counts.get("errors", 0)
        else:
            return
        self.bar.update(self.task, advance=1 if event == "source_polled" else 0,
                        summary=self._summary())

    def __exit__(self, *_exc: object) -> None:
        if not self.enabled:
            return
        pipeline_log = logging.getLogger("monitor.pipeline")
        pipeline_log.removeHandler(self.handler)
        pipeline_log.setLevel(self.level)
        self.bar.stop()


class _EventHandler(logging.Handler):
    def __init__(self, callback: Callable[[logging.LogRecord], None]) -> None:
        super().__init__(logging.DEBUG)
        self.callback = callback

    def emit(self, record: logging.LogRecord) -> None:
        self.callback(record)


def _send_alerts(config: Config, store: object, ids: list[str], out: TextIO) -> None:
    if not config.alerts or not ids:
        return
    from monitor.deliver import send_alerts

    send_alerts(config, store, ids, out)  # type: ignore[arg-type]


def cmd_run(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.service import run_service

    config = _load(config_path)
    for warning in config_warnings(config):  # what `check` warns about, said again at start
        log.warning("%s", warning)
    return run_service(config, config_path)


def cmd_statements(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.store import Store

    config = _load(config_path)
    outlet = _outlet_name(config, args.outlet) if args.outlet else None
    store = Store.open(config.storage)
    try:
        actor = _actor_name(config, store, args.actor) if args.actor else None
        statements = store.statements(since=args.since, until=args.until, actor=actor,
                                      include_off_topic=args.all,
                                      search=args.search)
    finally:
        store.close()
    if outlet is not None:
        statements = [s for s in statements
                      if any(m.outlet.casefold() == outlet.casefold() for m in s.mentions)]
    if args.limit is not None:
        statements = statements[: args.limit]
    if args.format == "table":
        _print_table(statements, sys.stdout, args.explain, config.timezone)
    else:
        {"jsonl": _print_jsonl, "csv": _print_csv}[args.format](statements, sys.stdout)
    return EXIT_OK


def _actor_name(config: Config, store: Any, label: str) -> str:
    for actor in config.actors:
        if label.casefold() in (actor.name.casefold(), *(a.casefold() for a in actor.aliases)):
            return actor.name
    if store.statements(actor=label, include_off_topic=True):
        return label  # no longer configured, but the store still holds their statements
    raise UsageError(f"no tracked actor named {label!r}; the actors are: "
                     f"{', '.join(a.name for a in config.actors)} (names or aliases)")


def _outlet_name(config: Config, label: str) -> str:
    for source in config.sources:
        if source.name.casefold() == label.casefold():
            return source.name
    raise UsageError(f"no outlet named {label!r}; the outlets are the sources: "
                     f"{', '.join(s.name for s in config.sources)}")


def _print_jsonl(statements: list[Statement], out: TextIO) -> None:
    from monitor.digest import statement_to_json

    for statement in statements:
        out.write(json.dumps(statement_to_json(statement), ensure_ascii=False) + "\n")


def _print_csv(statements: list[Statement], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(["id", "actor", "kind", "text", "first_seen", "first_published", "on_topic",
                     "mentions", "outlets", "first_url"])
    for s in statements:
        writer.writerow([s.id, s.actor, s.kind, s.text, s.first_seen.isoformat(),
                         s.first_published.isoformat() if s.first_published else "", s.on_topic,
                         len(s.mentions), "; ".join(sorted({m.outlet for m in s.mentions})),
                         s.mentions[0].url if s.mentions else ""])


def _print_table(statements: list[Statement], out: TextIO, explain: bool,
                 timezone: str = "UTC") -> None:
    from monitor.digest import display_wording, format_time

    if not statements:
        out.write("no statements stored yet for this selection; run 'monitor poll' first\n")
        return
    # Cut long wordings to the terminal's width only when a person reads them there; piped to
    # a file or another program, every word is kept.
    width = shutil.get_terminal_size((120, 20)).columns if out.isatty() else None
    for s in statements:
        outlets = sorted({m.outlet for m in s.mentions})
        head = (f"{format_time(s.first_seen, timezone)}  {s.actor}  [{s.kind}, "
                f"{len(s.mentions)} mention{'s' if len(s.mentions) != 1 else ''}: "
                f"{', '.join(outlets[:3])}{', ...' if len(outlets) > 3 else ''}]")
        out.write(head + "\n")
        text = display_wording(s.text) if s.kind == "direct" else s.text
        if width is not None and len(text) >= width - 16:
            text = text[: max(20, width - 19)] + "..."
        # Reported speech is the outlet's paraphrase: never dress it in quotation marks.
        out.write(f"    “{text}”\n" if s.kind == "direct" else f"    reported: {text}\n")
        if explain:
            for m in s.mentions:
                out.write(f"      - {m.outlet}: speaker “{m.speaker}”, cue “{m.cue}”, "
                          f"confidence {m.confidence:.2f}, {m.url}\n")


def cmd_extract(args: argparse.Namespace, config_path: Path) -> int:
    import asyncio

    from monitor.pipeline import read_target

    config = _load(config_path)
    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    status = EXIT_OK
    for target in args.targets:
        try:
            text, verdict, mentions = asyncio.run(read_target(target, config))
        except FetchError as exc:
            # The reason alone: the target is named once, and it came from the command line,
            # not from the config.
            reason = re.sub(r"(check (the URL|it)) in the config", r"\1", exc.reason)
            print(f"monitor: {target}: {reason}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        except MonitorError as exc:
            print(f"monitor: {target}: {exc}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        record = {
            "target": target, "url": text.url, "title": text.title, "author": text.author,
            "published": text.published.isoformat() if text.published else None,
            "text": text.text, "on_topic": verdict.on_topic, "topic_reason": verdict.reason,
            "mentions": [{"actor": m.actor, "text": m.text, "kind": m.kind, "speaker": m.speaker,
                          "cue": m.cue, "confidence": round(m.confidence, 3)} for m in mentions],
        }
        if fmt == "json":
            print(json.dumps(record, ensure_ascii=False))
            continue
        print(f"== {target}")
        for key in ("url", "title", "author", "published", "on_topic", "topic_reason"):
            print(f"{key}: {record[key]}")
        print(f"\n{text.text}\n")
        print(f"mentions ({len(mentions)}):")
        for m in mentions:
            print(f"  {m.actor} [{m.kind}; speaker “{m.speaker}”, cue “{m.cue}”]: “{m.text}”")
        print()
    return status


def cmd_status(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.health import collect_status, render_status

    config = _load(config_path)
    report = collect_status(config)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=None))
    else:
        sys.stdout.write(render_status(report))
    if args.strict and report["problems"]:
        for problem in report["problems"]:
            print(f"monitor: unhealthy: {problem}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.store import Store
    from monitor.web.server import listen_address, serve

    config = load_config(config_path)
    listen_address(config, args.listen)  # a bad address is a usage error, before opening
    store = Store.open(config.storage)
    try:
        return serve(config, store, args.listen)
    finally:
        store.close()


def cmd_init(args: argparse.Namespace, config_path: Path) -> int:
    folder: Path = args.folder
    starters = resources.files("monitor") / "data" / "starter"
    targets = {name: folder / name for name in ("monitor.yaml", "actors.yaml")}
    existing = [str(path) for path in targets.values() if path.exists()]
    if existing:
        print(f"monitor: {', '.join(existing)} already exists; nothing written (move it away or "
              "choose another folder)", file=sys.stderr)
        return EXIT_FAILED
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in targets.items():
        path.write_text((starters / name).read_text(encoding="utf-8"), encoding="utf-8")
        print(f"wrote {path}")
    print(f"next: edit the sources and digests in {targets['monitor.yaml']} (the examples are "
          f"real outlets and example.org addresses), then run "
          f"'monitor --config {targets['monitor.yaml']} check'")
    return EXIT_OK


def cmd_digest(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.deliver import run_digest
    from monitor.store import Store

    config = _load(config_path)
    to_stdout = args.preview is not None and str(args.preview) == "-"
    store = Store.open(config.storage)
    try:
        if not to_stdout:
            return run_digest(config, store, args.name, since=args.since, until=args.until,
                              send=args.send, preview=args.preview, force=args.force,
                              out=sys.stdout)
        # `--preview -`: the HTML on stdout, what was done on stderr.
        with tempfile.TemporaryDirectory() as folder:
            preview = Path(folder) / "preview.html"
            said = io.StringIO()
            status = run_digest(config, store, args.name, since=args.since, until=args.until,
                                send=args.send, preview=preview, force=args.force, out=said)
            sys.stdout.write(preview.read_text(encoding="utf-8") if preview.exists() else "")
            sys.stderr.write(said.getvalue().replace(str(preview), "stdout"))
            return status
    finally:
        store.close()


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "check": cmd_check, "poll": cmd_poll, "run": cmd_run, "statements": cmd_statements,
    "extract": cmd_extract, "status": cmd_status, "init": cmd_init, "digest": cmd_digest,
    "serve": cmd_serve,
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _duration(seconds: int) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
