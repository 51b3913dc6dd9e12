"""A document a plan's text cites by number, as its citation sentence states it.

The text engine (:func:`plansite.extract.cited_documents`) finds them; the catalogue takes the
reader as a :data:`ReadCited` callable, so that the domain does not depend on the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["CitedDocument", "ReadCited"]


@dataclass(frozen=True)
class CitedDocument:
    """A document cited by number, once per distinct document (number + year of issue)."""

    number: str
    form: Literal["party", "state"]
    raw: str
    kind: str | None
    issued: str | None
    issuer: str | None
    subject: str | None
    key: str


#: Reads the documents a plan's body cites.
ReadCited = Callable[[str], Sequence[CitedDocument]]
