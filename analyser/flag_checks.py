"""Conditions a matched cue must meet in its clause, and the structural flags (who acts).

Kept apart from the matcher so each check is a small pure function of a span and its clause.
The word lists live in `patterns/conditions.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.tokens import Span, Token

from .rules import load_yaml


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The condition word lists, each as a frozen set of lower-case words or phrases."""
    return {key: frozenset(str(w).lower() for w in words)
            for key, words in load_yaml("conditions.yaml").items()}


def _has_phrase(text: str, phrases) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in phrases)


CHECKS: dict[str, Callable[[Span, Span, object], bool]] = {
    "kind": lambda cue, clause, v: clause.label_ in v,
    "roles": lambda cue, clause, v: _role(clause) in v,
    "not_roles": lambda cue, clause, v: _role(clause) not in v,
    "abuse_context": lambda cue, clause, v: bool(clause.doc._.abuse_context) == v,
    "unless": lambda cue, clause, v: not _has_phrase(clause.text.lower(), v),
    "unless_lemmas": lambda cue, clause, v: not any(t.lemma_.lower() in v for t in clause),
    "unless_head_lemmas": lambda cue, clause, v: cue.root.head.lemma_.lower() not in v,
    "unless_text": lambda cue, clause, v: cue.text not in v,
    "unless_number": lambda cue, clause, v: not v or not has_number(clause),
    "not_after_modal": lambda cue, clause, v: not _governing_modal(cue, v),
    "not_in_condition": lambda cue, clause, v: not v or not in_condition(cue, clause),
    "negated": lambda cue, clause, v: not v or is_negated(clause),
    "negated_or_absolute": lambda cue, clause, v: not v or is_negated(clause),
    "threat": lambda cue, clause, v: not v or is_threat(clause),
    "blanket": lambda cue, clause, v: not v or _any_lemma(clause, "compliance_lemmas"),
    "pressure_sign": lambda cue, clause, v: not v or _pressure_to_sign(clause),
    "reporting": lambda cue, clause, v: not v or _has_condition(clause),
    "victim_condition": lambda cue, clause, v: not v or _condition_on_victim(cue, clause),
    "mentions": lambda cue, clause, v: _mentions(cue, clause, v),
    "cue": lambda cue, clause, v: True,  # which matched token is the cue; used by the matcher
}


def passes(cue: Span, clause: Span, conditions: dict) -> bool:
    """Whether a matched cue keeps its flag in this clause."""
    return all(CHECKS[key](cue, clause, value) for key, value in conditions.items())


def _role(clause: Span) -> str:
    return (clause._.subject or {}).get("role", "unknown")


def _any_lemma(clause: Span, key: str) -> bool:
    words = lexicon()[key]
    return any(t.lemma_.lower() in words or t.lower_ in words for t in clause)


def has_number(clause: Span) -> bool:
    """A digit or a number word: "reduce to 2 units", "twice a week"."""
    return any(t.like_num for t in clause) or _any_lemma(clause, "number_words")


def is_negated(clause: Span) -> bool:
    """The clause forbids or stops something ("will not", "never", "no contact", "end")."""
    return any(t.dep_ == "neg" for t in clause) or _any_lemma(clause, "negation_words")


def is_threat(clause: Span) -> bool:
    """An ultimatum marker: a condition, "failure", "or else"; the rule's own cue is the sanction."""
    text = clause.text.lower()
    return _any_lemma(clause, "threat_markers") or _has_phrase(text, lexicon()["threat_phrases"])


def _has_condition(clause: Span) -> bool:
    marks = lexicon()["condition_marks"]
    return any(t.lower_ in marks and t.dep_ in ("mark", "advmod", "aux") for t in clause)


def _pressure_to_sign(clause: Span) -> bool:
    words = lexicon()["pressure_words"]
    return any(t.lower_ in words for t in clause) or is_threat(clause)


def _governing_modal(cue: Span, modals) -> bool:
    """"You can call at any time" offers, it does not demand."""
    verb = next((t for t in (cue.root, *cue.root.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and any(c.dep_ == "aux" and c.lemma_.lower() in modals for c in verb.children)


def in_condition(cue: Span, clause: Span) -> bool:
    """True when the cue sits inside an "if/unless/when ..." part of the clause."""
    marks = lexicon()["condition_marks"]
    for token in (cue.root, *cue.root.ancestors):
        if token.i < clause.start or token.i >= clause.end:
            break
        if token.dep_ == "advcl" and any(c.lower_ in marks for c in token.children):
            return True
    return False


def _party_names(doc, role: str) -> list[str]:
    return [p["name"].lower() for p in (doc._.parties or []) if p["role"] == role]


def refers_to(tokens, role: str, doc) -> bool:
    """Whether these tokens name or point to the party with this role (victim or perpetrator)."""
    names = _party_names(doc, role)
    low = " ".join(t.lower_ for t in tokens)
    if any(re.search(rf"\b{re.escape(n)}\b", low) for n in names):
        return True
    parts = {part for n in names for part in n.split() if part[:1].isalpha() and len(part) > 2}
    words = lexicon()["perpetrator_words" if role == "perpetrator" else "victim_words"]
    return any(t.lower_ in words or t.lower_ in parts for t in tokens)


def _mentions(cue: Span, clause: Span, value: str) -> bool:
    after = list(clause.doc[cue.start:clause.end])
    if refers_to(after, "perpetrator", clause.doc):
        return True
    return value == "perpetrator_or_relationship" and any(t.lemma_ == "relationship" for t in clause)


def mentions_perpetrator(clause: Span) -> bool:
    """Whether the clause refers to the adult who causes harm."""
    return refers_to(list(clause), "perpetrator", clause.doc)


def _condition_on_victim(cue: Span, clause: Span) -> bool:
    """"If she lets him in, ..." : a condition whose subject is the victim and which is about him."""
    if not clause.doc._.abuse_context:
        return False
    verb = cue.root.head
    if verb.dep_ != "advcl":
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or not refers_to(subjects, "victim", clause.doc):
        return False
    if refers_to(subjects, "perpetrator", clause.doc):
        return False
    rest = [t for t in verb.subtree if t not in subjects]
    return refers_to(rest, "perpetrator", clause.doc)


def structural_flags(clause: Span, disabled: tuple[str, ...]) -> list[Span]:
    """`no_actor`: a commitment nobody is made responsible for; the cue is its verb."""
    if clause.label_ != "commitment" or _role(clause) != "unknown":
        return []
    verb = _main_verb(clause)
    if verb is None:
        return []
    children = {c.dep_: c for c in verb.children}
    if "agent" in children:
        return []
    if "nsubjpass" in children or "auxpass" in children:
        rule = "no_actor.passive"
    elif "expl" in children or ("nsubj" in children
                                and children["nsubj"].lemma_.lower() in lexicon()["impersonal_subjects"]):
        rule = "no_actor.impersonal"
    else:
        return []
    if disabled and rule.startswith(disabled):
        return []
    return [Span(clause.doc, verb.i, verb.i + 1, label="no_actor", span_id=rule)]


def _main_verb(clause: Span) -> Token | None:
    root = clause.root
    if root.pos_ in ("VERB", "AUX"):
        return root
    return next((t for t in clause if t.pos_ == "VERB"), None)
