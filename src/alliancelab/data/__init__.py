"""Evidence: readers for the standard data sets and composable dyad-year builders.

``read(name)`` returns any registered data set (``alliancelab data list``) as a pandas DataFrame with
documented columns and dtypes; ``fetch(names)`` downloads the published files into the user cache and
verifies their SHA-256; ``get_source(name)`` is the registry entry (files, origin, schema, citation).
"""

from alliancelab.data.fetch import fetch, verify
from alliancelab.data.paths import cache_dir, data_root
from alliancelab.data.readers import clear_cache, read
from alliancelab.data.sources import DataSource, get_source, source_names

__all__ = [
    "DataSource",
    "cache_dir",
    "clear_cache",
    "data_root",
    "fetch",
    "get_source",
    "read",
    "source_names",
    "verify",
]
