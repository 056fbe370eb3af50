"""Former home of :func:`add_us_aid` and :func:`add_us_troops`, now :mod:`.us_aid` and :mod:`.us_troops`."""

from alliancelab.data.builders.us_aid import AID_YEARS, ECON_AID_YEARS, add_us_aid
from alliancelab.data.builders.us_troops import BASE_YEARS, TROOP_YEARS, add_us_troops

__all__ = ["AID_YEARS", "BASE_YEARS", "ECON_AID_YEARS", "TROOP_YEARS", "add_us_aid", "add_us_troops"]
