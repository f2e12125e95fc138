# monitor in a container: `monitor run` as an unprivileged user, the SQLite file on a volume.
#
#   docker build -t monitor .
#   docker run -d --name monitor -v monitor-data:/data -v "$PWD/config:/config:ro" monitor
#
# compose.yaml runs it against PostgreSQL instead. README: "Run it in a container".
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY monitor ./monitor
COPY storage ./storage
# The PostgreSQL driver comes along so one image serves both storages. DL3013 (pin versions)
# does not apply: this installs the project itself, whose pyproject.toml bounds its dependencies.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[postgres]" \
    && rm -rf /src \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin monitor \
    && mkdir -p /data /config \
    && chown monitor:monitor /data

# The example configuration, to be replaced by a volume at /config (edit its sources and
# digests first); MONITOR_STORAGE puts the SQLite file on the /data volume whatever the file says.
COPY --chown=root:root config/ /config/
ENV MONITOR_CONFIG=/config/monitor.yaml \
    MONITOR_STORAGE=sqlite:////data/monitor.db

USER 10001:10001
WORKDIR /data
VOLUME ["/data"]

# Unhealthy when a source has failed for longer than health.failing_after, a delivery is
# stuck, or the configuration or the storage cannot be read.
HEALTHCHECK --interval=5m --timeout=30s --start-period=2m --retries=2 \
    CMD ["monitor", "status", "--strict"]

STOPSIGNAL SIGTERM
ENTRYPOINT ["monitor"]
CMD ["run", "--log-format", "json"]
