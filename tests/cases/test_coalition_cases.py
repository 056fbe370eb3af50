"""The coalition case library: every shipped file loads, every number has its source, N1 checks, typology.

The derived checks are the arithmetic of models.md N1 on seed 004's numbers (Henke 2019, "Buying Allies").
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from alliancelab.cases.coalition_cases import list_operations, load_operation, load_soldier_costs
from alliancelab.cases.coalition_schema import (
    Amount,
    Contributor,
    Payment,
    Sourced,
    annual_payment,
    evaluate,
)
from alliancelab.errors import UserInputError
from alliancelab.references import bibliography
from alliancelab.report.coalition_report import operation_report, typology_agreement

CHECKOUT = Path(__file__).resolve().parents[2]
OPERATIONS = list_operations()
SEED_OPERATIONS = {"korea-1950", "vietnam-1964", "gulf-war-1990", "iraq-2003", "isaf-2001", "unamid-2007"}
SEED_OPERATIONS |= {
    "amisom-2007",
    "kfor-1999",
    "ecomog-1990",
    "unamir-1993",
    "untaet-1999",
    "eufor-chad-car-2008",
}

#: Documented minimum agreement of the typology rule with the seed's labels (docs/cases/coalition.md).
MIN_AGREEMENT = 0.9
#: Every disagreement, as documented in docs/cases/coalition.md.
DISAGREEMENTS = {("gulf-war-1990", "Egypt")}

_WORDS = {
    "six": 6,
    "sixteen": 16,
    "twenty-nine": 29,
    "thirty-eight": 38,
    "forty-seven": 47,
    "forty-eight": 48,
}
_SCALE = {"million": 1e6, "billion": 1e9}


def numbers_in(text: str) -> set[float]:
    """Every number written in ``text``: 1,068 / $9.13 million / forty-seven / the 2008 of 2003–08."""
    found: set[float] = set()
    for match in re.finditer(r"(\d[\d,]*(?:\.\d+)?)(?:\s*(million|billion))?", text):
        number = float(match.group(1).rstrip(",").replace(",", ""))
        found |= {number, number * _SCALE.get(match.group(2) or "", 1.0)}
    for match in re.finditer(r"\b(\d{2})\d{2}[–-](\d{2})\b", text):
        found.add(float(match.group(1) + match.group(2)))
    found |= {float(v) for word, v in _WORDS.items() if re.search(rf"\b{word}\b", text, re.IGNORECASE)}
    return found


def _in(value: float, text: str) -> bool:
    return any(math.isclose(value, n, rel_tol=1e-9) for n in numbers_in(text))


def _walk(obj: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), f"{path}.{name}")
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _walk(item, f"{path}[{i}]")


def _quotes(obj: Any, path: str) -> Iterator[tuple[str, str]]:
    keys = {"quote", "evidence", "seed_label_quote", "year_quote", "motive"}
    for where, value in _walk(obj, path):
        if isinstance(value, str) and where.rsplit(".", 1)[-1] in keys:
            yield where, value


def _everything() -> list[tuple[str, Any]]:
    return [(name, load_operation(name)) for name in OPERATIONS] + [("soldier_costs", load_soldier_costs())]


# -- contract test over the registry ------------------------------------------------------------------


def test_the_library_covers_the_operations_of_the_seed() -> None:
    assert set(OPERATIONS) >= SEED_OPERATIONS
    assert "soldier_costs" not in OPERATIONS


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_shipped_operation_loads_and_reports(name: str) -> None:
    op = load_operation(name)
    report = operation_report(name)
    assert report.name == name and report.title == op.name
    assert set(report.contributors["country"]) == {c.country for c in op.contributors}
    assert set(report.citation_keys) <= set(bibliography())
    payload = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert payload["operation"] == name and len(payload["contributors"]) == len(report.contributors)
    assert report.contributors["model_type"].notna().all()
    assert report.contributors["reasons"].str.contains("w_j >= c_j\\*n_j").all()


@pytest.mark.parametrize("name", [*OPERATIONS, "soldier_costs"])
def test_every_number_has_a_source_that_states_it(name: str) -> None:
    """Each number is quoted (and is in its quote, or its `derived` arithmetic is) or marked external."""
    obj = load_soldier_costs() if name == "soldier_costs" else load_operation(name)
    checked = 0
    for where, value in _walk(obj, name):
        if not isinstance(value, Sourced):
            continue
        checked += 1
        assert (value.quote is None) != (value.external is None), where
        if value.quote is None:
            continue
        if value.derived is not None:
            operands = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", value.derived)]
            assert all(_in(x, value.quote) for x in operands), f"{where}: {value.derived} vs {value.quote!r}"
        else:
            assert _in(value.value, value.quote), f"{where}: {value.value:g} is not in {value.quote!r}"
        if isinstance(value, Amount):
            years_text = value.quote + " " + (value.year_quote or "")
            for year in (value.year, value.first_year, value.last_year):
                assert year is None or _in(year, years_text), f"{where}: year {year} not in {years_text!r}"
    assert checked > 0


def _seed_text() -> str | None:
    folder = Path(os.environ.get("ALLIANCELAB_SEEDS", CHECKOUT.parent / "shared" / "seeds"))
    found = sorted(folder.glob("004_*.txt")) if folder.is_dir() else []
    return " ".join(found[0].read_text(encoding="utf-8").split()) if found else None


def test_every_quote_is_verbatim_from_the_seed() -> None:
    seed = _seed_text()
    if seed is None:
        pytest.skip("seed 004 not found (set ALLIANCELAB_SEEDS to the folder holding 004_*.txt)")
    missing = [(where, q) for name, obj in _everything() for where, q in _quotes(obj, name)]
    missing = [(where, q) for where, q in missing if " ".join(q.split()) not in seed]
    assert not missing, missing[:3]


def test_known_text_errors_are_flagged_not_used() -> None:
    """Kenya "since October 2001" is very likely October 2011 (models.md N1): flagged, never a fact."""
    amisom = load_operation("amisom-2007")
    flags = [e for e in amisom.text_errors if "October 2001" in e.quote]
    assert len(flags) == 1 and flags[0].likely == "October 2011"
    used = [w for name, obj in _everything() for w, q in _quotes(obj, name) if "October 2001" in q]
    assert all(".text_errors[" in w for w in used), used


# -- derived checks of models.md N1 ---------------------------------------------------------------------


def _row(name: str, country: str, for_what: str = "") -> dict[str, Any]:
    frame = operation_report(name).contributors
    rows = frame[(frame["country"] == country) & frame["for_what"].fillna("").str.contains(for_what)]
    assert len(rows) >= 1, (name, country, for_what)
    return dict(rows.iloc[0])


def test_N1_colombia_costs_5618_per_soldier_year_inside_the_vietnam_band() -> None:
    """$500,000 per month for 1,068 troops: about $5,618 per soldier-year, inside the $5,000–7,800 band."""
    cost = _row("korea-1950", "Colombia", "deployment assistance")["usd_per_soldier_year"]
    assert cost == pytest.approx(5_618, abs=1)
    band = [f.value for f in load_operation("vietnam-1964").facts if "South Korean soldier" in f.what]
    assert min(band) == 5_000 and max(band) == 7_800 and min(band) <= cost <= max(band)


def test_N1_vietnam_rates_and_the_ratio_against_us_soldiers() -> None:
    assert _row("vietnam-1964", "Philippines", "engineering")["usd_per_soldier_year"] == pytest.approx(4_565)
    assert _row("vietnam-1964", "Thailand", "10,000")["usd_per_soldier_year"] == pytest.approx(5_000)
    assert _row("vietnam-1964", "South Korea", "pay")["usd_per_year"] == pytest.approx(1e9 / 6)
    report = operation_report("vietnam-1964")
    assert report.pivotal is not None and report.pivotal["usd_per_soldier_year"] == 13_000
    assert report.totals["usd_per_soldier_year"] == pytest.approx((9.13e6 + 50e6) / 12_000)
    assert report.totals["pivotal_to_paid"] == pytest.approx(13_000 / ((9.13e6 + 50e6) / 12_000))


@pytest.mark.parametrize(("country", "ratio"), [("Bangladesh", 30.4), ("Ghana", 24.9), ("India", 14.2)])
def test_N1_us_soldier_costs_many_foreign_soldiers(country: str, ratio: float) -> None:
    costs = {(c.country, c.year): c.cost.value for c in load_soldier_costs()}
    us = next(
        c.cost.value
        for c in load_soldier_costs()
        if c.country == "United States" and c.year is None and c.applies[0] > 2000
    )
    mine = next(v for (name, _), v in costs.items() if name == country)
    assert us == 138_465 and us / mine == pytest.approx(ratio, abs=0.05)


@pytest.mark.parametrize(
    ("name", "soldier_years", "ratio"), [("iraq-2003", 87_540, 8.08), ("isaf-2001", 110_270, 1.62)]
)
def test_N1_aggregate_reimbursements_imply_soldier_years(
    name: str, soldier_years: float, ratio: float
) -> None:
    """$1.5 billion at $17,135 and $9.4 billion at $85,246 per soldier-year, against the US $138,465."""
    (agg,) = operation_report(name).aggregates
    assert agg["soldier_years"] == pytest.approx(soldier_years, rel=1e-3)
    assert agg["pivotal_to_paid"] == pytest.approx(ratio, abs=0.01)


def test_N1_kfor_rates_per_soldier_year() -> None:
    assert _row("kfor-1999", "Morocco")["usd_per_soldier_year"] == pytest.approx(25e6 / 450 / 6)
    assert _row("kfor-1999", "Romania", "2011")["usd_per_soldier_year"] == pytest.approx(10_667, abs=1)
    assert _row("kfor-1999", "Romania", "2012")["usd_per_soldier_year"] == pytest.approx(11_333, abs=1)
    assert _row("kfor-1999", "Armenia")["usd_per_soldier_year"] == pytest.approx(24_286, abs=1)
    # Romania's two fiscal years are averaged, not added, in the operation's yearly rate
    totals = operation_report("kfor-1999").totals
    assert totals["paid_usd_per_year"] == pytest.approx(25e6 / 6 + 330_000 + 850_000)
    assert totals["soldiers_paid"] == 450 + 30 + 35


def test_N1_iraq_and_gulf_war_payments() -> None:
    assert _row("iraq-2003", "Poland", "Multinational")["usd_per_year"] == pytest.approx(250e6)
    assert _row("iraq-2003", "Georgia")["amount_usd"] / 3_000 == pytest.approx(41_667, abs=1)
    assert _row("iraq-2003", "Czech Republic", "deployment")["amount_usd"] / 520 == pytest.approx(
        38_462, abs=1
    )
    assert _row("gulf-war-1990", "Egypt", "sweeten")["amount_usd"] / 33_600 == pytest.approx(211_310, abs=1)
    iraq = operation_report("iraq-2003").totals
    assert iraq["pivotal_usd_per_soldier_year"] == 138_465
    # offered packages (Turkey's first one) and loans never enter the total paid
    turkey = operation_report("iraq-2003").contributors.query("country == 'Turkey'")
    assert not turkey[turkey["status"] == "offered"]["counted"].any()
    assert not turkey[turkey["kind"] == "loan"]["counted"].any()


def test_N1_korea_contingents_and_the_south_african_jets() -> None:
    op = load_operation("korea-1950")
    assert sum(c.troops.value for c in op.contributors if c.troops) == 11_003
    price = {f.what.split(" ")[0]: f.value for f in op.facts if "aircraft" in f.what}
    assert price["price"] / price["retail"] == pytest.approx(0.0939, abs=5e-5)
    unamid = [f.value for f in load_operation("unamid-2007").facts if "maximum strength" in f.what]
    assert sum(unamid) == 24_492


def test_pivotal_cost_is_the_nearest_figure_of_the_first_pivotal_state_that_has_one() -> None:
    korea = operation_report("korea-1950").pivotal
    assert (
        korea is not None and korea["usd_per_soldier_year"] == 13_000 and korea["years_from_operation"] == 14
    )
    eufor = operation_report("eufor-chad-car-2008").pivotal
    assert eufor is not None and eufor["country"] == "France" and eufor["usd_per_soldier_year"] == 119_273
    assert operation_report("unamir-1993").pivotal is None


# -- typology against the seed's own labels ----------------------------------------------------------


def test_typology_agrees_with_the_seeds_labels_and_every_disagreement_is_documented() -> None:
    """Coded from facts, the rule reproduces the seed's labels on at least MIN_AGREEMENT of its examples."""
    table = typology_agreement()
    assert len(table) >= 15
    share = table["agrees"].mean()
    assert share >= MIN_AGREEMENT
    assert (
        set(
            zip(table.loc[~table["agrees"], "operation"], table.loc[~table["agrees"], "country"], strict=True)
        )
        == DISAGREEMENTS
    )
    independent = table[~table["shared_evidence"].astype(bool)]
    assert len(independent) >= 10 and independent["agrees"].mean() >= MIN_AGREEMENT
    docs = (CHECKOUT / "docs" / "cases" / "coalition.md").read_text(encoding="utf-8")
    for operation, country in DISAGREEMENTS:
        assert re.search(rf"\| {re.escape(operation)} \| {re.escape(country)} \|.*\| no \|", docs)


def test_facts_the_text_does_not_show_are_listed_with_the_type() -> None:
    """Korea: "never considered a particular set of countries as critical" is a fact, not a gap."""
    korea = operation_report("korea-1950").contributors
    assert not korea["facts_not_shown"].str.contains("critical").any()
    assert korea.query("country == 'Colombia'")["facts_not_shown"].eq("").all()
    morocco = operation_report("kfor-1999").contributors.query("country == 'Morocco'").iloc[0]
    assert morocco["model_type"] == "non-participant"
    assert morocco["facts_not_shown"] == "interested, critical, scarce, eager"


def test_the_docs_table_is_the_output_of_its_script() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_table", CHECKOUT / "docs" / "cases" / "make_coalition_table.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    docs = (CHECKOUT / "docs" / "cases" / "coalition.md").read_text(encoding="utf-8")
    up_to_date = module.render_tables() in docs
    assert up_to_date, "docs/cases/coalition.md is stale: run `python docs/cases/make_coalition_table.py`"


# -- bad files -----------------------------------------------------------------------------------------

GOOD = """
name = "Test operation"
theater = "Nowhere"
pivotal_states = ["United States"]
sources = ["henke2019buying"]
summary = "A file for the tests."
start = {{ value = 2000, external = "invented for the test" }}

[[contributors]]
country = "Ruritania"
{troops}
"""


@pytest.mark.parametrize(
    ("troops", "expected"),
    [
        (
            'troop = { value = 10, external = "invented here" }',
            "unknown field 'contributors.0.troop'; did you mean 'troops'?",
        ),
        (
            'troops = { value = -10, external = "invented here" }',
            "field 'contributors.0.troops.value': Input should be greater than or equal to 0",
        ),
        (
            'troops = { value = "many", external = "invented here" }',
            "field 'contributors.0.troops.value': Input should be a valid number",
        ),
        ("troops = { value = 10 }", "needs exactly one source"),
        (
            'troops = { value = 10, derived = "10 / 0", external = "invented here" }',
            "contributors.0.troops: derived = '10 / 0' divides by zero",
        ),
    ],
)
def test_bad_files_give_one_line_errors_naming_file_and_field(
    tmp_path: Path, troops: str, expected: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.format(troops=troops), encoding="utf-8")
    with pytest.raises(UserInputError) as err:
        load_operation(str(path))
    message = str(err.value)
    assert "\n" not in message and str(path) in message and expected in message


def test_a_good_user_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        GOOD.format(troops='troops = { value = 10, external = "invented here" }'), encoding="utf-8"
    )
    assert operation_report(str(path)).contributors["troops"].tolist() == [10]


def test_a_file_citing_an_unknown_reference_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cites.toml"
    text = GOOD.format(troops="").replace('"henke2019buying"', '"nobody2020"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserInputError, match=r"nobody2020.*not keys of references\.bib"):
        load_operation(str(path))


def test_unknown_names_suggest_the_closest_operation() -> None:
    with pytest.raises(UserInputError, match="did you mean 'korea-1950'") as err:
        load_operation("korea-1951")
    assert "soldier_costs" not in str(err.value) and "vietnam-1964" in str(err.value)
    with pytest.raises(UserInputError, match="not an operation"):
        load_operation("soldier_costs")


# -- the arithmetic of amounts ---------------------------------------------------------------------------

money = st.floats(min_value=1.0, max_value=1e10, allow_nan=False)


@given(value=money, first=st.integers(1950, 2020), length=st.integers(1, 12))
def test_a_total_over_a_span_is_spread_evenly_and_adds_back_up(value: float, first: int, length: int) -> None:
    amount = Amount(
        value=value, external="invented here", basis="total", first_year=first, last_year=first + length - 1
    )
    assert amount.years_covered == length
    assert amount.per_year is not None and amount.per_year * length == pytest.approx(value)
    assert amount.over_span == value


@given(value=money, years=st.integers(1, 12))
def test_a_monthly_rate_is_twelve_times_per_year(value: float, years: int) -> None:
    amount = Amount(
        value=value, external="invented here", basis="per_month", first_year=2000, last_year=1999 + years
    )
    assert amount.per_year == pytest.approx(12 * value)
    assert amount.over_span == pytest.approx(12 * value * years)
    assert Amount(value=value, external="invented here", basis="per_month").over_span is None


@given(rates=st.lists(money, min_size=1, max_size=5))
def test_yearly_rates_in_distinct_years_average_and_rates_without_years_add(rates: list[float]) -> None:
    """Romania's FY2011 and FY2012 payments are one contingent in two years; undated rates run together."""

    def contributor(dated: bool) -> Contributor:
        payments = []
        for i, rate in enumerate(rates):
            years = {"first_year": 2000 + i, "last_year": 2000 + i} if dated else {}
            amount = Amount(value=rate, external="invented here", basis="per_year", **years)
            payments.append(
                Payment(
                    form="deployment_subsidy", kind="cash", payer="P", for_what=f"year {i}", amount=amount
                )
            )
        return Contributor(country="X", payments=tuple(payments))

    assert annual_payment(contributor(True)) == pytest.approx(sum(rates) / len(rates))
    assert annual_payment(contributor(False)) == pytest.approx(sum(rates))


@given(a=st.integers(0, 10**6), b=st.integers(0, 10**6), c=st.integers(1, 1000))
def test_derived_arithmetic_is_evaluated_exactly(a: int, b: int, c: int) -> None:
    assert evaluate(f"({a} + {b}) * {c} - {a} / {c}") == pytest.approx((a + b) * c - a / c)
    with pytest.raises(ValueError, match=r"not arithmetic|only numbers"):
        evaluate(f"__import__('os').getpid() + {a}")
    with pytest.raises(ValueError, match="only numbers"):
        evaluate(f"{a} ** {c}")
