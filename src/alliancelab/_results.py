"""Model results as tables, JSON and text: what every solution's ``to_frame``, ``to_dict``, ``summary`` and
``_repr_html_`` share.

The models of :mod:`alliancelab.theory` compute with numpy only; :func:`data_frame` imports pandas only when
a frame is asked for (``import alliancelab.theory`` never loads pandas). Every solution's ``to_dict()`` has
one JSON shape, :func:`result_dict`: ``{"model", "citation_keys", "values"}``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from alliancelab.provenance import to_jsonable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["data_frame", "flat_columns", "html_table", "result_dict", "text_table"]


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


def flat_columns(values: Mapping[str, Any]) -> dict[str, Any]:
    """Arrays that broadcast together, each flattened (C order) to the broadcast size: one row per element.

    >>> {k: v.tolist() for k, v in flat_columns({"x": [[1], [2]], "y": [3, 4, 5]}).items()}
    {'x': [1, 1, 1, 2, 2, 2], 'y': [3, 4, 5, 3, 4, 5]}
    """
    arrays = {k: np.asarray(v) for k, v in values.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    return {k: np.broadcast_to(a, shape).reshape(-1) for k, a in arrays.items()}


def result_dict(model: str, citation_keys: Iterable[str], values: Mapping[str, Any]) -> dict[str, Any]:
    """The one JSON shape of a model result: model name, citation keys, values (arrays as nested lists).

    >>> result_dict("formation", ["kabir2019sidepayments"], {"payment": 1.5})
    {'model': 'formation', 'citation_keys': ['kabir2019sidepayments'], 'values': {'payment': 1.5}}
    """
    return {"model": model, "citation_keys": list(citation_keys), "values": to_jsonable(dict(values))}


def text_table(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """A title and aligned ``label  value`` lines (plain text, for ``summary()``)."""
    pairs = list(rows)
    width = max((len(label) for label, _ in pairs), default=0)
    return "\n".join([title, *(f"  {label:<{width}}  {value}" for label, value in pairs)])


def html_table(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """The same rows as an HTML table (every string escaped), for ``_repr_html_`` in Jupyter."""
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table><caption>{html.escape(title)}</caption>{body}</table>"
