"""Readers: facts from the real files (rows, years, values from the README), dtypes, cache, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.data import read, readers
from alliancelab.data._schema import KINDS, DataSource
from alliancelab.data.paths import parquet_cache_dir
from alliancelab.data.readers import parse_source
from alliancelab.data.readers._normalise import _cast
from alliancelab.data.sources import get_source, source_names
from alliancelab.errors import DataError

pytestmark = pytest.mark.data


@pytest.mark.parametrize("name", source_names())
def test_every_data_set_reads_with_documented_rows_years_dtypes_and_sources(
    data_dir: Path, name: str
) -> None:
    source = get_source(name)
    frame = read(name)
    if source.rows is not None:
        assert len(frame) == source.rows
    if source.year is not None and source.years is not None:
        assert (int(frame[source.year].min()), int(frame[source.year].max())) == source.years
    elif source.years is not None:  # spells and events: the span of every year and date column
        spans = [c.output for c in source.columns if c.kind in ("year", "date") and not c.is_pattern]
        years = [frame[c].dt.year if frame[c].dtype.kind == "M" else frame[c] for c in spans]
        assert (min(int(y.min()) for y in years), max(int(y.max()) for y in years)) == source.years
    for col in source.columns:
        if col.is_pattern:
            assert all(str(frame[c].dtype) == KINDS[col.kind] for c in frame.columns if col.matches(c))
        else:
            assert str(frame[col.output].dtype) == KINDS[col.kind], col.output
    assert frame.attrs["sources"] == list(source.citations)
    assert frame.attrs["dataset"] == name
    assert isinstance(frame.index, pd.RangeIndex)


def _row(frame: pd.DataFrame, **where: object) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


def test_peacesciencer_facts(data_dir: Path) -> None:
    nmc = read("cow_nmc")
    usa = _row(nmc, ccode=2, year=1816).iloc[0]
    assert (usa["milex"], usa["milper"], usa["tpop"]) == (3823.0, 17.0, 8659.0)
    atop = read("atop_alliance")
    # directed: France (220) pledged defence to Britain... in 1832 220->211 is 1 and 211->220 is 0 (README)
    assert _row(atop, ccode1=220, ccode2=211, year=1832)["atop_defense"].tolist() == [1]
    assert _row(atop, ccode1=211, ccode2=220, year=1832)["atop_defense"].tolist() == [0]
    us_pak = _row(atop, ccode1=2, ccode2=770)
    assert us_pak["year"].min() == 1954 and _row(us_pak, year=1954)["atop_defense"].tolist() == [1]
    gw = read("gw_states")
    assert gw.loc[gw["gwcode"] == 20, "startdate"].iloc[0] == pd.Timestamp("1867-07-01")
    leaders = read("archigos")
    grant = leaders[leaders["obsid"] == "USA-1869"].iloc[0]
    assert grant["leader"] == "Grant" and grant["startdate"] == pd.Timestamp("1869-03-04")
    majors = read("cow_majors")
    assert set(majors["ccode"]) >= {2, 200, 220, 365, 710}


def test_un_votes_facts(data_dir: Path) -> None:
    voeten = read("un_votes_voeten")
    assert (voeten["year"] == 1945 + voeten["session"]).all()  # the session year, not the calendar year
    assert set(voeten["vote"].unique()) == {1, 2, 3, 8, 9}
    assert set(voeten["ec"].dropna().unique()) == {0, 1}  # the 197 '0"' cells are repaired to 0
    assert voeten["date"].isna().sum() == 197  # rcid 4592 has no date
    votes = read("un_votes")
    assert list(votes["vote"].cat.categories) == ["yes", "abstain", "no"]
    first = votes[votes["rcid"] == 3].set_index("country")["vote"]
    assert (first["United States"], first["Canada"]) == ("yes", "no")
    calls = read("un_roll_calls")
    assert (calls["date"].min(), calls["date"].max()) == (
        pd.Timestamp("1946-01-01"),
        pd.Timestamp("2020-01-14"),
    )
    ideal = read("ideal_points")
    assert _row(ideal, ccode=2, year=1946)["idealpointfp"].iloc[0] == pytest.approx(1.663375, abs=1e-6)


def test_other_sources_facts(data_dir: Path) -> None:
    sipri = read("sipri_milex")
    usa = sipri[sipri["country"] == "United States of America"].set_index("year")
    assert usa.loc[2024, "milex_gdp_share"] == pytest.approx(0.03419216532280439)
    assert usa.loc[1990, "milex_constant_usd"] == pytest.approx(758217.2864597058)
    assert (usa.loc[2024, "region"], usa.loc[2024, "subregion"]) == ("Americas", "North America")
    assert sipri.loc[sipri["country"] == "Germany"].set_index("year").loc[2023, "milex_constant_usd"] == (
        pytest.approx(67285.19863786241)
    )
    assert sipri.loc[sipri["country"] == "Yemen, North", "year"].max() == 1989  # 'xxx' years left out
    assert not sipri.duplicated(["country", "year"]).any()
    bases = read("troopdata_bases")  # latin-1 RDA v2: pyreadr fails, rdata with latin-1 reads it
    assert "Fuerte Aguayo NB, Concón" in set(bases["basename"].dropna())
    assert "Côte d'Ivoire" in set(read("maddison")["country"])  # latin-1 CSV
    aid = read("us_foreign_aid")
    tq = aid[aid["fiscal_year"] == "1976tq"]
    assert len(tq) > 0 and (tq["year"] == 1976).all() and (tq["transition_quarter"] == 1).all()
    green = read("usaid_greenbook")
    israel = green[(green["country"] == "Israel") & (green["year"] == 1979)].set_index("program")["amount"]
    assert israel["Economic Support Fund/Security Support Assistance"] == 785_000_000
    ipi = read("ipi_countries")
    assert ipi["contributor"].nunique() == 148
    canada = ipi[ipi["contributor"] == "Canada"].iloc[0]
    assert (canada["date"], canada["troops"]) == (pd.Timestamp("1990-11-30"), 1002)
    detail = read("ipi_detail_201403")
    assert not detail["mission_country"].str.endswith("'").any()
    nato = read("atop_member_level")
    assert {2, 20, 200} <= set(nato.loc[nato["atopid"] == 3180, "member"])


def test_warm_read_equals_a_fresh_parse(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLIANCELAB_CACHE", str(tmp_path / "cache"))
    for name in ("cow_states", "atop_alliance", "un_roll_calls", "sipri_milex"):
        cold = read(name)
        assert len(list(parquet_cache_dir().glob(f"{name}-*.parquet"))) == 1
        warm = read(name)
        fresh = parse_source(get_source(name))
        pd.testing.assert_frame_equal(warm, cold)
        pd.testing.assert_frame_equal(warm, fresh)


# ---- bad input: each a one-line DataError that names the file or column and what to do ---------------


@pytest.fixture
def tmp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("ALLIANCELAB_DATA", str(root))
    monkeypatch.setenv("ALLIANCELAB_CACHE", str(tmp_path / "cache"))
    return root


def _copy(data_dir: Path, root: Path, relative: str) -> Path:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(data_dir / relative, target)
    return target


def _one_line(err: pytest.ExceptionInfo[DataError]) -> str:
    message = str(err.value)
    assert "\n" not in message
    return message


def test_missing_file_says_to_fetch(tmp_root: Path) -> None:
    with pytest.raises(DataError) as err:
        read("cow_nmc")
    message = _one_line(err)
    assert "peacesciencer/cow_nmc.rda not found" in message
    assert "alliancelab data fetch cow_nmc" in message


def test_truncated_rda_is_one_line_and_caches_nothing(data_dir: Path, tmp_root: Path) -> None:
    target = _copy(data_dir, tmp_root, "peacesciencer/cow_nmc.rda")
    target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    with pytest.raises(DataError) as err:
        read("cow_nmc")
    message = _one_line(err)
    assert str(target) in message and "truncated" in message
    assert "alliancelab data fetch cow_nmc --force" in message
    assert not any(parquet_cache_dir().glob("*.parquet"))


def test_csv_with_a_renamed_column_names_file_and_column(data_dir: Path, tmp_root: Path) -> None:
    target = _copy(data_dir, tmp_root, "maddison_2018/maddison-data.csv")
    raw = target.read_bytes()
    target.write_bytes(raw.replace(b"cgdppc", b"gdppc_2011", 1))
    with pytest.raises(DataError) as err:
        read("maddison")
    message = _one_line(err)
    assert str(target) in message and "'cgdppc' missing" in message
    assert "alliancelab data fetch maddison --force" in message


def test_malformed_value_names_the_column_and_the_value(data_dir: Path, tmp_root: Path) -> None:
    target = _copy(data_dir, tmp_root, "maddison_2018/maddison-data.csv")
    lines = target.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b",1820,", b",18x0,")
    target.write_bytes(b"\n".join(lines))
    with pytest.raises(DataError, match=r"column 'year' should hold year values but has '18x0'") as err:
        read("maddison")
    _one_line(err)


def test_rda_without_the_expected_object(data_dir: Path, tmp_root: Path) -> None:
    shutil.copyfile(data_dir / "peacesciencer/gw_states.rda", tmp_root / "wrong.rda")
    (tmp_root / "peacesciencer").mkdir()
    shutil.copyfile(tmp_root / "wrong.rda", tmp_root / "peacesciencer/cow_states.rda")
    with pytest.raises(DataError, match=r"no R data frame named 'cow_states' \(objects found: gw_states\)"):
        read("cow_states")


def test_changed_file_is_parsed_again(data_dir: Path, tmp_root: Path) -> None:
    target = _copy(data_dir, tmp_root, "peacesciencer/cow_majors.rda")
    first = read("cow_majors")
    shutil.copyfile(data_dir / "peacesciencer/cow_nmc.rda", target)  # same name, different content
    with pytest.raises(DataError, match="no R data frame named 'cow_majors'"):
        read("cow_majors")  # the stale Parquet copy is not used for a changed file
    assert len(first) == 14


def test_changed_reader_code_is_parsed_again(
    data_dir: Path, tmp_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Parquet copy is keyed by the readers' code too: after a fix to a parser (a new fingerprint of
    ``READER_CODE``) the file is parsed again and the old copy removed; the same code reads the copy."""
    _copy(data_dir, tmp_root, "peacesciencer/cow_majors.rda")
    calls: list[str] = []

    def counting_parse(source: DataSource, files: object = None) -> pd.DataFrame:
        calls.append(source.name)
        return parse_source(source, files)  # type: ignore[arg-type]

    monkeypatch.setattr(readers, "parse_source", counting_parse)
    first = read("cow_majors")
    pd.testing.assert_frame_equal(read("cow_majors"), first)
    assert calls == ["cow_majors"]
    real = readers.code_fingerprint
    monkeypatch.setattr(readers, "code_fingerprint", lambda *modules: f"{real(*modules)}-fixed")
    pd.testing.assert_frame_equal(read("cow_majors"), first)
    pd.testing.assert_frame_equal(read("cow_majors"), first)
    assert calls == ["cow_majors", "cow_majors"]
    assert len(list(parquet_cache_dir().glob("cow_majors-*.parquet"))) == 1


def test_unknown_name(tmp_root: Path) -> None:
    with pytest.raises(DataError, match="unknown data set 'atop_alliances': did you mean atop_alliance"):
        read("atop_alliances")


def test_frames_know_their_sources_for_cite(data_dir: Path) -> None:
    from alliancelab.references import cite

    bibtex = cite(read("atop_alliance"))
    assert bibtex.startswith("@article{leeds2002atop,") and "@article{miller2022peacesciencer," in bibtex


_INT32 = st.integers(min_value=-(2**31) + 1, max_value=2**31 - 1)


@given(st.lists(st.one_of(st.none(), _INT32), max_size=40))
def test_integer_columns_keep_every_value_and_every_missing(values: list[int | None]) -> None:
    """Country codes read from R doubles, R integers with NA (Python ints and None) or text: same Int32."""
    source = get_source("cow_nmc")
    expected = pd.array(values, dtype="Int32")
    as_objects = pd.Series(values, dtype=object)
    as_doubles = pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    as_text = pd.Series(["" if v is None else str(v) for v in values], dtype=object).replace("", None)
    for series in (as_objects, as_doubles, as_text):
        out = _cast(series, "code", source, Path("x.rda"), "ccode")
        pd.testing.assert_extension_array_equal(out.array, expected)


@given(st.lists(st.sampled_from([0, 1, None]), min_size=1, max_size=30), st.integers(2, 9))
def test_flags_accept_only_zero_and_one(values: list[int | None], bad: int) -> None:
    source = get_source("atop_alliance")
    series = pd.Series([float("nan") if v is None else float(v) for v in values])
    out = _cast(series, "flag", source, Path("x.rda"), "atop_defense")
    assert str(out.dtype) == "Int8" and out.isna().tolist() == [v is None for v in values]
    with pytest.raises(DataError, match=f"column 'atop_defense' should hold 0/1 values but has {bad};"):
        _cast(pd.concat([series, pd.Series([float(bad)])]), "flag", source, Path("x.rda"), "atop_defense")


def test_fractional_code_and_missing_year_are_malformed() -> None:
    source = get_source("cow_nmc")
    with pytest.raises(DataError, match=r"column 'ccode' should hold code values but has 2\.5;"):
        _cast(pd.Series([2.0, 2.5]), "code", source, Path("x.rda"), "ccode")
    with pytest.raises(
        DataError, match=r"column 'year' should hold year \(never missing\) values but has nan"
    ):
        _cast(pd.Series([1816.0, float("nan")]), "year", source, Path("x.rda"), "year")
