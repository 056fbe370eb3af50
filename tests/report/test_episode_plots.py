"""The episode timeline (report/episode_plots.py): every step changes where its event's year begins."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from episode_files import episode, phase, write

from alliancelab.cases.episodes import load_episode, run_episode
from alliancelab.report.episode_plots import episode_figure, plot_episode

COUP = (
    '\n[[events]]\nyear = 1993\nkind = "regime-change"\nregime = "democracy"\n'
    'shift = { level = "M", reasoning = "test" }\nreasoning = "test"\n'
)


def _change_points(line: object) -> list[float]:
    x, y = (np.asarray(a, dtype=float) for a in line.get_data())  # type: ignore[attr-defined]
    return [float(x[i]) for i in range(1, len(y)) if y[i] != y[i - 1]]


def test_steps_event_lines_and_phase_boundaries_line_up_with_their_years(tmp_path: Path) -> None:
    phases = phase("before", 1990, "FORMATION") + phase("after", 1993, "SURVIVED-RC")
    run = run_episode(load_episode(write(tmp_path, episode(extra=COUP, phases=phases))))
    fig = episode_figure(run)
    try:
        strip, top, bottom = fig.axes[:3]
        lines = {line.get_label(): line for line in bottom.get_lines()}
        for label in ("divergence d", "winning coalition W"):  # a step where the coup's year begins, no ramp
            assert lines[label].get_drawstyle() == "steps-post"
            assert _change_points(lines[label]) == [1993.0]
        vertical = sorted({float(np.asarray(line.get_xdata())[0]) for line in bottom.get_lines()[2:]})
        assert vertical == [1990.0, 1993.0]  # phase starts and the coup: both where 1993 begins
        payment = next(line for line in top.get_lines() if line.get_label().startswith("payment"))
        x = np.asarray(payment.get_xdata(), dtype=float)
        assert (x[0], x[-1]) == (1990.0, 1996.0)  # the last year, 1995, is drawn to its end
        assert top.get_ylabel() and bottom.get_xlabel() and strip.get_title()
    finally:
        plt.close(fig)


def test_the_saved_figure_keeps_the_phase_key(tmp_path: Path) -> None:
    run = run_episode(load_episode(write(tmp_path, episode(extra=COUP))))
    target = tmp_path / "timeline.png"
    plot_episode(run, target)
    height = plt.imread(target).shape[0]
    assert height > 5.6 * 300 * 1.02  # taller than the axes: the key below them was not cut off
    assert not plt.get_fignums()  # and the figure was closed
