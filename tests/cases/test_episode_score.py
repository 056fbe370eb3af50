"""The scorer's counts on a small library whose answers are known by construction."""

from __future__ import annotations

from pathlib import Path

import pytest
from episode_files import episode, phase, write

from alliancelab.cases.episodes import score_library
from alliancelab.cases.episodes.score import library_files
from alliancelab.errors import UserInputError

EMBARGO = '\n[[events]]\nyear = 1993\nkind = "embargo"\nreasoning = "test: the patron stops paying"\n'


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Three episodes, four observed phases, three of them right and two episodes fully right.

    * ``a-formation``: a valuable client with middling divergence: forms (observed FORMATION: right);
    * ``b-worthless``: a patron that values its base at 1 USD m cannot pay a divergent client to host it
      whole (observed FORMATION: wrong, the model says NO-ALLIANCE);
    * ``c-embargo``: forms in 1990, then an embargo from 1993 stops every payment the divergent client needs
      (observed FORMATION then TERMINATION: both right).
    """
    write(tmp_path, episode("a-formation"), "a-formation")
    base = '\n[bounds]\nminimum = { value = 1.0, reasoning = "test: a base, hosted whole or not at all" }\n'
    write(tmp_path, episode("b-worthless", d="H", v=1.0, extra=base), "b-worthless")
    phases = phase("start", 1990, "FORMATION") + phase("cut", 1993, "TERMINATION")
    write(tmp_path, episode("c-embargo", d="H", extra=EMBARGO, phases=phases), "c-embargo")
    return tmp_path


def test_counts_on_a_library_with_known_answers(library: Path) -> None:
    score = score_library(library_files(library))
    assert (score.phases_right, score.phases_total) == (3, 4)
    assert (score.episodes_right, score.episodes_total) == (2, 3)
    assert score.summary_line() == "3 of 4 phases right, 2 of 3 episodes right"
    rows = {(r["episode"], r["phase"]): r for r in score.rows()}
    assert rows[("b-worthless", "all")]["predicted"] == "NO-ALLIANCE"
    assert rows[("b-worthless", "all")]["right"] == "NO"
    assert rows[("c-embargo", "cut")]["why"].startswith("1993: p_req")
    assert score.as_dict()["summary"] == score.summary_line()


def test_a_folder_without_episodes_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match=r"holds no \.toml files"):
        library_files(tmp_path)
    with pytest.raises(UserInputError, match="is not a folder"):
        library_files(tmp_path / "missing")


def test_sensitivity_moves_every_coded_level_one_step_each_way(tmp_path: Path) -> None:
    from alliancelab.cases.episodes.sensitivity import level_sensitivity

    write(tmp_path, episode("a-formation"), "a-formation")
    moves = level_sensitivity(library_files(tmp_path))
    # the test episode codes T, phi, q0, d, sal at M (two neighbours each), chi at none (opposed, L),
    # c and h at L (one neighbour each): 6*2 + 2 = 14 moves
    assert len(moves) == 14
    assert {m.where for m in moves} == {
        f"parameters.{f}" for f in ("T", "phi", "chi", "q0", "d", "sal", "c")
    } | {"leader.h"}
    assert {(m.level, m.moved_to) for m in moves if m.where == "parameters.chi"} == {
        ("none", "opposed"),
        ("none", "L"),
    }
    for m in moves:
        assert m.right_before == 1 and (m.right_after == 1) == (not m.phases_changed)
