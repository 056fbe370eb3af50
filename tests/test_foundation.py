"""The repository's shared machinery: errors, atomic output, provenance, citations, the CLI shell."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancelab import ParameterError, UserInputError, cite
from alliancelab._validate import check_choice, check_range, range_checks
from alliancelab.io import atomic_write, write_json
from alliancelab.provenance import make_rng, run_record
from alliancelab.references import bibliography
from alliancelab.theory.formation import FormationParams


@given(
    st.one_of(st.floats(), st.integers(-5, 5), st.sampled_from([0.0, 1.0, -0.0])),
    st.sampled_from([-math.inf, -1.0, 0.0, 1.0]),
    st.sampled_from([0.0, 1.0, 2.0, math.inf]),
    st.booleans(),
    st.booleans(),
)
def test_check_range_of_a_plain_number_agrees_with_the_array_path(
    value: float, lo: float, hi: float, lo_open: bool, hi_open: bool
) -> None:
    """A Python float or int takes a path without numpy; it must accept and reject exactly as an array."""

    def outcome(x: object) -> str:
        try:
            check_range("x", x, lo, hi, lo_open=lo_open, hi_open=hi_open)  # type: ignore[arg-type]
        except ParameterError as err:
            return str(err)
        return "ok"

    assert outcome(value) == outcome(np.array(value, dtype=float))


def test_check_range_names_parameter_value_and_interval() -> None:
    with pytest.raises(ParameterError, match=r"alpha = 1\.5 is outside the allowed range \(0, 1\)"):
        check_range("alpha", np.array([0.2, 1.5]), 0, 1, lo_open=True, hi_open=True)
    with pytest.raises(ParameterError, match="nan"):
        check_range("T", float("nan"), 0, 1)
    with pytest.raises(ParameterError, match="not a number"):
        check_range("T", "high", 0, 1)
    check_range("T", np.linspace(0, 1, 5), 0, 1)


def test_check_choice_suggests_close_match() -> None:
    with pytest.raises(ParameterError, match="did you mean 'FLEX'"):
        check_choice("mode", "FLEXX", ["FIXED", "FLEX"])


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("{half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    write_json({"a": 1}, target)
    assert json.loads(target.read_text()) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.stat().st_mode & 0o044, "outputs are readable by others, like files open() creates"


def test_make_rng_is_reproducible_and_records_entropy() -> None:
    first, entropy = make_rng(7)
    again, _ = make_rng(entropy)
    assert entropy == 7
    assert first.random() == again.random()
    fresh, fresh_entropy = make_rng(None)
    replay, _ = make_rng(fresh_entropy)
    assert fresh.random() == replay.random()


@pytest.mark.parametrize("seed", [-3, 1.5, True, "7"])
def test_make_rng_refuses_a_seed_that_is_not_an_integer_ge_0(seed: object) -> None:
    # numpy's own error for -3 is a ValueError about SeedSequence internals, printed with a traceback
    with pytest.raises(ParameterError, match="the seed must be an integer >= 0"):
        make_rng(seed)  # type: ignore[arg-type]


def test_run_record_holds_version_seed_and_params() -> None:
    record = run_record(seed=3, params={"x": np.float64(0.5), "v": np.arange(2)})
    assert record["seed"] == 3
    assert record["params"] == {"x": 0.5, "v": [0, 1]}
    assert record["alliancelab_version"]
    json.dumps(record)


def test_bibliography_has_every_seed_and_cite_rejects_unknown_keys() -> None:
    bib = bibliography()
    for key in (
        "kabir2019sidepayments",
        "kabir2015tradeoff",
        "istomin2019dynamics",
        "blankenship2023dilemma",
        "henke2019buying",
    ):
        assert key in bib
    assert cite("henke2019buying", ["morrow1991alliances"]).count("@") == 2
    with pytest.raises(UserInputError, match="unknown citation key"):
        cite("nobody1999")


def test_cli_cite_and_errors(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("cite", "morrow1991alliances")
    assert result.code == 0 and "@article{morrow1991alliances," in result.out
    bad = cli("cite", "nobody1999")
    assert bad.code == 2
    assert bad.err.startswith("error: unknown citation key") and "Traceback" not in bad.err
    assert cli("no-such-command").code == 2


def test_range_checks_can_be_turned_off_inside_a_block_only() -> None:
    with range_checks(False):
        check_range("alpha", 1.5, 0, 1)  # skipped: the loop checked its inputs at its boundary
        with range_checks(True), pytest.raises(ParameterError, match=r"alpha = 1\.5"):
            check_range("alpha", 1.5, 0, 1)
    with pytest.raises(ParameterError, match=r"alpha = 1\.5"):
        check_range("alpha", 1.5, 0, 1)


def test_range_checks_off_also_skips_the_shape_check() -> None:
    with range_checks(False):
        FormationParams(T=[0.1, 0.2, 0.3], phi=[0.1, 0.2])  # the caller checked at its boundary
    with pytest.raises(ParameterError, match="do not broadcast"):
        FormationParams(T=[0.1, 0.2, 0.3], phi=[0.1, 0.2])
