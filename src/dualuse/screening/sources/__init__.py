"""List sources, one adapter per source (as watchman keeps one folder per list source):

- `designations`: the regime's own designated parties and military users (the one
  Designation → ScreenedEntity mapping);
- `tables`: CSV / XLSX / Parquet tables (`id,name[,aliases,country,list]`);
- `ftm`: FollowTheMoney JSON lines;
- `mofcom`: a MOFCOM / UEL / MFA listing announcement text;
- `versions`: dated list versions of any of these, the bundled lists, and their diff.

Every file adapter has a `NAME`, its `SUFFIXES` and `read(path) -> SourceRead` (`common`).
"""

from __future__ import annotations

from dualuse.screening.sources.common import (
    ALIAS_SEPARATOR,
    MAX_NAME_CHARS,
    ListFileError,
    ListSource,
    SourceRead,
    check_name,
    read_bytes,
    read_text,
)
from dualuse.screening.sources.designations import designation_entities, regime_entities
from dualuse.screening.sources.ftm import load_ftm_list
from dualuse.screening.sources.tables import load_table_list, table_rows
from dualuse.screening.sources.versions import (
    SOURCES,
    EntryChange,
    ListVersion,
    bundled_version,
    diff_versions,
    load_list,
    load_list_version,
    load_version,
    source_for,
)

__all__ = [
    "ALIAS_SEPARATOR", "MAX_NAME_CHARS", "SOURCES", "EntryChange", "ListFileError", "ListSource", "ListVersion",
    "SourceRead", "bundled_version", "check_name", "designation_entities", "diff_versions", "load_ftm_list",
    "load_list", "load_list_version", "load_table_list", "load_version", "read_bytes", "read_text",
    "regime_entities", "source_for", "table_rows",
]
