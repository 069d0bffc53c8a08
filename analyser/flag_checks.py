"""Conditions a matched cue must meet in its clause, and the structural flags (who acts).

Kept apart from the matcher so each check is a small pure function of a span and its clause.
The word lists live in `patterns/conditions.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from .party_words import has_phrase
from .rules import condition_words as lexicon
from .subjects import opens_with_command, subject_of

CHECKS: dict[str, Callable[[Span, Span, object], bool]] = {
    "kind": lambda cue, clause, v: clause.label_ in v,
    "roles": lambda cue, clause, v: _role(clause) in v,
    "not_roles": lambda cue, clause, v: _role(clause) not in v,
    "abuse_context": lambda cue, clause, v: bool(clause.doc._.abuse_context) == v,
    "unless": lambda cue, clause, v: not has_phrase(clause.text.lower(), v),
    "unless_lemmas": lambda cue, clause, v: not any(t.lemma_.lower() in v for t in clause),
    "unless_head_lemmas": lambda cue, clause, v: cue.root.head.lemma_.lower() not in v,
    "unless_text": lambda cue, clause, v: cue.text not in v,
    "unless_number": lambda cue, clause, v: not v or not has_number(clause),
    "unless_when": lambda cue, clause, v: not v or not (has_number(clause) or has_time(clause)),
    "not_after_modal": lambda cue, clause, v: not _governing_modal(cue, v),
    "not_in_condition": lambda cue, clause, v: not v or not in_condition(cue, clause),
    "negated": lambda cue, clause, v: not v or is_negated(clause),
    "negated_or_absolute": lambda cue, clause, v: not v or is_negated(clause) or _any_lemma(clause, "restrictions"),
    "threat": lambda cue, clause, v: not v or is_threat(clause),
    "open_time": lambda cue, clause, v: not v or has_phrase(cue.text.lower(), lexicon()["open_time"]),
    "idiom": lambda cue, clause, v: not v or _lemma_phrase(cue) in lexicon()["idioms"],
    "not_subject": lambda cue, clause, v: not v or not cue.root.dep_.startswith("nsubj") or has_phrase(
        clause.text.lower(), lexicon()["consequence_phrases"]),  # "the court will have to look again"
    "leaves_something": lambda cue, clause, v: not v or _leaves_something(cue),
    "not_place": lambda cue, clause, v: not v or cue.root.ent_type_ not in ("FAC", "GPE", "LOC"),
    "blanket": lambda cue, clause, v: not v or _any_lemma(clause, "compliance_lemmas"),
    "pressure_sign": lambda cue, clause, v: not v or _pressure_to_sign(cue, clause),
    "reporting": lambda cue, clause, v: not v or _reporting(clause),
    "victim_condition": lambda cue, clause, v: not v or _condition_on_victim(cue, clause),
    "presence_threat": lambda cue, clause, v: not v or _threat_over_his_presence(cue, clause),
    "mentions": lambda cue, clause, v: _mentions(cue, clause, v),
    "active": lambda cue, clause, v: not v or _obligated(clause),
    "cue": lambda cue, clause, v: True,  # which matched token is the cue; used by the matcher
}


def passes(cue: Span, clause: Span, conditions: dict) -> bool:
    """Whether a matched cue keeps its flag in this clause."""
    return all(CHECKS[key](cue, clause, value) for key, value in conditions.items())


def _lemma_phrase(span: Span) -> str:
    """"kept on top of" -> "keep on top of": the span with its first word lemmatised."""
    return " ".join([span[0].lemma_.lower(), *(t.lower_ for t in span[1:])])


def _role(clause: Span) -> str:
    """The clause's role. In a domestic-abuse document, a family member (or the "I"/"you" of a
    safety plan or letter) told to act about him reads as the person harmed."""
    subject = clause._.subject or {}
    role = subject.get("role", "unknown")
    if not clause.doc._.abuse_context:
        return role
    if role == "family" and (_subject_word(clause) in lexicon()["victim_pronouns"] or _about_perpetrator(clause)):
        return "victim"
    if role == "perpetrator" and _joint_with_victim(subject.get("text") or "", clause.doc):
        return "victim"  # "Mr and Mrs Ferreira will make sure there are no further incidents": hers too
    if role == "unknown" and opens_with_command(clause) and subject_of(clause) == (None, False) and (
            _about_perpetrator(clause)):
        return "victim"  # "Not let Dean into the flat." under a heading that names nobody: the parent is told
    return role


def _joint_with_victim(text: str, doc) -> bool:
    """A subject that names the person harmed beside him ("Mr and Mrs Ferreira", "Dad and Mum")."""
    low = text.lower()
    if not re.search(r"\s(?:and|&)\s", low):
        return False
    return _names_party(low, "victim", doc) or any(w in _role_words("victim", doc) for w in re.findall(r"[a-z]+", low))


def _obligated(clause: Span) -> bool:
    """The subject is asked to act: not an agentless passive, nor "will not be asked to"."""
    root = clause.root
    passive = any(c.dep_ == "auxpass" for c in root.children)
    return not subject_of(clause)[1] and not (passive and any(c.dep_ == "neg" for c in root.children))


def _subject_word(clause: Span) -> str:
    subject, _passive = subject_of(clause)
    return subject.root.lower_ if subject is not None else ""


def _any_lemma(clause: Span, key: str) -> bool:
    words = lexicon()[key]
    return any(t.lemma_.lower() in words or t.lower_ in words for t in clause)


def has_number(clause: Span) -> bool:
    """A digit or a number word: "reduce to 2 units", "twice a week"."""
    return any(t.like_num for t in clause) or _any_lemma(clause, "number_words")


def has_time(clause: Span) -> bool:
    """A date, time, weekday or deadline: "on Thursday 8 May", "by the review"."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in clause) or _any_lemma(clause, "time_words")


def is_negated(clause: Span) -> bool:
    """The clause forbids or stops something ("will not", "never", "no contact", "end")."""
    return any(t.dep_ == "neg" for t in clause) or _any_lemma(clause, "negation_words")


def is_threat(clause: Span) -> bool:
    """An ultimatum marker ("if", "failure", "or else", a clause that starts with "or"); the rule's
    own cue is the sanction. A two-sided process ("we will tell you first") is not a threat."""
    lex = lexicon()
    text = clause.text.lower()
    if has_phrase(text, lex["two_sided"]):
        return False
    first = next((t for t in clause if t.is_alpha), None)
    or_else = (first is not None and first.lower_ in lex["or_else"]) or any(
        t.lower_ in lex["or_else"] and t.dep_ == "cc" and any(_own_clause(c) for c in t.head.children)
        for t in clause)
    return or_else or _any_lemma(clause, "threat_markers") or has_phrase(text, lex["threat_phrases"])


def _own_clause(token: Token) -> bool:
    """A coordinated verb with a subject of its own: "..., or the children will be removed"."""
    return token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _has_condition(clause: Span) -> bool:
    """"if he comes", "when he calls", also "the moment he comes" / "every time he turns up"."""
    marks = lexicon()["condition_marks"]
    return any(t.lower_ in marks and t.dep_ in ("mark", "advmod", "aux") for t in clause) or any(
        t.lemma_ in lexicon()["condition_nouns"] and any(c.dep_ in ("relcl", "acl") for c in t.children)
        for t in clause)


def _pressure_to_sign(cue: Span, clause: Span) -> bool:
    """"Must sign today", "sign or ...": not "you do not have to sign"."""
    verb = cue[0]
    if any(c.dep_ == "neg" for t in (verb, verb.head) for c in t.children):
        return False
    return any(t.lower_ in lexicon()["pressure_words"] for t in clause) or is_threat(clause)


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


def refers_to(tokens, role: str, doc) -> bool:
    """Whether these tokens name or point to a party with this role (victim or perpetrator)."""
    aliases = doc._.aliases or {}
    if any(t.lower_ in _role_words(role, doc) and not _named_just_before(t, role, aliases) for t in tokens):
        return True
    if _names_party(" ".join(t.lower_ for t in tokens), role, doc):
        return True
    # In a domestic-abuse document where nobody is known to cause harm, another person the
    # registry could not place is read as him.
    if role != "perpetrator" or not doc._.abuse_context or "perpetrator" in aliases.values():
        return False
    placed = {word for key, r in aliases.items() if r != "family" for word in key.split()}
    return any(
        t.pos_ == "PROPN" and t.lower_ not in placed
        and (t.ent_type_ in ("PERSON", "") or aliases.get(t.lower_) == "family") for t in tokens)


def _names_party(low: str, role: str, doc) -> bool:
    """Whether lower-case text names, as whole words, a party the registry gave this role."""
    names = [key for key, r in (doc._.aliases or {}).items() if r == role]
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", low) for n in names)


def _named_just_before(word: Token, role: str, aliases: dict) -> bool:
    """"Get Ben to school to keep his place": a pronoun after another person's name in the same
    sentence points to that person, not to the adult with this role."""
    if word.pos_ != "PRON":
        return False
    names = [t for t in word.sent if t.i < word.i and t.pos_ == "PROPN" and t.dep_ != "compound"]
    return bool(names) and aliases.get(names[-1].lower_) not in (role, None)


def _role_words(role: str, doc) -> frozenset[str]:
    """Words for the adult with this role: "he", "dad", "partner" for him where she is harmed;
    "she", "mum" for her where he is harmed (the registry's reading of the document)."""
    lex = lexicon()
    harmed = lex["male_words"] if doc._.harmed_gender == "m" else lex["female_words"]
    harming = lex["female_words"] if doc._.harmed_gender == "m" else lex["male_words"]
    return harming | lex["harm_words"] if role == "perpetrator" else harmed


def _about_perpetrator(clause: Span) -> bool:
    """The clause is about the perpetrator (named anywhere but in its own subject)."""
    subject, _passive = subject_of(clause)
    skip = range(subject.start, subject.end) if subject is not None else range(0)
    return refers_to([t for t in clause if t.i not in skip], "perpetrator", clause.doc)


def _mentions(cue: Span, clause: Span, value: str) -> bool:
    """The clause is about him: names him, or his order, bail, abuse or conduct ("report each
    breach of the restraining order", "his temper")."""
    if _about_perpetrator(clause) or has_phrase(clause.text.lower(), lexicon()["about_him"]):
        return True
    harmer = "her" if clause.doc._.harmed_gender == "m" else "his"
    if any(t.lower_ == harmer and t.dep_ == "poss" and t.head.lemma_ in lexicon()["conduct_nouns"] for t in clause):
        return True  # "protect the children from his behaviour", whoever was named just before
    return value == "perpetrator_or_relationship" and any(t.lemma_ == "relationship" for t in clause)


def _reporting(clause: Span) -> bool:
    """Calling the police or a worker about him, or acting when he comes."""
    return _has_condition(clause) or _any_lemma(clause, "report_to")


def _condition_on_victim(cue: Span, clause: Span) -> bool:
    """"If she lets him in, ..." : a condition whose subject is the victim and which is about him."""
    if not clause.doc._.abuse_context:
        return False
    verb = cue.root.head
    if verb.dep_ not in ("advcl", "ccomp"):
        return False
    subjects = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    addressed = [t.lower_ for t in subjects] in (["you"], ["i"]) and _role(clause) == "victim"  # "If you let him"
    if not subjects or not (addressed or refers_to(subjects, "victim", clause.doc)):
        return False
    if refers_to(subjects, "perpetrator", clause.doc):
        return False
    rest = [t for t in verb.subtree if t not in subjects]
    return refers_to(rest, "perpetrator", clause.doc)


def _leaves_something(cue: Span) -> bool:
    """"leave him", "leave the relationship", "move out", "separate from him" end a relationship;
    "leave before he arrives" only goes out of the room."""
    verb = cue.root
    after = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    return verb.lemma_ not in ("leave", "move") or any(
        c.dep_ in ("dobj", "prt", "prep") or c.lower_ == "away" for c in verb.children) or (
        after is not None and after.pos_ in ("PROPN", "PRON", "DET", "NOUN"))  # a misparsed "Leave Mr Cole"


def _threat_over_his_presence(cue: Span, clause: Span) -> bool:
    """"If Dwayne is found at the house again, we will have no choice but to go to court": the
    children's care is threatened over his being there, which she is left to prevent."""
    if not clause.doc._.abuse_context:
        return False
    verb = cue.root.head
    if verb.dep_ not in ("advcl", "ccomp"):
        return False
    condition = list(verb.subtree)
    if not refers_to(condition, "perpetrator", clause.doc):
        return False
    lex = lexicon()
    if not any(t.lemma_.lower() in lex["presence_words"] for t in condition):
        return False
    rest = [t for t in clause if t not in condition]
    return any(t.lemma_.lower() in lex["care_sanctions"] for t in rest) or has_phrase(
        " ".join(t.lower_ for t in rest), lex["consequence_phrases"])


def structural_flags(clause: Span, disabled: tuple[str, ...]) -> list[Span]:
    """`no_actor`: a commitment nobody is made responsible for; the cue is its verb."""
    if clause.label_ != "commitment" or _role(clause) != "unknown":
        return []
    verb = _main_verb(clause)
    if verb is None:
        return []
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if verb.lemma_ == "be" and xcomp is not None:  # "Alcohol is not to be kept in the house"
        verb = xcomp
    children = {c.dep_: c for c in verb.children}
    subject = children.get("nsubj")
    if "agent" in children or any(t.dep_ == "agent" for t in clause):
        return []  # "..., supervised by Joanne Pryce"
    if "nsubjpass" in children or "auxpass" in children:
        rule = "no_actor.passive"
    elif "expl" in children or (subject is not None and (
            subject.lemma_.lower() in lexicon()["impersonal_subjects"]
            or (subject.pos_ == "NOUN" and subject.ent_type_ != "PERSON"))):
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
