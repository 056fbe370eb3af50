"""report.style: print defaults inside the context only; figures saved atomically in the suffix's format."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from figure_probe import PNG_MAGIC

from alliancelab.report.style import PALETTE, publication_style, save_figure

MAGIC = {".png": PNG_MAGIC, ".pdf": b"%PDF", ".svg": b"<?xml"}


def _figure() -> plt.Figure:
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0], label="line")
    return fig


def test_publication_style_applies_inside_and_restores_after() -> None:
    before = (mpl.rcParams["savefig.dpi"], mpl.rcParams["axes.spines.top"], mpl.rcParams["font.size"])
    with publication_style():
        assert mpl.rcParams["savefig.dpi"] == 300
        assert mpl.rcParams["savefig.bbox"] == "tight"
        assert mpl.rcParams["axes.spines.top"] is False
        colours = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
        assert colours == PALETTE
        fig, ax = plt.subplots()
        (line,) = ax.plot([0, 1])
        assert line.get_color() == PALETTE[0]
        plt.close(fig)
    assert (mpl.rcParams["savefig.dpi"], mpl.rcParams["axes.spines.top"], mpl.rcParams["font.size"]) == before


def test_palette_is_distinct_hex_colours() -> None:
    assert len(PALETTE) == len(set(PALETTE)) == 8
    assert all(mpl.colors.is_color_like(c) and c.startswith("#") and len(c) == 7 for c in PALETTE)


@pytest.mark.parametrize("suffix", sorted(MAGIC))
def test_save_figure_writes_the_suffix_format_and_closes(tmp_path: Path, suffix: str) -> None:
    fig = _figure()
    target = tmp_path / "sub" / f"figure{suffix}"  # missing folders are created
    save_figure(fig, target)
    assert target.read_bytes().startswith(MAGIC[suffix])
    assert [p.name for p in target.parent.iterdir()] == [target.name], "a temporary file was left"
    assert not plt.fignum_exists(fig.number)


def test_saved_file_has_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "figure.png"
    save_figure(_figure(), target)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_failed_save_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    """A save that fails half-way (simulated full disk) leaves neither a partial file nor a temporary one,
    and an existing figure of the same name is kept intact."""
    target = tmp_path / "figure.broken"
    with pytest.raises(OSError, match="No space left"):
        save_figure(_figure(), target)
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"the previous figure")
    with pytest.raises(OSError):
        save_figure(_figure(), target)
    assert target.read_bytes() == b"the previous figure"
    assert [p.name for p in tmp_path.iterdir()] == ["figure.broken"]


def test_unknown_format_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not supported"):
        save_figure(_figure(), tmp_path / "figure.xyz")
    assert list(tmp_path.iterdir()) == []


def test_failed_save_still_closes_the_figure(tmp_path: Path) -> None:
    fig = _figure()
    try:
        with pytest.raises(OSError):
            save_figure(fig, tmp_path / "figure.broken")
        assert not plt.fignum_exists(fig.number), "the figure stays open in pyplot after a failed save"
    finally:
        plt.close(fig)
