"""Agreement in the UN General Assembly: how often two states vote alike.

**Rule.** For states *i* and *j* in year *t*, take every UNGA roll call of year *t* on which **both** cast a
vote — yes, abstain or no (codes 1, 2, 3 in Voeten's data; absent (8) and non-member (9) are not votes).
The agreement score is the share of those common votes on which they cast the **same** vote::

    agree_ijt = #{r : v_ir = v_jr} / #{r : both i and j voted on r},   n_ijt = #{r : both voted}

so yes–yes, no–no and abstain–abstain count as agreement, and any other pair (yes–no, yes–abstain,
no–abstain) as disagreement. The score is missing when the two share no vote (n = 0). A state agrees with
itself (score 1) and agreement is symmetric. The year is Voeten's session year (1945 + session): a session
opens in September, so its votes of the next spring count for the year it opened. Other indices treat
abstention differently (e.g. Gartzke's three-category index counts yes–abstain as half agreement) and will
not match this one exactly; Istomin & Baikov's claim that allies vote with their patron
(``istomin2019dynamics``) is tested with this simple share.

Source: Voeten, Strezhnev & Bailey (2009), United Nations General Assembly Voting Data, 2016 published
version (``voeten2009unvotes``; Bailey, Strezhnev & Voeten 2017, ``bailey2017estimating``), sessions 1–70,
1946–2015, via the unvotes package (``robinson2021unvotes``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancelab.data.builders import _tables
from alliancelab.data.builders._frame import add_columns, is_dyadic, require
from alliancelab.data.builders._join import cow_codes_for, dyad_values, source_only_states, state_values
from alliancelab.errors import UserInputError

__all__ = ["UN_YEARS", "add_un_agreement", "agreement_scores", "agreement_table"]

#: Session years covered by Voeten's 2016 published roll-call data.
UN_YEARS = (1946, 2015)


def agreement_scores(
    codes: np.ndarray, rcids: np.ndarray, votes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agreement of every pair of states over one set of roll calls.

    ``codes``, ``rcids``, ``votes`` are parallel arrays (one row per state and roll call; ``votes`` in
    {1, 2, 3}). Returns the sorted distinct state codes, the matrix of common-vote counts ``n`` and the
    matrix of agreement shares (NaN where ``n`` is 0); both are symmetric with the diagonal holding each
    state's own vote count and 1.
    """
    from scipy import sparse  # only when agreement is computed: a pipeline without it never loads SciPy

    states, row = np.unique(codes, return_inverse=True)
    _, col = np.unique(rcids, return_inverse=True)
    n, n_calls = len(states), int(col.max()) + 1 if len(col) else 0
    # one-hot (state x roll call x vote) as a sparse matrix: its Gram matrix counts identical votes. Sparse
    # products run single-threaded in scipy, which is much faster here than threaded BLAS on these small
    # matrices (about 190 states x 100 roll calls a year).
    ones = np.ones(len(row))
    cast = sparse.csr_matrix((ones, (row, col * 3 + (votes.astype(np.int64) - 1))), shape=(n, 3 * n_calls))
    voted = sparse.csr_matrix((ones, (row, col)), shape=(n, n_calls))
    agree = np.asarray((cast @ cast.T).todense(), dtype=np.int64)
    common = np.asarray((voted @ voted.T).todense(), dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(common > 0, agree / np.where(common > 0, common, 1), np.nan)
    return states, common, share


def agreement_table() -> pd.DataFrame:
    """Every ordered pair of states (self-pairs included) that share a vote, per year.

    Columns ``code1``, ``code2``, ``year``, ``un_agree`` (share of common votes cast alike) and
    ``un_common_votes`` (number of common votes).
    """
    votes = _tables.prepared("un_votes")
    parts = []
    for year, chunk in votes.groupby("year", sort=True):
        states, common, share = agreement_scores(
            chunk["code"].to_numpy(), chunk["rcid"].to_numpy(), chunk["vote"].to_numpy()
        )
        i, j = np.nonzero(common > 0)
        parts.append(
            pd.DataFrame(
                {
                    "code1": states[i],
                    "code2": states[j],
                    "year": np.full(len(i), int(str(year))),
                    "un_agree": share[i, j],
                    "un_common_votes": pd.array(common[i, j], dtype="Int32"),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def add_un_agreement(frame: pd.DataFrame, reference: int | None = None) -> pd.DataFrame:
    """Add UNGA voting agreement (rule in the module docstring: same vote among yes/abstain/no).

    Without ``reference`` (dyad-year frames, and leader-dyad-years by their two states): ``un_agree`` —
    share of the roll calls of the year on which both states voted that they voted alike — and
    ``un_common_votes``, the number of such roll calls (0 when they share none; ``un_agree`` is then
    missing). With ``reference=CCODE`` (e.g. 2, the United States): agreement of each state with the
    reference state — ``un_agree_ref`` and ``un_common_ref`` on a state-year frame,
    ``un_agree_ref1``/``un_agree_ref2`` (and counts) on a dyadic frame; a state that shares no vote with the
    reference in a year (not a member, absent throughout) has count 0 and a missing share. The reference
    code is recorded in ``attrs["un_reference"]``. Missing outside 1946–2015.

    Source: Voeten, Strezhnev & Bailey (2009) UNGA voting data (2016 published version), via unvotes.
    """
    require(frame, "add_un_agreement")
    if reference is None and not is_dyadic(frame):
        raise UserInputError(
            f"add_un_agreement: a {frame.attrs['unit']} frame needs a reference state, e.g. reference=2 (USA)"
        )
    table = _tables.prepared("un_agreement", agreement_table)
    sources = _tables.citations("un_votes_voeten")
    if reference is None:
        new = dyad_values(
            frame,
            table,
            ["un_agree", "un_common_votes"],
            coverage=UN_YEARS,
            fill_inside={"un_agree": None, "un_common_votes": 0},
            code_map=cow_codes_for(frame),
        )
        return add_columns(
            frame,
            new,
            step="add_un_agreement",
            sources=sources,
            source_only=_voters_not_in(frame),
            coverage=UN_YEARS,
        )
    ref = _reference_code(reference, table)
    with_ref = table[table["code2"] == ref]
    state_table = pd.DataFrame(
        {
            "code": with_ref["code1"].to_numpy(),
            "year": with_ref["year"].to_numpy(),
            "un_agree_ref": with_ref["un_agree"].to_numpy(),
            "un_common_ref": with_ref["un_common_votes"].array,
        }
    )
    per_state: dict[str, object] = {}
    for column, fill in (("un_agree_ref", None), ("un_common_ref", 0.0)):
        part, _ = state_values(
            frame,
            state_table,
            (column,),
            coverage=UN_YEARS,
            code_map=cow_codes_for(frame),
            fill_inside=fill,
            check_codes=False,
        )
        per_state.update(part)
    return add_columns(
        frame,
        per_state,
        step="add_un_agreement",
        coverage=UN_YEARS,
        sources=sources,
        un_reference=ref,
        source_only=_voters_not_in(frame),
    )


def _voters_not_in(frame: pd.DataFrame) -> tuple[int, list[str]]:
    """Voting state-years (session years) that have no row in the frame: their votes are left out.

    On a COW frame these are Ukraine and Belarus before 1991 (UN members, not COW states) and new members
    whose first session began before their COW entry; ``create_stateyears(system="un")`` keeps them all.
    """
    voters = _tables.prepared("un_votes")[["code", "year"]].drop_duplicates()
    return source_only_states(frame, voters["code"], voters["year"], code_map=cow_codes_for(frame))


def _reference_code(reference: object, table: pd.DataFrame) -> int:
    try:
        ref = int(str(reference))
    except (TypeError, ValueError):
        raise UserInputError(f"add_un_agreement: reference = {reference!r} is not a COW state code") from None
    if ref not in set(table["code1"].unique().tolist()):
        raise UserInputError(
            f"add_un_agreement: reference = {ref} is not a state in the UN voting data (1946-2015); "
            "use a COW code such as 2 (USA), 200 (UK), 365 (Russia)"
        )
    return ref
