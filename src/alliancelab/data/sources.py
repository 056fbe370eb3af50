"""Former name of :mod:`alliancelab.data.registry` (the data-set registry); kept so that old imports work."""

from alliancelab.data.registry import (
    Column,
    DataSource,
    FileRecord,
    _manifest,
    file_record,
    get_source,
    origin_url,
    source_names,
)

__all__ = ["Column", "DataSource", "FileRecord", "file_record", "get_source", "origin_url", "source_names"]
# ``_manifest`` is re-exported for the registry tests written against the old name.
_ = _manifest
