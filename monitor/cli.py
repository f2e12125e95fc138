"""The commands of the contract. Thin: parse arguments, call the steps, print, exit."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TextIO

from monitor import __version__
from monitor.config import default_config_path, load_config, missing_secrets, parse_duration
from monitor.digest import statement_to_json
from monitor.errors import ConfigError, MonitorError
from monitor.models import Config, Statement

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


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


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="the configuration file "
                             "(default: $MONITOR_CONFIG, else config/monitor.yaml)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log what happens to stderr")
    parser = argparse.ArgumentParser(
        prog="monitor", parents=[common],
        description="Follows the ceasefire negotiations in the news: who said what, where first.")
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    commands.add_parser("check", parents=[common], help="validate the configuration and actors")
    poll = commands.add_parser("poll", parents=[common], help="poll the sources once, now")
    poll.add_argument("--source", action="append", metavar="NAME", help="only this source")
    commands.add_parser("run", parents=[common], help="run the service until SIGINT/SIGTERM")

    listing = commands.add_parser("statements", parents=[common], help="list stored statements")
    listing.add_argument("--since", type=parse_when, metavar="WHEN",
                         help="first seen since: ISO 8601 or a duration like 24h, 7d")
    listing.add_argument("--actor", metavar="NAME", help="only this actor (name or alias)")
    listing.add_argument("--search", metavar="TEXT",
                         help='full-text search over the wording: words, "a phrase", -word, OR')
    listing.add_argument("--all", action="store_true", help="include off-topic articles")
    listing.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    listing.add_argument("--explain", action="store_true",
                         help="show why each mention was attributed: speaker, cue, confidence")

    extract = commands.add_parser("extract", parents=[common],
                                  help="show what monitor reads in pages (nothing is stored)")
    extract.add_argument("targets", nargs="+", metavar="TARGET", help="an HTML file or a URL")
    extract.add_argument("--format", choices=["json", "text"], default="text")

    commands.add_parser("status", parents=[common], help="sources' health and digests' state")
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
    digest.add_argument("--preview", type=Path, metavar="FILE", help="write the HTML email here")
    digest.add_argument("--force", action="store_true", help="send even if already sent")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if getattr(args, "verbose", False) or args.command == "run"
        else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    config_path: Path = getattr(args, "config", None) or default_config_path()
    handler: Callable[[argparse.Namespace, Path], int] = COMMANDS[args.command]
    try:
        return handler(args, config_path)
    except ConfigError as exc:
        print(f"monitor: the configuration is invalid ({len(exc.problems)} problems):",
              file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return EXIT_CONFIG if args.command == "check" else EXIT_FAILED
    except MonitorError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


# ---------------------------------------------------------------- commands


def cmd_check(args: argparse.Namespace, config_path: Path) -> int:
    config = load_config(config_path)
    print(f"{config_path}: valid")
    print(f"  storage: {config.storage}")
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
    for warning in missing_secrets(config):
        print(f"  warning: {warning}")
    return EXIT_OK


def cmd_poll(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.pipeline import poll
    from monitor.store import Store

    config = load_config(config_path)
    if args.source:
        known = {s.name.casefold() for s in config.sources}
        unknown = [name for name in args.source if name.casefold() not in known]
        if unknown:
            print(f"monitor: no source named {', '.join(unknown)}; the sources are: "
                  f"{', '.join(s.name for s in config.sources)}", file=sys.stderr)
            return EXIT_FAILED
    store = Store.open(config.storage)
    try:
        report = asyncio.run(poll(config, store, only=args.source))
        _send_alerts(config, store, report.new_statement_ids, sys.stdout)
    finally:
        store.close()
    for source in report.sources:
        if not source.ok:
            print(f"{source.name}: FAILED: {source.error}")
            continue
        state = "unchanged (304)" if source.not_modified else f"{source.links_seen} links"
        line = (f"{source.name}: {state}, {source.new_articles} new articles, "
                f"{source.new_statements} new statements")
        if source.robots_skipped:
            line += f", {source.robots_skipped} links skipped (robots.txt)"
        if source.article_errors:
            line += f", {len(source.article_errors)} articles failed"
        print(line)
        for error in source.article_errors[:5]:
            print(f"    {error}")
    failed = len(report.failed)
    print(f"total: {len(report.sources)} sources polled ({failed} failed), "
          f"{report.new_articles} new articles, {len(report.new_statement_ids)} new statements")
    return EXIT_OK


def _send_alerts(config: Config, store: object, ids: list[str], out: TextIO) -> None:
    if not config.alerts or not ids:
        return
    from monitor.deliver import send_alerts

    send_alerts(config, store, ids, out)  # type: ignore[arg-type]


def cmd_run(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.service import run_service

    return run_service(load_config(config_path), config_path)


def cmd_statements(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.store import Store

    config = load_config(config_path)
    actor = _actor_name(config, args.actor) if args.actor else None
    store = Store.open(config.storage)
    try:
        statements = store.statements(since=args.since, actor=actor, include_off_topic=args.all,
                                      search=args.search)
    finally:
        store.close()
    writer = {"jsonl": _print_jsonl, "csv": _print_csv, "table": _print_table}[args.format]
    writer(statements, sys.stdout, args.explain)
    return EXIT_OK


def _actor_name(config: Config, label: str) -> str:
    for actor in config.actors:
        if label.casefold() in (actor.name.casefold(), *(a.casefold() for a in actor.aliases)):
            return actor.name
    return label  # not configured (any more): the store may still hold their statements


def _print_jsonl(statements: list[Statement], out: TextIO, explain: bool) -> None:
    for statement in statements:
        out.write(json.dumps(statement_to_json(statement), ensure_ascii=False) + "\n")


def _print_csv(statements: list[Statement], out: TextIO, explain: bool) -> None:
    writer = csv.writer(out)
    writer.writerow(["id", "actor", "kind", "text", "first_seen", "first_published", "on_topic",
                     "mentions", "outlets", "first_url"])
    for s in statements:
        writer.writerow([s.id, s.actor, s.kind, s.text, s.first_seen.isoformat(),
                         s.first_published.isoformat() if s.first_published else "", s.on_topic,
                         len(s.mentions), "; ".join(sorted({m.outlet for m in s.mentions})),
                         s.mentions[0].url if s.mentions else ""])


def _print_table(statements: list[Statement], out: TextIO, explain: bool) -> None:
    if not statements:
        out.write("no statements stored yet for this selection; run 'monitor poll' first\n")
        return
    width = shutil.get_terminal_size((120, 20)).columns
    for s in statements:
        outlets = sorted({m.outlet for m in s.mentions})
        head = (f"{s.first_seen:%Y-%m-%d %H:%M}  {s.actor}  [{s.kind}, "
                f"{len(s.mentions)} mention{'s' if len(s.mentions) != 1 else ''}: "
                f"{', '.join(outlets[:3])}{', ...' if len(outlets) > 3 else ''}]")
        out.write(head + "\n")
        text = s.text if len(s.text) < width - 16 else s.text[: width - 19] + "..."
        # Reported speech is the outlet's paraphrase: never dress it in quotation marks.
        out.write(f"    “{text}”\n" if s.kind == "direct" else f"    reported: {text}\n")
        if explain:
            for m in s.mentions:
                out.write(f"      - {m.outlet}: speaker “{m.speaker}”, cue “{m.cue}”, "
                          f"confidence {m.confidence:.2f}, {m.url}\n")


def cmd_extract(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.pipeline import read_target

    config = load_config(config_path)
    status = EXIT_OK
    for target in args.targets:
        try:
            text, verdict, mentions = asyncio.run(read_target(target, config))
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
        if args.format == "json":
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
    from monitor.store import Store

    config = load_config(config_path)
    store = Store.open(config.storage)
    try:
        by_name = {s.name: s for s in store.source_status()}
        print("sources:")
        for source in config.sources:
            st = by_name.get(source.name)
            if st is None:
                print(f"  {source.name}: never polled")
                continue
            line = (f"  {source.name}: last poll {_when(st.last_poll_at)}, last success "
                    f"{_when(st.last_success_at)}, {st.consecutive_failures} consecutive failures, "
                    f"next poll {_when(st.next_poll_at)}, {st.articles} articles, "
                    f"{st.statements} statements")
            if st.consecutive_failures and st.last_error:
                line += f"; last error: {st.last_error}"
            print(line)
        print("digests:")
        if not config.digests:
            print("  none configured")
        _print_digest_status(config, store)
    finally:
        store.close()
    return EXIT_OK


def _print_digest_status(config: Config, store: object) -> None:
    if not config.digests:
        return
    from monitor.deliver import digest_status

    for line in digest_status(config, store):  # type: ignore[arg-type]
        print(f"  {line}")


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
    print(f"next: edit the sources in {targets['monitor.yaml']}, then run "
          f"'monitor --config {targets['monitor.yaml']} check'")
    return EXIT_OK


def cmd_digest(args: argparse.Namespace, config_path: Path) -> int:
    from monitor.deliver import run_digest
    from monitor.store import Store

    config = load_config(config_path)
    store = Store.open(config.storage)
    try:
        return run_digest(config, store, args.name, since=args.since, until=args.until,
                          send=args.send, preview=args.preview, force=args.force, out=sys.stdout)
    finally:
        store.close()


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "check": cmd_check, "poll": cmd_poll, "run": cmd_run, "statements": cmd_statements,
    "extract": cmd_extract, "status": cmd_status, "init": cmd_init, "digest": cmd_digest,
    "serve": cmd_serve,
}


def _duration(seconds: int) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "never"
