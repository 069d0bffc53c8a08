"""Actors named by section headings ("What Mum will do", "Education will:", "Leanne's part") and the
headings that name a topic, not an actor."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .party_words import Party, Registry, lexicon, noun_party
from .segment import heading_actor_text


def heading_actor(doc: Doc, heading: str | None, start: int | None = None, reg: Registry | None = None) -> Span | None:
    """The actor a heading such as "Education will:" or "What Dad will do" names; the name in brackets
    after a kin word when the registry knows it ("Mum's part (Dani)": Dani, whoever "Mum" is elsewhere)."""
    if not heading or start is None:
        return None
    found = heading_actor_text(heading)
    named = re.search(r"\(([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\)", heading) if found and reg is not None else None
    if named and found[1].lower() in lexicon().family and getattr(reg.find(named.group(1)), "role", "child") != "child":
        found = (named.start(1), named.group(1))
    if found:
        prefix = heading[:found[0]].rstrip(" ")
        if prefix.endswith(",") and getattr(noun_party(prefix.rstrip(",")), "role", None) == "professional":
            prefix = prefix.rstrip(",").strip()
            found = (heading.index(prefix), prefix)  # "The social worker, Priti Chauhan, will:": her job says it
        a0 = start + found[0]
        return doc.char_span(a0, a0 + len(found[1]), alignment_mode="expand")
    span = doc.char_span(start, start + len(heading), alignment_mode="expand")
    if span is not None and len(span) <= 4 and not any(
            t.pos_ in ("VERB", "AUX") or t.tag_.startswith("W") for t in span):
        named = noun_party(span.text) or span.text.strip().lower() in ("me", "myself", "us")  # "Me" heads a list
        return span if named and not _is_topic(heading) else None
    return None


def _is_topic(heading: str) -> bool:
    """"School attendance", "HOME CONDITIONS": a role word that only qualifies the topic a heading
    names, not the party that acts (as in "School", "Health visitor", "Mum and Dad")."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Za-z][a-z'’]*", re.sub(r"\([^()]*\)?", "", heading))
    if len(words) < 2 or not (words[-1].islower() or heading.isupper()):
        return False  # "Nana Jo" ends in a name
    lex, last = lexicon(), words[-1].lower()
    ends = {p.split()[-1] for p in (*lex.professional, *lex.job_titles)}
    return not (last in ends or last in lex.family or last in lex.child or last in lex.org_words
                or last in lex.person_nouns or noun_party(last) is not None)


def addressed_in(heading: str | None, reg: Registry) -> Party | None:
    """The person a heading addresses: "What we need from Megan", "A letter to you, Chantelle",
    "From Sam to Rhi", "What I have asked Shannon to do" (the last one named who is not a worker)."""
    found = [reg.find(m.group(1)) for m in re.finditer(
        r"\b(?:from|of|to|asked|asking)\s+(?:you,?\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})", heading or "")]
    return next((p for p in reversed(found) if p is not None and p.role != "professional"), None)


def you_in(heading: str | None, reg: Registry) -> Party | None:
    """Who "you" is under a heading: the person it addresses, or whose part it is ("Leanne's part",
    "What you will do, Dean") when a plan speaks to several people in turn."""
    named = re.search(r",\s*([A-Z][\w'’-]+)\s*$", heading or "")
    owner = _heading_owner(heading, reg) or (reg.find(named.group(1)) if named else None)
    if owner is not None and reg.addressee is not None and reg.find(reg.addressee.name) is owner:
        return reg.addressee  # as the concerns show the reader
    if owner is not None and owner.role != "professional":
        return owner
    return addressed_in(heading, reg)


def name_heading(doc: Doc, heading: str | None, start: int | None, reg: Registry) -> Span | None:
    """A heading that is only a party's name: "Becca (Alfie's mum)", "Nana Jo and Grandad Mick",
    "Police (PC Greaves)"; the commands under it are that party's."""
    if not heading or start is None:
        return None
    bare = re.split(r"\s*[(:]|\s+[–—-]", heading, maxsplit=1)[0].strip()  # not inside "Stacey-Ann"
    span = doc.char_span(start, start + len(bare), alignment_mode="expand") if bare else None
    if span is None or not 0 < len(span) <= 5 or any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    if span[0].pos_ != "PROPN" and span[0].tag_ not in ("DT", "PRP$") and noun_party(span[0].text) is None or any(
            t.pos_ == "ADP" for t in span):
        return None  # "Arrangements for Tiana" is about her, not hers
    if reg.find(span.text) or noun_party(span.text) and not _is_topic(bare):
        return span
    whole = doc.char_span(start, start + len(heading.rstrip(":")), alignment_mode="expand")
    return whole if noun_party(heading) and whole is not None else None  # "Imogen (social worker)"


def lead_in_owner(doc: Doc, heading: str | None, start: int | None, reg: Registry) -> str | None:
    """The role of whoever the line above a first-person lead-in names ("Ada's part" over "I will:")."""
    if start is None or not re.fullmatch(r"(?:I|we)\s+(?:will|agree(?: to)?|promise(?: to)?)", heading or "", re.I):
        return None
    above = doc.text[:start].rstrip().rsplit("\n", 1)[-1].strip()
    return named_in_heading(above, reg) if above else None


_DASH_NAME = r"\s[–—-]\s*([A-Z][\w'’-]+(?:(?: | and | & )[A-Z][\w'’-]+)*)"  # "My plan – Kai", "– Bernadette and Liam"


def named_in_heading(heading: str | None, reg: Registry) -> str | None:
    """The role of the person a first-person heading or subject names: "My plan (Tayo)", "What
    Danny (16) will do", "My part (Ellie-Mae, 14)", "I (Maya, 14)", "What I will do – Dominic Faulds"."""
    if not heading:
        return None
    aside = re.search(r"\((?:written by\s+)?([^()]+)(?:\)|$)|\bfrom\s+(.+)$|^I,\s+([^,]+),"
                      rf"|{_DASH_NAME}(?:,\s*[^()]+)?\s*(?:\(|$)", heading)
    names = re.split(r",\s*|\s+and\s+|\s*&\s*", next(g for g in aside.groups() if g)) if aside else []
    family = lexicon().family
    party = next((p for p in (reg.find(n) or (noun_party(n) if n.lower() in family or _titled_worker(n) else None)
                              for n in names) if p is not None), None)
    # "My plan (Tayo)", "... from Hollie", "(written by Cal, Mo and Kez)", "(Mum and Dad)", "I, Tom Ellery, agree"
    if re.search(r"(?:\bown|['’]s) words\b", heading, re.I):  # "..., in his own words", "(in Bernie's words)"
        names = re.findall(r"(?<!^)\b([A-Z][\w'’-]+?)(?:['’]s)?\b", heading)
        party = party or next((p for p in map(reg.find, names) if p is not None), None)
        actor = heading_actor_text(heading)
        party = party or (noun_party(actor[1]) if actor else None)  # "What my aunt will do (in Gwen's words)"
    party = party or _heading_owner(heading, reg)
    bare = re.match(r"\s*([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s*(?:\(|:?\s*$)", heading)
    if bare and reg.author_role != "child" and ("(" in heading or bare.group(1).lower() in reg.persons):
        party = party or reg.find(bare.group(1))  # "Adeel (social worker)", "Owen:": his "I"; not "Feeding Maya"
    if party is not None:
        return reg.role(party)
    age = re.search(r"\((?:aged?\s*)?(\d{1,2})\)|,\s*(\d{1,2})\)", heading)
    return "child" if age and int(age.group(1) or age.group(2)) < 18 else None


def _titled_worker(name: str) -> bool:
    """"PC Iqbal", "Nurse Amy": a worker named by title, not "social worker" alone."""
    return name[:1].isupper() and len(name.split()) in (2, 3) and getattr(
        noun_party(name.split()[0]), "role", None) == "professional"


_OWNER_RE = re.compile(r"([A-Z][\w-]+)['’]s\s+(?:\w+\s+)?(?:plan|part|bit|promises|jobs|steps|actions|list|words)\b")


def _heading_owner(heading: str | None, reg: Registry) -> Party | None:
    """Whose part a heading is: "Mum's part", "Donna's bit", "Kai's promises", "Tayla's words"."""
    owner = _OWNER_RE.match(heading or "")
    return (reg.find(owner.group(1)) or noun_party(owner.group(1))) if owner else None


def heading_person(heading: str | None, reg: Registry) -> str | None:
    """In a document whose voice is not known, "I" under "What Tyler will do" or "My plan – Kai"
    is the person the heading names (in a young person's plan it stays the young person, except
    under a worker's own name)."""
    if not heading or reg.author_role not in ("family", "child"):
        return None
    named = heading_actor_text(heading)
    dash = re.search(rf"{_DASH_NAME}$", heading)
    name = named[1] if named else dash.group(1) if dash else None
    party = reg.find(name) if name else None
    if reg.author_role == "child" and (party is None or party.role != "professional"
                                       or name.lower() not in reg.persons):
        return None  # a young person's plan: "I" under "What Mum will do" or "My school" is still hers
    return reg.role(party) if party is not None else None  # ... but under "What Marcus will do" it is her worker
