"""The report modules' sweeps and words against independent computations (tests/test_contract.py checks
that every model has them, in one shape)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import alliancelab
from alliancelab.cases.missions import read_mission
from alliancelab.errors import ParameterError
from alliancelab.report import (
    control_report,
    legitimacy_report,
    maintenance_report,
    mission_report,
    public_good_report,
    realignment_report,
    selectorate_report,
)
from alliancelab.theory.burden import ControlParams, PublicGoodParams, nash_equilibrium, pressure_window
from alliancelab.theory.formation import FormationParams
from alliancelab.theory.maintenance import MaintenanceParams
from alliancelab.theory.realignment import ContestParams, PatronTerms, solve_contest
from alliancelab.theory.selectorate import SelectorateParams

SHIPPED = Path(alliancelab.__file__).parent / "cases"
STATES = pd.read_csv(SHIPPED / "examples" / "states.csv")
SIZES = [16000.0, 3500.0, 1200.0, 150.0]


def test_selectorate_sweep_follows_the_closed_form_elasticity() -> None:
    """The payment per util of deficit scales as W^gamma (section (b): d ln p / d ln W = gamma)."""
    w = np.array([0.1, 0.2, 0.4, 0.8])
    table = selectorate_report.sweep(SelectorateParams(gamma=1.5), "W", w)
    ratio = table["usd_per_util"].to_numpy() / table["usd_per_util"].iloc[0]
    np.testing.assert_allclose(ratio, (w / w[0]) ** 1.5)
    assert table.columns[0] == "W" and table["gamma"].eq(1.5).all()


def test_control_sweep_is_the_window_solved_one_environment_at_a_time() -> None:
    threats = [0.2, 0.5, 0.8]
    table = control_report.sweep(ControlParams(), "threat", threats)
    one_by_one = [float(pressure_window(ControlParams(threat=t)).peak) for t in threats]
    np.testing.assert_allclose(table["peak"], one_by_one)
    with pytest.raises(ParameterError, match="not a field of ControlParams"):
        control_report.sweep(ControlParams(), "thret", threats)


def test_control_explain_states_the_window_of_the_closed_form() -> None:
    window = pressure_window(ControlParams())
    words = control_report.explain(ControlParams())
    assert f"between {float(window.lower):,.0f} and {float(window.upper):,.0f} USD bn" in words
    assert f"K* = {float(window.peak):,.0f}" in words


def test_public_good_sweep_is_the_equilibrium_of_each_value() -> None:
    tastes = [0.02, 0.06, 0.2]
    table = public_good_report.sweep(PublicGoodParams(), "taste_base", tastes, sizes=SIZES)
    totals = [float(nash_equilibrium(SIZES, PublicGoodParams(taste_base=b)).aggregate) for b in tastes]
    np.testing.assert_allclose(table["total_spending"], totals)
    assert (table["contributors"] + table["free_riders"] == len(SIZES)).all()


def test_public_good_words_describe_without_inference() -> None:
    words = public_good_report.explain(PublicGoodParams(), sizes=SIZES, labels=["US", "UK", "FR", "BE"])
    assert "ride free (UK, FR, BE)" in words and "p-value" not in words


def test_realignment_sweep_sets_the_rival_field_itself() -> None:
    params = ContestParams(FormationParams(), PatronTerms())
    grid = np.array([50.0, 500.0, 5000.0])
    table = realignment_report.sweep(params, "rival_v", grid)
    direct = solve_contest(ContestParams(FormationParams(), PatronTerms(v=grid)))
    rows = table[table["rival"]]
    np.testing.assert_allclose(rows["payment"], direct.payment)
    assert table[~table["rival"]]["payment"].nunique() == 1  # without a rival the sweep is flat


def test_maintenance_sweep_gives_each_value_its_own_stream() -> None:
    """A value's row depends on its position's seed child, not on the other values (SeedSequence spawn)."""
    params = MaintenanceParams(rival=PatronTerms())
    first = maintenance_report.sweep(params, "theta_sd", [0.0, 0.05], rng=11, years=10, dyads=50)
    second = maintenance_report.sweep(params, "theta_sd", [0.1, 0.05], rng=11, years=10, dyads=50)
    pd.testing.assert_series_equal(first.iloc[1], second.iloc[1])
    shares = first[["share_aligned_H", "share_aligned_R", "share_unaligned"]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)
    assert first.attrs["run_record"]["seed"] == 11


def test_maintenance_words_are_the_runs_path() -> None:
    run = maintenance_report.simulate(MaintenanceParams(), 12, rng=3)
    words = maintenance_report.explain(MaintenanceParams(), run)
    summary = maintenance_report.path_summary(run)
    assert "Seed 3, 12 years after formation" in words
    assert f"aligned with H for {summary['years aligned with H']} years" in words


def test_legitimacy_sweep_of_the_value_of_legitimacy_is_linear() -> None:
    table = legitimacy_report.sweep(STATES, "legitimacy_value", [500.0, 1000.0])
    assert table["expected_legitimacy"].nunique() == 1
    value = table["expected_legitimacy_value"].to_numpy()
    assert value[1] == pytest.approx(2 * value[0])
    with pytest.raises(ParameterError, match="allowed: issue_position"):
        legitimacy_report.sweep(STATES, "salinece", [1.0])


def test_legitimacy_frame_refuses_an_action_in_the_result_place() -> None:
    from alliancelab.theory.legitimacy import ContestedAction

    with pytest.raises(ParameterError, match="give the action as action="):
        legitimacy_report.frame(STATES, ContestedAction())  # type: ignore[arg-type]


def test_mission_sweep_marks_infeasible_values_and_checks_counts() -> None:
    mission = read_mission(SHIPPED / "missions" / "example-mission.toml")
    table = mission_report.sweep(mission, "min_flags", [2, 50])
    assert table["feasible"].tolist() == [True, False]
    assert table.loc[0, "flags"] >= 2
    with pytest.raises(ParameterError, match=r"2\.5 is not a whole number"):
        mission_report.sweep(mission, "min_flags", [2.5])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("burden",), "Pressure pays for allies of latent potential K between"),
        (("legitimacy", str(SHIPPED / "examples" / "states.csv")), "states scored for an action"),
        (
            ("maintain", "--case", "us-pakistan-1954", "--rng", "4", "--years", "10"),
            "10 years after formation",
        ),
        (
            ("coalition", "plan", str(SHIPPED / "missions" / "example-mission.toml"), "--draws", "0"),
            "candidates:",
        ),
    ],
)
def test_commands_print_the_words_of_the_report_module(cli: Any, args: tuple[str, ...], words: str) -> None:
    result = cli(*args)
    assert result.code == 0, result.err
    assert words in " ".join(result.out.split())
