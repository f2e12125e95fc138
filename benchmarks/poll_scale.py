"""How fast `monitor poll` reads many outlets end to end, against nginx on loopback.

    .venv/bin/pip install -e '.[bench]'          # trafilatura, for the comparison
    .venv/bin/python benchmarks/poll_scale.py /work/shared/corpus/dev --copies 20
    .venv/bin/python benchmarks/poll_scale.py /work/shared/corpus/dev --copies 20 --workers 2

The corpus (outlets.json and articles/, the ceasefire corpus's format) is exported N times over
as a static site by the newsroom (`newsroom.py --export DIR --base URL --copies N`, found beside
the corpus's shared folder or given with --newsroom) and served by nginx (Debian: `apt-get
install nginx`; nothing is installed by this script). nginx is pinned to the first core and the
monitor to the second (taskset), so the monitor's figures are one core's.

One cold `monitor poll` (empty SQLite database) reads every feed, section page and article; a
warm poll right after finds nothing new. Then trafilatura's `extract()` reads the same article
pages on the monitor's core, in a process of its own, so that our end-to-end throughput (fetch,
text, topic, attribution, dedupe, store) can be compared with its text extraction alone.

--workers K sets `workers: K` (the analysis process pool) and lets the monitor use K cores (on a
2-core machine the second core is nginx's too); the cold poll is then run with one worker as
well, and the speed-up is reported.

Prints ONE JSON line: articles, sources, cold_s, articles_per_s, cpu_s (the pool's processes
included), cpu_ms_per_article, peak_rss_mb (the largest process) and peak_rss_all_processes_mb,
warm_s, warm_cpu_s, warm_requests, cold_requests, trafilatura_ms_per_page and ratio_vs_trafilatura
(throughput) and ratio_cpu_vs_trafilatura (CPU per article), plus, with
--workers K > 1, cold_s_1_worker and speedup.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOPIC = ["ceasefire", "cease-fire", "truce", "peace talks", "peace deal", "peace plan",
         "peace agreement", "peace process", "negotiations", "negotiators", "memorandum",
         "security guarantees", "prisoner exchange", "prisoner swap"]
REQUIRE = ["Ukraine", "Ukrainian", "Russia", "Russian", "Kyiv", "Moscow", "Kremlin"]

NGINX_CONF = """daemon off;
user root;
worker_processes 1;
pid nginx.pid;
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
    access_log {log} ;
    types {{ application/rss+xml xml; text/plain txt; text/html html; }}
    default_type application/octet-stream;
    gzip on;
    gzip_types application/rss+xml text/html;
    keepalive_requests 100000;
    client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp;
    uwsgi_temp_path tmp; scgi_temp_path tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ index index.html; }}
    }}
}}
"""

TRAFILATURA_SCRIPT = """
import sys, time, pathlib
import trafilatura
pages = [pathlib.Path(p).read_text(encoding="utf-8") for p in sys.argv[1:]]
trafilatura.extract(pages[0])  # warm up imports and caches
cpu, wall = time.process_time(), time.perf_counter()
for html in pages:
    trafilatura.extract(html)
print(time.process_time() - cpu, time.perf_counter() - wall)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cores(count: int) -> tuple[str, str]:
    """(nginx's cores, the monitor's cores) for taskset."""
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return str(available[0]), str(available[0])
    monitor = available[1:1 + count]
    if len(monitor) < count:  # not enough cores to keep nginx apart: share
        monitor = available[:count]
    return str(available[0]), ",".join(map(str, monitor))


def _find_nginx(given: str | None) -> str:
    nginx = given or shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                               else None)
    if not nginx:
        sys.exit("poll_scale: nginx is not installed. On Debian or Ubuntu: "
                 "`sudo apt-get install nginx` (this script installs nothing itself).")
    return nginx


def _write_config(folder: Path, corpus: Path, actors: Path, base: str, copies: int,
                  storage: str, workers: int | None) -> Path:
    outlets = json.loads((corpus / "outlets.json").read_text(encoding="utf-8"))
    lines = [f"storage: {storage}", "timezone: UTC", f"actors: {actors}", "topic:",
             f"  include: {json.dumps(TOPIC)}", f"  require: {json.dumps(REQUIRE)}"]
    if workers is not None:
        lines.append(f"workers: {workers}")
    lines.append("sources:")
    for copy in range(copies):
        for outlet in outlets:
            slug = f"{outlet['slug']}-{copy}" if copies > 1 else outlet["slug"]
            kind, url = (("page", f"{base}/{slug}/world/") if outlet["feed"] == "none"
                         else ("feed", f"{base}/{slug}/feed.xml"))
            lines += [f"  - name: {json.dumps(outlet['name'] + f' {copy}')}",
                      f"    {kind}: {url}", "    every: 15m"]
    path = folder / "monitor.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


class _Descendants(threading.Thread):
    """Samples the CPU time and RSS of a process's descendants (an analysis pool's processes
    are children of multiprocessing's fork server, so the wait4() of the monitor misses them)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.cpu, self.rss = root, {}, {}  # pid -> seconds, bytes
        self.peak_total_rss = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            stats = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        with open(f"/proc/{entry}/stat") as handle:
                            fields = handle.read().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    stats[int(entry)] = fields
            family, grew = {self.root}, True
            while grew:
                new = {pid for pid, f in stats.items() if int(f[1]) in family} - family
                family |= new
                grew = bool(new)
            total = 0
            for pid in family:
                if pid in stats:
                    fields = stats[pid]
                    self.rss[pid] = int(fields[21]) * PAGE
                    total += self.rss[pid]
                    if pid != self.root:
                        self.cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
            self.peak_total_rss = max(self.peak_total_rss, total)


def _run_pinned(cores: str, command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run a command on `cores`; its wall time, CPU time (descendants included), peak RSS (of
    the largest process, and of all of them together)."""
    # Output to files, not pipes: read only after wait4(), a pipe would fill (a poll of 1,000
    # sources prints more than a pipe holds) and the poll would block on its last lines.
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(["taskset", "-c", cores, *command], env=env,
                                   stdout=stdout, stderr=stderr)
        sampler = _Descendants(process.pid)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        stdout.seek(0)
        stderr.seek(0)
        out = stdout.read().decode(errors="replace")
        err = stderr.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"poll_scale: {' '.join(command)} failed ({status}):\n{out[-2000:]}\n"
                 f"{err[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime + sum(sampler.cpu.values()),
            "cpu_main": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "out": out,  # type: ignore[dict-item]
            "total_rss_mb": max(sampler.peak_total_rss / 2**20, usage.ru_maxrss / 1024)}


def _count(storage: str, table: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(storage.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar())
    finally:
        engine.dispose()


def _fresh_storage(folder: Path, storage: str | None, tag: str) -> str:
    if storage is None:
        return f"sqlite:///{folder / f'monitor-{tag}.db'}"
    import sqlalchemy as sa

    name = f"poll_scale_{tag}_{os.getpid()}"
    engine = sa.create_engine(storage.replace("postgresql://", "postgresql+psycopg://"),
                              isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return storage.rsplit("/", 1)[0] + "/" + name


def _article_pages(site: Path) -> list[str]:
    return sorted(str(p) for p in site.glob("*/20*/**/*.html"))


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--workers", type=int, default=None,
                        help="the analysis process pool's size (config `workers:`)")
    parser.add_argument("--storage", help="a PostgreSQL URL to use instead of a fresh SQLite "
                                          "file (a database is created in it per run)")
    parser.add_argument("--monitor", default=str(Path(sys.executable).with_name("monitor")))
    parser.add_argument("--newsroom", type=Path)
    parser.add_argument("--actors", type=Path)
    parser.add_argument("--nginx")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="also profile a cold and a warm poll with pyinstrument (pip "
                             "install pyinstrument) and write its text report to FILE")
    args = parser.parse_args()

    corpus = args.corpus.resolve()
    shared = corpus.parent.parent
    newsroom = args.newsroom or shared / "newsroom" / "newsroom.py"
    actors = (args.actors or next(
        (p for p in (corpus / "actors.yaml", shared / "corpus_actors.yaml") if p.exists()),
        None))
    if actors is None or not newsroom.exists():
        sys.exit("poll_scale: give --actors FILE and --newsroom PATH/newsroom.py")
    nginx = _find_nginx(args.nginx)
    workers = args.workers
    nginx_core, monitor_cores = _cores(workers or 1)
    env = dict(os.environ, PYTHONHASHSEED="0")

    with tempfile.TemporaryDirectory(prefix="poll_scale-") as tmp:
        folder = Path(tmp)
        site = folder / "site"
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        subprocess.run([sys.executable, str(newsroom), str(corpus), "--export", str(site),
                        "--base", base, "--copies", str(args.copies)], check=True,
                       stdout=subprocess.DEVNULL)
        (folder / "tmp").mkdir()
        access_log = folder / "access.log"
        conf = folder / "nginx.conf"
        conf.write_text(NGINX_CONF.format(port=port, root=site, log=access_log))
        server = subprocess.Popen(["taskset", "-c", nginx_core, nginx, "-p", str(folder),
                                   "-c", str(conf)], stderr=subprocess.PIPE)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            result = _measure(args, folder, corpus, actors, base, env, monitor_cores,
                              access_log, workers)
            pages = _article_pages(site)
            result.update(_trafilatura(pages, monitor_cores.split(",")[0], env))
        finally:
            server.terminate()
            server.wait(10)
    traf_s = result.pop("_traf_wall_per_page")
    traf_cpu = result.pop("_traf_cpu_per_page")
    result["trafilatura_ms_per_page"] = round(traf_s * 1000, 2)
    result["trafilatura_cpu_ms_per_page"] = round(traf_cpu * 1000, 2)
    result["ratio_vs_trafilatura"] = round(result["articles_per_s"] * traf_s, 3)
    result["ratio_cpu_vs_trafilatura"] = round(
        traf_cpu * 1000 / result["cpu_ms_per_article"], 3) if result["cpu_ms_per_article"] else None
    print(json.dumps(result))


def _measure(args: argparse.Namespace, folder: Path, corpus: Path, actors: Path, base: str,
             env: dict[str, str], cores: str, access_log: Path,
             workers: int | None) -> dict[str, float]:
    storage = _fresh_storage(folder, args.storage, "cold")
    config = _write_config(folder, corpus, actors, base, args.copies, storage, workers)
    poll = [args.monitor, "--config", str(config), "poll"]
    if args.profile:  # FILE for the cold poll, FILE.warm.txt for a warm one right after
        profiled = _fresh_storage(folder, args.storage, "profile")
        profiled_config = str(_write_config(folder, corpus, actors, base, args.copies,
                                            profiled, workers))
        for output in (args.profile, args.profile.with_suffix(".warm.txt")):
            _run_pinned(cores, [sys.executable, "-m", "pyinstrument", "-r", "text", "--show-all",
                                "-o", str(output.resolve()), args.monitor, "--config",
                                profiled_config, "poll"], env)
        config = _write_config(folder, corpus, actors, base, args.copies, storage, workers)
    before = _lines(access_log)
    cold = _run_pinned(cores, poll, env)
    cold_requests = _lines(access_log) - before
    articles = _count(storage, "articles")
    before = _lines(access_log)
    warm = _run_pinned(cores, poll, env)
    warm_requests = _lines(access_log) - before
    result: dict[str, float] = {
        "copies": args.copies,
        "workers": workers or 1,
        "monitor_cores": cores,
        "articles": articles,
        "statements": _count(storage, "statements"),
        "sources": args.copies * len(json.loads((corpus / "outlets.json").read_text())),
        "cold_s": round(cold["wall"], 2),
        "articles_per_s": round(articles / cold["wall"], 1),
        "cpu_s": round(cold["cpu"], 2),
        "cpu_ms_per_article": round(cold["cpu"] * 1000 / max(articles, 1), 2),
        "peak_rss_mb": round(max(cold["rss_mb"], warm["rss_mb"]), 1),
        "peak_rss_all_processes_mb": round(max(cold["total_rss_mb"], warm["total_rss_mb"]), 1),
        "cold_requests": cold_requests,
        "warm_s": round(warm["wall"], 2),
        # All sources on one host (2 requests in flight per host): the warm wall time waits
        # on nginx's core too; the CPU time is the monitor's own.
        "warm_cpu_s": round(warm["cpu"], 2),
        "warm_requests": warm_requests,
    }
    if workers and workers > 1:
        # Where the CPU went: the event loop's process (fetch, feeds, store) and the pool's
        # (analysis). With cores enough for both, the larger share bounds the wall time.
        result["cpu_s_main_process"] = round(cold["cpu_main"], 2)
        result["cpu_s_pool"] = round(cold["cpu"] - cold["cpu_main"], 2)
        storage = _fresh_storage(folder, args.storage, "one")
        config = _write_config(folder, corpus, actors, base, args.copies, storage, 1)
        one = _run_pinned(cores, [args.monitor, "--config", str(config), "poll"], env)
        result["cold_s_1_worker"] = round(one["wall"], 2)
        result["cpu_s_1_worker"] = round(one["cpu"], 2)
        result["speedup"] = round(one["wall"] / cold["wall"], 2)
    return result


def _trafilatura(pages: list[str], core: str, env: dict[str, str]) -> dict[str, float]:
    """trafilatura.extract() over the same article pages, on the monitor's core."""
    try:
        out = subprocess.run(
            ["taskset", "-c", core, sys.executable, "-c", TRAFILATURA_SCRIPT, *pages],
            check=True, capture_output=True, text=True, env=env).stdout
    except subprocess.CalledProcessError as error:
        sys.exit(f"poll_scale: trafilatura failed (install it: pip install -e '.[bench]'):\n"
                 f"{error.stderr[-1500:]}")
    cpu, wall = map(float, out.split())
    return {"pages": len(pages), "_traf_wall_per_page": wall / len(pages),
            "_traf_cpu_per_page": cpu / len(pages)}


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (8192, 8192))
    main()
