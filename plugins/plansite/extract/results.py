"""What the text engine returns: :class:`Extraction` with its :class:`Deadline` items; a cited
document is :class:`plansite.core.cited.CitedDocument`, the domain's own type."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..core.cited import CitedDocument


@dataclass(frozen=True)
class Deadline:
    """A deadline (thời hạn) as the text states it.

    ``by`` is the last day of the period (ISO) and ``period`` its code (``2023-Q1``,
    ``2022-02``, ``2022-02-H1``; None for a day). A recurring deadline (``quý I hằng năm``)
    has ``recurring`` set and no ``by``: the text names no single day.
    """

    by: str | None
    period: str | None
    recurring: str | None
    text: str
    who: str | None
    what: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything :func:`extract` read from one text."""

    title: str | None
    issuer: str | None
    signer: dict[str, str] | None
    recipients: list[str]
    citations: list[CitedDocument]
    named_directives: list[dict[str, Any]]
    deadlines: list[Deadline]
    implements: list[dict[str, str]]
    kind: str | None = None
    number: str | None = None
    issued: str | None = None
    locality: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (what ``plansite extract`` prints)."""
        return {
            "title": self.title,
            "kind": self.kind,
            "number": self.number,
            "issued": self.issued,
            "locality": self.locality,
            "issuer": self.issuer,
            "signer": dict(self.signer) if self.signer else None,
            "recipients": list(self.recipients),
            "citations": [asdict(c) for c in self.citations],
            "named_directives": [dict(d) for d in self.named_directives],
            "deadlines": [asdict(d) for d in self.deadlines],
            "implements": [dict(i) for i in self.implements],
            "warnings": list(self.warnings),
        }
