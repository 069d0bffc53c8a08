"""Every extension attribute the analyser sets, declared once and registered once.

Values are plain (str, float, dict, list) so they survive `DocBin` and `nlp.pipe(n_process=2)`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .rules import flag_rule

# name: (owner class, default value or getter). Getters derive what need not be stored.
DOC_EXTENSIONS: dict[str, object] = {
    "source": "",  # file name or "-" for pasted text
    "layout": None,  # [[start_char, end_char, kind], ...] from the reader
    "parties": None,  # [{"name", "role", "gender"}], the party registry
    "abuse_context": None,  # evidence text of domestic abuse, or None
    "harmed_gender": None,  # "f" or "m": who the document shows harmed, when it shows abuse
    "aliases": None,  # {every way a party is named, lower-case: role}, for the flag checks
    "checklist": None,  # [{"item", "present", "evidence"}]
}
CLAUSE_EXTENSIONS: dict[str, object] = {
    "section": None,  # heading text of the clause's section
    "subject": None,  # {"text": str | None, "role": str}
    "smart": None,  # {dimension: probability, "score": mean} or None for statements
}
FLAG_GETTERS = {
    "severity": lambda span: flag_rule(span.id_).severity,
    "explanation": lambda span: flag_rule(span.id_).explanation,
    "suggestion": lambda span: flag_rule(span.id_).suggestion,
}


def register_extensions() -> None:
    """Register all extensions; safe to call more than once."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in CLAUSE_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, getter in FLAG_GETTERS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)
