"""Henke's typology of coalition recipients as a decision rule (models.md (g), ``[PROPOSED]``).

Henke (seed 004): "Three types of states are most likely to receive such payments: (1) states that are
inadequately resourced to deploy; (2) states that are perceived by the pivotal states to be critical
contributors to the coalition endeavor; and (3) opportunistic states that perceive a coalition deployment
as an opportunity to negotiate a quid pro quo." The rule::

    if w_j >= c_j*n_j:                        # interested: j would deploy at its own cost
        VOLUNTEER                 if r_j >= c_j*n_j              # no payment
        WILLING_UNDERRESOURCED    otherwise                      # subsidy s_j = c_j*n_j - r_j, j initiates
    else:
        CRITICAL                  if j in C_m or k_j >= kbar      # P initiates; political side deal
        OPPORTUNISTIC             elif sigma_m >= sigmabar or E_P >= Ebar   # j asks for a quid pro quo
        NONPARTICIPANT            otherwise (and whenever rho_j > V_P,j)
    overlay: a deployed j that threatens to withdraw mid-deployment is OPPORTUNISTIC

Two entry points share that rule:

* :func:`classify_features` takes the *outcomes* of the inequalities, :class:`TypologyFeatures`, which the
  case library codes from facts in the text (interest shown, resources, whether the pivotal state named
  the state critical, how scarce contributors were, how openly the pivotal state sought them);
* :func:`classify` computes the same features from a numeric :class:`~alliancelab.coalition.mission.Mission`
  and records the numbers behind each inequality in the reasons.

References: ``henke2019buying``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from alliancelab._types import FloatArray
from alliancelab.coalition.mission import MarketSettings, Mission
from alliancelab.coalition.valuation import (
    MarketArrays,
    market_arrays,
    reservation_price,
    scarcities,
    valuation,
)

__all__ = [
    "CONTRIBUTOR_TYPES",
    "Classification",
    "ContributorType",
    "Reason",
    "TypologyFeatures",
    "classify",
    "classify_features",
    "contributor_types",
    "market_features",
]


class ContributorType(StrEnum):
    """The recipient types of Henke 2019 plus the two outcomes without payment."""

    VOLUNTEER = "volunteer"
    WILLING_UNDERRESOURCED = "willing-but-inadequately-resourced"
    CRITICAL = "critical contributor"
    OPPORTUNISTIC = "opportunistic"
    NONPARTICIPANT = "non-participant"


#: ``contributor_types`` codes: code ``i`` is ``CONTRIBUTOR_TYPES[i]``.
CONTRIBUTOR_TYPES: tuple[ContributorType, ...] = tuple(ContributorType)
_VOLUNTEER, _UNDERRESOURCED, _CRITICAL, _OPPORTUNISTIC, _NONPARTICIPANT = range(len(CONTRIBUTOR_TYPES))


def contributor_types(
    interested: ArrayLike,
    resourced: ArrayLike,
    critical: ArrayLike,
    scarce: ArrayLike,
    eager: ArrayLike,
    priced_out: ArrayLike,
    threatened_withdrawal: ArrayLike = False,
) -> NDArray[np.int8]:
    """Henke's typology rule (module docstring) over arrays of features: codes into
    :data:`CONTRIBUTOR_TYPES`. :func:`classify_features` applies it to one candidate and adds the reasons.
    """
    interested_type = np.where(resourced, _VOLUNTEER, _UNDERRESOURCED)
    opportunity = np.where(np.logical_or(scarce, eager), _OPPORTUNISTIC, _NONPARTICIPANT)
    uninterested_type = np.where(priced_out, _NONPARTICIPANT, np.where(critical, _CRITICAL, opportunity))
    kind = np.where(interested, interested_type, uninterested_type)
    overlay = np.logical_and(threatened_withdrawal, kind != _NONPARTICIPANT)
    return np.asarray(np.where(overlay, _OPPORTUNISTIC, kind), dtype=np.int8)


#: The payment each type implies (Henke: "Deployment subsidies are most often offered to states that lack
#: the resources to deploy efficiently, whereas political side deals are used to lure critical contributors").
EXPECTED_PAYMENT: dict[ContributorType, str] = {
    ContributorType.VOLUNTEER: "none",
    ContributorType.WILLING_UNDERRESOURCED: "deployment subsidy",
    ContributorType.CRITICAL: "political side deal",
    ContributorType.OPPORTUNISTIC: "quid pro quo (subsidy or side deal)",
    ContributorType.NONPARTICIPANT: "none",
}

#: Who opens the negotiation for each type (Henke's empirical markers).
INITIATOR: dict[ContributorType, str] = {
    ContributorType.VOLUNTEER: "candidate",
    ContributorType.WILLING_UNDERRESOURCED: "candidate",
    ContributorType.CRITICAL: "pivotal state",
    ContributorType.OPPORTUNISTIC: "candidate",
    ContributorType.NONPARTICIPANT: "nobody",
}


@dataclass(frozen=True, slots=True)
class TypologyFeatures:
    """The outcome of each inequality the rule uses, for one candidate.

    Code each from facts, never from the seed's label:

    ``interested``  ``w_j >= c_j*n_j``: the state's own interest covers the cost of deploying; evidence:
                    it expressed genuine interest publicly, has a political/ethnic/economic link to the
                    theatre, or offered troops before being asked.
    ``resourced``   ``r_j >= c_j*n_j``: it can pay for its own deployment (equipment, transport, pay).
    ``critical``    ``j in C_m or k_j >= kbar``: the pivotal state named specific reasons why this state
                    is needed (neighbour, indispensable capability, legitimacy) and recruited it.
    ``scarce``      ``sigma_m >= sigmabar``: contributors were hard to find (controversial or troubled
                    mission) when this state joined or bargained.
    ``eager``       ``E_P >= Ebar``: the pivotal state sought contributions openly (demarches, "as many
                    flags as possible").
    ``priced_out``  ``rho_j > V_P,j``: the state asked more than the pivotal state would pay (stays out).
    ``threatened_withdrawal``  it threatened mid-deployment to reduce or withdraw forces for a reward.
    """

    interested: bool
    resourced: bool
    critical: bool
    scarce: bool
    eager: bool
    priced_out: bool = False
    threatened_withdrawal: bool = False


@dataclass(frozen=True, slots=True)
class Reason:
    """One inequality the rule looked at: its symbolic form, whether it held, and the evidence."""

    inequality: str
    holds: bool
    detail: str = ""

    def __str__(self) -> str:
        verdict = "holds" if self.holds else "fails"
        return f"{self.inequality} {verdict}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True, slots=True)
class Classification:
    """The type of one candidate and the inequalities that decided it, in the order the rule read them."""

    name: str
    type: ContributorType
    reasons: tuple[Reason, ...]

    @property
    def expected_payment(self) -> str:
        return EXPECTED_PAYMENT[self.type]

    @property
    def initiator(self) -> str:
        return INITIATOR[self.type]

    def explain(self) -> str:
        """The deciding inequalities as one line."""
        return "; ".join(str(r) for r in self.reasons)


_INEQ = {
    "interested": "w_j >= c_j*n_j",
    "resourced": "r_j >= c_j*n_j",
    "critical": "j in C_m or k_j >= kbar",
    "scarce": "sigma_m >= sigmabar",
    "eager": "E_P >= Ebar",
    "priced_out": "rho_j > V_P,j",
    "threatened_withdrawal": "threatened to withdraw mid-deployment",
}


def classify_features(
    features: TypologyFeatures, name: str = "", details: dict[str, str] | None = None
) -> Classification:
    """Apply Henke's typology rule to coded features (see :class:`TypologyFeatures`). ``[PROPOSED]``.

    Henke: "States that receive allied payments fall into three groups. These categories overlap in
    practice, but for heuristic purposes, it is useful to highlight the distinctions." The rule (module
    docstring): interest first (``w_j >= c_j*n_j``: volunteer or willing-but-inadequately-resourced by
    ``r_j >= c_j*n_j``), then ``rho_j > V_P,j`` (non-participant), criticality, and scarcity or eagerness
    (opportunistic); a withdrawal threat makes a participant opportunistic.

    ``details`` maps a feature name to its evidence (a number comparison or a page reference) and is
    copied into the reasons. Only the inequalities the rule actually read are reported.
    """
    details = details or {}

    def reason(key: str) -> Reason:
        return Reason(_INEQ[key], bool(getattr(features, key)), details.get(key, ""))

    f = features
    code = contributor_types(
        f.interested, f.resourced, f.critical, f.scarce, f.eager, f.priced_out, f.threatened_withdrawal
    )
    kind = CONTRIBUTOR_TYPES[int(code)]
    # the inequalities the rule read, in its order (the rule itself is contributor_types)
    reasons: list[Reason] = [reason("interested")]
    if features.interested:
        reasons.append(reason("resourced"))
    else:
        reasons.append(reason("priced_out"))
        if not features.priced_out:
            reasons.append(reason("critical"))
            if not features.critical:
                reasons.append(reason("scarce"))
                if not features.scarce:
                    reasons.append(reason("eager"))
    if features.threatened_withdrawal and kind is not ContributorType.NONPARTICIPANT:
        reasons.append(reason("threatened_withdrawal"))
    return Classification(name=name, type=kind, reasons=tuple(reasons))


def market_features(
    m: MarketArrays, rho: FloatArray, value: FloatArray, sigma: FloatArray, settings: MarketSettings
) -> dict[str, NDArray[np.bool_]]:
    """The features of :class:`TypologyFeatures` computed from a mission's numbers (arrays over candidates,
    or over missions and candidates with ``sigma`` one per mission); :func:`contributor_types` takes them."""
    own = m.deploy_cost
    shape = np.shape(own)
    return {
        "interested": np.asarray(m.interest >= own),
        "resourced": np.asarray(m.liquidity >= own),
        "critical": np.broadcast_to(m.critical, shape),
        "scarce": np.broadcast_to(np.asarray(sigma)[..., None] >= settings.scarcity_threshold, shape),
        "eager": np.broadcast_to(np.asarray(m.eagerness >= settings.eagerness_threshold), shape),
        "priced_out": np.asarray(rho > value),
    }


def classify(mission: Mission) -> list[Classification]:
    """Classify every candidate of a numeric mission; the reasons carry the numbers compared.

    Features: ``interested = w_j >= c_j*n_j``, ``resourced = r_j >= c_j*n_j``, ``critical = j in C_m or
    k_j >= kbar``, ``scarce = sigma_m >= sigmabar``, ``eager = E_P >= Ebar``, ``priced_out = rho_j > V_P,j``
    (see :mod:`alliancelab.coalition.valuation`).
    """
    m = market_arrays(mission)
    own = m.deploy_cost
    rho = reservation_price(m.cost_per_soldier, m.troops, m.interest)
    value = valuation(m)
    sigma = float(scarcities(np.asarray(m.required), m.effective))
    settings = mission.market
    features = market_features(m, rho, value, np.asarray(sigma), settings)
    kbar = settings.criticality_threshold
    out: list[Classification] = []
    for j, cand in enumerate(mission.candidates):
        feats = TypologyFeatures(**{k: bool(v[j]) for k, v in features.items()})
        in_set = "in C_m" if cand.name in mission.critical else "not in C_m"
        details = {
            "interested": f"w = {m.interest[j]:.4g} vs own cost {own[j]:.4g} USD m/yr",
            "resourced": f"r = {m.liquidity[j]:.4g} vs own cost {own[j]:.4g} USD m/yr",
            "critical": f"{in_set}, k = {cand.criticality:g} vs kbar = {kbar:g}",
            "scarce": f"sigma = {sigma:.3g} vs sigmabar = {settings.scarcity_threshold:g}",
            "eager": f"E_P = {m.eagerness:g} vs Ebar = {settings.eagerness_threshold:g}",
            "priced_out": f"rho = {rho[j]:.4g} vs V_P = {value[j]:.4g} USD m/yr",
        }
        out.append(classify_features(feats, name=cand.name, details=details))
    return out
