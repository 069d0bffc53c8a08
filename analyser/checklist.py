"""Component `agreement_checklist`: the guidance's checklist for the whole agreement.

Each item is recognised from section headings, text patterns, the roles of commitments or the
layout's lines, as written in `patterns/checklist.yaml`; the evidence is always a piece of the
document's text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import register_extensions
from .rules import ROLES, RulesError, load_yaml

CHECKLIST_ITEMS = (
    "purpose", "concerns", "family_commitments", "professional_commitments", "contingency",
    "review", "statutory_plan", "not_legally_binding", "child_views", "family_views", "signatures",
)
_KEYS = {"headings", "text", "roles", "lines"}


@lru_cache(maxsize=1)
def checklist_rules() -> dict[str, dict]:
    """Compiled rules per item, validated against the item list."""
    data = load_yaml("checklist.yaml")
    if set(data) != set(CHECKLIST_ITEMS):
        raise RulesError(f"checklist.yaml: items must be exactly {CHECKLIST_ITEMS}")
    rules = {}
    for item, entry in data.items():
        if set(entry) - _KEYS:
            raise RulesError(f"checklist.yaml: {item}: unknown keys {sorted(set(entry) - _KEYS)}")
        if set(entry.get("roles", [])) - set(ROLES):
            raise RulesError(f"checklist.yaml: {item}: roles must be in {ROLES}")
        rules[item] = {
            key: [re.compile(p, re.I | re.M) for p in entry.get(key, [])]
            for key in ("headings", "text", "lines")
        } | {"roles": set(entry.get("roles", []))}
    return rules


def find_item(doc: Doc, rule: dict, full: str) -> str | None:
    """Evidence for one checklist item, or None.

    `full` is `doc.text`, built once by the caller: spaCy joins every token on each access.
    """
    for heading in doc.spans.get("sections", []):
        if any(p.search(heading.text) for p in rule["headings"]):
            return heading.text
    for pattern in rule["text"]:
        match = pattern.search(full)
        if match:
            return _sentence_at(doc, match.start(), match.end())
    for clause in doc.spans.get("clauses", []):
        if clause.label_ == "commitment" and (clause._.subject or {}).get("role") in rule["roles"]:
            return clause.text
    for start, end, _kind in doc._.layout or []:
        line = full[start:end]
        if any(p.search(line) for p in rule["lines"]):
            return line
    return None


def _sentence_at(doc: Doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return doc.text[start:end]
    sent = span.sent
    return doc.text[sent.start_char:sent.end_char].strip() if span.end <= sent.end else span.text


def check(doc: Doc) -> Doc:
    """Set `doc._.checklist`: every item with `present` and `evidence`."""
    rules = checklist_rules()
    items, full = [], doc.text
    for item in CHECKLIST_ITEMS:
        evidence = find_item(doc, rules[item], full)
        items.append({"item": item, "present": evidence is not None, "evidence": evidence})
    doc._.checklist = items
    return doc


@Language.factory("agreement_checklist", assigns=["doc._.checklist"],
                  requires=["doc.spans", "span._.subject"])
def make_checklist(nlp: Language, name: str):
    """Factory: the component is a pure function of the Doc."""
    register_extensions()
    return check
