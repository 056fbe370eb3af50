"""Mission validation (clear errors) and the typology rule of models.md (g)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from coalition_strategies import candidate, mission, missions
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.cases.missions import read_mission
from alliancelab.coalition.mission import Candidate, MarketSettings, Mission, PivotalState, Regime
from alliancelab.coalition.pricing import quote
from alliancelab.coalition.typology import ContributorType, TypologyFeatures, classify, classify_features
from alliancelab.errors import ParameterError, UserInputError

EXAMPLE = Path(__file__).parents[2] / "src/alliancelab/cases/missions/example-mission.toml"


A = candidate("A")


@pytest.mark.parametrize(
    ("overrides", "candidates", "message"),
    [
        ({"critical": ["Nowhere"]}, [A], "critical partner 'Nowhere' is not among the cand"),
        ({}, [candidate("A", troops=-5)], r"candidates\.0\.troops = -5 is outside the allowed range \[0,"),
        ({}, [candidate("A", side_deals=[{"name": "x", "value_to_candidate": 0.0, "cost_to_payer": 1.0}])],
         r"side_deals\.0\.value_to_candidate = 0 is outside the allowed range \(0, inf\) \(an item worth"),
        ({}, [A, A], "candidate names must be unique; repeated: A"),
        ({}, [candidate("A", quality=0)], r"candidates\.0\.quality = 0 is outside the allowed range \(0,"),
        ({"required_troops": -1.0}, [A], r"required_troops = -1 is outside the allowed range \(0, inf\)"),
        ({"market": {"regime": "auction"}}, [A], "'market.regime': Input should be 'screen', 'revealed'"),
        ({}, [candidate("A", troopz=3)], "unknown field 'candidates.0.troopz'; did you mean 'troops'"),
        ({"required_troops": float("inf")}, [A], r"required_troops = inf is outside the allowed range"),
        ({}, [candidate("A", intrinsic_interest=float("nan"))], r"0\.intrinsic_interest = nan is outside"),
        ({}, [candidate("A", cost_per_soldier=float("inf"))], r"0\.cost_per_soldier = inf is outside the al"),
        ({"pivot": {"mission_value": float("inf")}}, [A], r"pivotal_states\.0\.mission_value = inf is outs"),
        ({"pivot": {"name": "A"}}, [A], "A cannot be both a pivotal state and a candidate"),
        ({"pivotal_states": []}, [A], r"pivotal_states = \(\) is not allowed; give at least one"),
        ({}, [candidate("A", reservation_range=[5.0, 2.0])], r"reservation_range = \[5, 2\] is not a range"),
        ({"holdup": {"cost_shock": -1.0}}, [A], r"holdup\.cost_shock = -1 is outside the allowed range \(-1"),
        ({"holdup": {"surge_premium": float("inf")}}, [A], r"holdup\.surge_premium = inf is outside the"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line(overrides: dict[str, object], candidates: list[dict[str, object]],
                                     message: str) -> None:  # fmt: skip
    with pytest.raises(UserInputError, match=message) as info:
        mission(candidates, **overrides)
    assert "\n" not in str(info.value)


def test_unlimited_quantities_may_be_infinite() -> None:
    """Budget, liquidity and own troops default to unlimited and may be written as inf."""
    m = mission(
        [candidate("A", liquidity=float("inf"))], pivot={"budget": float("inf"), "own_troops": float("inf")}
    )
    assert m.budget == float("inf") and m.candidates[0].liquidity == float("inf")


def test_built_in_code_a_mission_is_normalised_and_checked_as_from_a_file() -> None:
    """Keyword construction (as the composed world builds a crisis): lists become tuples, whole numbers
    floats, a regime's name the Regime; ``dataclasses.replace`` checks again; a mapping is no candidate."""
    pivot = PivotalState(name="P", mission_value=100)
    m = Mission(name="m", required_troops=2000, pivotal_states=[pivot], critical=["A"], min_flags=2.0,
                candidates=[Candidate(name="A", troops=1000, cost_per_soldier=5000, intrinsic_interest=0)],
                market=MarketSettings(regime="screen"))  # fmt: skip
    assert m.pivotal_states == (pivot,) and m.critical == ("A",) and isinstance(m.candidates, tuple)
    assert m.min_flags == 2 and isinstance(m.min_flags, int) and isinstance(m.required_troops, float)
    assert m.market.regime is Regime.SCREEN and isinstance(m.candidates[0].troops, float)
    assert m == dataclasses.replace(m) and hash(m) == hash(dataclasses.replace(m))
    with pytest.raises(ParameterError, match=r"mission 'm': required_troops = 0 is outside the"):
        dataclasses.replace(m, required_troops=0)
    with pytest.raises(ParameterError, match="MarketSettings: regime = 'auction' is not allowed; choose one"):
        MarketSettings(regime="auction")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"candidates = \{'name': 'A'\} is not a Candidate \(read"):
        Mission(name="m", required_troops=1, pivotal_states=(pivot,), candidates=[{"name": "A"}])  # type: ignore[list-item]
    with pytest.raises(ParameterError, match="critical = None is not allowed; give a list or a tuple of str"):
        Mission(name="m", required_troops=1, pivotal_states=(pivot,), critical=None)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="candidate 'A': troops = -1 is outside the allowed range"):
        Candidate(name="A", troops=-1, cost_per_soldier=1, intrinsic_interest=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.required_troops = 1.0  # type: ignore[misc]


def test_read_mission_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text('name = "x"\nrequired_troops = 10\n[[pivotal_states]]\nname = "P"\nmission_value = -3\n')
    with pytest.raises(UserInputError, match=r"m\.toml: pivotal_states\.0\.mission_value = -3 is outside"):
        read_mission(bad)


def test_example_mission_loads() -> None:
    m = read_mission(EXAMPLE)
    assert m.critical == ("Kenya",) and len(m.candidates) == 9
    assert m.lead.name == "United States"


def _features(**kw: bool) -> TypologyFeatures:
    base = {"interested": False, "resourced": False, "critical": False, "scarce": False, "eager": False}
    return TypologyFeatures(**(base | kw))


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        ({"interested": True, "resourced": True}, ContributorType.VOLUNTEER),
        ({"interested": True}, ContributorType.WILLING_UNDERRESOURCED),
        ({"critical": True}, ContributorType.CRITICAL),
        ({"scarce": True}, ContributorType.OPPORTUNISTIC),
        ({"eager": True}, ContributorType.OPPORTUNISTIC),
        ({}, ContributorType.NONPARTICIPANT),
        ({"critical": True, "priced_out": True}, ContributorType.NONPARTICIPANT),
        ({"interested": True, "resourced": True, "threatened_withdrawal": True},
         ContributorType.OPPORTUNISTIC),
    ],
)  # fmt: skip
def test_typology_rule_branches(features: dict[str, bool], expected: ContributorType) -> None:
    result = classify_features(_features(**features), name="X")
    assert result.type is expected
    assert result.reasons[0].inequality == "w_j >= c_j*n_j"
    assert result.reasons[0].holds == features.get("interested", False)
    if features.get("threatened_withdrawal"):
        assert result.reasons[-1].inequality == "threatened to withdraw mid-deployment"


def test_classify_reports_the_numbers() -> None:
    """The numeric path records the compared quantities (w vs own cost, r vs own cost)."""
    m = mission([candidate("Colombia", intrinsic_interest=8.0, liquidity=1.0)])
    (result,) = classify(m)
    assert result.type is ContributorType.WILLING_UNDERRESOURCED
    text = result.explain()
    assert "w = 8 vs own cost 5 USD m/yr" in text and "r = 1 vs own cost 5" in text


@given(missions(max_candidates=6), st.booleans())
def test_interest_decides_first(m: Mission, _: bool) -> None:
    """Interested candidates (w >= c*n) are volunteers or subsidised, never critical/opportunistic."""
    for cand, result in zip(m.candidates, classify(m), strict=True):
        interested = cand.intrinsic_interest >= cand.cost_per_soldier * cand.troops / 1e6
        paid_types = {ContributorType.VOLUNTEER, ContributorType.WILLING_UNDERRESOURCED}
        assert (result.type in paid_types) == interested


@pytest.mark.parametrize(
    ("required", "eagerness", "expected"),
    [
        (2000.0, 0.2, ContributorType.OPPORTUNISTIC),  # sigma = 2 >= 0.8, E_P < 0.5
        (500.0, 0.6, ContributorType.OPPORTUNISTIC),  # sigma = 0.5, E_P >= 0.5
        (500.0, 0.2, ContributorType.NONPARTICIPANT),  # neither
    ],
)
def test_classify_opportunity_needs_scarcity_or_eagerness(
    required: float, eagerness: float, expected: ContributorType
) -> None:
    """The numeric rule reads sigma_m >= sigmabar and E_P >= Ebar for an uninterested, non-critical state.
    Henke: opportunistic states succeed "if coalition participants are hard to find", and pivotal states
    "reveal their preferences by openly seeking coalition contributions"."""
    m = mission([candidate("A")], required_troops=required, pivot={"eagerness": eagerness})
    (result,) = classify(m)
    assert result.type is expected
    text = result.explain()
    assert f"sigma = {required / 1000:g} vs sigmabar = 0.8" in text
    scarce = required / 1000 >= 0.8
    assert ("sigma_m >= sigmabar holds" in text) == scarce
    if not scarce:
        assert f"E_P >= Ebar {'holds' if eagerness >= 0.5 else 'fails'} (E_P = {eagerness:g}" in text


def test_only_the_critical_set_carries_the_mission_value() -> None:
    """models.md (g): ``V_P,j = V0_m*1[j in C_m] + min(c_P*q_j*n_j + lambda_P*l_j, sub_j)``. A state with
    ``k_j >= kbar`` alone is typed a critical contributor (Henke: "pivotal states take the initiative on
    recruiting critical contributors") but the mission can go ahead without it, so P's valuation of it has
    no ``V0_m`` term; a member of ``C_m`` has."""
    m = mission(
        [candidate("Needed"), candidate("Valued", criticality=0.9), candidate("Other")],
        critical=["Needed"],
        required_troops=1500.0,
    )
    q = quote(m)
    kinds = {c.name: c.type for c in q.classifications}
    assert kinds["Needed"] is kinds["Valued"] is ContributorType.CRITICAL
    needed, valued, other = q.value
    assert needed == pytest.approx(m.mission_value + other)
    assert valued == pytest.approx(other)
