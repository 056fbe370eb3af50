"""A DuckDB connection to a finished run wherever it is now.

``world.duckdb`` in a run directory holds one view per table over its Parquet parts. DuckDB resolves a
relative path in a view against the working directory of the process that queries it, not against the
database file (duckdb/duckdb#2342), so those views name the parts by absolute path, and a run that was
moved or copied (from a cluster's scratch space, say) still reads, or fails to find, the parts at the old
place. :func:`connect_run` makes the same views, in memory, over the parts where the run is now.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alliancelab.sim.runner import check_run_dir
from alliancelab.sim.tables import TABLES

if TYPE_CHECKING:
    import duckdb

__all__ = ["PARTS", "connect_run", "view_sql"]

PARTS = "part-*.parquet"  # the runner's part files (part-NNNNN.parquet), nothing else in a table's folder


def view_sql(table: str, folder: Path) -> str:
    """``CREATE VIEW table AS ...`` over the Parquet parts in ``folder`` (absolute, quotes escaped).

    Only ``part-*.parquet``: DuckDB, unlike pyarrow, also reads hidden files, and a write killed before its
    rename leaves a whole copy of a part as ``.part-NNNNN.*.tmp.parquet``."""
    pattern = str(folder.resolve() / PARTS).replace("'", "''")
    return f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{pattern}')"


def connect_run(run_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of the run in ``run_dir`` (as ``world.duckdb``
    has, but over the parts where the run is now); a folder that is no finished run is one-line error."""
    import duckdb

    root = check_run_dir(run_dir)
    con = duckdb.connect()
    for name in TABLES:
        con.execute(view_sql(name, root / name))
    return con
