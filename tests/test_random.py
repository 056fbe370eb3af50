"""The one normalisation of ``rng=`` and the one way to spawn per-run streams (alliancelab.provenance)."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab.errors import ParameterError, UserInputError
from alliancelab.provenance import seeded_generator, spawn_seeds


def test_seeded_generator_records_the_entropy_that_recreates_it() -> None:
    generator, entropy = seeded_generator(42)
    again, same = seeded_generator(np.random.SeedSequence(42))
    assert entropy == same == 42
    assert generator.random() == again.random()
    fresh, drawn = seeded_generator(None)
    assert isinstance(drawn, int) and seeded_generator(drawn)[0].random() == fresh.random()


def test_a_generator_is_used_as_given_and_its_seed_is_not_claimed() -> None:
    given = np.random.default_rng(3)
    generator, entropy = seeded_generator(given)
    assert generator is given and entropy is None


@pytest.mark.parametrize("bad", [-1, "seven", 2.5])
def test_bad_seeds_are_parameter_errors_naming_the_value(bad: object) -> None:
    with pytest.raises(ParameterError, match="rng"):
        seeded_generator(bad)
    with pytest.raises(ParameterError, match="rng"):
        spawn_seeds(bad, 3)


def test_children_depend_only_on_the_root_and_their_index() -> None:
    children, entropy = spawn_seeds(2026, 4)
    first_two, _ = spawn_seeds(2026, 2)
    draw = [np.random.default_rng(c).random() for c in children]
    assert entropy == 2026
    assert draw[:2] == [np.random.default_rng(c).random() for c in first_two]
    assert len(set(draw)) == 4


def test_spawning_from_a_generator_without_a_seed_sequence_is_a_user_error() -> None:
    from_bits = np.random.Generator(np.random.PCG64(np.random.SeedSequence(1)))
    assert spawn_seeds(from_bits, 2)[1] == 1
    legacy = np.random.Generator(np.random.RandomState(5)._bit_generator)  # legacy seeding: no SeedSequence
    assert legacy.bit_generator.seed_seq is None
    with pytest.raises(UserInputError, match="SeedSequence"):
        spawn_seeds(legacy, 2)


def test_coalition_simulation_spawns_through_the_same_function() -> None:
    from alliancelab.cases import case_path
    from alliancelab.cases.missions import read_mission
    from alliancelab.coalition.pricing import quote
    from alliancelab.coalition.simulate import draw_reservations

    quotes = quote(read_mission(case_path("missions", "example-mission")))
    with pytest.raises(ParameterError, match="rng"):
        draw_reservations(quotes, 3, rng=-5)
    a, entropy = draw_reservations(quotes, 3, rng=9)
    b, _ = draw_reservations(quotes, 3, rng=np.random.SeedSequence(9))
    assert entropy == 9 and np.array_equal(a, b)
