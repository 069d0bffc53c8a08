"""The per-document party registry: names and roles, the abuse reading, and whose voice the
document's "I", "we" and "you" are."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from .abuse import detect_abuse, read_abuse_roles
from .layout import PRONOUN_KEY_RE
from .names import (
    age_of,
    cares_for_children,
    classify_name,
    context_window,
    link_bracketed_names,
    link_first_names,
    link_key_lines,
    link_kin_appositions,
    link_people_tables,
    link_role_fields,
    proper_names,
)
from .party_words import (
    POSSESSOR_RE,
    TITLE_RE,
    Party,
    Registry,
    doc_text,
    first_names,
    form_fields,
    has_phrase,
    is_kin_context,
    is_professional_context,
    lexicon,
    noun_party,
    titled_parties,
)


def build_registry(doc: Doc) -> Registry:
    """Collect the document's named parties and decide their roles."""
    lex = lexicon()
    reg = Registry(abuse=detect_abuse(doc))
    for match in TITLE_RE.finditer(doc_text(doc)):
        surname = re.sub(r"['’]s?$", "", match.group(3).split()[-1])
        for title in filter(None, (match.group(1), match.group(2))):
            key = f"{title.lower()} {surname.lower()}"
            if key in reg.persons:
                continue
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            context = context_window(doc, span.start, span.end) if span is not None else ""
            nearby = noun_party(context)
            working = is_professional_context(context) and not is_kin_context(context)
            role = "professional" if title == "Dr" or working else "family"
            gender = lex.titles.get(title.lower())
            intimate = role == "family" and not (nearby and nearby.role == "family" and not nearby.intimate)
            reg.persons[key] = party = Party(f"{title} {surname}", role, gender, intimate)
            if not match.group(2) and len(match.group(3).split()) > 1:
                reg.persons.setdefault(match.group(3).lower(), party)
                reg.persons.setdefault(match.group(3).split()[0].lower(), party)
    names = proper_names(doc)
    adults = {}  # surname -> the full names of that surname not given a child's age
    for name, _span in names:
        age = age_of(doc, name) if len(name.split()) >= 2 else 0
        if age is None or age >= 18:
            adults.setdefault(name.split()[-1].lower(), set()).add(name.lower())
    for name, token_span in names:
        key = name.lower()
        if key in reg.persons or any(key == p.split()[-1] for p in reg.persons):
            continue
        titled = titled_parties(key.split()[-1], reg) if len(key.split()) >= 2 else []
        age, party = age_of(doc, name), classify_name(doc, name, token_span, reg)
        if len(titled) > 1 and party.gender:
            titled = [t for t in titled if t.gender == party.gender]  # "Nana Mo: Maureen Pender" is Mrs Pender
        namesake = titled[0] if len(titled) == 1 else None
        if namesake is not None and not first_names(namesake, reg) - {key.split()[0]} and (
                age is None or age >= 18) and (
                None in (party.gender, namesake.gender) and len(adults.get(key.split()[-1], ())) < 2
                or party.gender == namesake.gender is not None):
            # "Jason Carr" is the only "Mr Carr"; not "Mrs Bea Carr", "Ruby Quarrie (aged 6)" or "Mam (Glenys Kellett)",
            # nor "Sinead Farrant" when "Darren Farrant" is named too
            reg.persons[key] = reg.persons.setdefault(key.split()[0], namesake)
            if party.role == "professional" and party.evidence and namesake.role == "family":
                namesake.role, namesake.intimate = "professional", False  # "Declan Okafor – head teacher"
            continue
        reg.persons[key] = party
    link_first_names(reg)
    link_role_fields(doc, reg)
    link_bracketed_names(doc, reg)
    link_key_lines(doc, reg)
    link_people_tables(doc, reg)
    link_kin_appositions(doc, reg)
    _read_voice(doc, reg)
    read_abuse_roles(doc, reg)
    _read_voice_by_others(doc, reg)
    return reg


def _reader(doc: Doc, reg: Registry, name: str) -> Party | None:
    """The party a letter greets by `name`: one not named elsewhere is family ("Dear Nadia"), and so is one
    taken for a child only for want of other evidence ("Dear Nicola")."""
    name = name.strip()
    found = reg.find(name) or noun_party(name)
    if found is None and re.fullmatch(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}", name):
        found = reg.persons[name.lower()] = Party(name, "family", evidence=False)
    elif found is not None and found.role == "child" and not found.evidence and age_of(doc, found.name) is None:
        found.role = "family"
    return found


def _read_voice_by_others(doc: Doc, reg: Registry) -> None:
    """"You will not go to Ms Kaye's home or contact her": a "you" or "I" told to keep away from
    the person harmed, named in the third person, is the one who harms."""
    if not reg.abuse or reg.addressee is not None:
        return
    harmed = [key for key, party in reg.persons.items() if reg.role(party) == "victim"]
    for sent in doc.sents:
        voice = next((t.lower_ for t in sent if t.dep_ == "nsubj" and t.lower_ in ("you", "i")), None)
        if voice is None or voice in reg.voice_abuse:
            continue
        low = sent.text.lower()
        if any(re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", low) for key in harmed) and any(
                t.lemma_ in ("contact", "go", "come", "visit", "approach", "message", "text", "call") and any(
                    c.dep_ == "neg" for c in t.children) for t in sent):
            reg.voice_abuse[voice] = "perpetrator"


_I_OWNER_RE = re.compile(r"\bI\b[^()\n]*\((?:in )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)(?:[,)]|['’]s (?:own )?words\))")


_MY_PLAN_RE = re.compile(r"(?i:my\s+(?:[\w-]+\s+)?(?:plan|agreement))[ \t]*(?:[–—:-][ \t]*|\()([A-Z][\w-]+)\b(?!['’])")
# "MY SAFETY PLAN – KAELAN", "My plan (Tayo)"; not "My agreement – Tia's mum"
def _title_match(text: str) -> re.Match | None:
    """"MY SAFETY PLAN – KAELAN" among the first lines (a title, perhaps under a letterhead)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:4]
    return next(filter(None, map(_MY_PLAN_RE.match, lines)), None)


_I_AM_KIN_RE = re.compile(r"\bI(?: am|['’]m) (?:[A-Z][\w'’-]+['’]s|the (?:children|child|baby)['’]s?) ([a-z]+)\b")


def _read_voice(doc: Doc, reg: Registry) -> None:
    """Who "I" and "you" are: a young person's plan, or a letter to a parent."""
    low = doc_text(doc).lower()
    if re.search(r"\bmy (mum|dad|mother|father|parents|carers?|foster carers?|school|teacher|social worker|nan|gran"
                 r"|grandad|brother|sister|youth worker|key worker|keyworker|mentor|class)\b", low) and not re.search(
            r"\b(?:my|our) (children|kids|son|daughter|baby|partner|ex|ex-partner|husband|wife|boyfriend|girlfriend)\b",
            low) and not cares_for_children(doc, reg):
        young = [reg.find(value) for label, value in form_fields(doc_text(doc))
                 if label in lexicon().child and label not in lexicon().offspring]  # not "Baby: Noah"
        grown = bool(young) and all(p is not None and p.role == "family" for p in young)
        reg.author_role = "family" if grown else "child"  # "Young person: Jade Whitlow, aged 18": a care leaver's plan
    title = re.match(r"\s*([A-Z][\w'’-]+)['’]s\s+(?:[\w-]+\s+)?(?:plan|agreement)\b", doc_text(doc), re.I) or (
        _title_match(doc_text(doc)))
    owner = reg.find(title.group(1)) if title else None
    if owner is not None and owner.role == "child":
        reg.author_role = "child"  # "MAISIE'S SAFETY PLAN": her "I"
    me = re.search(r"^[ \t]*me[ \t]*[–—:-][ \t]*([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)", doc_text(doc), re.M | re.I)
    found = reg.find(me.group(1)) if me else None
    if found is not None:
        reg.author_role = found.role  # a "Who's who" list: "Me – Reuben Marlow, 15"
    owners = {id(p): p for h in doc.spans.get("sections", []) for m in [_I_OWNER_RE.search(h.text)] if m
              for p in [reg.find(m.group(1))] if p is not None}
    if len(owners) == 1 and reg.author_role != "child":
        reg.author_role = next(iter(owners.values())).role  # "What I will do (Sunita)": her "I" everywhere,
        # and so is "Why I am moving (Reuben's words)"
    reg.family_voice = bool(has_phrase(low, lexicon().family_voice_cues))  # a family group conference plan
    author = re.search(r"^[ \t]*written by:?[ \t]*(\S[^\n]*)", doc_text(doc), re.I | re.M)
    names = re.split(r",\s*|\s+and\s+|\s+with\s+|\s*&\s*", POSSESSOR_RE.sub("", author.group(1))) if author else []
    found = [p for p in (noun_party(n) or reg.find(n) for n in names if n.strip()) if p is not None]
    if found and all(p.role in ("family", "child", "victim", "perpetrator") for p in found):
        reg.family_voice = True  # "Written by: Courtney Baines and Josh Mercer", not "Kai's social worker"
    elif found and all(p.role == "professional" and p.evidence for p in found) and reg.author_role == "family" and (
            not owners):
        reg.author_role = "professional"  # "Written by: Joanne Fairbairn, Social Worker": her "I"
    if [p.role for p in found if p.role != "professional"] == ["child"]:
        reg.author_role = "child"  # "Written by: Ruby and Priya": the young person's "I", with her worker
    dear = re.search(r"\bdear\s+([^\n,]+)|^[ \t]*this (?:plan|agreement|letter) is written to:?[ \t]*([^\n,]+)"
                     r"|^[ \t]*(?:hi|hello)\s+((?-i:[A-Z])[\w'’-]+(?:\s+(?:and|&)\s+(?-i:[A-Z])[\w'’-]+)*)[,!]?[ \t]*$",
                     doc_text(doc), re.I | re.M)  # also "This plan is written to: Dean Cardew", "Hi Maureen and Declan"
    name = next(group for group in dear.groups() if group).strip() if dear else ""
    if dear and name.lower() not in lexicon().unknown:  # not "Hello Everyone,": a greeting that names nobody
        readers = [_reader(doc, reg, part) for part in re.split(r"\s+and\s+|\s*&\s*", name)
                   if not re.fullmatch(r"(?:mr|mrs|ms|miss)\.?", part.strip(), re.I)]  # "Hi Maureen and Declan"
        found = (reg.find(name) or noun_party(name) or readers[0]) if len(readers) > 1 else next(iter(readers), None)
        if found is not None:
            reg.addressee = Party(name, found.role, found.gender, found.intimate, found.evidence)
        if reg.author_role != "child":
            reg.author_role = "professional"
    # the first key for each pronoun:
    keys = {key.group("pronoun").lower(): key for key in reversed(list(PRONOUN_KEY_RE.finditer(doc_text(doc))))}
    author = reg.find(keys["i"].group("name")) if "i" in keys else None
    mine = next((line for line in doc_text(doc).splitlines() if author is not None and re.match(
        rf"[ \t]*{re.escape(author.name)}\b[^\n]*[–—-][ \t]*me\b", line)), "")  # "Shauna Caddick – me. I am ..."
    kin = _I_AM_KIN_RE.search(mine)
    if kin and getattr(noun_party(kin.group(1)), "role", None) == "family":
        author.role, author.evidence = "family", True  # "I am Rylan's mum", whatever her neighbours' jobs
    if author is not None and author.evidence and not (author.role == "child" and cares_for_children(doc, reg)):
        reg.author_role = reg.role(author)  # 'The "I" in this plan is me, Marnie.' (a young mum stays one)
    keyed = keys.get("you")
    reader = reg.find(keyed.group("name")) if keyed and reg.addressee is None else None
    if reader is not None:  # 'In this agreement "you" means Ezra.': he is the one the plan speaks to
        reg.addressee = replace(reader)
