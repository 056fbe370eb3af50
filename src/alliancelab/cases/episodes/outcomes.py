"""From a run's years to one predicted outcome per phase (the fixed vocabulary of ``[observed]``).

Each year of a run ends in one code (``YEAR_CODES``) with the inequality that decided it. A phase's outcome
is the most consequential thing that happened in its years, in this order (``docs/cases/episodes.md``):

1. TERMINATION -- a year ended the alliance (review, re-bargaining, a standing contract's failed
   ratification, a hold-up whose remainder does not pay, a rival patron that left);
2. REALIGNMENT -- the client moved to another patron;
3. FORMATION / NO-ALLIANCE -- the client entered the phase unaligned: an alliance formed in the phase, or
   not (a new deal that fails its ratification vote never forms: ``no-deal``);
4. HOLD-UP -- the patron paid to end a closure of its facilities;
5. SURVIVED-RC -- the alliance survived a regime change (whatever the new price);
6. SURVIVED-LC -- the alliance survived a leader change;
7. PRICE-UP -- the payment was renegotiated up (or re-bargained more than 5% higher);
8. CONCESSION-DOWN -- the package shrank (renegotiated down, facilities let go after a hold-up);
9. SURVIVED -- none of these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["YEAR_CODES", "YearRecord", "phase_outcome"]

YEAR_CODES: tuple[str, ...] = (
    "unaligned",
    "form",
    "no-deal",
    "continue",
    "renegotiate-up",
    "renegotiate-down",
    "terminate",
    "realign",
    "rebargain",
    "hold-up-paid",
    "hold-up-let-go",
    "not-ratified",
)
_TERMINAL = {"terminate", "not-ratified"}


@dataclass(frozen=True, slots=True)
class YearRecord:
    """One year of a run: the contract after the year's decision, the decision and why."""

    year: int
    alignment: str  # "none", the patron's or a rival's name
    package: float
    payment: float  # constant USD m/yr (coding.BASE_YEAR)
    code: str  # one of YEAR_CODES
    reason: str  # the inequality that decided the year
    events: tuple[str, ...]
    divergence: float
    W: float
    mu: float
    regime_change: bool
    leader_change: bool
    price_up: bool  # re-bargained payment more than the price-change threshold above the old one


def phase_outcome(years: Sequence[YearRecord], aligned_at_start: bool) -> tuple[str, str]:
    """The phase's outcome in the fixed vocabulary and the reason of the year that decided it."""
    if not years:
        raise ValueError("a phase needs at least one year")

    def first(codes: set[str]) -> YearRecord | None:
        return next((y for y in years if y.code in codes), None)

    for codes, label in (
        (_TERMINAL, "TERMINATION"),
        ({"realign"}, "REALIGNMENT"),
    ):
        hit = first(codes)
        if hit is not None:
            return label, f"{hit.year}: {hit.reason}"
    if not aligned_at_start:
        hit = first({"form"})
        if hit is not None:
            return "FORMATION", f"{hit.year}: {hit.reason}"
        last = next((y for y in years if y.code == "no-deal"), years[-1])  # a failed vote decides
        return "NO-ALLIANCE", f"{last.year}: {last.reason}"
    hit = first({"hold-up-paid"})
    if hit is not None:
        return "HOLD-UP", f"{hit.year}: {hit.reason}"
    for flag, label in (("regime_change", "SURVIVED-RC"), ("leader_change", "SURVIVED-LC")):
        event_year = next((y for y in years if getattr(y, flag) and y.alignment != "none"), None)
        if event_year is not None:
            return label, f"{event_year.year}: {event_year.reason}"
    hit = next((y for y in years if y.code == "renegotiate-up" or y.price_up), None)
    if hit is not None:
        return "PRICE-UP", f"{hit.year}: {hit.reason}"
    hit = first({"renegotiate-down", "hold-up-let-go"})
    if hit is not None:
        return "CONCESSION-DOWN", f"{hit.year}: {hit.reason}"
    last = years[-1]
    return "SURVIVED", f"{last.year}: {last.reason}"
