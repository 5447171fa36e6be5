"""MOFCOM / UEL / MFA listing announcements as published (`.txt`), read by
`dualuse.lists.mofcom_text.parse_announcement` (the annex lines `N. 中文名（English name）`);
entity ids are the parser's `<instrument>-<seq>`, the version's date the publication date."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from dualuse.screening.sources.common import (
    ListFileError,
    SourceRead,
    read_text,
    warn_if_names_no_one,
)
from dualuse.screening.sources.designations import designation_entities

if TYPE_CHECKING:
    from dualuse.regime.model import Designation


def read_designation(path: Path) -> Designation:
    """The `Designation` of a listing announcement text, or an error naming its line."""
    from dualuse.lists.mofcom_text import (  # OpenCC: loaded only when a text is read
        ParseError,
        parse_announcement,
    )

    text = read_text(path)
    try:
        return parse_announcement(text, str(path))
    except ParseError as error:
        raise ListFileError(path, error.line, None, f"not a listing announcement this parser reads: {error.problem}") from None


class MofcomTextSource:
    """One listing announcement text; its entries are checked like table rows (without a line of their own)."""

    NAME: ClassVar[str] = "mofcom"
    SUFFIXES: ClassVar[tuple[str, ...]] = (".txt",)

    def read(self, path: Path) -> SourceRead:
        designation = read_designation(path)
        entities = designation_entities(designation)
        for entity in entities:
            warn_if_names_no_one(path, None, entity.entity_id, [n.value for n in entity.names])
        return SourceRead(entities, self.NAME, designation.published, designation.instrument)
