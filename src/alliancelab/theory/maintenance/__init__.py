r"""Alliance maintenance over time: review, renegotiation, regime change and leader change (section (d)).

A contract ``(A, x, p, tau)`` between a client and its patron carries over from year to year. Each year the
world moves (ideal point ``theta`` drifts, threat ``T`` follows an AR(1), capability shocks move ``phi``),
leader-change and regime-change events may strike, and the contract is reviewed at the standing package x
(myopic recontracting with hysteresis, Kabir seed 001; Cooley 2008 for regime change). Equations:

.. code-block:: text

    need  = max(0, U_R - tau)                     rival's best offer net of switching cost (section (c))
    p_req = max(0, D_t(x) + need)/(mu_t*pi)       price of the standing package (+inf if x*delta >= 1-eps)
    G_t   = v*x - c_t - p_req                     surplus at the standing package            [REVISED]
    Z     = mu_t*pi*(p - p_req)                   client's margin (utils) = mu*(pi*p - p_min) without a rival
    Y     = v*x - c_t - p                         patron's margin (USD m)
    G_t < 0 or p_req > B:  terminate (realign if the rival's net offer beats H's offer at x)
    elif Z < -b_neg:       renegotiate up,   p' = p_req
    elif Y < -k_neg:       renegotiate down, p' = p_req  (accepted: Z' = 0)
    else:                  continue                                                       [PROPOSED]
    leader change (hazard h_t):  theta += N(0, s_LC(W)^2),  s_LC(W) = s_LC0*(1-W)^nu;  h += h_new for L0 years
    regime change (hazard h_RC = clip(rc0 + rc1*h_t, 0, 1)):  W' ~ U(coup) or U(democracy), S' = max(S, W'),
        theta += sign_away(patron)*|N(m_RC, s_RC^2)|,  tau' = 0,  re-bargain from scratch with (a)-(c)
    theta_{t+1} = clip(theta_t + s_theta*e),  T_{t+1} = clip(T0 + rho_T*(T_t - T0) + s_T*e, 0, 1-.001)
    ln K_{t+1} = ln K_t + g + s_K*e,  M scales with K (M/Z odds *= K'/K)
    c_t = c_0*T_t*(1-phi_t)/(T_0*(1-phi_0))            commitment cost follows exposure (section 0.2)
        (c_0*(1-phi_t)/(1-phi_0) when T_0 = 0; c_0 when phi_0 = 1)
    mu_t = mu0*W^-gamma*S^lambda*(1+r/rbar)^-eta*(1+h_t)^zeta                         (section (b))

Claim D2 in FLEX mode ``[REVISED]``: the re-chosen package after a regime change can be smaller and cheaper
in total, so "survive albeit for a higher price" (seed 001) holds for the pre-change package
(``p_req'(x) >= p``, ``x' <= x``, the patron's margin falls), and for the payment itself in FIXED mode.

Modelling choices the spec leaves open, all ``[PROPOSED]``: the regime-change hazard is linear in the
leader hazard; the new contract after a regime change carries the switching cost ``tau`` again (only the
re-bargaining itself is free of it); a terminated client is unaligned and the alignment market of section
(c) may re-form an alliance from the next year (``reform``); if both events strike in one year the regime
change subsumes the leader change. All shocks are drawn up front (:func:`draw_shocks`) and a deterministic
kernel (:func:`simulate_kernel`) runs the years, vectorised over dyads; :func:`simulate_paths` does both
and records the run. The run as pandas frames (one row per dyad-year, the events in words) is
:func:`alliancelab.report.maintenance_report.simulate`.

References (keys of ``references.bib``): kabir2015tradeoff, cooley2008base, morrow1991alliances,
bdm2016competition, bdm2003logic.
"""

from alliancelab._deprecation import moved_names
from alliancelab.theory.maintenance.kernel import PathArrays, simulate_kernel
from alliancelab.theory.maintenance.paths import simulate_paths
from alliancelab.theory.maintenance.review import (
    ALIGNMENT_LABELS,
    CITATION_KEYS,
    OUTCOME_LABELS,
    MaintenanceParams,
    Review,
    Shocks,
    capability_shock,
    draw_shocks,
    leader_swing_sd,
    offer_at,
    review,
)

__all__ = [
    "ALIGNMENT_LABELS",
    "CITATION_KEYS",
    "OUTCOME_LABELS",
    "MaintenanceParams",
    "PathArrays",
    "Review",
    "Shocks",
    "capability_shock",
    "draw_shocks",
    "leader_swing_sd",
    "offer_at",
    "review",
    "simulate_kernel",
    "simulate_paths",
]

__getattr__ = moved_names(
    __name__,
    {
        "MaintenanceRun": "alliancelab.report.maintenance_report",
        "simulate": "alliancelab.report.maintenance_report",
    },
)
