r"""Alliance formation: the security-autonomy trade-off and the side payment that closes the deficit.

Section (a) of the model specification (``docs/models/formation.md``). A patron ``k`` offers a client ``i``
protection in exchange for concessions ``x`` in [0, 1] (bases, access, foreign-policy alignment); when the
client's interests diverge from the patron's, the trade leaves the client a deficit that a side payment must
fill (Kabir 2019, after Morrow 1991). Equations, with their provenance tags:

.. code-block:: text

    q      = q0 + (1-q0)*chi  if chi >= 0  else  q0*(1+chi)           protection      [PROPOSED][REVISED]
    s0     = 1 - T*(1-phi);   sA = 1 - T*(1-phi)*(1-q);  ratio = sA/s0  security        [PROPOSED]
    delta  = sal*(omega0 + d)                                           autonomy lost at x = 1
    alpha  = clip(a0 + a1*T, .05, .95)   (unless given)                 weight on security
    D(x)   = -alpha*ln(ratio) - (1-alpha)*ln(1 - x*delta)               client deficit  [LIT-SIGN]
    p_min  = max(0, D(x))/mu                                            reservation payment
    Pi     = v*x - c - p                                                patron net value
    G      = max_x [v*x - c - p_min(x)]                                 joint surplus
    FLEX:  x0 = (1 - ratio^(-alpha/(1-alpha)))/delta ;  x_int = 1/delta - (1-alpha)/(mu*v)
           xbar = min(1, (1-eps)/delta) ;  x* = clip(max(x0, x_int), 0, xbar)
           if p_min(x*) > B:  x* = x_B = (1 - exp(-(mu*B + alpha*ln(ratio))/(1-alpha)))/delta  [REVISED]
    FIXED: x* = package; no deal if package*delta > 1-eps or p_min(package) > B
    p*     = p_min(x*) + beta0*G  (beta0 = 0: the monopolist captures the surplus, BdM&S 2016)
    forms  iff G = v*x* - c - p_min(x*) >= 0

References (keys of ``references.bib``): kabir2019sidepayments, kabir2015tradeoff, morrow1991alliances,
bdm2016competition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from alliancelab._results import data_frame, flat_columns, html_table, result_dict, text_table
from alliancelab._types import FloatArray, Real
from alliancelab._types import as_float as _f
from alliancelab._validate import check_broadcast, check_choice, check_range
from alliancelab.errors import ParameterError
from alliancelab.theory._formation_kernel import (
    FREE_CONCESSIONS,
    INPUTS,
    NO_DEAL_NEGATIVE_SURPLUS,
    NO_DEAL_OVER_BUDGET,
    NO_DEAL_UNCOMPENSABLE,
    OUTCOME_LABELS,
    SIDE_PAYMENT,
    SIDE_PAYMENT_BUDGET_CAPPED,
    autonomy_cost,
    budget_concession,
    compensable_limit,
    deficit_at,
    free_concession,
    interior_concession,
    log_security_ratio,
    max_concession,
    protection,
    solve_arrays,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CITATION_KEYS",
    "FREE_CONCESSIONS",
    "MODES",
    "NO_DEAL_NEGATIVE_SURPLUS",
    "NO_DEAL_OVER_BUDGET",
    "NO_DEAL_UNCOMPENSABLE",
    "OUTCOME_LABELS",
    "SIDE_PAYMENT",
    "SIDE_PAYMENT_BUDGET_CAPPED",
    "FormationParams",
    "FormationSolution",
    "SecurityTerms",
    "autonomy_cost",
    "budget_concession",
    "client_deficit",
    "compensable_limit",
    "deficit_at",
    "free_concession",
    "interior_concession",
    "joint_surplus",
    "log_security_ratio",
    "max_concession",
    "patron_net_value",
    "protection",
    "reservation_payment",
    "security_terms",
    "solve",
]

Mode = Literal["FIXED", "FLEX"]
MODES: tuple[str, ...] = ("FIXED", "FLEX")
CITATION_KEYS: tuple[str, ...] = (
    "kabir2019sidepayments",
    "kabir2015tradeoff",
    "morrow1991alliances",
    "bdm2016competition",
)


@dataclass(frozen=True, slots=True)
class FormationParams:
    """One patron-client dyad (or arrays of dyads: every field broadcasts).

    Units: ``v``, ``c``, ``budget`` in USD m/yr; ``mu`` in utils per USD m; everything else is an index.
    ``alpha=None`` means the default weight ``clip(a0 + a1*T, .05, .95)``. ``mu``, ``v``, ``a0`` and ``a1``
    must be finite; ``budget = inf`` means no budget, ``c = inf`` a commitment no patron takes on.

    ``c`` is given in money. Section 0.2's ``c = eps_k*T*(1-phi)*q0*Cbar`` uses the baseline ``q0``, not the
    protection ``q``, so ``c`` does not move with ``chi`` ``[REVISED]``; a caller that derives ``c`` from
    ``T`` or ``phi`` sets it per dyad (the maintenance model scales it with exposure).
    """

    T: Real = 0.5  # threat intensity, [0, 1)
    phi: Real = 0.3  # own-capability ratio M/(M+Z), [0, 1]
    chi: Real = 0.0  # common-threat share with the patron, [-1, 1]
    q0: Real = 0.6  # patron's baseline protection effectiveness, [0, 1]
    d: Real = 0.5  # interest divergence |theta_i - theta_k|, [0, 1]
    sal: Real = 1.0  # domestic salience of concessions, > 0
    omega0: Real = 0.1  # autonomy cost of concessions when interests coincide, [0, 1)
    mu: Real = 0.01  # leader's utils per USD m (section (b)), > 0
    v: Real = 100.0  # patron's value of full concessions, USD m/yr, >= 0
    c: Real = 10.0  # patron's expected commitment cost, USD m/yr, >= 0
    budget: Real = math.inf  # patron's side-payment budget B_k, USD m/yr, >= 0
    alpha: Real | None = None  # weight on security, (0, 1); None: clip(a0 + a1*T, .05, .95)
    a0: float = 0.3
    a1: float = 0.6
    mode: Mode = "FLEX"  # FIXED: the package is given; FLEX: the patron chooses x
    package: Real = 1.0  # the FIXED package xbar_k, [0, 1]
    beta0: Real = 0.0  # generalised-Nash weight of the client, [0, 1]
    eps: float = 1e-3  # domain guard: packages with x*delta > 1-eps cannot be compensated

    def __post_init__(self) -> None:
        check_broadcast(self)
        check_range("T", self.T, 0, 1, hi_open=True)
        check_range("phi", self.phi, 0, 1)
        check_range("chi", self.chi, -1, 1)
        check_range("q0", self.q0, 0, 1)
        check_range("d", self.d, 0, 1)
        check_range("sal", self.sal, 0, lo_open=True)
        check_range("omega0", self.omega0, 0, 1, hi_open=True)
        check_range("mu", self.mu, 0, lo_open=True, hi_open=True)
        check_range("v", self.v, 0, hi_open=True)
        check_range("c", self.c, 0)
        check_range("budget", self.budget, 0)
        if self.alpha is not None:
            check_range("alpha", self.alpha, 0, 1, lo_open=True, hi_open=True)
        check_range("a0", self.a0, 0, hi_open=True)
        check_range("a1", self.a1, lo_open=True, hi_open=True)
        check_choice("mode", self.mode, MODES)
        check_range("package", self.package, 0, 1)
        check_range("beta0", self.beta0, 0, 1)
        check_range("eps", self.eps, 0, 1, lo_open=True, hi_open=True)
        if np.any(np.asarray(self.omega0, dtype=float) + np.asarray(self.d, dtype=float) <= 0):
            raise ParameterError(
                "omega0 + d = 0: concessions would cost no autonomy at all (need omega0 > 0 or d > 0)"
            )

    def security_weight(self) -> FloatArray:
        """``alpha`` as given, or the default ``clip(a0 + a1*T, .05, .95)``."""
        if self.alpha is not None:
            return np.asarray(self.alpha, dtype=float)
        return np.clip(self.a0 + self.a1 * np.asarray(self.T, dtype=float), 0.05, 0.95)


@dataclass(frozen=True, slots=True)
class SecurityTerms:
    """Security alone and aligned, their ratio, protection ``q``, weight ``alpha``, autonomy cost delta."""

    security_alone: FloatArray
    security_aligned: FloatArray
    ratio: FloatArray
    protection: FloatArray
    alpha: FloatArray
    delta: FloatArray


def security_terms(params: FormationParams) -> SecurityTerms:
    """Morrow's security terms: ``s0 = 1 - T(1-phi)`` alone, ``sA = 1 - T(1-phi)(1-q)`` aligned. [PROPOSED]

    Morrow 1991: "one partner receives autonomy benefits, and the other, security benefits".
    """
    exposure = _f(params.T) * (1 - _f(params.phi))
    q = protection(params.q0, params.chi)
    s0 = 1 - exposure
    sa = 1 - exposure * (1 - q)
    delta = autonomy_cost(params.sal, params.omega0, params.d)
    return SecurityTerms(s0, sa, sa / s0, q, params.security_weight(), delta)


def client_deficit(params: FormationParams, x: Real) -> FloatArray:
    """Client deficit in utils, ``D(x) = -alpha*ln(sA/s0) - (1-alpha)*ln(1 - x*delta)``. [LIT-SIGN]

    Kabir 2019 (seed 000): "in the absence of a common threat or shared interests, the trade-off tends to
    leave a deficit in a weaker state's net benefits from the alliance." ``D <= 0``: the trade is
    self-enforcing without money; ``D > 0``: a side payment must fill the deficit.
    """
    st = security_terms(params)
    return deficit_at(x, st.alpha, np.log(st.ratio), st.delta, params.eps)


def reservation_payment(params: FormationParams, x: Real) -> FloatArray:
    """Reservation payment ``p_min(x) = max(0, D(x))/mu`` in USD m/yr; ``+inf``: no payment suffices.

    [PROPOSED] Kabir 2019 (seed 000): "I argue that side payments fill in the deficit in gains for weaker
    states."
    """
    return np.maximum(client_deficit(params, x), 0.0) / _f(params.mu)


def patron_net_value(params: FormationParams, x: Real, p: Real) -> FloatArray:
    """Patron's net value ``Pi = v*x - c - p`` in USD m/yr. [PROPOSED]

    Kabir (seed 001): "In return for side payments the small state offers concessions (such as changes in
    its internal policies or granting military bases) to the great power ally": ``v*x`` values them.
    """
    return _f(params.v) * _f(x) - _f(params.c) - _f(p)


@dataclass(frozen=True, slots=True)
class FormationSolution:
    """The patron's best offer and whether the alliance forms, per dyad (arrays broadcast from the params).

    Money in USD m/yr, deficit in utils. ``package`` and ``payment`` are the patron's best offer even where
    no alliance forms; ``forms`` says whether it is made and accepted.
    """

    mode: str
    deficit: FloatArray  # D(x*) (utils)
    reservation_payment: FloatArray  # p_min(x*)
    patron_max: FloatArray  # v*x* - c: the most the patron would pay for x*
    package: FloatArray  # x*
    payment: FloatArray  # p*
    surplus: FloatArray  # G = v*x* - c - p_min(x*)
    patron_value: FloatArray  # v*x* - c - p*
    forms: npt.NDArray[np.bool_]
    outcome: npt.NDArray[np.int8]  # index into OUTCOME_LABELS
    budget_binds: npt.NDArray[np.bool_]
    free_concession: FloatArray  # x0
    interior_concession: FloatArray  # x_int
    max_concession: FloatArray  # xbar
    citation_keys: tuple[str, ...] = field(default=CITATION_KEYS)

    params: FormationParams | None = field(default=None, repr=False, compare=False)  # what was solved

    def outcome_labels(self) -> npt.NDArray[np.str_]:
        """Plain-language outcome of each dyad."""
        return np.asarray(OUTCOME_LABELS)[self.outcome]

    def as_dict(self) -> dict[str, object]:
        """Every result field, arrays included (for pandas); ``to_dict()`` is the JSON form."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "params"}

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``{"model", "citation_keys", "values"}`` (arrays as lists, outcomes in words)."""
        values = {name: getattr(self, name) for name in SOLUTION_ARRAYS}
        return result_dict(
            "formation",
            self.citation_keys,
            {"mode": self.mode, **values, "outcome_label": self.outcome_labels()},
        )

    def to_frame(self, params: FormationParams | None = None) -> pd.DataFrame:
        """One row per dyad (arrays flattened in C order), one column per quantity, the outcome in words.

        The inputs come first, one column each, swept ones included: those of ``params``, by default the
        parameters that were solved. ``frame.attrs["sources"]`` holds the citation keys (for
        :func:`alliancelab.cite`).
        """
        params = params if params is not None else self.params
        columns: dict[str, object] = {}
        if params is not None:
            columns = {f.name: _f(getattr(params, f.name)) for f in fields(params) if f.name != "mode"}
            columns["alpha"] = params.security_weight()
        columns.update({name: getattr(self, name) for name in SOLUTION_ARRAYS})
        columns["outcome_label"] = self.outcome_labels()
        return data_frame(flat_columns(columns), sources=self.citation_keys, mode=self.mode)

    def _rows(self) -> list[tuple[str, str]]:
        if np.size(self.payment) == 1:
            value = {name: float(np.asarray(getattr(self, name)).reshape(-1)[0]) for name in _SUMMARY_ROWS}
            rows = [(label, f"{value[name]:,.4g}") for name, label in _SUMMARY_ROWS.items()]
            return [("outcome", str(self.outcome_labels().reshape(-1)[0])), *rows]
        formed = np.asarray(self.forms)
        paid = np.asarray(self.payment)[formed]
        rows = [("dyads", f"{formed.size:,}"), ("alliance forms", f"{formed.mean():.1%}")]
        if paid.size:
            rows.append(("side payment where it forms (USD m/yr)", f"{paid.min():,.4g} to {paid.max():,.4g}"))
        counts = np.bincount(np.asarray(self.outcome).reshape(-1), minlength=len(OUTCOME_LABELS))
        rows += [(label, f"{count:,}") for label, count in zip(OUTCOME_LABELS, counts, strict=True) if count]
        return rows

    def summary(self) -> str:
        """Plain text: one dyad's offer and outcome, or the shares of outcomes over many dyads."""
        return text_table(f"Alliance formation ({self.mode} package)", self._rows())

    def _repr_html_(self) -> str:
        return html_table(f"Alliance formation ({self.mode} package)", self._rows())


SOLUTION_ARRAYS: tuple[str, ...] = (
    "deficit",
    "reservation_payment",
    "patron_max",
    "package",
    "payment",
    "surplus",
    "patron_value",
    "forms",
    "outcome",
    "budget_binds",
    "free_concession",
    "interior_concession",
    "max_concession",
)
_SUMMARY_ROWS = {
    "package": "offered package x* (0-1)",
    "payment": "side payment p* (USD m/yr)",
    "reservation_payment": "reservation payment p_min(x*) (USD m/yr)",
    "surplus": "joint surplus G (USD m/yr)",
    "deficit": "client deficit D(x*) (utils)",
    "free_concession": "free concessions x0",
}


def solve(params: FormationParams) -> FormationSolution:
    """Solve the one-shot TIOLI bargain (subgame perfect) for every dyad in ``params``.

    Kabir (seed 001): "In return for side payments the small state offers concessions (such as changes in
    its internal policies or granting military bases) to the great power ally." BdM&S 2016: "a dominant
    donor captures all the surplus from any deal", so ``p* = p_min(x*)`` (+ ``beta0*G``). FLEX and FIXED modes
    and the ``[REVISED]`` budget cap as in the module docstring; ``p* = 0`` exactly where ``x* <= x0``.
    The building blocks and their composition are written once, in
    :mod:`alliancelab.theory._formation_kernel`.
    """
    inputs = {name: _f(getattr(params, name)) for name in INPUTS if name != "alpha"}
    inputs["alpha"] = params.security_weight()
    floats, forms, outcome, binds = solve_arrays(inputs, fixed=params.mode == "FIXED", eps=params.eps)
    return FormationSolution(
        mode=params.mode,
        deficit=floats["deficit"],
        reservation_payment=floats["reservation_payment"],
        patron_max=floats["patron_max"],
        package=floats["package"],
        payment=floats["payment"],
        surplus=floats["surplus"],
        patron_value=floats["patron_value"],
        forms=forms,
        outcome=outcome,
        budget_binds=binds,
        free_concession=floats["free_concession"],
        interior_concession=floats["interior_concession"],
        max_concession=floats["max_concession"],
        params=params,
    )


def joint_surplus(params: FormationParams) -> FloatArray:
    """Joint surplus ``G = max_x [v*x - c - p_min(x)]`` at the patron's package (USD m/yr). [PROPOSED]

    Kabir (seed 001): "If the alliance remains important to the great power" the deal survives: it forms
    iff ``G >= 0``. In FIXED mode the maximum is over the one package offered.
    """
    return solve(params).surplus
