"""Configuration: valid files load; every problem is reported at once with file and key path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from monitor.config import load_config, parse_duration
from monitor.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent

ACTORS = """
actors:
  - name: Dmitry Peskov
    aliases: [Peskov]
    roles: [Kremlin spokesman]
  - name: Marco Rubio
    aliases: [Rubio]
    roles:
      - {title: Secretary of State, from: 2025-01-21}
  - name: Antony Blinken
    aliases: [Blinken]
    roles:
      - {title: Secretary of State, from: 2021-01-26, until: 2025-01-20}
"""


def write(folder: Path, text: str, actors: str = ACTORS) -> Path:
    (folder / "actors.yaml").write_text(actors, encoding="utf-8")
    path = folder / "monitor.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
storage: sqlite:///data/monitor.db
timezone: Europe/Kyiv
actors: actors.yaml
topic: {include: [ceasefire], require: [Ukraine]}
sources:
  - {name: One, feed: "http://127.0.0.1:9/feed.xml", every: 2m}
  - {name: Two, page: "http://127.0.0.1:9/world/", links: "main h2 a"}
digests:
  - name: daily
    cron: "0 7 * * *"
    webhook: {url: "http://127.0.0.1:9/hook", secret_env: HOOK_SECRET}
alerts:
  - {name: urgent, actors: [Peskov], keywords: [truce], webhook: {url: "http://127.0.0.1:9/u"}}
"""


def test_example_config_in_the_repository_is_valid() -> None:
    config = load_config(ROOT / "config" / "monitor.yaml")
    assert config.sources and config.actors
    assert any(actor.name == "Vladimir Putin" for actor in config.actors)
    # It sends nothing until edited: a newcomer's first `monitor run` mails no example host.
    assert not config.digests and not config.alerts


def test_the_example_digests_and_alerts_are_valid_once_uncommented(tmp_path: Path) -> None:
    text = (ROOT / "config" / "monitor.yaml").read_text()
    block = text[text.index("# digests:"):]
    uncommented = "\n".join(line[2:] for line in block.splitlines())
    example = text[: text.index("# Digests and alerts")] + uncommented + "\n"
    actors = ROOT / "config" / "actors.yaml"
    (tmp_path / "monitor.yaml").write_text(example.replace("actors: actors.yaml",
                                                           f"actors: {actors}"))
    config = load_config(tmp_path / "monitor.yaml")
    assert [d.name for d in config.digests] == ["daily"] and config.digests[0].email
    assert [a.name for a in config.alerts] == ["kremlin-on-truce"]


def test_starter_files_written_by_init_are_the_example_config() -> None:
    starter = ROOT / "monitor" / "data" / "starter"
    for name in ("monitor.yaml", "actors.yaml"):
        assert (starter / name).read_text() == (ROOT / "config" / name).read_text()


def test_good_config_loads_with_relative_paths_resolved(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.storage == f"sqlite:///{tmp_path / 'data' / 'monitor.db'}"
    assert [s.every_seconds for s in config.sources] == [120, 900]
    assert config.sources[1].links == "main h2 a"
    assert config.alerts[0].actors == ("Dmitry Peskov",)  # an alias resolves to the actor
    rubio = next(a for a in config.actors if a.name == "Marco Rubio")
    assert rubio.roles[0].since == date(2025, 1, 21)
    assert not rubio.roles[0].held_on(date(2024, 6, 1))


def test_every_problem_is_reported_at_once_with_file_and_key_path(tmp_path: Path) -> None:
    bad = """
storage: mysql://nowhere
timezone: Mars/Base
actors: actors.yaml
topic: {include: [ceasefire], requir: [Ukraine]}
sources:
  - {name: One, feed: "ftp://example.org/feed", every: 15 minutes}
  - {name: One, page: "http://example.org/"}
  - {name: Three, feed: "http://example.org/f", page: "http://example.org/p"}
digests:
  - {name: daily, cron: "61 * * *", email: {to: [desk], from: m@example.org,
     smtp: {host: smtp.example.org, password: hunter2}}}
"""
    path = write(tmp_path, bad)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = caught.value.problems
    expected = [
        "storage:", "timezone:", "topic.requir: unknown key; did you mean 'require'?",
        "sources[0].feed:", "sources[0].every:", "sources[1].name: 'One' is used twice",
        "sources[2]: give exactly one of", "digests[0].cron:", "digests[0].email.to[0]:",
        "digests[0].email.smtp.password: unknown key; secrets never sit in the YAML",
    ]
    for fragment in expected:
        assert any(fragment in line for line in problems), (fragment, problems)
    assert all(line.startswith(str(path)) for line in problems)


def test_missing_sources_and_unreadable_actors_file(tmp_path: Path) -> None:
    path = tmp_path / "monitor.yaml"
    path.write_text("actors: missing.yaml\ntopic: {include: [truce]}\nsources: []\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert "missing.yaml does not exist" in text
    assert "sources: no sources" in text


def test_actors_file_problems_name_the_actors_file(tmp_path: Path) -> None:
    actors = """
actors:
  - name: A One
    aliases: [Shared]
    roles: [{title: Envoy, from: 2025-05-01, until: 2024-01-01}]
  - name: B Two
    aliases: [Shared]
    nickname: x
"""
    path = write(tmp_path, GOOD, actors)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = caught.value.problems
    assert any("actors.yaml: actors[1].nickname: unknown key" in p for p in problems)
    assert any("'Shared' names both A One and B Two" in p for p in problems)
    assert any("'from' 2025-05-01 is after 'until'" in p for p in problems)


def test_invalid_yaml_says_where(tmp_path: Path) -> None:
    path = tmp_path / "monitor.yaml"
    path.write_text("sources:\n  - name: [unclosed\n")
    with pytest.raises(ConfigError, match=r"line \d+, column \d+: not valid YAML"):
        load_config(path)


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200),
                                               (45, 45), ("1d", 86400), ("soon", None)])
def test_durations(text: object, seconds: int | None) -> None:
    assert parse_duration(text) == seconds


def test_a_bad_date_in_the_actors_file_is_a_problem_line_not_a_crash(tmp_path: Path) -> None:
    actors = ACTORS.replace("from: 2025-01-21", "from: 2025-13-01")
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, GOOD, actors))
    assert caught.value.problems == [
        f"{tmp_path / 'actors.yaml'}: actors[1].roles[0].from: '2025-13-01' is not a date; "
        "write it as YYYY-MM-DD"]


def test_valid_dates_still_load_as_dates_once_yaml_timestamps_are_off(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    blinken = next(a for a in config.actors if a.name == "Antony Blinken")
    assert (blinken.roles[0].since, blinken.roles[0].until) == (date(2021, 1, 26),
                                                                 date(2025, 1, 20))


def test_a_bare_number_is_no_interval(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, GOOD.replace("every: 2m", "every: 5")))
    assert caught.value.problems == [
        f"{tmp_path / 'monitor.yaml'}: sources[0].every: '5' is not an interval with a unit; "
        "write 5s, 5m or 5h"]


def test_an_interval_under_the_minimum_is_refused_unless_the_source_lowers_it(
        tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, GOOD.replace("every: 2m", "every: 20s")))
    [problem] = caught.value.problems
    assert "sources[0].every: 20s is under the minimum interval of 1m" in problem
    assert "set min_interval: 20s on this source" in problem
    lowered = GOOD.replace("every: 2m", "every: 20s, min_interval: 10s")
    assert load_config(write(tmp_path, lowered)).sources[0].every_seconds == 20
    everywhere = "min_interval: 10s\n" + GOOD.replace("every: 2m", "every: 20s")
    assert load_config(write(tmp_path, everywhere)).sources[0].every_seconds == 20


def test_health_failing_after(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, GOOD)).failing_after_seconds == 6 * 3600
    config = load_config(write(tmp_path, "health: {failing_after: 2h}\n" + GOOD))
    assert config.failing_after_seconds == 7200
    with pytest.raises(ConfigError, match=r"health.failing_aftr: unknown key; did you mean"):
        load_config(write(tmp_path, "health: {failing_aftr: 2h}\n" + GOOD))


def test_no_problem_is_reported_twice(tmp_path: Path) -> None:
    # One unset channel shared by a digest and an alert, two identical bad keys: each line once.
    bad = GOOD.replace("every: 2m", "every: 2m, evry: 1m") + "  - {name: two, webhook: {}}\n"
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, bad))
    problems = caught.value.problems
    assert len(problems) == len(set(problems))
