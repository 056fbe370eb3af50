"""The one coding map of the episode library: how words become numbers (``docs/models/episodes.md``).

Every episode writes a qualitative judgement as a level (``{level = "H", reasoning = "..."}``) and the map
below turns it into the model's number; the same map serves every episode, so no parameter is tuned to one
episode's outcome. Money is written in the dollars of its year and deflated to constant dollars of
``BASE_YEAR`` with the CPI-U (``cpi-u.toml``). Regimes become the selectorate indices ``W`` and ``S``.
The only calibrated number, ``MU0``, is set once on the 1954 phase of the US-Pakistan episode (see its
reasoning below) and holds for every episode and decade because all money is in constant dollars.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "BASE_YEAR",
    "CONSTANTS",
    "LEVELS",
    "MONEY_FIELDS",
    "MU0",
    "REGIMES",
    "level_names",
]

BASE_YEAR: Final = 2000  # constant dollars of this year (CPI-U)

# Qualitative levels -> numbers, per parameter. [PROPOSED]: evenly spaced inside each domain, away from the
# edges where the models' logs blow up; v in constant 2000 USD m/yr on a factor-4 ladder.
LEVELS: Final = MappingProxyType(
    {
        "T": MappingProxyType({"L": 0.2, "M": 0.45, "H": 0.7}),  # threat to the client's status quo
        "d": MappingProxyType({"L": 0.15, "M": 0.4, "H": 0.65}),  # divergence from the patron
        "chi": MappingProxyType({"opposed": -0.5, "none": 0.0, "L": 0.25, "M": 0.5, "H": 0.75}),
        "q0": MappingProxyType({"L": 0.3, "M": 0.6, "H": 0.85}),  # patron's protection vs the adversary
        "phi": MappingProxyType({"L": 0.2, "M": 0.4, "H": 0.6}),  # own capability vs the adversary
        "sal": MappingProxyType({"L": 0.6, "M": 1.0, "H": 1.5}),  # domestic salience of the concessions
        "h": MappingProxyType({"L": 0.05, "M": 0.15, "H": 0.3}),  # leader's deposition hazard
        "v": MappingProxyType({"L": 250.0, "M": 1000.0, "H": 4000.0}),  # patron's value of the package
        "c": MappingProxyType({"L": 0.05, "M": 0.15, "H": 0.3}),  # commitment cost as a share of v
        "credibility": MappingProxyType({"L": 0.5, "M": 0.75, "H": 0.95}),  # delivery probability pi
        "salience": MappingProxyType({"L": 0.6, "M": 1.0, "H": 1.5}),  # veto player's salience multiplier
        "shift": MappingProxyType({"L": 0.1, "M": 0.2, "H": 0.35}),  # ideal-point move away from the patron
    }
)

# Regimes -> (W, S), on the Bueno de Mesquita et al. (2003) quarter scale. [PROPOSED]
REGIMES: Final = MappingProxyType(
    {
        "monarchy": (0.25, 0.25),
        "military": (0.25, 0.25),
        "oligarchy": (0.25, 0.5),
        "personalist": (0.25, 1.0),
        "party": (0.5, 1.0),
        "democracy": (0.75, 1.0),
        "consolidated-democracy": (1.0, 1.0),
    }
)

# Amounts in money (written with the dollars of their year, deflated to BASE_YEAR dollars).
MONEY_FIELDS: Final = frozenset({"v", "budget", "r", "payment", "relocation"})

# One calibration for every episode: the leader's utils per constant-2000 USD m at W = S = 1, r = 0, h = 0.
# Set so that the model's payment for the 1954 phase of us-pakistan-1954-2012 equals the observed 155 USD m
# (1954 dollars, about 992 USD m in 2000 dollars; frus1952v11p2d1165). In-sample, once.
MU0: Final = 0.000217

# Settings every episode shares (models.md defaults unless said otherwise).
CONSTANTS: Final = MappingProxyType(
    {
        "omega0": 0.1,  # autonomy cost of concessions when interests coincide
        "a0": 0.3,  # weight on security: alpha = clip(a0 + a1*T, .05, .95)
        "a1": 0.6,
        "gamma": 1.0,  # selectorate elasticities (section (b))
        "lambda_": 0.5,
        "eta": 0.5,
        "zeta": 0.5,
        "rbar": 5000.0,  # revenue scale, constant 2000 USD m/yr
        "tau": 0.5,  # switching cost (utils)
        "credibility": 0.95,  # pi_H of the incumbent patron
        "band": 0.01,  # renegotiation band b_neg (utils)
        "transaction_cost": 1.0,  # k_neg, USD m/yr
        "new_leader_hazard": 0.1,  # h_new for a new leader's first L0 years
        "new_leader_periods": 2,  # L0
        "veto_spread": 0.5,  # veto members' salience multipliers uniform on m*[0.5, 1.5]
        "holdup_share": 0.5,  # the client's Nash share of the hold-up surplus
        "price_change": 0.05,  # a payment change below 5% is not a price change
    }
)


def level_names(field: str) -> tuple[str, ...]:
    """The levels a field accepts (empty if it takes numbers only)."""
    return tuple(LEVELS[field]) if field in LEVELS else ()
