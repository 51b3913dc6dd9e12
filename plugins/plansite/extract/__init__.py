"""Reading a received plan text (Kế hoạch): what it states, and nothing it does not.

:func:`extract` reads the title, the issuing body, the signer and the recipients (Nơi nhận);
every cited document number (số hiệu) with what its citation sentence says of it (date,
issuer, the "về …" subject); directives named without a number ("Nghị quyết Đại hội đại biểu
Đảng bộ tỉnh lần thứ XIX", "Chỉ thị số 05"); the deadlines with who must meet them and what;
and what the plan carries out (the opening "Thực hiện… / Căn cứ…" paragraph). A field the
text does not state stays ``None``: a deadline without a year takes the plan's year, and if
that is unknown it is reported in :attr:`Extraction.warnings`, never guessed.

Number, date and period rules are not repeated here: :mod:`plansite.core.numbers` and
:mod:`plansite.core.dates` read every number, date, period and recurrence.

Speed: Python's regular expressions cost about a microsecond per character when a pattern
can start anywhere, so the text is never scanned with such patterns. Cheap literal anchors
("/", "tháng", "quý", "số", "Đại hội"…) are found with ``str.find`` and small anchored
patterns run only around them; this keeps a 20 KB text to a few milliseconds.

The engine is a package along the steps of reading: :mod:`.vocabulary` (words, kinds, body
words), :mod:`.kinds` (a number's kind from the words before it), :mod:`.sentences` (citation
sentences: date, issuer, subject), :mod:`.document` (letterhead, title, body, recipients,
signature), :mod:`.deadlines`, :mod:`.tasks` (who must act and what), :mod:`.tables` (task
tables, pipe or tab-separated: when, who and what by column), :mod:`.named` (directives named
without a number), :mod:`.citations`, and :mod:`.reading`, which puts them together;
:mod:`.results` holds what it returns, and :meth:`Extraction.field_report` says per field
what was read from the text and what was left empty.
"""

from __future__ import annotations

from ..core.cited import CitedDocument
from .document import Layout, layout
from .kinds import kind_before
from .reading import cited_documents, extract
from .results import Deadline, Extraction, FieldStatus

__all__ = [
    "CitedDocument",
    "Deadline",
    "Extraction",
    "FieldStatus",
    "Layout",
    "cited_documents",
    "extract",
    "kind_before",
    "layout",
]
