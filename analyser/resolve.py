"""From a noun phrase or pronoun of a clause to a party of the registry: names, role words,
possessives, "I"/"we"/"you", and the nearest fitting antecedent."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .heading_actors import named_in_heading
from .names import classify_name, is_role_word
from .party_words import POSSESSOR_RE, PRONOUNS, TITLES, Party, Registry, doc_text, lexicon, noun_party


def resolve_phrase(span: Span, reg: Registry, history: list[tuple[int, Party]]) -> tuple[str | None, str]:
    """The party a subject phrase names, as written, and its role."""
    text = span.text.strip()
    low = text.lower()
    head = span.root.lower_
    group = next((g for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                  if g.dep_ == "pobj" and g.pos_ in ("PRON", "PROPN", "NOUN")), None) if head in (
        "both", "each", "either", "all", "neither", "one") else None
    if group is not None:
        return resolve_phrase(span.doc[group.left_edge.i:group.right_edge.i + 1], reg, history)  # "Both of you"
    if head in ("i", "me", "my"):
        return text, named_in_heading(text, reg) or voice_role(reg, "i", reg.author_role)  # "I (Maya, 14)"
    if head in ("we", "us"):
        named = named_in_heading(text, reg)
        if named is not None:
            return text, named  # "We (Jodie and Ash) will ..."
        if reg.family_voice:
            return text, "family"
        return text, "professional" if reg.author_role != "child" or "dear" in doc_text(span.doc).lower() else "family"
    if head in ("you", "your"):
        near = span.doc[max(0, span.start - 2):min(len(span.doc), span.end + 2)]
        if any(t.lower_ == "both" and t.head.pos_ not in ("NOUN", "PROPN") for t in near):  # not "both children"
            return text, "family"  # "You must both ...", "Both of you": the two adults together
        party = reg.addressee
        if party is None:
            return text, voice_role(reg, "you", "family")
        return party.name, voice_role(reg, "you", reg.role(party), default=reg.role(party))  # what "you" did
    if head in PRONOUNS:
        party = local_antecedent(PRONOUNS[head], span, reg) or _antecedent(
            PRONOUNS[head], span.start_char, history, reg.mentions)
        return (party.name, reg.role(party)) if party else (None, "unknown")
    if low in lexicon().unknown or head in lexicon().unknown:
        return None, "unknown"
    initials = reg.find(text) if text.isupper() and len(text) <= 4 else None  # "GP (Gary Pickavance)", the father
    if initials is None and (
            span[-1].is_title and span[-1].lower_ in lexicon().org_words or span.root.lower_ in lexicon().org_words or (
            span.root.pos_ == "NOUN" and getattr(noun_party(span.root.text), "role", None) == "professional"
            and all(t.i == span.root.i or t.dep_ in ("compound", "det", "amod") for t in span))):
        return text, "professional"  # "Hearthside staff": a service's name before a worker's word
    if span.root.lemma_ == "carer" and all(t.i == span.root.i or t.dep_ == "det" for t in span) and (
            _carers_are_workers(span.doc)):
        return text, "professional"  # "the carers" in a plan whose only carers are foster carers
    owner_free = POSSESSOR_RE.sub("", text).strip()  # "Craig's probation officer" is not Craig
    first = re.split(r"\s+(?:and|&)\s+", owner_free, maxsplit=1)[0]  # "The midwife and Courtney": the midwife
    joint = re.match(r"(\w+)\.?\s+(?:and|&)\s+\w+\.?\s+([A-Z][\w'’-]+)", owner_free)
    if joint and first.rstrip(".") in TITLES:
        first = f"{joint.group(1)} {joint.group(2)}"  # "Mr and Mrs Ferreira": Mr Ferreira, named first
    party = (first != owner_free and (reg.find(first) or noun_party(first))) or (
        reg.find(owner_free) or noun_party(owner_free) or _unregistered_name(span, reg))
    if party is None:
        return None, "unknown"
    if party.role == "child" and party.name == owner_free and _adult_owner(text, reg):
        return text, "family"  # "Declan's sister" is the father's sister, not the child's
    owner = _owner_role(span, reg, history) if party.intimate and reg.abuse else None
    if owner in ("victim", "perpetrator", "family") and span.root.lower_ not in lexicon().partner_words:
        return text, "family"  # "her mum" when she is an adult: the children's grandmother
    if owner in ("victim", "perpetrator"):  # "Ms Amin's partner" when Ms Amin is harmed
        return text, {"victim": "perpetrator", "perpetrator": "victim"}[owner]
    if len(span) > 4 and party.name.lower() in low:
        text = party.name
    return text, reg.role(party)


def _carers_are_workers(doc: Doc) -> bool:
    """Every kind of carer the document names ("foster carers", "short breaks carer") is a worker,
    not "kinship carers" or "private foster carers"; a mention in a condition or a possibility ("he may
    have to stay with foster carers") says nothing of who cares now. Read once per document."""
    cached = doc.user_data.get("analyser_carers_are_workers")
    if cached is None or cached[0] != len(doc):  # a merged Doc never reuses another's answer
        kinds = [m.group() for sent in doc.sents if not any(t.lower_ in _UNREAL for t in sent)
                 for m in re.finditer(r"\b(?:[\w-]+ ){1,2}carers?\b", sent.text, re.I)
                 if m.group().split()[-2].lower() not in _DETERMINERS]
        answer = {getattr(noun_party(k), "role", None) for k in kinds} == {"professional"}
        cached = doc.user_data["analyser_carers_are_workers"] = (len(doc), answer)
    return cached[1]


_DETERMINERS = ("the", "a", "an", "our", "their", "your", "my", "his", "her", "both", "all", "and", "or")
_UNREAL = ("if", "unless", "may", "might", "could", "would")


def _adult_owner(text: str, reg: Registry) -> bool:
    """The phrase's possessor ("Declan's", "Mum's") is an adult of the family."""
    owners = [m.group().rstrip("s").rstrip("'’") for m in POSSESSOR_RE.finditer(text)]
    parties = [reg.find(o) or noun_party(o) for o in owners]
    return any(p is not None and reg.role(p) in ("family", "victim", "perpetrator") for p in parties)


def voice_role(reg: Registry, voice: str, role: str, default: str = "victim") -> str:
    """"I" in a parent's plan and "you" in a letter to a parent, when the document is about
    domestic abuse: what the concerns say they suffered or did, else the harmed parent (plans
    and letters of this kind are most often written with or to her)."""
    if role != "family" or not reg.abuse:
        return role
    return reg.voice_abuse.get(voice, default)


def _owner_role(span: Span, reg: Registry, history: list[tuple[int, Party]]) -> str | None:
    """The role of whoever a partner word belongs to: "Ms Amin's partner", "her partner"."""
    owner = next((t for t in span if t.dep_ == "poss" and span.start <= t.head.i < span.end), None)
    if owner is None:
        return None  # not "Dad" cut from "Dad's part", which owns nothing inside the phrase
    if owner.lower_ in PRONOUNS:
        party = _antecedent(PRONOUNS[owner.lower_], span.start_char, history, reg.mentions)
        return reg.role(party) if party else None
    if owner.lower_ == "your":  # "your ex-partner" in a letter to the man who harmed her
        return reg.role(reg.addressee) if reg.addressee is not None else voice_role(reg, "you", "family")
    phrase = span.doc[owner.left_edge.i:owner.i + 1].text
    found = reg.find(phrase) or noun_party(phrase)
    return reg.role(found) if found else None


def local_antecedent(kind: str, pronoun: Span, reg: Registry) -> Party | None:
    """A fitting subject earlier in the same sentence: "If Megan or Olu cannot come, they will
    ..." and "If Danielle misses a session, she and Adaeze will ..." refer back inside it."""
    doc, verb = pronoun.doc, pronoun.root.head
    for token in reversed(doc[pronoun.sent.start:pronoun.start]):
        if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ not in ("PROPN", "NOUN"):
            continue
        if token.head.dep_ != "advcl" or token.head.head != verb:
            continue
        phrase = doc[token.left_edge.i:token.right_edge.i + 1].text
        found = reg.find(phrase) or noun_party(phrase)
        if found is None:
            continue
        person = found.evidence and found.role != "professional" or reg.find(phrase) is not None
        party = Party(phrase, reg.role(found), found.gender, evidence=person)
        if _fits(kind, party, strict=False):
            return party
    if kind == "pl" and pronoun.root.dep_ == "nsubj" and pronoun.root.head.dep_ == "conj":
        first = pronoun.root.head.head  # "Gail will ring his parents and they will collect him": the parents
        doer = next((c for c in first.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        several = doer is None or doer.tag_ in ("NNS", "NNPS") or doer.lower_ in ("they", "we") or doer.conjuncts
        asked = None if several else next((c for c in first.children if c.dep_ == "dobj" and c.tag_ == "NNS"), None)
        found = noun_party(doc[asked.left_edge.i:asked.i + 1].text) if asked is not None else None
        if found is not None and found.role != "professional":
            return Party(found.name, found.role, evidence=True)
    return None


def _unregistered_name(span: Span, reg: Registry) -> Party | None:
    """A capitalised subject the registry missed (a first name at the start of a sentence)."""
    words = [t for t in span if t.is_alpha]
    if not words or not all(t.is_title and (t.pos_ == "PROPN" or t.ent_type_ == "PERSON") for t in words):
        return None
    if any(is_role_word(t, lexicon()) for t in words):
        return None
    name = " ".join(t.text for t in words)
    party = classify_name(span.doc, name, span, reg)
    reg.persons[name.lower()] = party
    return party


def _antecedent(kind: str, before: int, history: list[tuple[int, Party]],
                mentions: list[tuple[int, Party]] | None = None) -> Party | None:
    """The party a pronoun refers to: the nearest earlier subject of the same number (and for
    he/she, a person of that gender or of unknown gender); failing that, the nearest earlier
    named person of that gender."""
    for offset, party in sorted(history, key=lambda item: item[0], reverse=True):
        if offset < before and _fits(kind, party, strict=False):
            return party
    for offset, party in sorted(mentions or [], key=lambda item: item[0], reverse=True):
        if offset < before and _fits(kind, party, strict=True):
            return party
    return None


def _fits(kind: str, party: Party, *, strict: bool) -> bool:
    last = party.name.split()[-1] if party.name.split() else ""
    plural = any(j in party.name for j in (" and ", " & ", " or ")) or (
        last.islower() and (last.endswith("s") or last in lexicon().irregular_plurals))
    if kind == "pl":
        return plural
    if plural or not party.evidence:  # evidence=False marks an organisation, not a person
        return False
    return party.gender == kind or (not strict and party.gender is None)
