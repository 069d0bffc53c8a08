"""Component `agreement_layout`: line boundaries from the reader become sentence starts.

Runs before the parser, which keeps boundaries that are already set, so a heading, a bullet
or a table row never shares a sentence with the next line.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import register_extensions


def line_layout(text: str) -> list[list]:
    """Layout for text that did not come through a reader: one entry per non-empty line."""
    layout, offset = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        start = offset + len(stripped) - len(stripped.lstrip())
        end = offset + len(stripped.rstrip())
        if end > start:
            kind = "bullet" if text.startswith("• ", start) else "line"
            layout.append([start, end, kind])
        offset += len(line)
    return layout


def mark_line_starts(doc: Doc) -> Doc:
    """Set a sentence start at the first token of each layout line."""
    if doc._.layout is None:
        doc._.layout = line_layout(doc.text)
    for start, _end, _kind in doc._.layout:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


@Language.factory("agreement_layout", assigns=["token.is_sent_start", "doc._.layout"])
def make_layout(nlp: Language, name: str):
    """Factory: the component is a pure function of the Doc."""
    register_extensions()
    return mark_line_starts
