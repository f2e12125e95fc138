"""Topic profiles: the shipped data files load into typed settings, `topic: {profile: NAME}` is
validated by `monitor check`, and the contract's `topic:` keys keep working as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.models import Topic
from monitor.topic import available_profiles, load_profile, topic_score
from monitor.topic.profile import ProfileError, Weights, _section

ROOT = Path(__file__).resolve().parent.parent
ACTORS = "actors:\n  - name: Dmitry Peskov\n    aliases: [Peskov]\n    roles: [Kremlin spokesman]\n"


def config_with(folder: Path, topic: str) -> Path:
    (folder / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    path = folder / "monitor.yaml"
    path.write_text(
        f"actors: actors.yaml\ntopic: {topic}\n"
        "sources:\n  - {name: One, feed: 'http://127.0.0.1:9/feed.xml'}\n",
        encoding="utf-8",
    )
    return path


def problems(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return "\n".join(caught.value.problems)


# ---------------------------------------------------------------- the data files


def test_every_shipped_profile_loads_with_typed_settings() -> None:
    assert {"ceasefire", "generic"} <= set(available_profiles())
    for name in available_profiles():
        profile = load_profile(name)
        assert profile.name == name
        assert isinstance(profile.weights.title, float)
        assert isinstance(profile.subject.hits_per_sentence, int)


def test_the_ceasefire_profile_holds_the_war_lexicon_and_the_generic_one_none() -> None:
    ceasefire, generic = load_profile("ceasefire"), load_profile("generic")
    assert ceasefire.wording and "ending" in dict(ceasefire.wording.families)
    assert ceasefire.elsewhere and "truces?" in ceasefire.elsewhere.theatres
    assert "Kremlin" in ceasefire.terms.require
    assert (generic.wording, generic.sides, generic.elsewhere, generic.parties) == (None,) * 4


def test_an_unknown_profile_names_the_available_ones() -> None:
    with pytest.raises(ProfileError, match=r"available profiles: .*ceasefire.*generic"):
        load_profile("gardening")


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"title": 3, "lead": 2, "second": 1.5}, "weights.body: missing"),
        ({"title": "x", "lead": 2, "second": 1.5, "body": 1}, "expected float, found str"),
        ({"title": 3, "lead": 2, "second": 1.5, "body": 1, "tail": 0}, "unknown keys tail"),
    ],
)
def test_a_malformed_section_is_named_with_the_key(section: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        _section(Weights, section, "x.yaml: weights")


# ---------------------------------------------------------------- the configuration


def test_profile_alone_brings_its_terms(tmp_path: Path) -> None:
    topic = load_config(config_with(tmp_path, "{profile: ceasefire}")).topic
    assert topic.profile == "ceasefire"
    assert topic.include == load_profile("ceasefire").terms.include
    assert "Kremlin" in topic.require


def test_keys_given_beside_a_profile_replace_only_those_terms(tmp_path: Path) -> None:
    topic = load_config(config_with(tmp_path, "{profile: ceasefire, exclude: [Gaza]}")).topic
    assert topic.exclude == ("Gaza",)
    assert topic.include == load_profile("ceasefire").terms.include


def test_no_terms_and_no_profile_is_the_default_profile(tmp_path: Path) -> None:
    topic = load_config(config_with(tmp_path, "{}")).topic
    assert topic.profile is None and topic.require == load_profile("ceasefire").terms.require


def test_the_contract_keys_work_as_before(tmp_path: Path) -> None:
    topic = load_config(config_with(tmp_path, "{include: [truce], require: [Ukraine]}")).topic
    assert topic == Topic(include=("truce",), require=("Ukraine",))
    assert "topic.include: missing" in problems(config_with(tmp_path, "{require: [Ukraine]}"))


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("{profile: gardening}", "topic.profile: unknown topic profile 'gardening'; "
                                 "available profiles: ceasefire, generic"),
        ("{profile: [ceasefire]}", "topic.profile: expected a profile name"),
        ("{profile: generic}", "topic: the generic profile has no terms of its own"),
        ("{profil: ceasefire}", "topic.profil: unknown key; did you mean 'profile'?"),
    ],
)
def test_a_bad_profile_key_says_what_to_do(tmp_path: Path, topic: str, expected: str) -> None:
    assert expected in problems(config_with(tmp_path, topic))


def test_monitor_check_validates_the_profile_key(tmp_path: Path) -> None:
    def check(topic: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(config_with(tmp_path, topic)),
             "check"], capture_output=True, text=True, timeout=120,
        )

    assert check("{profile: ceasefire}").returncode == 0
    bad = check("{profile: gardening}")
    assert bad.returncode == 2 and "available profiles: ceasefire, generic" in bad.stderr


def test_the_starter_and_example_configs_stay_valid() -> None:
    for path in (ROOT / "config/monitor.yaml", ROOT / "monitor/data/starter/monitor.yaml"):
        assert load_config(path).topic.include


# ---------------------------------------------------------------- the engine with a profile


OTHER_WAR_TALK = (
    "Harbor strike ends as union and port sign deal",
    [
        "The dock workers' union and the port authority signed a wage deal on Monday after "
        "three weeks of talks, ending the strike at the harbor.",
        "Union leader Lena Voss said the agreement was fair to every night-shift worker.",
        "The port authority said ships would be unloaded again from Tuesday.",
        "Talks between the two sides had stalled twice over overtime pay.",
    ],
)


def test_a_named_profile_weighs_the_users_own_terms() -> None:
    """The generic profile weighs the user's terms by place and proximity, with no war lexicon:
    "talks between the two sides" is no other conflict, and "deal" no related wording."""
    generic = Topic(include=("wage deal", "strike"), require=("union", "port"), profile="generic")
    verdict = topic_score(generic, *OTHER_WAR_TALK)
    assert verdict.on_topic and verdict.elsewhere == 0
    assert not topic_score(
        Topic(include=("wage deal",), require=("airline",), profile="generic"), *OTHER_WAR_TALK
    ).on_topic
