"""Component `agreement_roles`: the obligated party of each clause.

The party registry (`registry.py`) maps names and role words of one document to roles, with
domestic-abuse evidence (`abuse.py`) deciding when an adult is the harmed person (`victim`) or the
person causing harm (`perpetrator`); without it, parents are `family`. Each clause's actor comes
from its subject (`subjects.py`), resolved to a party (`resolve.py`), or from its heading
(`heading_actors.py`), a table's actor column, or the document's voice.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import register_extensions
from .heading_actors import (
    addressed_in,
    heading_actor,
    heading_person,
    lead_in_owner,
    name_heading,
    named_in_heading,
    you_in,
)
from .layout import is_duty_heading, structure, word_key
from .names import is_reader
from .party_words import PRONOUNS, Party, Registry, doc_text, has_phrase, lexicon, noun_party
from .registry import build_registry
from .resolve import local_antecedent, resolve_phrase, voice_role
from .segment import is_table_header, starts_with_subject, table_columns
from .subjects import infinitive_subject, is_imperative, opens_with_command, subject_of, ultimatum_party

_LABEL = r"([A-Z][\w'’.]*(?: [A-Z][\w'’.-]*){0,2}):"  # a speaker's label: "Mum:", "[Nkechi:", "[Mrs T:"
_SPEECH_LABEL_RE = re.compile(rf"(?:^[ \t]*[\[(]?|[\[(])[ \t]*{_LABEL}[ \t]*[\"“]?\Z", re.M)
_OPENING_LABEL_RE = re.compile(rf"[\[(][ \t]*{_LABEL}[ \t]")
_SPEAKER_RE = re.compile(r"\W*I\s*\(([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\)")  # "I (Marcus) have lived ..."


def assign_roles(doc: Doc) -> Doc:
    """Set `clause._.subject` for every clause and `doc._.parties` for the document."""
    reg = build_registry(doc)
    headings = {h.text.rstrip(":").strip(): h.start_char for h in doc.spans.get("sections", [])}
    reg.mentions = _name_mentions(doc, reg)
    history: list[tuple[int, Party]] = []
    starts = sorted(h.start_char for h in doc.spans.get("sections", []))
    section = None
    for clause in doc.spans.get("clauses", []):
        above = bisect_right(starts, clause.start_char)  # the heading over this clause, by place: two
        opened = starts[above - 1] if above else None  # "In my own words" headings are two sections
        if opened != section:
            section = opened
            reg.speaker = None  # "I (Marcus) ..." speaks for his own section only
        actor = heading_actor(doc, clause._.section, headings.get(clause._.section or ""), reg)
        if actor is not None and not any(o == actor.start_char for o, _ in history):
            _remember(history, actor.start_char, actor.text, reg)
        named = _SPEAKER_RE.match(clause.text)
        if named and (speaker := reg.find(named.group(1))) is not None:
            reg.speaker = speaker  # the rest of the section is in his voice
        text, role = _clause_subject(doc, clause, reg, history, headings)
        clause._.subject = {"text": text if role != "unknown" else None, "role": role}
        if role == "child" and text:
            _learn_gender(clause, reg.find(text))
        if text and role != "unknown":
            _remember(history, clause.start_char, text, reg, role)
    doc._.abuse_context = reg.abuse
    doc._.harmed_gender = reg.harmed_gender if reg.abuse else None
    doc._.aliases = {key: reg.role(p) for key, p in reg.persons.items()}
    doc._.parties = [
        {"name": p.name, "role": reg.role(p)} for k, p in reg.persons.items() if k == p.name.lower()
    ]
    return doc


def _learn_gender(clause: Span, party: Party | None) -> None:
    """"Jayden will go to stay with his aunt": a child's first possessive pronoun gives the
    child's gender, so that a later "she" is not taken for him."""
    if party is None or party.gender is not None:
        return
    subject, _passive = subject_of(clause)
    if subject is None:
        return
    owner = next((t for t in clause[subject.end - clause.start:]
                  if t.dep_ == "poss" or t.pos_ == "PROPN" or t.lower_ in lexicon().family), None)
    if owner is not None and owner.lower_ in ("his", "her"):  # no other name comes between them
        party.gender = {"his": "m", "her": "f"}[owner.lower_]


def _name_mentions(doc: Doc, reg: Registry) -> list[tuple[int, Party]]:
    """Where each registered person is named, for resolving "he", "she" and "they"."""
    mentions = []
    for key, party in reg.persons.items():
        for match in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", doc_text(doc), re.I):
            mentions.append((match.start(), Party(party.name, reg.role(party), party.gender)))
    return mentions


def _remember(history: list, offset: int, text: str, reg: Registry, role: str | None = None) -> None:
    person = reg.find(text)
    found = person or noun_party(text)
    if found is not None:
        # "the social worker" can be "she"; "the school" cannot
        human = person is not None or bool(has_phrase(text, lexicon().job_titles)) or (
            found.role in ("family", "child", "victim", "perpetrator"))
        history.append((offset, Party(text, role or reg.role(found), found.gender, evidence=human)))


def _clause_subject(doc, clause, reg, history, headings) -> tuple[str | None, str]:
    if " | " in clause.text:
        return _table_actor(clause, reg, history)
    subject, _passive = subject_of(clause)
    text = doc_text(doc)
    spoken = None
    if subject is not None and subject.root.lower_ in ("i", "me", "my", "we", "us"):
        label = _SPEECH_LABEL_RE.search(text, text.rfind("\n", 0, clause.start_char) + 1, clause.start_char) or (
            _OPENING_LABEL_RE.match(text, clause.start_char))  # "... 6pm. [Ros: I will pay ...]" within a bullet
        spoken = label and (reg.find(label.group(1)) or noun_party(label.group(1)))
    if spoken:
        return subject.text, reg.role(spoken)  # "[Nkechi: I will refer Lucan ...]": the label's "I", in anyone's plan
    named = _actor_line(clause, reg, history) if subject is None or opens_with_command(clause) else None
    if named is not None:
        return named  # "Register both children with a dentist." over "Responsible: Shauna / Dean"
    if subject is None:
        subject, passive = infinitive_subject(clause)
        if passive and not is_duty_heading(clause._.section or ""):
            return None, "unknown"  # "Bins to be emptied" is the heading party's under "Rules for Ms Dolan"
    if subject is not None and clause.label_ == "commitment" and subject.root.lower_ in lexicon().infants and not any(
            t.pos_ == "PROPN" for t in subject if t.i != subject.root.i) and not subject.root.conjuncts and not any(
            t.lower_ in ("if", "unless") for t in clause):  # an ultimatum binds whoever its condition names
        return None, "unknown"  # "The baby will sleep on her back": a baby cannot act, and no adult is named
    if reg.addressee is not None and _asks_reader(clause, reg):  # "Mr Hume, please ...", "Please sign ..."
        return reg.addressee.name, reg.role(reg.addressee)
    actor = heading_actor(doc, clause._.section, headings.get(clause._.section or ""), reg) or name_heading(
        doc, clause._.section, headings.get(clause._.section or ""), reg)
    owner = lead_in_owner(doc, clause._.section, headings.get(clause._.section or ""), reg)
    if owner is not None and clause.label_ == "commitment" and (subject is None or subject.root.lower_ in ("i", "me")):
        return "I", owner  # "Ada's part" over "I will:": her bullets and her "I"
    opening = next((t for t in clause if not t.is_punct), None)
    own = (subject is not None and opening is not None and subject.start == opening.i  # "Lucy will visit ..." misparsed
           and subject.root.pos_ == "PROPN" and subject.root.dep_ in ("npadvmod", "dep", "nmod")
           and reg.find(subject.text) is not None)
    if actor is not None and clause.label_ == "commitment" and not starts_with_subject(clause) and not own:
        if clause[0].lower_ not in ("if", "when", "where", "unless", "should", "once", "while") or (
                is_imperative(clause)):  # "If Alfie is ill, text Sandra ..." under "Becca (Alfie's mum)"
            return resolve_phrase(_member_for(actor, clause, reg), reg, history)
    addressed = you_in(clause._.section, reg) if subject is not None and subject.root.lower_ == "you" else None
    if addressed is not None:  # "What we need from Megan": "We need you to ..." is hers
        role = reg.role(addressed)  # and what the concerns say "you" suffered or did is hers too
        return addressed.name, voice_role(reg, "you", role, default=role)
    if subject is not None and subject.root.tag_ in ("WP", "WDT") and clause.root.dep_ == "relcl":
        antecedent = clause.root.head  # "..., who will stay in the room": the contact worker named before
        subject = doc[antecedent.left_edge.i:antecedent.i + 1]
    if subject is not None and subject.root.lower_ == "they" and any(t.lower_ in lexicon().indefinite and (
            t.dep_.startswith("nsubj")) for t in clause[:subject.root.i - clause.start]):
        return None, "unknown"  # "If anyone is worried ..., they will ring Stefan": "they" is whoever that is
    bound = ultimatum_party(clause, subject)
    if bound is not None:
        found = resolve_phrase(bound, reg, history)
        if found[1] != "unknown":
            return found
    if subject is not None and subject.root.tag_ == "NNS" and subject.root.lower_ in lexicon().child and (
            clause.root.lemma_ in lexicon().state_verbs):
        return None, "unknown"  # "The children will always have clean clothes": a state nobody is held to
    if reg.speaker is not None and subject is not None and subject.root.lower_ in ("i", "me"):
        return reg.speaker.name, reg.role(reg.speaker)
    if subject is not None and subject.root.lower_ in ("i", "me", "we", "us"):
        named = named_in_heading(clause._.section, reg) or (
            heading_person(clause._.section, reg) if subject.root.lower_ in ("i", "me") else None)
        if named is not None and (subject.root.lower_ in ("i", "me") or named != "professional" or (
                reg.family_voice and _service_heading(clause._.section))):
            return subject.text, named  # "I will ..." under "My part (Ellie-Mae, 14)", "(written by Mum)"
        group = resolve_phrase(actor, reg, history)[1] if actor is not None and subject.root.lower_ in (
            "we", "us") and reg.author_role != "professional" and _is_group(actor) else "unknown"
        if group != "unknown" and not (reg.family_voice and group == "child"):
            return subject.text, group  # "We will take Maisie's phone ..." under "What Mum and Dad will do"
    if subject is not None and subject.root.lower_ in ("he", "she") and actor is not None and actor.root.tag_ != "PRP":
        named = reg.find(actor.text) or noun_party(actor.text)
        gender = PRONOUNS[subject.root.lower_]
        if named is not None and (named.gender == gender or named.gender is None and local_antecedent(
                gender, subject, reg) is None):  # "She'll drive ..." under "Donna's bit": nobody else is near
            return resolve_phrase(actor, reg, history)  # "If Liam comes, she will ..." under "What Nan will do"
    asked = addressed_in(clause._.section, reg) if (
        subject is not None and subject.root.lower_ in ("he", "she") and actor is None) else None
    if asked is not None and asked.gender == PRONOUNS[subject.root.lower_] and local_antecedent(
            asked.gender, subject, reg) is None:
        return asked.name, reg.role(asked)  # "She will ..." under "What I have asked Shannon to do"
    if subject is not None and actor is not None and _unplaced_name(subject, reg) and (
            resolve_phrase(actor, reg, history)[1] == "professional"):
        return subject.text, "professional"  # "Ben will ..." under "What my social worker will do"
    if subject is not None and subject.root.lower_ == "they" and actor is not None and (
            actor.root.lower_ in lexicon().org_words):
        return resolve_phrase(actor, reg, history)  # "They will send letters ..." under "What school will do"
    if subject is not None:
        found = resolve_phrase(subject, reg, history)
        if found[1] == "unknown" and subject.root.lower_ in ("they", "it") and actor is not None:
            return resolve_phrase(actor, reg, history)  # "They will ring Bernie ..." under "Ashgrove School"
        return found
    if is_imperative(clause) and (reg.addressee is not None or re.search(r"^\s*dear\b", doc_text(doc), re.I | re.M)):
        party = reg.addressee  # "Please sign and return ..." in a letter asks the reader, as does a plan that
        # says whom its "you" means
        return (party.name, reg.role(party)) if party else ("you", "family")
    return None, "unknown"


def _service_heading(heading: str | None) -> bool:
    """A heading that names a service before any aside, with no "we" of its own: in a family's own
    plan, "we" under "Children's Services' response (Hannah Quick, social worker)" is the council's,
    but not under "What we will do (with help from Hannah Quick, social worker)"."""
    head = re.split(r"[(\[]", heading or "")[0]
    found = noun_party(head) if head.strip() else None
    return found is not None and found.role == "professional" and not set(word_key(head).split()) & {
        "we", "our", "us", "i", "my", "me"}


def _is_group(actor: Span) -> bool:
    """"Mum and Dad", "the parents", "the school": a heading party that can say "we" (a letter's
    "we" under "What you will do" is its writers)."""
    return actor.root.tag_ in ("NNS", "NNPS") or any(t.lower_ in ("and", "&") for t in actor) or (
        actor.root.lower_ in lexicon().org_words)


def _member_for(actor: Span, clause: Span, reg: Registry) -> Span:
    """Under "Mum and Dad will:", a group for one sex ("the group for men") is the bullet of the
    one of that sex; any other bullet stays with the heading (whose first named acts)."""
    genders = lexicon().group_genders
    wanted = next((genders[t.lower_] for t in clause if t.lower_ in genders), None)
    members = list(re.finditer(r"[^,&]+?(?=\s*(?:,|&|\band\b|$))", actor.text)) if wanted else []
    for member in members if len(members) > 1 else []:
        words = re.sub(r"^\s*(?:and\s+)?", "", member.group())
        parties = [p for p in (reg.find(words), noun_party(words)) if p is not None]
        if any(p.gender == wanted for p in parties):  # "Dad" is a man even where the registry knows no gender
            start = actor.start_char + member.end() - len(words)
            return actor.doc.char_span(start, actor.start_char + member.end(), alignment_mode="expand") or actor
    return actor


def _unplaced_name(subject: Span, reg: Registry) -> bool:
    """A name (not a role word such as "Gran") the document says nothing else about: its role in
    the registry is only a guess."""
    party = reg.find(subject.text)
    return subject.root.pos_ == "PROPN" and len(subject) <= 2 and noun_party(subject.text) is None and (
        party is None or not party.evidence and party.role in ("family", "child"))


def _asks_reader(clause: Span, reg: Registry) -> bool:
    """A letter's request to its reader, whatever heading it sits under: "Please sign ...", "Mr
    Hume, please return ..."; "Please be aware ..." is a notice, not a request."""
    words = [t for t in clause if not t.is_punct or t.text == ","]
    comma = next((i for i, t in enumerate(words[:5]) if t.text == ","), None)
    named = reg.find(clause.doc[words[0].i:words[comma].i].text) if comma is not None else None
    if named is not None and is_reader(named, reg):
        words = words[comma + 1:]
    return len(words) > 2 and words[0].lower_ == "please" and words[1].lemma_ not in ("be", "note")  # not a notice


def _table_actor(clause: Span, reg: Registry, history) -> tuple[str | None, str]:
    """The actor cell of a table row, counted on the whole row: the clause leaves out a reference
    cell ("2.1 | Book the hearing test | Lorna | ...")."""
    text = doc_text(clause.doc)
    begin = text.rfind("\n", 0, clause.start_char) + 1
    end = text.find("\n", clause.end_char)
    row = text[begin:end if end >= 0 else len(text)]
    cells = [(begin + m.start(), m.group()) for m in re.finditer(r"[^|]+|(?<=\|)(?=\|)", row)]  # "a | | b": 3 cells
    column = _actor_column(clause)
    if column is not None and column < len(cells):
        start, cell = cells[column]
        lead = re.split(r",|\(| by | – | - |/", cell)[0].rstrip()
        span = clause.doc.char_span(start, start + len(lead), alignment_mode="contract")
        if span is not None and len(span):
            return resolve_phrase(span, reg, history)
        if not cell.strip():
            return None, "unknown"  # the "Who" cell left blank: nobody is named
    for start, cell in [c for c in cells if c[0] + len(c[1]) > clause.start_char][1:]:
        span = clause.doc.char_span(start, start + len(cell), alignment_mode="contract")
        if span is not None and len(span):
            text, role = resolve_phrase(span, reg, history)
            if role != "unknown":
                return text, role
    return None, "unknown"


def _actor_line(clause: Span, reg: Registry, history) -> tuple[str | None, str] | None:
    """The "Responsible: Shauna / Dean" line under an action with no subject: a case system's
    outline plan lays its "By whom" column out as a line of its own."""
    text = doc_text(clause.doc)
    start = text.find("\n", clause.end_char) + 1
    if not start:
        return None
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    match = re.match(r"[ \t]*([^:\n]{1,30}):[ \t]*(\S.*)", line)
    if not match or word_key(match.group(1)) not in structure().actor_columns:
        return None
    if match.group(2).strip(" .").lower() in (*structure().empty_cells, *structure().placeholders):
        return None, "unknown"  # "Responsible: N/A", "Responsible: -"
    lead = re.split(r",|\(| and | & |/", match.group(2))[0].rstrip()
    span = clause.doc.char_span(start + match.start(2), start + match.start(2) + len(lead), alignment_mode="contract")
    return resolve_phrase(span, reg, history) if span is not None and len(span) else None


def _actor_column(clause: Span) -> int | None:
    """The "By whom" column of the template table the row belongs to (from its header row)."""
    for line in reversed(doc_text(clause.doc)[:clause.start_char].splitlines()):
        if " | " not in line:
            return None
        if is_table_header(line):
            return table_columns(line)[0]
    return None


@Language.factory(
    "agreement_roles",
    assigns=["span._.subject", "doc._.parties", "doc._.abuse_context", "doc._.harmed_gender"],
    requires=["doc.spans"],
)
def make_roles(nlp: Language, name: str):
    """Factory: the component is a pure function of the Doc."""
    register_extensions()
    return assign_roles
