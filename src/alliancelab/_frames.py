"""Arrays to a pandas frame, for the ``to_frame`` methods of model results.

The models of :mod:`alliancelab.theory` compute with numpy only; their results offer ``to_frame()`` through
this one function, which imports pandas when a frame is asked for (``import alliancelab.theory`` never
loads pandas).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["data_frame"]


def data_frame(columns: Mapping[str, Any], *, sources: Iterable[str], **attrs: Any) -> pd.DataFrame:
    """A frame of ``columns`` (equal-length arrays) with ``attrs["sources"]`` for :func:`alliancelab.cite`.

    >>> data_frame({"x": [1.0, 2.0]}, sources=["kabir2019sidepayments"], mode="FLEX").attrs["mode"]
    'FLEX'
    """
    import pandas as pd

    frame = pd.DataFrame(dict(columns))
    frame.attrs["sources"] = list(sources)
    frame.attrs.update(attrs)
    return frame
