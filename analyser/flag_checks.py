"""Conditions a matched cue must meet in its clause, and the structural flags (who acts).

Kept apart from the matcher so each check is a small pure function of a span and its clause.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

_CONDITION_MARKS = {"if", "unless", "when", "whenever", "should", "once"}
_PERPETRATOR_WORDS = {"he", "him", "his", "himself", "dad", "daddy", "father", "stepfather",
                      "stepdad", "partner", "ex-partner", "boyfriend", "husband", "abuser",
                      "perpetrator"}
_IMPERSONAL = {"contact", "visit", "visits", "check", "checks", "it", "there", "this", "that",
               "things", "meeting", "meetings", "house", "home", "property", "arrangement",
               "arrangements", "plan", "review", "referral", "referrals", "assessment",
               "supervision", "test", "tests", "testing", "everything", "alcohol", "drugs"}


def passes(cue: Span, clause: Span, conditions: dict) -> bool:
    """Whether a matched cue keeps its flag in this clause."""
    role = (clause._.subject or {}).get("role", "unknown")
    text = clause.text.lower()
    checks = (
        ("kind", lambda v: clause.label_ in v),
        ("roles", lambda v: role in v),
        ("not_roles", lambda v: role not in v),
        ("abuse_context", lambda v: bool(clause.doc._.abuse_context) == v),
        ("unless", lambda v: not any(re.search(rf"\b{re.escape(p)}\b", text) for p in v)),
        ("unless_lemmas", lambda v: not any(t.lemma_.lower() in v for t in clause)),
        ("not_in_condition", lambda v: not v or not in_condition(cue, clause)),
        ("mentions", lambda v: v != "perpetrator" or mentions_perpetrator(clause, cue)),
    )
    return all(check(conditions[key]) for key, check in checks if key in conditions)


def in_condition(cue: Span, clause: Span) -> bool:
    """True when the cue sits inside an "if/unless/when ..." part of the clause."""
    for token in (cue.root, *cue.root.ancestors):
        if token.i < clause.start or token.i >= clause.end:
            break
        if token.dep_ == "advcl" and any(c.lower_ in _CONDITION_MARKS for c in token.children):
            return True
    return False


def mentions_perpetrator(clause: Span, cue: Span | None = None) -> bool:
    """Whether the clause, after its subject, refers to the adult who causes harm."""
    names = [p["name"].lower() for p in (clause.doc._.parties or []) if p["role"] == "perpetrator"]
    after = clause.doc[cue.start:clause.end] if cue is not None else clause
    low = after.text.lower()
    if any(re.search(rf"\b{re.escape(n)}\b", low) for n in names):
        return True
    surnames = [n.split()[-1] for n in names]
    return any(t.lower_ in _PERPETRATOR_WORDS or t.lower_ in surnames for t in after)


def structural_flags(clause: Span, disabled: tuple[str, ...]) -> list[Span]:
    """`no_actor`: a commitment nobody is made responsible for; the cue is its verb."""
    if clause.label_ != "commitment" or (clause._.subject or {}).get("role") != "unknown":
        return []
    verb = _main_verb(clause)
    if verb is None:
        return []
    children = {c.dep_: c for c in verb.children}
    if "agent" in children:
        return []
    if "nsubjpass" in children or "auxpass" in children:
        rule = "no_actor.passive"
    elif "nsubj" in children and children["nsubj"].lemma_.lower() in _IMPERSONAL:
        rule = "no_actor.impersonal"
    elif "expl" in children:
        rule = "no_actor.impersonal"
    else:
        return []
    if rule.startswith(disabled) and disabled:
        return []
    return [Span(clause.doc, verb.i, verb.i + 1, label="no_actor", span_id=rule)]


def _main_verb(clause: Span) -> Token | None:
    root = clause.root
    if root.pos_ in ("VERB", "AUX"):
        return root
    return next((t for t in clause if t.pos_ == "VERB"), None)
