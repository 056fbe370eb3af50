"""Episode files: schema errors in one line, the library loads, scheduled events happen in their year only."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from episode_files import episode, phase, write
from hypothesis import given, settings
from hypothesis import strategies as st

from alliancelab.cases.episodes import episode_names, load_episode, run_episode
from alliancelab.cases.episodes.coding import BASE_YEAR, LEVELS, REGIMES
from alliancelab.cases.episodes.loader import price_index
from alliancelab.errors import UserInputError


@pytest.mark.parametrize("name", episode_names())
def test_every_shipped_episode_loads_runs_and_is_observed(name: str) -> None:
    ep = load_episode(name)
    run = run_episode(ep)
    assert [p.id for p in run.phases] == [p.id for p in ep.phases]
    assert all(p.observed is not None and p.reason for p in run.phases)
    assert len(run.years) == ep.info.end - ep.info.start + 1
    assert all(text for text in ep.provenance.values())  # every coded value says where it comes from


def test_the_one_calibrated_number_reproduces_the_1954_payment() -> None:
    # frus1952v11p2d1165: about 155 USD m in 1954 dollars = 155 * 172.2/26.9 = 992.2 USD m of 2000 (BLS CPI-U)
    run = run_episode(load_episode("us-pakistan-1954-2012"))
    assert run.years[0].payment == pytest.approx(155 * 172.2 / 26.9, rel=0.01)


def test_the_price_index_is_the_bls_table_with_the_coding_base_year() -> None:
    index = price_index()
    assert index.base_year == BASE_YEAR
    levels = dict(zip(index.years.astype(int), index.levels, strict=True))
    assert (levels[1954], levels[1990], levels[2003]) == (26.9, 130.7, 184.0)


def test_an_old_case_file_loads_as_a_one_phase_episode() -> None:
    from alliancelab.cases import case_path

    ep = load_episode(case_path("formation", "us-pakistan-1954"))
    assert ep.format == 0 and [p.id for p in ep.phases] == ["case"]
    run = run_episode(ep)
    assert run.phases[0].observed == "FORMATION" and run.phases[0].predicted == "FORMATION"


SCHEMA_ERRORS = [
    (("d = {", "dd = {"), "parameters.dd", "did you mean 'd'"),
    (
        ('level = "M", reasoning = "test" }\nchi', 'level = "X", reasoning = "test" }\nchi'),
        "parameters.phi",
        "'X' is not one of L, M, H",
    ),
    (('outcome = "FORMATION"', 'outcome = "FORMED"'), "observed.all.outcome", "FORMATION"),
    (('d = { level = "M", reasoning = "test" }', 'd = { level = "M" }'), "parameters.d", "give a source"),
    (
        ("v = { value = 3000.0", "v = { value = 3000.0, dollars = 1800"),
        "parameters.v",
        "no price level for 1800",
    ),
    (('h = { level = "L"', "h = { value = 0.1, dollars = 1990"), "leader.h", "not an amount of money"),
    (('kind = "party"', 'kind = "junta"'), "leader.regime.kind", "is not one of"),
    (('c = { level = "L"', 'c = { level = "L", dollars = 1990'), "parameters.c", "constant dollars already"),
    (("format = 1", "format = 2"), "episode.format", "1"),
]


@pytest.mark.parametrize(("change", "where", "says"), SCHEMA_ERRORS)
def test_schema_errors_are_one_line_naming_file_and_field(
    tmp_path: Path, change: tuple[str, str], where: str, says: str
) -> None:
    text = episode()
    assert change[0] in text
    path = write(tmp_path, text.replace(change[0], change[1], 1))
    with pytest.raises(UserInputError) as info:
        load_episode(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message and where in message and says in message


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ('\n[[events]]\nyear = 1992\nkind = "coup"\nreasoning = "x"\n', "regime-change"),
        ('\n[[events]]\nyear = 1992\nkind = "budget-cut"\nreasoning = "x"\n', "needs budget"),
        ('\n[[events]]\nyear = 1992\nkind = "embargo"\nrival = "R"\nreasoning = "x"\n', "takes no 'rival'"),
        ('\n[[events]]\nyear = 2010\nkind = "embargo"\nreasoning = "x"\n', "outside 1990-1995"),
        (
            '\n[[events]]\nyear = 1992\nkind = "rival-entry"\nrival = "Nobody"\nreasoning = "x"\n',
            "names rival 'Nobody'",
        ),
        ('\n[[events]]\nyear = 1992\nkind = "embargo"\n', "give a source"),
    ],
)
def test_bad_events_are_named(tmp_path: Path, extra: str, says: str) -> None:
    path = write(tmp_path, episode(extra=extra))
    with pytest.raises(UserInputError, match=says) as info:
        load_episode(path)
    assert "\n" not in str(info.value)


def test_phases_must_cover_the_episode_and_each_be_observed(tmp_path: Path) -> None:
    late = episode(phases=phase("late", 1992, "FORMATION"))
    with pytest.raises(UserInputError, match="first phase starts in 1992"):
        load_episode(write(tmp_path, late))
    unobserved = episode(phases=phase("a", 1990, "FORMATION") + '\n[[phases]]\nid = "b"\nstart = 1993\n')
    with pytest.raises(UserInputError, match=r"missing \['b'\]"):
        load_episode(write(tmp_path, unobserved))


def test_an_unknown_episode_name_suggests_a_shipped_one() -> None:
    with pytest.raises(UserInputError, match="did you mean 'turkey-iraq-2003'"):
        load_episode("turkey-iraq-2002")


@pytest.mark.parametrize("year", [1991, 1993, 1995])
def test_a_scheduled_regime_change_happens_in_its_year_and_no_other(tmp_path: Path, year: int) -> None:
    extra = (
        f'\n[[events]]\nyear = {year}\nkind = "regime-change"\nregime = "democracy"\n'
        'shift = { level = "M", reasoning = "test" }\nreasoning = "test"\n'
    )
    run = run_episode(load_episode(write(tmp_path, episode(extra=extra))))
    flagged = [y.year for y in run.years if y.regime_change]
    assert flagged == [year]
    w_democracy = REGIMES["democracy"][0]
    assert [w_democracy == y.W for y in run.years] == [y.year >= year for y in run.years]
    d_before = LEVELS["d"]["M"]
    assert [y.divergence > d_before for y in run.years] == [y.year >= year for y in run.years]
    again = run_episode(load_episode(write(tmp_path, episode(extra=extra))))
    assert again.years == run.years  # deterministic


RIVAL = """
[[rivals]]
name = "Rival"
enters = {enters}
v = {{ level = "H", reasoning = "test" }}
d = {{ level = "L", reasoning = "test" }}
chi = {{ level = "H", reasoning = "test" }}
q0 = {{ level = "H", reasoning = "test" }}
credibility = {{ level = "H", reasoning = "test" }}
"""


@pytest.mark.parametrize("enters", [1991, 1993, 1995])
def test_a_rival_that_enters_in_year_t_cannot_win_before_t(tmp_path: Path, enters: int) -> None:
    text = episode(d="H", v=800.0, extra=RIVAL.format(enters=enters))
    run = run_episode(load_episode(write(tmp_path, text)))
    with_rival = [y.year for y in run.years if y.alignment == "Rival"]
    assert with_rival, "the rival is strong enough to win once it is there (else the test proves nothing)"
    assert min(with_rival) == enters
    as_event = text.replace(f"enters = {enters}\n", "")
    as_event = as_event.replace('name = "Rival"\n', 'name = "Rival"\nenters = 2100\n')
    as_event += f'\n[[events]]\nyear = {enters}\nkind = "rival-entry"\nrival = "Rival"\nreasoning = "test"\n'
    by_event = run_episode(load_episode(write(tmp_path, as_event, "event")))
    assert min(y.year for y in by_event.years if y.alignment == "Rival") == enters


def test_random_hazards_only_with_rng(tmp_path: Path) -> None:
    ep = load_episode(write(tmp_path, episode(start=1950, end=2000)))
    plain = run_episode(ep)
    assert not any(y.regime_change or y.leader_change for y in plain.years)
    first, again = run_episode(ep, rng=7), run_episode(ep, rng=7)
    assert first.years == again.years and first.seed == 7
    assert any(y.leader_change or y.regime_change for y in first.years)
    assert [y.divergence for y in first.years] != [y.divergence for y in plain.years]
    assert np.isfinite([y.payment for y in first.years]).all()


def test_an_alliance_standing_at_the_start_survives_until_an_embargo_ends_it(tmp_path: Path) -> None:
    extra = '\n[[events]]\nyear = 1993\nkind = "embargo"\nreasoning = "test"\n' + RIVAL.format(enters=2100)
    phases = phase("before", 1990, "SURVIVED") + phase("embargo", 1993, "TERMINATION")
    text = episode(d="H", extra=extra, phases=phases).replace("aligned = false", "aligned = true")
    run = run_episode(load_episode(write(tmp_path, text)))
    assert [p.predicted for p in run.phases] == ["SURVIVED", "TERMINATION"]
    assert all(y.alignment == "Patron" for y in run.years if y.year < 1993)
    assert run.years[3].code == "terminate" and run.years[3].reason.startswith("p_req")


@settings(max_examples=40)  # each example writes, loads and runs an episode file
@given(
    enters=st.integers(1990, 1996),
    v=st.sampled_from(["L", "M", "H"]),
    d=st.sampled_from(["L", "M", "H"]),
    credibility=st.sampled_from(["L", "M", "H"]),
    client_d=st.sampled_from(["L", "M", "H"]),
)
def test_no_rival_of_any_strength_wins_before_it_enters(
    tmp_path_factory: pytest.TempPathFactory, enters: int, v: str, d: str, credibility: str, client_d: str
) -> None:
    rival = RIVAL.format(enters=enters)
    for field, level in (("v", v), ("d", d), ("credibility", credibility)):
        rival = re.sub(rf'^{field} = {{ level = "\w"', f'{field} = {{ level = "{level}"', rival, flags=re.M)
    text = episode(d=client_d, end=1996, extra=rival)
    run = run_episode(load_episode(write(tmp_path_factory.mktemp("ep"), text)))
    assert all(y.alignment != "Rival" for y in run.years if y.year < enters)


def test_a_client_aligned_with_a_rival_that_exits_is_left_unaligned(tmp_path: Path) -> None:
    extra = RIVAL.format(enters=1990) + '\n[[events]]\nyear = 1993\nkind = "rival-exit"\nrival = "Rival"\n'
    extra += 'reasoning = "test: the rival patron collapses"\n'
    run = run_episode(load_episode(write(tmp_path, episode(d="H", v=800.0, extra=extra))))
    assert run.years[0].alignment == "Rival"
    assert run.years[3].code == "terminate" and "has left" in run.years[3].reason
    assert all(y.alignment != "Rival" for y in run.years if y.year >= 1993)


def test_a_new_deal_that_fails_its_vote_is_no_alliance_and_a_standing_one_terminates(tmp_path: Path) -> None:
    vote = (
        '\n[[events]]\nyear = {year}\nkind = "ratification"\nveto = "Parliament"\n'
        'regime = "consolidated-democracy"\nsalience = {{ level = "H", reasoning = "test" }}\n'
        'threshold = {{ value = 0.99, reasoning = "test" }}\nreasoning = "test"\n'
    )
    one_year = episode(d="H", v=400.0, end=1990, extra=vote.format(year=1990))  # a vote binds its year only
    new = run_episode(load_episode(write(tmp_path, one_year)))
    assert new.years[0].code == "no-deal" and new.phases[0].predicted == "NO-ALLIANCE"
    assert "yes share" in new.phases[0].reason
    phases = phase("before", 1990, "FORMATION") + phase("vote", 1992, "TERMINATION")
    standing = episode(d="H", v=400.0, extra=vote.format(year=1992), phases=phases)
    run = run_episode(load_episode(write(tmp_path, standing, "standing")))
    assert [p.predicted for p in run.phases] == ["FORMATION", "TERMINATION"]
    assert run.years[2].code == "not-ratified"


def test_a_new_regime_that_will_not_host_the_base_ends_the_alliance(tmp_path: Path) -> None:
    """The issue's case: FLEX would fall back on free concessions; an indivisible base cannot."""
    base = '\n[bounds]\nminimum = { value = 0.6, reasoning = "test: the base is the alliance" }\n'
    coup = (
        '\n[[events]]\nyear = 1993\nkind = "regime-change"\nregime = "military"\n'
        'ceiling = {{ value = {cap}, reasoning = "test: the new regime\'s red line" }}\nreasoning = "test"\n'
    )
    phases = phase("before", 1990, "FORMATION") + phase("coup", 1993, "TERMINATION")
    runs = {
        cap: run_episode(
            load_episode(write(tmp_path, episode(extra=base + coup.format(cap=cap), phases=phases)))
        )
        for cap in (0.3, 1.0)
    }
    refused, hosted = runs[0.3], runs[1.0]
    assert [p.predicted for p in refused.phases] == ["FORMATION", "TERMINATION"]
    assert "will not host the minimum" in refused.phases[1].reason
    assert all(y.alignment == "none" for y in refused.years if y.year >= 1993)  # and it does not re-form
    assert hosted.phases[1].predicted == "SURVIVED-RC"
    no_base = run_episode(
        load_episode(write(tmp_path, episode(extra=coup.format(cap=0.3), phases=phases), "f"))
    )
    assert no_base.phases[1].predicted == "SURVIVED-RC"  # without the minimum, a smaller package keeps it
    assert no_base.years[3].package == pytest.approx(0.3)
