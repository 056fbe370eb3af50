"""Catalogue entries for alliance provisions: ATOP v4.01 alliance and member levels, Benson & Clinton."""

from __future__ import annotations

from alliancelab.data._schema import DataSource, cols

_ATOP4 = ("leeds2002atop", "leeds2018atopcodebook")
_OBLIGATIONS = (
    "defense:flag, offense:flag, neutral:flag, nonagg:flag, consul:flag, conditio:flag, asymm:flag, "
    "milaid:int, ecaid:int, base:int, intcom:flag, subord:int, contrib:flag"
)

ALLIANCE_PROVISIONS: tuple[DataSource, ...] = (
    DataSource(
        name="atop_alliance_level",
        title="ATOP v4.01 alliance-level provisions (incl. side-payment items)",
        files=("atop_v4.01/atop-alliance-level.csv",),
        format="csv",
        columns=cols(
            "atopid:int, begyr:year, endyr:int, bilat:flag, " + _OBLIGATIONS + ", mem*:code, mem1:code, "
            "mem2:code"
        ),
        unit="alliance",
        citations=_ATOP4,
        rows=745,
        years=(1815, 2016),
        keep_other_columns=True,
        notes="endyr 0 = in force. asymm: asymmetric obligations; ecaid/milaid: economic/military aid "
        "promised; base: basing rights; mem1..mem59: member COW codes (ATOP v4 codebook).",
    ),
    DataSource(
        name="atop_member_level",
        title="ATOP v4.01 member-level provisions (alliance × member × phase)",
        files=("atop_v4.01/atop-member-level.csv",),
        format="csv",
        columns=cols("atopid:int, member:code, yrent:year, yrexit:int, phase:int, " + _OBLIGATIONS),
        unit="alliance-member-phase",
        citations=_ATOP4,
        rows=2398,
        years=(1815, 2016),
        keep_other_columns=True,
        notes="yrexit 0 = still a member. NATO is atopid 3180.",
    ),
    DataSource(
        name="benson_clinton",
        title="Benson & Clinton (2016) latent alliance depth, scope and potential military capacity",
        files=("benson_clinton_2016/benson-clinton-scores.csv",),
        format="csv",
        columns=cols(
            "atopid:int, pot_mil_capacity=PotMilCapacity.score:float, depth=Depth.score:float, "
            "scope=Scope.score:float"
        ),
        unit="alliance",
        citations=("benson2016assessing",),
        rows=492,
        keep_other_columns=True,
        drop=("Unnamed: 0",),
    ),
)
