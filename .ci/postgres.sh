#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the store tests and print the URL to test against.
#
#   export MONITOR_TEST_POSTGRES_URL=$(.ci/postgres.sh)   # then: .venv/bin/pytest tests/test_store.py
#   .ci/postgres.sh stop             # stops the server started last and deletes its data
#
# Only the URL goes to stdout; progress and errors go to stderr. Works as root on a
# fresh machine (postgres refuses to run as root, so the server runs as the `postgres` user, or a
# `pgtest` user created for it) and installs Debian's `postgresql` package when no server binaries
# are found. Environment: MONITOR_PG_PORT (default 55432; the next free port is taken if busy).
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
LAST_FILE=/tmp/monitor-pg.last

find_bindir() {
    local candidate
    for candidate in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" \
        /usr/local/bin /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
        if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" && -x "$candidate/postgres" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

as_server_user() {
    # Run a command as the unprivileged server user (or as ourselves when not root).
    if [[ $(id -u) -eq 0 ]]; then
        su "$SERVER_USER" -s /bin/bash -c "$*"
    else
        bash -c "$*"
    fi
}

if [[ "${1:-start}" == "stop" ]]; then
    datadir="$(cat "$LAST_FILE" 2>/dev/null || true)"
    [[ -n "$datadir" && -d "$datadir" ]] || { log "no server to stop"; exit 0; }
    bindir=$(find_bindir) || { log "pg_ctl not found"; exit 1; }
    SERVER_USER=$(stat -c %U "$datadir")
    as_server_user "'$bindir/pg_ctl' -D '$datadir' -m fast -w stop" >&2 || true
    rm -rf "$datadir" "$datadir.initdb.log" "$LAST_FILE"
    log "stopped and removed $datadir"
    exit 0
fi

if ! bindir=$(find_bindir); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        log "no PostgreSQL server binaries found; installing Debian's postgresql package"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bindir=$(find_bindir) || { log "postgresql installed but initdb not found"; exit 1; }
    else
        log "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found; install postgresql"
        exit 1
    fi
fi

SERVER_USER=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
    if id postgres >/dev/null 2>&1; then
        SERVER_USER=postgres
    else
        id pgtest >/dev/null 2>&1 || useradd -m pgtest
        SERVER_USER=pgtest
    fi
fi

port="${MONITOR_PG_PORT:-55432}"
port_busy() { (echo >"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }
while port_busy "$port"; do port=$((port + 1)); done

datadir=$(mktemp -d /tmp/monitor-pgdata.XXXXXX)
chmod 700 "$datadir"
[[ $(id -u) -eq 0 ]] && chown "$SERVER_USER" "$datadir"

log "initdb in $datadir as $SERVER_USER ($bindir)"
as_server_user "'$bindir/initdb' -D '$datadir' -U postgres --auth trust -E UTF8 --no-locale" \
    >"$datadir.initdb.log" 2>&1 || { cat "$datadir.initdb.log" >&2; exit 1; }
# fsync off: a throwaway server for tests; durability is not what is being tested.
as_server_user "'$bindir/pg_ctl' -D '$datadir' -w -l '$datadir/server.log' \
    -o \"-p $port -k '$datadir' -c listen_addresses=127.0.0.1 -c fsync=off\" start" >&2 \
    || { cat "$datadir/server.log" >&2; exit 1; }
echo "$datadir" >"$LAST_FILE"

url="postgresql://postgres@127.0.0.1:$port/postgres"
log "PostgreSQL running: $url (stop with: .ci/postgres.sh stop)"
echo "$url"
