"""Component `agreement_roles`: the party registry and the obligated party of each clause.

The registry maps names and role words of one document to roles. Domestic-abuse evidence in the
document decides when an adult is the harmed person (`victim`) or the person causing harm
(`perpetrator`); without it, parents are `family`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import register_extensions
from .layout import COMMAND_TAGS, DECLARING_RE, is_duty_heading, structure
from .rules import condition_words, load_yaml
from .segment import heading_actor_text, is_table_header, starts_with_subject, table_columns

_TITLE_RE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+(?:(?:and|&)[ \t]+(Mr|Mrs|Ms|Miss|Mx)\.?[ \t]+)?"
    r"((?:[A-Z][a-z'’-]+)+(?:[ \t]+(?:[A-Z][a-z'’-]+)+)?)"  # "Mr Daniel Osei-Grant", "Mrs McAllister"
)
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_AIMED_PREPS = frozenset(("to", "towards", "toward", "against", "of"))
_TITLES = frozenset(("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"))
_TITLE_KEYS = frozenset(t.lower() for t in _TITLES)
_COMMAND_OPENERS = frozenset(("please", "always", "never", "not", "do", "n't", "also", "then", "and"))
_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "they": "pl", "them": "pl"}


@dataclass(frozen=True)
class Lexicon:
    """Role words from `patterns/parties.yaml`."""

    titles: dict
    family: dict
    intimate: frozenset[str]
    professional: tuple[str, ...]
    child: frozenset[str]
    offspring: frozenset[str]
    job_titles: tuple[str, ...]
    unknown: frozenset[str]
    org_words: frozenset[str]
    place_words: frozenset[str]
    obligation_passives: frozenset[str]
    abuse_cues: tuple[str, ...]
    abuse_verbs: frozenset[str]
    abuse_adjectives: frozenset[str]
    fear_words: frozenset[str]
    body_parts: frozenset[str]
    injury_verbs: frozenset[str]
    aimed_verbs: frozenset[str]
    care_verbs: frozenset[str]
    child_things: frozenset[str]
    partner_words: frozenset[str]
    violent_verbs: frozenset[str]
    harmed_verbs: frozenset[str]
    perpetrator_cues: tuple[str, ...]
    victim_cues: tuple[str, ...]
    kin_genders: dict
    group_genders: dict
    family_voice_cues: tuple[str, ...]
    sanction_verbs: frozenset[str]
    state_verbs: frozenset[str]
    person_nouns: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the role lexicon once (immutable)."""
    d = load_yaml("parties.yaml")
    return Lexicon(
        titles=dict(d["titles"]),
        family=dict(d["family"]),
        intimate=frozenset(d["intimate"]),
        professional=tuple(sorted(d["professional"], key=len, reverse=True)),
        child=frozenset(d["child"]),
        offspring=frozenset(d["offspring"]),
        job_titles=tuple(sorted(d["job_title_words"], key=len, reverse=True)),
        unknown=frozenset(d["unknown_subjects"]),
        org_words=frozenset(d["org_words"]),
        place_words=frozenset(d["place_words"]),
        obligation_passives=frozenset(d["obligation_passives"]),
        abuse_cues=tuple(d["abuse_cues"]),
        abuse_verbs=frozenset(d["abuse_verbs"]),
        abuse_adjectives=frozenset(d["abuse_adjectives"]),
        fear_words=frozenset(d["fear_words"]),
        body_parts=frozenset(d["body_parts"]),
        injury_verbs=frozenset(d["injury_verbs"]),
        aimed_verbs=frozenset(d["aimed_verbs"]),
        care_verbs=frozenset(d["care_verbs"]),
        child_things=frozenset(d["child_things"]),
        partner_words=frozenset(d["partner_words"]),
        violent_verbs=frozenset(d["violent_verbs"]),
        harmed_verbs=frozenset(d["harmed_verbs"]),
        perpetrator_cues=tuple(d["perpetrator_cues"]),
        victim_cues=tuple(d["victim_cues"]),
        kin_genders=dict(d["kin_genders"]),
        group_genders=dict(d["group_genders"]),
        family_voice_cues=tuple(d["family_voice_cues"]),
        sanction_verbs=frozenset(d["sanction_verbs"]),
        state_verbs=frozenset(d["state_verbs"]),
        person_nouns=frozenset(d["person_nouns"]),
    )


def _text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins every token on each `doc.text`."""
    cached = doc.user_data.get("analyser_text")
    if cached is None or cached[0] != len(doc):  # a merged or new Doc never reuses another's text
        cached = doc.user_data["analyser_text"] = (len(doc), doc.text)
    return cached[1]


def has_phrase(text: str, phrases) -> str | None:
    """The first of `phrases` (in their order) that occurs in `text` as whole words."""
    low = text.lower().replace("’", "'")
    if not _phrase_re(tuple(phrases)).search(low):
        return None  # one compiled alternation rules most texts out at once
    return next((p for p in phrases if _phrase_re((p,)).search(low)), None)


@lru_cache(maxsize=4096)
def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])")


@dataclass
class Party:
    """A person or body of one document."""

    name: str
    role: str
    gender: str | None = None
    intimate: bool = False  # a parent or partner: may be harmed by, or cause, domestic abuse
    evidence: bool = True  # False when the role is only a default guess


@dataclass
class Registry:
    """Named parties of a document, plus its domestic-abuse reading."""

    persons: dict[str, Party] = field(default_factory=dict)
    abuse: str | None = None
    harmed_gender: str | None = "f"
    author_role: str = "family"
    family_voice: bool = False  # the plan is written by the family: its "we" are the family
    addressee: Party | None = None
    voice_abuse: dict[str, str] = field(default_factory=dict)  # "i"/"you" -> victim/perpetrator, by deed
    mentions: list[tuple[int, Party]] = field(default_factory=list)

    def find(self, text: str) -> Party | None:
        """The registered person named first in `text` (the longer name where two start there):
        "Rosa and Farida" is Rosa, "Daisy Brown" is Daisy Brown rather than Daisy."""
        found = []
        for key, party in self.persons.items():
            match = re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", text.lower())
            if match:
                found.append((match.start(), -len(key), party))
        return min(found, key=lambda f: f[:2])[2] if found else None

    def role(self, party: Party) -> str:
        """A party's role, with the document's domestic-abuse reading applied."""
        if party.role in ("victim", "perpetrator") and not self.abuse:
            return "family"
        if self.abuse and party.role == "family" and party.intimate and party.gender:
            guess = "victim" if party.gender == self.harmed_gender else "perpetrator"
            named = party.name.lower() not in lexicon().family and party.name.split()[0] not in _TITLES  # "Jade"
            if not (named and guess in self._evidenced() or self._someone_else(party, guess)):
                # another adult is the one shown harmed (or harming)
                return guess
        if self.abuse and party.role == "family" and not party.evidence and self._only_harmer_known():
            return "victim"  # the adult a plan about his abuse asks things of, when nobody else is named harmed
        return party.role

    def _someone_else(self, party: Party, role: str) -> bool:
        """The adults shown in `role` all have first names other than this one's: "Mrs Sandra
        Ferriby" is not Nicole (Ferriby). Someone known only by a title or a word ("Mummy") may be
        anyone."""
        first = _first_names(party, self)
        shown = [p for p in self.persons.values() if p.evidence and p.role == role]
        family = lexicon().family
        names = [{n for n in _first_names(p, self) | {p.name.split()[0].lower()} if n not in family}
                 - _TITLE_KEYS for p in shown]
        return bool(first and names) and all(n and not first & n for n in names)

    def _only_harmer_known(self) -> bool:
        roles = self._evidenced()
        return "perpetrator" in roles and "victim" not in roles

    def _evidenced(self) -> set[str]:
        return {p.role for p in self.persons.values() if p.evidence}


def detect_abuse(doc: Doc) -> str | None:
    """The first sentence that shows domestic abuse (a cue phrase, an abuse verb done to an
    adult, abuse suffered, violence or fear aimed at an adult), or None."""
    lex = lexicon()
    for sent in doc.sents:
        if _cue_affirmed(sent.text, lex.abuse_cues) or any(_abuse_shown(t, lex) for t in sent):
            return sent.text.strip()
    return None


def _cue_affirmed(text: str, cues: tuple[str, ...]) -> bool:
    """A cue phrase that is not denied just before it: "no violence in the home" and "no concerns
    about domestic abuse" show none ("has not reported the domestic abuse" still does)."""
    low = text.lower().replace("’", "'")
    return any(not re.search(r"\b(?:no|never|without)\s+(?:[\w'-]+\s+){0,3}$", low[:m.start()])
               for m in _phrase_re(tuple(cues)).finditer(low))


def _abuse_shown(token: Token, lex: Lexicon) -> bool:
    """Domestic abuse is between adults: "Dad hit him" about a child of seven is not it, nor is
    being "scared of the dentist" or "abusive to professionals"."""
    if token.lemma_ in lex.abuse_verbs and token.pos_ == "VERB" and not _no_deed(token, lex):
        heads = [token, *(c for c in token.children if c.dep_ == "xcomp")]  # "threatened to report her"
        targets = [c for h in heads for c in h.children
                   if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("PROPN", "PRON", "NOUN")
                   and (token.lemma_ not in lex.violent_verbs or _is_person(c, lex))]  # not "kicking doors"
        if targets and not any(_is_child(c, lex) for c in targets) and (
                token.lemma_ in lex.violent_verbs or any(
                    c.dep_ in ("nsubj", "agent", "dobj", "nsubjpass") and (_is_adult(c) or c.pos_ == "PROPN")
                    for c in token.children)):
            return True  # "pushed Chantelle into a door frame" (a name not given a child's age)
    if token.pos_ == "VERB" and _gerund_deed(token, lex) and any(
            c.dep_ == "nsubj" and (_is_adult(c) or c.pos_ == "PROPN" and not _is_child(c, lex))
            for c in token.children):
        return True  # "Mr Osei has described being slapped ..."
    if token.lemma_ in lex.aimed_verbs and _thrown_at(token) is not None:
        return True  # "threw a mug at Sarah"
    owners = _injured(token, lex) if token.lemma_ in lex.injury_verbs | lex.abuse_verbs else []
    if owners and not any(_is_child(o, lex) for o in owners):
        return True  # "Jordan broke her nose"
    if token.lower_ in lex.abuse_adjectives or token.lower_ in lex.fear_words:
        aimed = [t for c in token.children if c.dep_ == "prep" and c.lower_ in _AIMED_PREPS
                 for t in c.subtree if t.dep_ != "prep"]  # "violent towards Amber", "frightened of what he will do"
        if token.lower_ in lex.abuse_adjectives:  # "her boyfriend becomes violent", "Tom is controlling"
            holder = token.head if token.dep_ == "acomp" else token
            aimed += [c for c in holder.children if c.dep_ == "nsubj"]
        return any(_is_adult(t) or t.pos_ == "PROPN" and not _is_child(t, lex) for t in aimed)
    return _abuse_suffered(token, lex)


def _is_person(token: Token, lex: Lexicon) -> bool:
    """Someone who can be hurt: a name, a pronoun or a person noun; "kicking doors" hurts nobody
    (controlling someone's money is abuse, so only blows need a person)."""
    return token.pos_ != "NOUN" or token.lemma_ in lex.person_nouns or _noun_party(token.text) is not None


def _no_deed(verb: Token, lex: Lexicon) -> bool:
    """An abuse verb that reports no abuse: a possibility ("Arthur could be hurt"), a denial
    ("Nobody's going to kick me out"), a phrasal verb ("kick out of school") or an injury to the
    doer's own body ("She hurt her back lifting Theo")."""
    governing = verb.head if verb.dep_ == "xcomp" else verb  # "Nobody's going to kick me out"
    subject = next((c for v in (verb, governing) for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may", "would") for c in verb.children)
            or any(c.dep_ == "neg" for c in verb.children)
            or subject is not None and subject.lower_ in ("nobody", "noone", "no one")
            or any(c.dep_ in ("prt", "prep") and c.lower_ == "out" for c in verb.children)
            or subject is not None and _own_body(verb, subject, lex))


def _thrown_at(verb: Token) -> Token | None:
    """The person something was thrown or swung at: "at Sarah", "at her"."""
    return next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children
                 if g.dep_ == "pobj" and (g.pos_ == "PROPN" or _is_adult(g))), None)


def _is_child(token: Token, lex: Lexicon) -> bool:
    """A child word, a name given an age under 18, or a pronoun for the nearest such name."""
    owners = {t.i for c in token.children if c.dep_ == "poss" for t in c.subtree}
    if token.pos_ != "PROPN" and any(t.lower_ in lex.child for t in token.subtree if t.i not in owners):
        return True  # "the baby", "none of the children"; not "the children's mother"
    if token.pos_ == "PROPN":
        name = " ".join(t.text for t in token.subtree if t is token or t.dep_ == "compound" and t.pos_ == "PROPN"
                        and t.ent_type_ not in ("DATE", "TIME") and t.text.rstrip(".") not in _TITLES)
        age = _age(token.doc, name)
        return age is not None and age < 18 or _child_field(token.doc, name)
    if token.lower_ in ("him", "her", "them"):
        subject = {t.i for c in token.head.children if c.dep_ in _SUBJECT_DEPS for t in c.subtree}
        wanted = {"him": "m", "her": "f"}.get(token.lower_)
        before = [t for t in token.doc[max(0, token.i - 40):token.i]
                  if t.pos_ == "PROPN" and t.is_alpha and t.i not in subject and t.dep_ != "compound"
                  and t.ent_type_ not in ("DATE", "TIME")
                  and _name_gender(t, lex) in (None, wanted)]
        if before and any(c.dep_ == "nsubj" and c.lower_ == {"him": "he", "her": "she"}.get(token.lower_)
                          for c in token.head.children):
            before = before[:-1]  # "he grabbed him": "he" is the man named last, so "him" is someone else
        return bool(before) and _is_child(before[-1], lex)
    return False


def _child_field(doc: Doc, name: str) -> bool:
    """The name fills a "Child:" field ("Child: Isla Marsden (date of birth ...)")."""
    child, within = lexicon().child, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)
    return any(label in child and within.search(value) for label, value in _fields(_text(doc)))


def _name_gender(token: Token, lex: Lexicon) -> str | None:
    """A name's gender where the text gives it: "her grandson Cody", "Cody, her son", "Ms Ali"."""
    kin = [token.head] if token.dep_ == "appos" else []
    kin += [c for c in token.children if c.dep_ == "appos"]
    genders = lex.family | lex.kin_genders
    return _gender(token, lex) or next((genders[k.lower_] for k in kin if genders.get(k.lower_)), None)


def _abuse_suffered(token: Token, lex: Lexicon) -> bool:
    """"the abuse you have suffered", "violence from her ex": an abuse noun tied to a harmed
    verb or to the person it comes from or is aimed at."""
    if token.lemma_ not in ("abuse", "violence") or token.pos_ != "NOUN":
        return False
    return token.head.lemma_ in lex.harmed_verbs or any(
        c.lemma_ in lex.harmed_verbs and c.dep_ == "relcl"
        or c.dep_ == "prep" and c.lower_ in ("from", "by", "towards", "toward", "against")
        and any(g.dep_ == "pobj" for g in c.children) for c in token.children)


def _is_adult(token: Token) -> bool:
    """A title name, a parent or partner word, or a pronoun: someone who could be abusive."""
    first = min([token.i] + [c.i for c in token.children if c.dep_ == "compound" and c.i < token.i])
    before = {t.text.rstrip(".") for t in token.doc[max(first - 1, 0):token.i]}
    return bool(before & {"Mr", "Mrs", "Ms", "Miss", "Mx"}) or token.lower_ in lexicon().intimate or token.lower_ in (
        "he", "she", "him", "her", "you", "me"
    )


def _window(doc: Doc, start: int, end: int) -> str:
    """Words in apposition to a name: the noun phrase just before it ("social worker Paul",
    "Father: Dan", "adviser, Carys", "Parents: Ann Bell and Joe"), or ", the X" / "(X)" /
    "from X" after it (only its first conjunct: "Ann, Joe and the school" says nothing of Ann)."""
    if end < len(doc) and doc[end].tag_ == "POS":
        return ""  # "Dr Menon (Leanne's psychiatrist)": an owner, in apposition to nothing
    left, crossed = start, False
    while left > max(0, start - 8):
        prev = doc[left - 1]
        if "\n" in prev.text_with_ws or prev.text == "|":
            break
        if prev.pos_ in ("NOUN", "PROPN", "ADJ", "PART", "NUM") or prev.lower_ == "of" and left > 1 and doc[
                left - 2].pos_ in ("NOUN", "PROPN") or (  # "Head of Year 10: Mr Osei-Grant"
                prev.lower_ in ("and", "&") and left > 1 and doc[left - 2].pos_ == "PROPN"
                and doc[left - 2].lower_ not in lexicon().org_words  # not "Children's Services and Ms Price"
                and _noun_party(doc[left - 2].text) is None):  # nor "SW and Toni"
            left -= 1
        elif prev.text in (",", ":", "(") and not crossed and (left == start or prev.text == ":"):
            left -= 1
            crossed = True
        else:
            break
    aside = next((i for i in range(end, min(len(doc), end + 8)) if doc[i].text == ")"), None)
    skip = aside + 1 - end if aside is not None and doc[end].text == "(" else 0  # "Ann Lee (AL) – Ava's mum"
    dash = 2 if end < len(doc) and doc[end].text in ("-", "–") else 0  # "Ms Okoro – the children's social worker"
    right = doc[end:min(len(doc), end + 5 + skip + dash)]
    owned = len(right) > 1 and right[1].tag_ == "PRP$" and not _is_professional_context(right[2:].text)
    opens = len(right) > 1 and not owned and (  # ", her dad Gavin" is somebody else; ", his class teacher" a job
        right[0].text in (",", "(", "-", "–") or right[0].text == "from"
        and (right[1].is_title or right[1].lower_ == "the" and (right[2:3].text.istitle() or any(
            t.lower_ in lexicon().org_words for t in right[2:5]))))  # "from the attendance team"
    if opens and right[0].text == ",":  # an apposition, not the next clause (", police issued ...")
        phrase = next((right[1:i] for i in range(1, len(right)) if right[i].text in (",", ")", "\n")), right[1:])
        opens = not any(t.pos_ in ("VERB", "AUX") or t.tag_ == "PRP" for t in phrase)
    right_text = re.split(r"\n|\||\b(?:and|or) (?=[A-Z]|the\b)", right.text)[0] if opens else ""
    return f"{doc[left:start].text} {right_text}"


def _noun_party(text: str) -> Party | None:
    """A party from role words alone ("Mum", "the school", "social worker", "foster carers")."""
    lex = lexicon()
    low = text.lower().replace("’", "'")
    words = _role_words(low)
    if has_phrase(low, lex.professional) or (words and words[-1] in lex.org_words and text[:1].isupper()):
        return Party(text, "professional")
    if words and words[-1] in ("perpetrator", "abuser"):
        return Party(text, "perpetrator")
    for word in words:
        if word in lex.family and word not in ("i", "you"):
            return Party(text, "family", lex.family[word], word in lex.intimate)
    if any(w in lex.child for w in words) or "young person" in low:
        return Party(text, "child")
    return None


def build_registry(doc: Doc) -> Registry:
    """Collect the document's named parties and decide their roles."""
    lex = lexicon()
    reg = Registry(abuse=detect_abuse(doc))
    for match in _TITLE_RE.finditer(_text(doc)):
        surname = re.sub(r"['’]s?$", "", match.group(3).split()[-1])
        for title in filter(None, (match.group(1), match.group(2))):
            key = f"{title.lower()} {surname.lower()}"
            if key in reg.persons:
                continue
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            context = _window(doc, span.start, span.end) if span is not None else ""
            nearby = _noun_party(context)
            working = _is_professional_context(context) and not _kin(context)
            role = "professional" if title == "Dr" or working else "family"
            gender = lex.titles.get(title.lower())
            intimate = role == "family" and not (nearby and nearby.role == "family" and not nearby.intimate)
            reg.persons[key] = party = Party(f"{title} {surname}", role, gender, intimate)
            if not match.group(2) and len(match.group(3).split()) > 1:
                reg.persons.setdefault(match.group(3).lower(), party)
                reg.persons.setdefault(match.group(3).split()[0].lower(), party)
    for name, token_span in _proper_names(doc):
        key = name.lower()
        if key in reg.persons or any(key == p.split()[-1] for p in reg.persons):
            continue
        titled = _titled(key.split()[-1], reg) if len(key.split()) >= 2 else []
        age, party = _age(doc, name), _classify_name(doc, name, token_span, reg)
        if len(titled) > 1 and party.gender:
            titled = [t for t in titled if t.gender == party.gender]  # "Nana Mo: Maureen Pender" is Mrs Pender
        namesake = titled[0] if len(titled) == 1 else None
        if namesake is not None and not _first_names(namesake, reg) - {key.split()[0]} and (
                age is None or age >= 18) and (
                None in (party.gender, namesake.gender) or party.gender == namesake.gender):
            # "Jason Carr" is the only "Mr Carr"; not "Mrs Bea Carr", "Ruby Quarrie (aged 6)" or "Mam (Glenys Kellett)"
            reg.persons[key] = reg.persons.setdefault(key.split()[0], namesake)
            if party.role == "professional" and party.evidence and namesake.role == "family":
                namesake.role, namesake.intimate = "professional", False  # "Declan Okafor – head teacher"
            continue
        reg.persons[key] = party
    _link_first_names(reg)
    _link_role_fields(doc, reg)
    _link_bracketed_names(doc, reg)
    _link_kin_appositions(doc, reg)
    _read_voice(doc, reg)
    _read_abuse_roles(doc, reg)
    _read_voice_by_others(doc, reg)
    return reg


_NOT_PERSON_ENTS = ("DATE", "TIME", "ORG", "GPE", "FAC", "LOC", "NORP", "CARDINAL", "ORDINAL", "EVENT")


def _proper_names(doc: Doc) -> list[tuple[str, Span]]:
    """Runs of capitalised proper nouns that are not role words, places or dates."""
    lex = lexicon()
    found: list[tuple[str, Span]] = []
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and _name_part(token, run):
            run.append(token)
            continue
        if run and run[-1].lower_ in lex.org_words | lex.place_words:
            run = []  # "Ashfield Primary School" names a place, not a person
        commands = structure().command_verbs
        if len(run) > 1 and _initial(run[0]) and run[1].text != "-" and not _person_slot(run[0]) and (
                run[0].ent_type_ != "PERSON" or run[0].lower_ in commands):
            run = run[1:]  # "Ensure Rizwan does not ...": a command, then a name
        words = [t for t in run if t.text == "-" or not _is_role_word(t, lex)]
        if words and words[-1].text != "-" and words[-1].i == run[-1].i and len(words) <= 4:
            name = doc[words[0].i:words[-1].i + 1].text
            if any(t.pos_ == "PROPN" for t in words) and (
                    not _initial(words[0]) or _named_elsewhere(doc, words[0]) or _age(doc, name) is not None
                    or len(words) >= 2 and all(t.pos_ == "PROPN" for t in words)):  # "Rosa Quintero has ..."
                found.append((name, doc[words[0].i:words[-1].i + 1]))
        run = []
    return found


def _name_part(token: Token, run: list[Token]) -> bool:
    if token.text == "-" and run and not run[-1].whitespace_ and not token.whitespace_:
        return True  # Ellie-Mae
    if token.lower_ == "age" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == ":":
        return False  # "Maisie Corrigan    Age: 15": the next field's label
    return token.is_title and token.is_alpha and (token.ent_type_ not in _NOT_PERSON_ENTS or _person_slot(token)
                                                  or _after_kin_word(token))


def _after_kin_word(token: Token) -> bool:
    """"Her partner Marcus", "his wife Donna": a name after a relative's word, whatever the tagger says."""
    lex = lexicon()
    prev = token.doc[token.i - 1] if token.i else None
    return prev is not None and prev.is_lower and (prev.lower_ in lex.family or prev.lower_ in lex.kin_genders)


def _person_slot(token: Token) -> bool:
    """A place in the layout that only a person's name fills, whatever the tagger says."""
    return _person_field(token) or _roster_name(token) or _named_with_job(token)


def _named_with_job(token: Token) -> bool:
    """A capitalised name followed by ", <job>": "Present: Nadia Rowe, social worker (NR); ..."."""
    doc, start, end = token.doc, token.i, token.i
    while start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha and token.i - start < 2:
        start -= 1
    while end < len(doc) and doc[end].is_title and doc[end].is_alpha and end - start < 3:
        end += 1
    if end - start < 2 or end >= len(doc) or doc[end].text != ",":
        return False
    described = re.split(r"[,;()\n]", doc[end + 1:end + 6].text)[0]
    return bool(has_phrase(described, lexicon().job_titles))


def _person_field(token: Token) -> bool:
    """The value of a "Child:" or "Mother:" field is a person, whatever the tagger says
    ("Child: Ruby-Mae Farrow (14 months)" read as an organisation)."""
    text = _text(token.doc)
    line_start = text.rfind("\n", 0, token.idx) + 1
    label = re.search(r"(?:^|\s\s)[ \t]*([A-Za-z'’ ]{1,25}):[ \t]*(?:[\w'’-]+[ \t]?){0,3}$", text[line_start:token.idx])
    lex = lexicon()
    return label is not None and any(w in lex.child or w in lex.family for w in label.group(1).lower().split())


_ROSTER_RE = re.compile(r"[ \t]*((?:[A-Z][\w'’-]+[ \t]+){1,3})(?:\([^()\n]{1,30}\)[ \t]*)?[–—-][ \t]*(\S[^\n]*)")


def _roster_name(token: Token) -> bool:
    """A "who's who" line names a person whatever the tagger says: "Kirsty Brannock (KB) – social
    worker", "Pat Ridsdale – Nana Pat, Lee's mum"."""
    text = _text(token.doc)
    line_start = text.rfind("\n", 0, token.idx) + 1
    match = _ROSTER_RE.match(text, line_start)
    if match is None or token.idx >= line_start + match.end(1):
        return False
    described = " ".join(match.group(2).split()[:4])
    return bool(_is_professional_context(described) or _kin(described))


def _initial(token: Token) -> bool:
    """First word of a sentence, a table cell or a bracket: capitalised anyway."""
    prev = token.doc[token.i - 1] if token.i else None
    return token.is_sent_start or prev is None or prev.text in ("|", "•", ":", "(", "-", "–", "—") or (
        prev.pos_ in ("SYM", "SPACE"))  # "Section E – Declaration", "☒ Yes"


def _named_elsewhere(doc: Doc, token: Token) -> bool:
    """A sentence-initial word counts as a name if it is a PERSON or capitalised mid-sentence too."""
    if token.ent_type_ == "PERSON":
        return True
    return any(t.text == token.text and not _initial(t) for t in doc if t.i != token.i)


def _is_role_word(token: Token, lex: Lexicon) -> bool:
    low = token.lower_
    prev = token.doc[token.i - 1] if token.i else None
    surname = token.ent_type_ == "PERSON" and prev is not None and prev.ent_type_ == "PERSON" and (
        prev.pos_ == "PROPN" and prev.lower_ not in lex.titles and not _is_role_word(prev, lex)
    )  # "Leanne Ward" is no hospital ward; "Family Support" is a service
    return (
        low in lex.titles or low in lex.family or low in lex.child or low in lex.unknown
        or not surname and any(low in p.split() for p in lex.professional) or low in lex.org_words | lex.place_words
        or low in _FORM_WORDS
    )


_FORM_WORDS = frozenset(
    "written agreement plan safety contract letter purpose signed date signature name dob role "
    "page review contingency action outcome outcomes by whom when dear monday tuesday wednesday "
    "thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays "
    "january february march april may june july august september october november december "
    "stage part section step print".split()
)


def _kin(context: str) -> bool:
    """A relative's word next to a name ("Mrs Richards (paternal grandmother)"): who the person is
    wins over what they do in the plan ("Supervisor: ...")."""
    lex = lexicon()
    return any(lex.family.get(w) or w in ("parent", "parents", "grandparents", "relative")
               for w in _role_words(context.lower()))


def _role_words(low: str) -> list[str]:
    """The words of a lower-case phrase, with "mum-to-be" read as "mum"."""
    return [re.sub(r"-to-be$", "", w) for w in re.findall(r"[a-z][a-z'-]*", low)]


def _is_professional_context(context: str) -> bool:
    """Job titles or services standing next to a name ("social worker Paul", "Ann, Head of Year")."""
    lex = lexicon()
    words = re.findall(r"[A-Za-z']+", context)
    return bool(has_phrase(context, lex.job_titles) or has_phrase(context, lex.professional)
                or any(w.lower() in lex.org_words and w[:1].isupper() for w in words))


def _classify_name(doc: Doc, name: str, span: Span, reg: Registry) -> Party:
    mentions = _mentions_of(doc, name)
    windows = [_window(doc, m.start, _surname_end(m)) for m in mentions] or [""]
    age = _age(doc, name)
    if age is not None and age < 18:
        return Party(name, "child")  # "Leah Thompson (14)"
    if age is not None or any(_is_parent(m) for m in mentions):
        return Party(name, "family", evidence=False)  # "Sophie Lamb (22)", "Leanne's children"
    org_words = "|".join(map(re.escape, lexicon().org_words))
    if re.search(rf"(?<!\w){re.escape(name)}\s+(?:{org_words})\b", _text(doc), re.I):
        return Party(name, "professional", evidence=False)  # "Ashgrove" where the plan says "Ashgrove School"
    if re.search(rf"\b(?:I|We),\s+{re.escape(name)},\s+{DECLARING_RE}", _text(doc)):
        return Party(name, "family")  # "I, Dean Forsyth, agree that I will:" speaks for himself
    if any(_partner_mention(m) for m in mentions):
        return Party(name, "family", intimate=True)  # "ended his relationship with Chloe Marsh"
    for context in windows:
        if _is_professional_context(context) and not _kin(context):
            return Party(name, "professional")
    for context in windows:
        noun = _noun_party(context)
        if noun and noun.role == "family":
            return Party(name, "family", noun.gender, noun.intimate)
    surnames = {p.name.split()[-1].lower() for p in reg.persons.values() if p.role != "professional"}
    shared = len(name.split()) >= 2 and (name.split()[-1].lower() in surnames or sum(
        m.group().endswith(name.split()[-1])
        for m in re.finditer(r"[A-Z][\w-]+ " + re.escape(name.split()[-1]), _text(doc))
    ) > len(_mentions_of(doc, name)))
    if len(name.split()) >= 2 and not shared and not any(_has_relative(m) for m in mentions + _mentions_of(
            doc, name.split()[0])):
        return Party(name, "professional", evidence=False)  # "Marcus Penhaligon", but not "Josh" of "Josh's mum"
    if any(_is_cared_for(m) for m in mentions):
        return Party(name, "child", evidence=False)  # "take Noah to nursery", "Noah's teacher"
    if _AGE_RE.search(_text(doc)) or reg.abuse:
        return Party(name, "family", evidence=False)  # the children are the ones given ages; abuse is between adults
    return Party(name, "child", evidence=False)


_AGE = (r"[ \t]*(?:\((?:aged?[ \t]*)?(\d{1,2})(?:[ \t]*(years?|yrs?|months?|weeks?)(?:[ \t]+old)?)?\)"
        r"|(?:[ \t]*\([^()\n]{1,30}\))?(?:,|[ \t]+[–—-])[ \t]*aged?[ \t]+(\d{1,2})\b)")  # 'Rhi, age 15', "Jo – aged 10"
_AGE_IS = r"[ \t]+is[ \t]+(\d{1,2})(?:[ \t]+years?[ \t]+old)?(?=[ \t]*(?:[,.;)\n]|and\b|$))"  # "Jayden Cole is 17"
_AGE_FIELD = r"[ \t]+(?i:age):[ \t]*(\d{1,2})\b"  # "Name: Maisie Corrigan    Age: 15"
_AGE_RE = re.compile(rf"[A-Z][\w'’-]+(?:{_AGE}|{_AGE_FIELD})")


def _partner_mention(mention: Span) -> bool:
    """The name is someone's partner: "a relationship with X", "split up with X", "lives with X"."""
    root = mention.root
    return root.dep_ == "pobj" and root.head.lower_ == "with" and root.head.head.lemma_ in (
        "relationship", "split", "separate", "break", "marry", "engage")


def _age(doc: Doc, name: str) -> int | None:
    """The age written after a name: "Leah (14)", "Leah Thompson (aged 14)", "Leah, aged 14",
    "Leah (Lee), age 14"."""
    found = re.search(rf"(?<!\w){re.escape(name)}(?:[ \t]+[A-Z][\w'’-]+)?(?:{_AGE}|{_AGE_IS}|{_AGE_FIELD})", _text(doc))
    if not found:
        return None
    age = found.group(1) or found.group(3) or found.group(4) or found.group(5)
    return 0 if (found.group(2) or "").startswith(("month", "week")) else int(age)


def _is_cared_for(mention: Span) -> bool:
    """A mention that shows a child: taken, collected or fed by someone, or owner of a school,
    a teacher, a cot."""
    lex, token = lexicon(), mention[-1]
    if _carer_verb(token) is not None:
        return True
    return token.dep_ == "poss" and token.head.lemma_ in lex.child_things


def _carer_verb(token: Token) -> Token | None:
    """The verb that shows someone caring for `token`: "collect Ellis", "looking after Ruby"."""
    if token.dep_ == "conj":
        token = token.head  # "after Ellis and Ruby"
    if token.dep_ == "dobj" and token.head.lemma_ in lexicon().care_verbs:
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ == "after" and token.head.head.lemma_ == "look":
        return token.head.head
    return None


def _cares_for_children(doc: Doc, reg: Registry) -> bool:
    """The plan's "I" looks after the children ("when I am looking after Ellis and Ruby"): an adult
    writing, even if "my mum" appears."""
    lex = lexicon()
    for token in doc:
        verb = _carer_verb(token)
        if verb is None or not any(c.dep_ == "nsubj" and c.lower_ == "i" for c in verb.children):
            continue
        party = reg.find(token.text) if token.pos_ == "PROPN" else None
        if token.lower_ in lex.child or party is not None and party.role == "child":
            return True
    return False


def _has_relative(mention: Span) -> bool:
    """A mention that owns a relative ("Josh's mum"): family, not a worker."""
    token = mention[-1]
    return token.dep_ == "poss" and token.head.lower_ in lexicon().family


def _is_parent(mention: Span) -> bool:
    """A mention that shows an adult of the family: "Leanne's children", "Kelly has a daughter",
    "Kelly is pregnant", "Stacey uses heroin; her baby Rio is 4 months old", "Hayley smokes
    cannabis and her partner Mick drinks", "Martin Shaw is anxious. His children ..."."""
    lex, token = lexicon(), mention[-1]
    if token.dep_ == "poss" and token.head.lower_ in lex.child:
        return True
    text = _text(mention.doc)  # built once per document: this runs for every mention of every name
    line = text[text.rfind("\n", 0, mention.start_char) + 1:].split("\n", 1)[0]
    kids = "|".join(map(re.escape, lex.offspring))
    kin = "|".join(map(re.escape, lex.offspring | lex.partner_words))
    sentences = re.split(r"(?<=[.!?])\s+", line, maxsplit=2)
    if line.startswith(mention.text) and (re.search(rf"\b(?:her|his) (?:\w+ )?(?:{kin})\b", sentences[0]) or len(
            sentences) > 1 and re.match(rf"(?:her|his) (?:\w+ )?(?:{kids})\b", sentences[1], re.I)):
        return True  # the line's subject, whose child or partner that sentence or the next names
    verb = token.head if token.dep_ == "nsubj" else None
    return verb is not None and (
        verb.lemma_ == "have" and any(c.dep_ == "dobj" and c.lower_ in lex.child for c in verb.children)
        or any(c.lower_ == "pregnant" for c in verb.children))


def _surname_end(mention: Span) -> int:
    """Where a first-name mention ends with its surname ("Nadia" in "Nadia Rahman (nurse)")."""
    doc, end = mention.doc, mention.end
    while end < min(len(doc), mention.end + 2) and doc[end].is_title and doc[end].pos_ == "PROPN":
        end += 1
    return end


def _mentions_of(doc: Doc, name: str) -> list[Span]:
    spans = []
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", _text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans[:20]


def _link_role_fields(doc: Doc, reg: Registry) -> None:
    """"Nan: Pauline Kerrigan" makes "Nan" in the plan Pauline; "dwayne pask (mums partner)" in a
    form field is a party even when typed in lower case."""
    for line in re.findall(r"(?m)^[^:\n]{1,30}:[ \t]*(.+)$", _text(doc)):
        for name, said in re.findall(r"([A-Za-z][\w'’-]+(?: [A-Za-z][\w'’-]+)?) \(([^)]+)\)", line):
            noun = _noun_party(_possessives(said))
            if noun is not None and name.lower() not in reg.persons and noun.role != "child":
                party = Party(name, noun.role, noun.gender, noun.intimate, evidence=False)
                reg.persons[name.lower()] = party
                reg.persons.setdefault(name.split()[0].lower(), party)
            if said.lower() in lexicon().family and name.lower() in reg.persons:
                reg.persons.setdefault(said.lower(), reg.persons[name.lower()])  # "Gareth Lonsdale (Dad)": "Dad's part"
    # "Nan (special guardian): Rosalind "Roz" Quayle, ..."; "mum: shelby t   mums partner: ..."
    lex = lexicon()
    for word, value in _fields(_text(doc)):
        party = reg.find(value)
        pet = len(word.split()) == 2 and word.split()[0] in lex.family and not _is_role_word_text(
            word.split()[1])  # "Nana Mo: Maureen Pender", not "Family worker: ..."
        kin = word.split()[0] if pet else word
        namesake = _titled_namesake(value, lex.family[kin], reg) if (
            kin in lex.family and _NAME_VALUE_RE.fullmatch(value)) else None
        if namesake is not None and (
                party is None or not party.evidence or party.name.lower() in value.lower().split()):
            party = namesake  # "Mother: Shona Quarrie" is Ms Quarrie, and so is "Shona"
            reg.persons[value.lower()] = reg.persons[value.split()[0].lower()] = party
        elif party is None and kin in lex.family and _NAME_VALUE_RE.fullmatch(value):
            party = Party(value, "family", lex.family[kin], kin in lex.intimate, evidence=False)
            reg.persons[value.lower()] = reg.persons.setdefault(value.split()[0].lower(), party)  # the parser missed it
        several = re.split(r"\s+(?:and|&)\s+|,\s*", re.sub(r"\([^()]*\)", "", value))
        if party is not None and kin in lex.family and len(several) == 1:
            reg.persons[word] = party  # not "Parents: Ms Tanya Brierley and Mr Lucas Ferreira"
        elif word in lex.child:
            for named in filter(None, (reg.find(n) for n in several if n.strip())):
                if named.role == "professional" or named.role == "family" and not named.evidence:
                    named.role = "child"  # "Children: Jayden Ferreira (DOB 03/06/2010) and Poppy ..."


_NAME_VALUE_RE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}")


@lru_cache(maxsize=8)
def _fields(text: str) -> tuple[tuple[str, str], ...]:
    """Each "Label: value" of the form lines, also when several share a line ("Mother: Shona
    Quarrie Father: Callum Denholm"): the label in lower case, and the value. Cached: the child
    test asks for every name."""
    return tuple(((m.group(1) or m.group(2)).strip().lower(), m.group(3).strip()) for m in _field_re().finditer(text))


@lru_cache(maxsize=1)
def _field_re() -> re.Pattern:
    """A label starts a line, or follows a value when it ends in a role word ("Father:")."""
    lex = lexicon()
    words = sorted({*lex.family, *lex.child, *(w.split()[-1] for w in lex.job_titles)}, key=len, reverse=True)
    role = "|".join(re.escape(w) for w in words)
    kind = r"(?:(?:maternal|paternal|birth|foster|kinship|special|older|younger|social|support|family|key) )?"
    label = rf"{kind}(?:{role})(?:[ \t]*\([^()\n]*\))?:"
    number = r"(?:[ \t]+\d{1,2})?"  # "Head of Year 10:"
    start = rf"(?:^[ \t]*([A-Za-z][A-Za-z ]{{0,20}}?){number}(?:[ \t]*\([^()\n]*\))?|(?<=[ \t])({kind}(?:{role})))"
    return re.compile(rf"(?im){start}:[ \t]*([^,\n:(]+?)(?=[ \t]{{2,}}|[ \t]+{label}|[,(:\n]|$)")


def _titled(surname: str, reg: Registry) -> list[Party]:
    """The distinct people registered with a title and this surname ("Mr Carr", "Mrs Carr")."""
    found = {id(p): p for k, p in reg.persons.items() if k.split()[0] in _TITLE_KEYS and k.split()[-1] == surname}
    return list(found.values())


def _titled_namesake(name: str, gender: str | None, reg: Registry) -> Party | None:
    """The one titled person of this surname and gender ("Ms Quarrie" for a mother Shona Quarrie),
    unless that person already has another first name ("Mrs Grace Oyelaran" is not Adaeze)."""
    found = [p for p in _titled(name.split()[-1].lower(), reg) if gender is None or p.gender == gender]
    first = name.split()[0].lower()
    return found[0] if len(found) == 1 and not _first_names(found[0], reg) - {first} else None


def _first_names(party: Party, reg: Registry) -> set[str]:
    """The first names the registry already knows a titled person by."""
    return {k.split()[0] for k, p in reg.persons.items() if p is party and k.split()[0] not in _TITLE_KEYS}


def _possessives(text: str) -> str:
    """"mums partner" typed without its apostrophe: a family word plus "s" is its possessive."""
    family = lexicon().family
    return re.sub(r"\b([a-z]+)s\b", lambda m: f"{m.group(1)}'s" if m.group(1) in family else m.group(0), text)


def _link_bracketed_names(doc: Doc, reg: Registry) -> None:
    """"Danielle Marsh (Dani, DM)", "Priyanka Lal (PL)": a short name or initials in brackets
    after a full name are that person wherever the plan uses them; so is a pet name with its
    relative word ("Nana Win"), and the relative word alone ("What Nana will do")."""
    text, family = _text(doc), lexicon().family
    for key, party in list(reg.persons.items()):
        surname = r"[ \t]+[A-Z][\w'’-]+" if " " not in key else ""  # "Rhiannon McCallum ("Rhi")"
        for inner in re.findall(rf"(?<![\w]){re.escape(key)}{surname}[ \t]*\(([^()\n]{{1,30}})\)", text, re.I):
            for part in re.split(r",|/|\bor\b|\baka\b|\bknown as\b", inner):
                part = part.strip(" '\"‘’“”")
                kin = re.fullmatch(r"([A-Z][a-z]+) ([A-Z][a-z]+)", part)
                if kin and kin.group(1).lower() in family:
                    for alias in (part, *kin.groups()):
                        reg.persons[alias.lower()] = party
                elif re.fullmatch(r"[A-Z]{2,4}|[A-Z][a-z]+", part) and not _is_role_word_text(part):
                    reg.persons[part.lower()] = party
    for pair in re.finditer(r"\b([A-Z][\w'’-]+) and ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)[ \t]*"
                            r"\(([A-Za-z]+) and ([A-Za-z]+)\)", text):  # "Lorraine and Phil Corrigan (Mum and Dad)"
        kin = [_noun_party(pair.group(i)) for i in (3, 4)]
        if all(k is not None and k.role == "family" for k in kin):
            for name, k in zip(pair.group(1, 2), kin):
                party = Party(name, "family", k.gender, k.intimate)
                reg.persons[name.lower()] = reg.persons[name.split()[0].lower()] = party
    for pair in re.finditer(r"\b([A-Z][\w'’-]+) and ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)[ \t]*"
                            r"\(([a-z]+(?: [a-z]+)?s)\)", text, re.I):  # "Gary and Lorraine Whitfield (foster carers)"
        shared = _noun_party(pair.group(3))
        if shared is not None and shared.role == "professional":
            for name in pair.group(1, 2):
                party = Party(name, "professional")
                reg.persons[name.lower()] = reg.persons[name.split()[0].lower()] = party
    for name, short in re.findall(r"(?:([A-Z][\w'’-]+ [A-Z][\w'’-]+)[ \t]*)?\(([A-Z]{2,4})\)", text):
        if short.lower() in reg.persons:
            continue
        party = reg.find(name) if name else None  # "Lauren Pennock (LP)" where the parser only saw "Pennock"
        owners = {id(p): p for key, p in reg.persons.items()
                  if " " in key and "".join(w[0] for w in key.split() if w not in _TITLE_KEYS).upper() == short}
        if _is_role_word_text(short) and not owners:
            continue  # "(GP)" is the family doctor unless someone's initials are GP ("Gary Pickavance, father (GP)")
        if party is None and len(owners) == 1:  # "Priya Fairbrother, Social Worker (PF)": whose initials they are
            party = next(iter(owners.values()))
        if party is not None:
            reg.persons[short.lower()] = party
    for said in re.findall(r"\b(?:I|we) (?:call|refer to) ([^.\n]+)", text):  # "I call Ms Rowe KR, Mrs Cole MGM"
        for name, short in re.findall(r"((?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
                                      r" ([A-Z]{2,4})\b", said):
            party = reg.find(name)
            if party is not None:
                reg.persons[short.lower()] = party


def _is_role_word_text(word: str) -> bool:
    """A title, form word or role noun ("Mum", "SW", "Nurse"), not a short name."""
    low = word.lower()
    return (low in lexicon().titles or low in _FORM_WORDS or _noun_party(word) is not None
            or _is_professional_context(word))


def _link_kin_appositions(doc: Doc, reg: Registry) -> None:
    """"Kaya lives with her grandad, Mr Clifford Ramsbottom": a child's relative named in
    apposition is who the plan means by that word ("Grandad will:"); "her mum, Brenda" said of
    an adult is somebody else's mother. "Your daughter Shannon", when Shannon is an adult, is who
    the letter means by "your daughter"."""
    lex = lexicon()
    for token in doc:
        yours = token.lower_ in lex.offspring and any(c.dep_ == "poss" and c.lower_ == "your" for c in token.children)
        if yours and f"your {token.lower_}" not in reg.persons:
            key = f"your {token.lower_}"  # "your daughter Shannon" in a letter to her parents: an adult
        elif token.lower_ in lex.family and token.lower_ not in reg.persons and _owned_by_child(token, reg):
            key = token.lower_
        else:
            continue
        for other in [*(c for c in token.children if c.dep_ == "appos"),
                      *([token.head] if token.dep_ == "appos" or yours and token.dep_ == "compound" else []),
                      *_name_after_comma(token)]:
            party = _party_at(other, reg)
            if party is not None and party.role not in ("child", "professional"):
                reg.persons[key] = party
                break


def _name_after_comma(token: Token) -> list[Token]:
    """The last word of a name written just after "grandad," when the parse misses the apposition."""
    doc, j = token.doc, token.i + 2
    if token.i + 1 >= len(doc) or doc[token.i + 1].text != ",":
        return []
    while j < len(doc) and doc[j].pos_ == "PROPN":
        j += 1
    return [doc[j - 1]] if j > token.i + 2 else []


def _owned_by_child(kin: Token, reg: Registry) -> bool:
    """The owner of "her grandad" or "Kaya's nan" is a child: the named child itself, or for a
    pronoun the subject of the same sentence ("Kaya (10) lives with her grandad"), or the name
    just before it."""
    owner = next((c for c in kin.children if c.dep_ == "poss"), None)
    if owner is not None and owner.pos_ == "PRON":
        pronoun = owner
        owner = next((t for t in pronoun.sent.root.children if t.dep_ == "nsubj" and t.i < pronoun.i), None)
        if owner is None and not pronoun.is_sent_start:  # a subject the sentence splitter cut off
            owner = next((t for t in reversed(kin.doc[max(0, pronoun.i - 8):pronoun.i]) if t.pos_ == "PROPN"), None)
    party = _party_at(owner, reg) if owner is not None else None
    return party is not None and party.role == "child"


def _link_first_names(reg: Registry) -> None:
    """"Daisy" is "Daisy Brown": a first name takes the role of the full name it starts."""
    for key, party in list(reg.persons.items()):
        first = key.split()[0]
        if " " in key and first not in ("mr", "mrs", "ms", "miss", "mx", "dr"):
            alias = reg.persons.get(first)
            if alias is None or not alias.evidence or alias.role == party.role:
                reg.persons[first] = party


def _read_abuse_roles(doc: Doc, reg: Registry) -> None:
    """Explicit evidence of who harms whom, from the parse of abuse sentences: the subject of
    an abuse verb or of "has been violent towards", the object or "towards"-party, the one who
    "has been the victim of", and the person whose partner harms ("Kelly's partner Dean")."""
    if not reg.abuse:
        return
    lex = lexicon()
    deeds = lex.abuse_verbs | lex.harmed_verbs | lex.abuse_adjectives | lex.aimed_verbs
    for sent in doc.sents:
        if not (_cue_affirmed(sent.text, lex.abuse_cues) or any(t.lemma_ in deeds or _injured(t, lex) for t in sent)):
            continue
        harmers = []
        for token in sent:
            party = _party_at(token, reg)
            if party is None:
                if token.lower_ == "you" and reg.addressee is not None:
                    _set_abuse_role(reg, reg.addressee, _abuse_verdict(token, lex))
                elif token.lower_ in ("you", "i", "me") and _abuse_verdict(token, lex):
                    reg.voice_abuse.setdefault("you" if token.lower_ == "you" else "i", _abuse_verdict(token, lex))
                elif token.pos_ == "PROPN" and token.dep_ != "compound" and token.is_title:
                    _register_by_deed(token, _abuse_verdict(_phrase_head(token), lex), reg)
                elif token.lower_ in _PRONOUNS and token.dep_ != "poss":
                    verdict = _abuse_verdict(token, lex)
                    party = _antecedent_party(token, reg, _PRONOUNS[token.lower_]) if verdict else None
                    if party is not None:
                        if party.gender is None and _PRONOUNS[token.lower_] in ("m", "f"):
                            party.gender = _PRONOUNS[token.lower_]  # "she has followed him": Chloe is a she
                        _set_abuse_role(reg, party, verdict)
                continue
            anchor = _phrase_head(token)
            _set_abuse_role(reg, party, _abuse_verdict(anchor, lex))
            harmers.append((anchor, party))
        for anchor, party in harmers:  # shown harming here, or by "he" later in the sentence
            if reg.role(party) != "perpetrator" or not _names_partner(anchor, lex):
                continue
            for owner in _partner_owners(anchor, sent, reg):
                owner.role = "family"  # whoever has a partner here is no worker ("Callum ... told the school")
                _set_abuse_role(reg, owner, "victim")


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


def _register_by_deed(token: Token, verdict: str | None, reg: Registry) -> None:
    """A name the tagger did not take for a person ("when Imran hit you") is one when it
    harms or is harmed."""
    if verdict and token.text.rstrip(".") not in _TITLES:  # a misparsed "Ms" alone is nobody
        words = [c for c in token.children if c.dep_ == "compound" and c.is_title] + [token]
        name = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        reg.persons.setdefault(name.lower(), Party(name, verdict))


def _set_abuse_role(reg: Registry, party: Party, verdict: str | None) -> None:
    if verdict and (party.role in ("family", "victim", "perpetrator") or not party.evidence):
        party.role = verdict
        party.evidence = True
        if party.gender:
            reg.harmed_gender = party.gender if verdict == "victim" else {"m": "f", "f": "m"}[party.gender]
        if reg.addressee is not None and reg.find(reg.addressee.name) is party:
            reg.addressee.role = verdict  # "Dear Brian": Mr Brian Ferriby


def _gerund_deed(verb: Token, lex: Lexicon) -> str | None:
    """A subject-less abuse verb under the subject's verb: "has described being slapped"
    (harmed), "has a conviction for assaulting a partner" (causes harm)."""
    for token in verb.subtree:
        if token is verb or token.lemma_ not in lex.abuse_verbs or token.tag_ not in ("VBG", "VBN"):
            continue
        if any(c.lower_.endswith(("self", "selves")) for c in token.children):
            continue  # "when she feels like hurting herself" is self-harm
        if any(c.dep_ == "dobj" and not _is_person(c, lex) for c in token.children):
            continue  # "throwing things and kicking doors"
        path = [a for a in token.ancestors if a.i != verb.i and verb in a.ancestors]
        if any(c.dep_ in _SUBJECT_DEPS for t in (token, *path) for c in t.children) or any(
                t.dep_ in ("relcl", "acl") for t in (token, *path)):
            continue
        if any(c.dep_ == "auxpass" for c in token.children) or token.tag_ == "VBN":
            return "victim"
        return "perpetrator"
    return None


def _phrase_head(token: Token) -> Token:
    """The word that carries a name's phrase in the sentence: "partner" in "Jodie's
    ex-partner, Liam, has ...", "dad" in "Becca's dad, Steve, ..."."""
    if token.dep_ in ("appos", "npadvmod") and token.head.pos_ in ("NOUN", "PROPN") and token.head.i < token.i:
        return token.head
    return token


def _names_partner(anchor: Token, lex: Lexicon) -> bool:
    """The phrase says the person is someone's partner ("her boyfriend Jack", "his wife Zoe")."""
    words = [anchor, *(c for c in anchor.children if c.dep_ in ("compound", "appos"))]
    return any(w.lower_ in lex.partner_words for w in words) or (
        anchor.dep_ == "compound" and anchor.head.lower_ in lex.partner_words)


def _partner_owners(anchor: Token, sent: Span, reg: Registry) -> list[Party]:
    """Whose partner the harming person is: a named possessor ("Kelly's partner"), or for "her
    partner" / "his wife" the adult named last before it ("Chloe said her boyfriend ...")."""
    owners = []
    heads = {anchor} | {t for t in sent if t.head == anchor.head and t.dep_ == anchor.dep_ and t.i < anchor.i}
    heads |= {c for c in anchor.children if c.dep_ == "appos"}  # "Stuart Venn, Lorna Quayle's partner, ..."
    for child in sent:
        if child.dep_ != "poss" or child.head not in heads:
            continue
        party = _party_at(child, reg)
        if party is None and child.lower_ in ("her", "his", "their"):
            party = _antecedent_party(child, reg, {"her": "f", "his": "m"}.get(child.lower_), workers=True)
        if party is not None and party.role != "perpetrator":
            owners.append(party)
    return owners


def _antecedent_party(pronoun: Token, reg: Registry, gender: str | None, workers: bool = False) -> Party | None:
    """The adult a pronoun in an abuse sentence points to: the nearest party named before it
    that fits its gender and is neither a worker (unless `workers`: "his husband" is nobody's
    caseworker's), a child given an age, nor already the one who causes harm ("he pushed her")."""
    doc = pronoun.doc
    bound = _clause_subjects(pronoun) if pronoun.dep_ in ("dobj", "pobj", "dative") else set()
    fitting = []  # nearest first
    for token in reversed(doc[max(0, pronoun.i - 80):pronoun.i]):
        party = _party_at(token, reg) if token.dep_ != "compound" and token.i not in bound else None
        if party is None or party.role == "professional" and not workers or (party.role == "child" and party.evidence):
            continue
        if gender in ("m", "f") and (party.gender or lexicon().family.get(party.name.lower())) not in (None, gender):
            continue
        if pronoun.dep_ in ("dobj", "nsubjpass", "pobj") and party.role == "perpetrator":
            continue
        fitting.append((token, party))
    adult = next((p for _t, p in fitting if p.role != "child" and p.evidence and not _is_reader(p, reg)),
                 None)  # a known adult first, but not the reader of a letter: "she" is not "you"
    return adult or (fitting[0][1] if fitting else None)  # "Gareth has looked after Poppy. ... slapped him"


def _is_reader(party: Party, reg: Registry) -> bool:
    """The party is one of the people a letter is written to ("Dear Brian and Sandra")."""
    if reg.addressee is None:
        return False
    words = set(re.findall(r"[\w'’-]+", reg.addressee.name.lower()))
    return any(p is party and set(key.split()) <= words for key, p in reg.persons.items())


def _clause_subjects(pronoun: Token) -> set[int]:
    """The subject (with its appositions) of the nearest clause above an object pronoun: "her"
    in "Ms T's partner, Marcus, was convicted of assaulting her" is not Marcus, though it may be
    Ms T, who owns the subject, or the subject of a clause further up ("Mrs P says he hit her")."""
    for verb in pronoun.ancestors:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return {s.i for s in subjects} | {a.i for s in subjects for a in s.children if a.dep_ == "appos"}
    return set()


_OWN = {"she": "her", "he": "his", "i": "my", "you": "your", "we": "our", "they": "their"}


def _own_body(verb: Token, subject: Token, lex: Lexicon) -> bool:
    """The verb's object is the subject's own body part: "she hit her head"."""
    own = _OWN.get(subject.lower_)
    return own is not None and any(
        c.dep_ == "dobj" and (c.lemma_ in lex.body_parts
                              and any(p.dep_ == "poss" and p.lower_ == own for p in c.children)
                              or c.lower_ == own and c.i + 1 < len(c.doc) and c.nbor().lemma_ in lex.body_parts)
        for c in verb.children)  # also "She hurt her back" parsed as "hurt her" + "back"


def _injured(verb: Token | None, lex: Lexicon) -> list[Token]:
    """The owners of another person's body a verb is done to: "broke Ms Keane's nose", "put his
    hands round her throat" (not the doer's own: "his hands")."""
    if verb is None or verb.pos_ != "VERB" or verb.lemma_ in (
            "have", "be", "get", "feel", "see", "show", "notice", "look", "say", "tell", "complain", "report",
            "need", "require", "suffer", "sustain", "receive"):
        return []  # "she has bruising to her arms", "you needed stitches above your eye": her injury
    parts = [c for c in verb.children if c.dep_ == "dobj"]
    parts += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    doer = _gender(subject, lex) if subject is not None else None
    own = {"his", "their", "my", "our"} | ({"your"} if subject is not None and subject.lower_ == "you" else set())
    return [c for p in parts if p.lemma_ in lex.body_parts for c in p.children
            if c.dep_ == "poss" and c.lower_ not in own and not (c.lower_ == "her" and doer == "f")]


def _gender(token: Token, lex: Lexicon) -> str | None:
    """"she", "Ms Ferreira", "Mum": f; "he", "Mr Ashdown", "Dad": m."""
    if token.lower_ in ("he", "she"):
        return _PRONOUNS[token.lower_]
    titles = [c.text.rstrip(".").lower() for c in token.children if c.dep_ == "compound"]
    return next((lex.titles[t] for t in titles if lex.titles.get(t)), None) or lex.family.get(token.lower_)


def _governing_verb(token: Token) -> Token | None:
    return next((a for a in token.ancestors if a.pos_ == "VERB"), None)


def _date_subject_verb(token: Token) -> Token | None:
    """"On 2 February Marcus pushed ...": the parser takes the name for the date's object; the
    verb right after it, with no subject of its own, is the name's."""
    verb = token.nbor() if token.i + 1 < len(token.doc) else None
    if (token.dep_ == "pobj" and token.pos_ == "PROPN" and verb is not None and verb.pos_ == "VERB"
            and token.head.head == verb and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children)):
        return verb
    return None


def _denied(word: Token) -> bool:
    """"has not been hurt by Lee", "he has never been violent towards her"."""
    return any(c.dep_ == "neg" or c.lower_ == "never" for t in (word, word.head) for c in t.children)


def _abuse_verdict(token: Token, lex: Lexicon) -> str | None:
    if _denied(token.head if token.dep_ != "pobj" else token.head.head):
        return None
    verb = _date_subject_verb(token)
    if verb is not None:
        return "perpetrator" if verb.lemma_ in lex.abuse_verbs or _injured(verb, lex) else None
    head = token.head
    verbs = [head] + [v for v in head.conjuncts if v.pos_ in ("VERB", "AUX") and token.i < v.i and not any(
        t.dep_ in _SUBJECT_DEPS and t.i != token.i and t.head.tag_ != "VBG"
        for t in token.doc[token.i:v.i])]  # "X hit and kicked her"; not "her" of "stops her seeing"
    if token.dep_ == "nsubj" and _own_body(head, token, lex):
        return None  # "she hit her head on the door": hurt, not hurting
    if token.dep_ == "nsubj" and any(v.lemma_ in lex.abuse_verbs or any(
            c.dep_ == "dobj" and any(a.lemma_ in lex.abuse_adjectives for a in c.children)
            for c in v.children) for v in verbs) or token.dep_ == "nsubj" and _injured(head, lex):
        return "perpetrator"  # "Gavin has taken money, smashed ... and threatened her", "broke her nose"
    if token.dep_ == "nsubj" and head.lemma_ in lex.aimed_verbs and _thrown_at(head) is not None:
        return "perpetrator"
    if token.dep_ == "pobj" and head.lower_ == "at" and head.head.lemma_ in lex.aimed_verbs:
        return "victim"
    if token.dep_ == "poss" and token.head.lemma_ in lex.body_parts and _injured(_governing_verb(token.head), lex):
        return "victim"  # "broke Ms Keane's nose"
    if token.dep_ == "nsubj":
        deed = _gerund_deed(head, lex)
        if deed:
            return deed
    if token.dep_ == "nsubjpass" and head.lemma_ in lex.sanction_verbs and any(
            c.dep_ == "prep" and c.lower_ in ("of", "for") and any(
                g.lemma_ in lex.abuse_verbs | {"abuse", "violence", "assault", "harassment"} for g in c.children)
            for c in head.children):
        return "perpetrator"  # "was convicted of assaulting her", "was arrested for assault"
    if token.dep_ in ("dobj", "nsubjpass") and head.lemma_ in lex.abuse_verbs:
        return "victim"
    if token.dep_ == "nsubj" and head.lemma_ in lex.harmed_verbs:
        return "victim"
    if token.dep_ == "nsubj" and head.lemma_ == "be":
        complements = [c for c in head.children if c.dep_ in ("acomp", "attr")]
        complements += [d for c in complements for d in c.conjuncts]
        if any(c.lemma_ in lex.abuse_adjectives for c in complements):
            return "perpetrator"  # "Shaun has been violent towards Amber"
        if any(c.lemma_ in ("victim", "survivor") for c in complements):
            return "victim"  # "Tom has been the victim of ..."
    if token.dep_ == "pobj" and head.lower_ in ("towards", "toward", "to", "against", "at") and (
            head.head.lemma_ in lex.abuse_adjectives | {"abuse", "violence"}):
        return "victim"
    if token.dep_ == "pobj" and head.lower_ in ("from", "by") and head.head.lemma_ in (
        lex.abuse_verbs | lex.harmed_verbs | {"abuse", "violence", "harm"}
    ):
        return "perpetrator"
    subtree = " ".join(t.lower_ for t in head.subtree) if token.dep_.startswith("nsubj") else ""
    if has_phrase(subtree, lex.perpetrator_cues):
        return "perpetrator"
    return None


def _party_at(token: Token, reg: Registry) -> Party | None:
    if token.pos_ not in ("PROPN", "NOUN"):
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if token.pos_ == "NOUN" and owner is not None and not any(
            c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in token.children):
        return _kin_of(owner, token, reg)  # "his mum" is Lee's mother, not the document's "Mum"
    phrase = " ".join(t.text for t in _name_words(token))
    if token.pos_ == "PROPN":
        prev = token.doc[token.i - 1] if token.i else None
        if prev is not None and prev.text.rstrip(".") in ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"):
            phrase = f"{prev.text.rstrip('.')} {phrase}"
        return reg.find(phrase)
    return None


def _name_words(token: Token) -> list[Token]:
    """A word with the compounds that hang on it, in order: "Ms Precious Mbatha", never a name
    further down its subtree (a misparsed "Ms" heading "partner" and "Precious")."""
    words, todo = [token], [token]
    while todo:
        parts = [c for c in todo.pop().children if c.dep_ in ("compound", "flat")]
        words += parts
        todo += parts
    return sorted(words, key=lambda t: t.i)


def _kin_of(owner: Token, kin: Token, reg: Registry) -> Party | None:
    """The person the document names as someone's relative: for "his mum" after "Lee", the one
    written "Lee's mum, Pauline" or "Pauline Kerrigan (Lee's mum)"."""
    if owner.lower_ in ("his", "her", "their"):
        party = _antecedent_party(owner, reg, {"his": "m", "her": "f"}.get(owner.lower_))
        names = [k for k, p in reg.persons.items() if p is party]  # every way the owner is named
    else:
        names = [owner.text]
    text = _text(kin.doc)
    for name in names:
        said = rf"{re.escape(name)}['’]s {re.escape(kin.lower_)}"
        found = re.search(rf"(?i:{said}),? ([A-Z][\w'’-]+)", text) or re.search(
            rf"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) \((?i:{said})\)", text)
        party = reg.find(found.group(1)) if found else None
        if party is not None:
            return party
    return _only_adult_of_gender(lexicon().family.get(kin.lower_), reg, exclude=set(names))


def _only_adult_of_gender(gender: str | None, reg: Registry, exclude: set[str]) -> Party | None:
    """"Marlon punched his father", the father unnamed there: the one adult of the family of
    that gender the document names ("Mr Braithwaite"), if there is only one."""
    if gender not in ("m", "f"):
        return None
    owners = {id(reg.persons[k]) for k in exclude if k in reg.persons}
    found = {id(p): p for p in reg.persons.values()
             if p.gender == gender and p.role in ("family", "victim", "perpetrator") and id(p) not in owners}
    return next(iter(found.values())) if len(found) == 1 else None


_I_OWNER_RE = re.compile(r"\bI\b[^()\n]*\(([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)[,)]")


def _read_voice(doc: Doc, reg: Registry) -> None:
    """Who "I" and "you" are: a young person's plan, or a letter to a parent."""
    low = _text(doc).lower()
    if re.search(r"\bmy (mum|dad|mother|father|parents|carers?|foster carers?|school|teacher|social worker|nan|gran"
                 r"|grandad|brother|sister|youth worker|key worker|keyworker|mentor|class)\b", low) and not re.search(
            r"\b(?:my|our) (children|kids|son|daughter|baby|partner|ex|ex-partner|husband|wife|boyfriend|girlfriend)\b",
            low) and not _cares_for_children(doc, reg):
        reg.author_role = "child"
    title = re.match(r"\s*([A-Z][\w'’-]+)['’]s\s+(?:[\w-]+\s+)?(?:plan|agreement)\b", _text(doc), re.I)
    owner = reg.find(title.group(1)) if title else None
    if owner is not None and owner.role == "child":
        reg.author_role = "child"  # "MAISIE'S SAFETY PLAN": her "I"
    me = re.search(r"^[ \t]*me[ \t]*[–—:-][ \t]*([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)", _text(doc), re.M | re.I)
    found = reg.find(me.group(1)) if me else None
    if found is not None:
        reg.author_role = found.role  # a "Who's who" list: "Me – Reuben Marlow, 15"
    owners = {id(p): p for h in doc.spans.get("sections", []) for m in [_I_OWNER_RE.search(h.text)] if m
              for p in [reg.find(m.group(1))] if p is not None}
    if len(owners) == 1 and reg.author_role != "child":
        reg.author_role = next(iter(owners.values())).role  # "What I will do (Sunita)": her "I" everywhere
    reg.family_voice = bool(has_phrase(low, lexicon().family_voice_cues))  # a family group conference plan
    author = re.search(r"^[ \t]*written by:?[ \t]*(\S[^\n]*)", _text(doc), re.I | re.M)
    names = re.split(r",\s*|\s+and\s+|\s*&\s*", _POSSESSOR_RE.sub("", author.group(1))) if author else []
    found = [p for p in (_noun_party(n) or reg.find(n) for n in names if n.strip()) if p is not None]
    if found and all(p.role in ("family", "child", "victim", "perpetrator") for p in found):
        reg.family_voice = True  # "Written by: Courtney Baines and Josh Mercer", not "Kai's social worker"
    if [p.role for p in found if p.role != "professional"] == ["child"]:
        reg.author_role = "child"  # "Written by: Ruby and Priya": the young person's "I", with her worker
    dear = re.search(r"\bdear\s+([^\n,]+)|^[ \t]*this (?:plan|agreement|letter) is written to:?[ \t]*([^\n,]+)",
                     _text(doc), re.I | re.M)  # also "This plan is written to: Dean Cardew"
    if dear:
        name = (dear.group(1) or dear.group(2)).strip()
        found = reg.find(name) or _noun_party(name)
        if found is None and re.fullmatch(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}", name):
            found = reg.persons[name.lower()] = Party(name, "family", evidence=False)  # "Dear Nadia"
        elif found is not None and found.role == "child" and not found.evidence and _age(doc, found.name) is None:
            found.role = "family"  # "Dear Nicola": a reader taken for a child only for want of other evidence
        if found is not None:
            reg.addressee = Party(name, found.role, found.gender, found.intimate, found.evidence)
        if reg.author_role != "child":
            reg.author_role = "professional"


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
        return text, _named_in_heading(text, reg) or _voice_role(reg, "i", reg.author_role)  # "I (Maya, 14)"
    if head in ("we", "us"):
        named = _named_in_heading(text, reg)
        if named is not None:
            return text, named  # "We (Jodie and Ash) will ..."
        if reg.family_voice:
            return text, "family"
        return text, "professional" if reg.author_role != "child" or "dear" in _text(span.doc).lower() else "family"
    if head in ("you", "your"):
        near = span.doc[max(0, span.start - 2):min(len(span.doc), span.end + 2)]
        if any(t.lower_ == "both" and t.head.pos_ not in ("NOUN", "PROPN") for t in near):  # not "both children"
            return text, "family"  # "You must both ...", "Both of you": the two adults together
        party = reg.addressee
        if party is None:
            return text, _voice_role(reg, "you", "family")
        return party.name, _voice_role(reg, "you", reg.role(party), default=reg.role(party))  # what "you" did
    if head in _PRONOUNS:
        party = _local_antecedent(_PRONOUNS[head], span, reg) or _antecedent(
            _PRONOUNS[head], span.start_char, history, reg.mentions)
        return (party.name, reg.role(party)) if party else (None, "unknown")
    if low in lexicon().unknown or head in lexicon().unknown:
        return None, "unknown"
    initials = reg.find(text) if text.isupper() and len(text) <= 4 else None  # "GP (Gary Pickavance)", the father
    if initials is None and (
            span[-1].is_title and span[-1].lower_ in lexicon().org_words or span.root.lower_ in lexicon().org_words or (
            span.root.pos_ == "NOUN" and getattr(_noun_party(span.root.text), "role", None) == "professional"
            and all(t.i == span.root.i or t.dep_ in ("compound", "det", "amod") for t in span))):
        return text, "professional"  # "Hearthside staff": a service's name before a worker's word
    owner_free = _POSSESSOR_RE.sub("", text).strip()  # "Craig's probation officer" is not Craig
    first = re.split(r"\s+(?:and|&)\s+", owner_free, maxsplit=1)[0]  # "The midwife and Courtney": the midwife
    joint = re.match(r"(\w+)\.?\s+(?:and|&)\s+\w+\.?\s+([A-Z][\w'’-]+)", owner_free)
    if joint and first.rstrip(".") in _TITLES:
        first = f"{joint.group(1)} {joint.group(2)}"  # "Mr and Mrs Ferreira": Mr Ferreira, named first
    party = (first != owner_free and (reg.find(first) or _noun_party(first))) or (
        reg.find(owner_free) or _noun_party(owner_free) or _unregistered_name(span, reg))
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


def _adult_owner(text: str, reg: Registry) -> bool:
    """The phrase's possessor ("Declan's", "Mum's") is an adult of the family."""
    owners = [m.group().rstrip("s").rstrip("'’") for m in _POSSESSOR_RE.finditer(text)]
    parties = [reg.find(o) or _noun_party(o) for o in owners]
    return any(p is not None and reg.role(p) in ("family", "victim", "perpetrator") for p in parties)


def _voice_role(reg: Registry, voice: str, role: str, default: str = "victim") -> str:
    """"I" in a parent's plan and "you" in a letter to a parent, when the document is about
    domestic abuse: what the concerns say they suffered or did, else the harmed parent (plans
    and letters of this kind are most often written with or to her)."""
    if role != "family" or not reg.abuse:
        return role
    return reg.voice_abuse.get(voice, default)


_POSSESSOR_RE = re.compile(r"\b[\w-]+['’]s?(?=\s)")


def _owner_role(span: Span, reg: Registry, history: list[tuple[int, Party]]) -> str | None:
    """The role of whoever a partner word belongs to: "Ms Amin's partner", "her partner"."""
    owner = next((t for t in span if t.dep_ == "poss" and span.start <= t.head.i < span.end), None)
    if owner is None:
        return None  # not "Dad" cut from "Dad's part", which owns nothing inside the phrase
    if owner.lower_ in _PRONOUNS:
        party = _antecedent(_PRONOUNS[owner.lower_], span.start_char, history, reg.mentions)
        return reg.role(party) if party else None
    if owner.lower_ == "your":  # "your ex-partner" in a letter to the man who harmed her
        return reg.role(reg.addressee) if reg.addressee is not None else _voice_role(reg, "you", "family")
    phrase = span.doc[owner.left_edge.i:owner.i + 1].text
    found = reg.find(phrase) or _noun_party(phrase)
    return reg.role(found) if found else None


def _local_antecedent(kind: str, pronoun: Span, reg: Registry) -> Party | None:
    """A fitting subject earlier in the same sentence: "If Megan or Olu cannot come, they will
    ..." and "If Danielle misses a session, she and Adaeze will ..." refer back inside it."""
    doc, verb = pronoun.doc, pronoun.root.head
    for token in reversed(doc[pronoun.sent.start:pronoun.start]):
        if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ not in ("PROPN", "NOUN"):
            continue
        if token.head.dep_ != "advcl" or token.head.head != verb:
            continue
        phrase = doc[token.left_edge.i:token.right_edge.i + 1].text
        found = reg.find(phrase) or _noun_party(phrase)
        if found is None:
            continue
        person = found.evidence and found.role != "professional" or reg.find(phrase) is not None
        party = Party(phrase, reg.role(found), found.gender, evidence=person)
        if _fits(kind, party, strict=False):
            return party
    return None


def _unregistered_name(span: Span, reg: Registry) -> Party | None:
    """A capitalised subject the registry missed (a first name at the start of a sentence)."""
    words = [t for t in span if t.is_alpha]
    if not words or not all(t.is_title and (t.pos_ == "PROPN" or t.ent_type_ == "PERSON") for t in words):
        return None
    if any(_is_role_word(t, lexicon()) for t in words):
        return None
    name = " ".join(t.text for t in words)
    party = _classify_name(span.doc, name, span, reg)
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
        last.islower() and last.endswith("s"))
    if kind == "pl":
        return plural
    if plural or not party.evidence:  # evidence=False marks an organisation, not a person
        return False
    return party.gender == kind or (not strict and party.gender is None)


def subject_of(clause: Span) -> tuple[Span | None, bool]:
    """The obligated party's phrase (the agent of a passive, else the root's subject), and
    whether the clause is an agentless passive (its grammatical subject does not act)."""
    root = clause.root
    if any(c.dep_ == "mark" and c.lower_ in ("if", "when", "unless", "once") for c in root.children):
        root = next((t for t in clause[root.i - clause.start + 1:] if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")),
                    root)  # "If Ruby isn't home ..., I'll ring Priya" parsed as two sentences: the second binds
    if root.pos_ not in ("VERB", "AUX"):  # not the verb of an "if ..." part: "Inform X if he calls"
        root = next((t for t in clause
                     if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("advcl", "aux", "auxpass")), root)
    root = next((c for c in root.children if c.dep_ == "csubj" and any(
        a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)), root)  # "X will ring Mum on any day Kai is ill"
    passives = [root, *(c for c in root.children if c.dep_ in ("xcomp", "ccomp", "oprd") and c.tag_ == "VBN")]
    passives += [c for v in list(passives) for c in v.conjuncts if c.tag_ == "VBN"]  # "taken and collected by X"
    agent = next((c for v in passives for c in v.children if c.dep_ == "agent"), None)  # "are to be met by X"
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is not None and not (pobj.ent_type_ in ("DATE", "TIME") or pobj.like_num):  # not "by 10 May"
        return _phrase(pobj, clause), False
    if any(c.dep_ == "auxpass" for v in passives for c in v.children):  # also "is to be told ... by X"
        pobj = _stray_agent(clause)
        if pobj is not None:
            return _phrase(pobj, clause), False
    subject = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS and any(ch.isalnum() for ch in c.text)),
                   None) or _misparsed_subject(root)  # not the bullet "•" the parser took for a subject
    if subject is None or not clause.start <= subject.i < clause.end:
        return None, False
    command = next((t for t in clause if not (t.is_punct or t.lower_ in _COMMAND_OPENERS)), None)
    if opens_with_command(clause) and command.i < subject.i and command.lemma_ != "be":
        return None, False  # a command whose object part has its own subject: "Keep it locked so he cannot ..."
    asked = next((c for c in root.children if c.dep_ == "dobj"), None)
    asker = subject.lower_ in ("we", "i", "us") or getattr(_noun_party(subject.text), "role", None) == "professional"
    if not asker or any(c.dep_ == "neg" for c in root.children):  # "We will not ask Kezia to ..." binds us
        asked = None  # "He will not ask the children to ..." obliges him; "We need you to ..." obliges you
    if (root.lemma_ in lexicon().obligation_passives and asked is not None
            and any(c.dep_ in ("xcomp", "ccomp", "advcl") and _infinitival(c) for c in root.children)):
        return _phrase(asked, clause), False  # "We need you to keep him away", not "ask X whether ..."
    infinitive = next((c for c in root.children if c.dep_ in ("xcomp", "ccomp") and _infinitival(c)), None)
    asked = next((c for c in infinitive.children if c.dep_ == "nsubj"), None) if infinitive is not None else None
    if not asker:
        asked = None
    if root.lemma_ in lexicon().obligation_passives and asked is not None and asked.i < infinitive.i:
        return _phrase(asked, clause), False  # "We need Ms Cole to report ..." (parsed as a subject)
    if subject.lower_ == "it" and root.lemma_ in lexicon().obligation_passives | {"agree"}:
        # "It is agreed that Mum will ...": the actor is the subject of the agreed clause
        inner = next((c for c in root.children if c.dep_ == "ccomp"), None)
        own = next((c for c in inner.children if c.dep_ == "nsubj"), None) if inner else None
        if own is not None:
            return _phrase(own, clause), False
    if root.lemma_ == "be" and any(c.dep_ == "auxpass" for v in passives[1:] for c in v.children):
        return None, True  # "Poppy is to be given a choice": the subject receives, nobody named acts
    if subject.dep_ == "nsubjpass" and not any(c.dep_ == "auxpass" and c.lemma_ == "get" for c in root.children):
        obliged = root.lemma_ in lexicon().obligation_passives
        if obliged and any(c.dep_ == "xcomp" for c in root.children):
            return _phrase(subject, clause), False  # "The parents are expected to ..."
        return None, True
    return _phrase(subject, clause), False


def _stray_agent(clause: Span) -> Token | None:
    """The agent of a passive that the parser hung on a noun: "will be told about the bail
    conditions by the social worker by 7 May"."""
    for by in clause:
        if by.lower_ == "by" and by.dep_ == "prep":
            pobj = next((c for c in by.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME") and not pobj.like_num and (
                    pobj.pos_ == "PROPN" or _noun_party(_phrase(pobj, clause).text)):
                return pobj
    return None


def _misparsed_subject(root: Token) -> Token | None:
    """"Rachel will hold a meeting": the parser sometimes attaches the name as a modifier; a name
    or noun before the verb's "will"/"must" is still its subject."""
    aux = next((a for a in root.children if a.dep_ == "aux" and a.i < root.i), None)
    if aux is None:
        return None
    before = root.doc[max(aux.i - 6, 0):aux.i]  # also when it hangs on the bullet before the clause
    subtree = {t.i for t in root.subtree}
    return next((c for c in before if c.pos_ in ("PROPN", "NOUN") and (
        c.dep_ in ("npadvmod", "dep", "nmod", "nsubj") and (c.head == root or not c.head.is_alpha)
        or c.i == aux.i - 1 and c.pos_ == "PROPN" and c.head.i < c.i and c.head.i not in subtree)), None)
    # the last: "... as a breach of bail and PL will meet Kerry": the name hung on the clause before


def _infinitival(verb: Token) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children)


def _phrase(token: Token, clause: Span) -> Span:
    """The subject's words with its coordinated parts, without relative clauses, inside the
    clause and without punctuation at its edges."""
    keep = [t for t in token.subtree if clause.start <= t.i < clause.end and not any(
        a.dep_ in ("relcl", "acl", "prep", "appos") and a.i != token.i and token in a.ancestors
        for a in [t, *t.ancestors])]
    start = min((t.i for t in keep), default=token.i)
    end = max((t.i for t in keep), default=token.i) + 1
    while start < token.i and token.doc[start].is_punct:
        start += 1
    while end - 1 > token.i and token.doc[end - 1].is_punct:
        end -= 1
    doc = token.doc
    while end + 1 < min(len(doc), clause.end) and doc[end].text == "-" and not doc[end - 1].whitespace_ and (
            not doc[end].whitespace_ and doc[end + 1].is_alpha):
        end += 2  # "your ex-partner" that the parser cut after "ex"
    return doc[start:end]


def heading_actor(doc: Doc, heading: str | None, start: int | None = None) -> Span | None:
    """The actor a heading such as "Education will:" or "What Dad will do" names."""
    if not heading or start is None:
        return None
    found = heading_actor_text(heading)
    if found:
        prefix = heading[:found[0]].rstrip(" ")
        if prefix.endswith(",") and getattr(_noun_party(prefix.rstrip(",")), "role", None) == "professional":
            prefix = prefix.rstrip(",").strip()
            found = (heading.index(prefix), prefix)  # "The social worker, Priti Chauhan, will:": her job says it
        a0 = start + found[0]
        return doc.char_span(a0, a0 + len(found[1]), alignment_mode="expand")
    span = doc.char_span(start, start + len(heading), alignment_mode="expand")
    if span is not None and len(span) <= 4 and not any(
            t.pos_ in ("VERB", "AUX") or t.tag_.startswith("W") for t in span):
        named = _noun_party(span.text) or span.text.strip().lower() in ("me", "myself", "us")  # "Me" heads a list
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
                or last in lex.person_nouns or _noun_party(last) is not None)


def _addressed_in(heading: str | None, reg: Registry) -> Party | None:
    """The person a heading addresses: "What we need from Megan", "A letter to you, Chantelle",
    "From Sam to Rhi", "What I have asked Shannon to do" (the last one named who is not a worker)."""
    found = [reg.find(m.group(1)) for m in re.finditer(
        r"\b(?:from|of|to|asked|asking)\s+(?:you,?\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})", heading or "")]
    return next((p for p in reversed(found) if p is not None and p.role != "professional"), None)


def _you_in(heading: str | None, reg: Registry) -> Party | None:
    """Who "you" is under a heading: the person it addresses, or whose part it is ("Leanne's part",
    "What you will do, Dean") when a plan speaks to several people in turn."""
    named = re.search(r",\s*([A-Z][\w'’-]+)\s*$", heading or "")
    owner = _heading_owner(heading, reg) or (reg.find(named.group(1)) if named else None)
    if owner is not None and reg.addressee is not None and reg.find(reg.addressee.name) is owner:
        return reg.addressee  # as the concerns show the reader
    if owner is not None and owner.role != "professional":
        return owner
    return _addressed_in(heading, reg)


def _name_heading(doc: Doc, heading: str | None, start: int | None, reg: Registry) -> Span | None:
    """A heading that is only a party's name: "Becca (Alfie's mum)", "Nana Jo and Grandad Mick",
    "Police (PC Greaves)"; the commands under it are that party's."""
    if not heading or start is None:
        return None
    bare = re.split(r"\s*[(:–-]", heading, maxsplit=1)[0].strip()
    span = doc.char_span(start, start + len(bare), alignment_mode="expand") if bare else None
    if span is None or not 0 < len(span) <= 5 or any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    if span[0].pos_ != "PROPN" and span[0].tag_ not in ("DT", "PRP$") and _noun_party(span[0].text) is None:
        return None  # "Arrangements for Tiana" is about her, not hers
    if reg.find(span.text) or _noun_party(span.text) and not _is_topic(bare):
        return span
    whole = doc.char_span(start, start + len(heading.rstrip(":")), alignment_mode="expand")
    return whole if _noun_party(heading) and whole is not None else None  # "Imogen (social worker)"


def assign_roles(doc: Doc) -> Doc:
    """Set `clause._.subject` for every clause and `doc._.parties` for the document."""
    reg = build_registry(doc)
    headings = {h.text.rstrip(":").strip(): h.start_char for h in doc.spans.get("sections", [])}
    reg.mentions = _name_mentions(doc, reg)
    history: list[tuple[int, Party]] = []
    for clause in doc.spans.get("clauses", []):
        actor = heading_actor(doc, clause._.section, headings.get(clause._.section or ""))
        if actor is not None and not any(o == actor.start_char for o, _ in history):
            _remember(history, actor.start_char, actor.text, reg)
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
        for match in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", _text(doc), re.I):
            mentions.append((match.start(), Party(party.name, reg.role(party), party.gender)))
    return mentions


def _remember(history: list, offset: int, text: str, reg: Registry, role: str | None = None) -> None:
    person = reg.find(text)
    found = person or _noun_party(text)
    if found is not None:
        # "the social worker" can be "she"; "the school" cannot
        is_person = person is not None or bool(has_phrase(text, lexicon().job_titles)) or (
            found.role in ("family", "child", "victim", "perpetrator"))
        history.append((offset, Party(text, role or reg.role(found), found.gender, evidence=is_person)))


def _clause_subject(doc, clause, reg, history, headings) -> tuple[str | None, str]:
    if " | " in clause.text:
        return _table_actor(clause, reg, history)
    subject, _passive = subject_of(clause)
    if subject is None:
        subject, passive = _infinitive_subject(clause)
        if passive and not is_duty_heading(clause._.section or ""):
            return None, "unknown"  # "Bins to be emptied" is the heading party's under "Rules for Ms Dolan"
    if reg.addressee is not None and _asks_reader(clause, reg):  # "Mr Hume, please ...", "Please sign ..."
        return reg.addressee.name, reg.role(reg.addressee)
    actor = heading_actor(doc, clause._.section, headings.get(clause._.section or "")) or _name_heading(
        doc, clause._.section, headings.get(clause._.section or ""), reg)
    owner = _lead_in_owner(doc, clause._.section, headings.get(clause._.section or ""), reg)
    if owner is not None and clause.label_ == "commitment" and (subject is None or subject.root.lower_ in ("i", "me")):
        return "I", owner  # "Ada's part" over "I will:": her bullets and her "I"
    opening = next((t for t in clause if not t.is_punct), None)
    own = (subject is not None and opening is not None and subject.start == opening.i  # "Lucy will visit ..." misparsed
           and subject.root.pos_ == "PROPN" and subject.root.dep_ in ("npadvmod", "dep", "nmod")
           and reg.find(subject.text) is not None)
    if actor is not None and clause.label_ == "commitment" and not starts_with_subject(clause) and not own:
        if clause[0].lower_ not in ("if", "when", "where", "unless", "should", "once", "while") or (
                _is_imperative(clause)):  # "If Alfie is ill, text Sandra ..." under "Becca (Alfie's mum)"
            return resolve_phrase(_member_for(actor, clause, reg), reg, history)
    addressed = _you_in(clause._.section, reg) if subject is not None and subject.root.lower_ == "you" else None
    if addressed is not None:  # "What we need from Megan": "We need you to ..." is hers
        role = reg.role(addressed)  # and what the concerns say "you" suffered or did is hers too
        return addressed.name, _voice_role(reg, "you", role, default=role)
    if subject is not None and subject.root.tag_ in ("WP", "WDT") and clause.root.dep_ == "relcl":
        antecedent = clause.root.head  # "..., who will stay in the room": the contact worker named before
        subject = doc[antecedent.left_edge.i:antecedent.i + 1]
    bound = _ultimatum_party(clause, subject)
    if bound is not None:
        found = resolve_phrase(bound, reg, history)
        if found[1] != "unknown":
            return found
    if subject is not None and subject.root.tag_ == "NNS" and subject.root.lower_ in lexicon().child and (
            clause.root.lemma_ in lexicon().state_verbs):
        return None, "unknown"  # "The children will always have clean clothes": a state nobody is held to
    if subject is not None and subject.root.lower_ in ("i", "me", "we", "us"):
        named = _named_in_heading(clause._.section, reg) or (
            _heading_person(clause._.section, reg) if subject.root.lower_ in ("i", "me") else None)
        if named is not None and (subject.root.lower_ in ("i", "me") or named != "professional"):
            return subject.text, named  # "I will ..." under "My part (Ellie-Mae, 14)", "(written by Mum)"
        group = resolve_phrase(actor, reg, history)[1] if actor is not None and subject.root.lower_ in (
            "we", "us") and reg.author_role != "professional" and _is_group(actor) else "unknown"
        if group != "unknown":
            return subject.text, group  # "We will take Maisie's phone ..." under "What Mum and Dad will do"
    if subject is not None and subject.root.lower_ in ("he", "she") and actor is not None and actor.root.tag_ != "PRP":
        named = reg.find(actor.text) or _noun_party(actor.text)
        gender = _PRONOUNS[subject.root.lower_]
        if named is not None and (named.gender == gender or named.gender is None and _local_antecedent(
                gender, subject, reg) is None):  # "She'll drive ..." under "Donna's bit": nobody else is near
            return resolve_phrase(actor, reg, history)  # "If Liam comes, she will ..." under "What Nan will do"
    asked = _addressed_in(clause._.section, reg) if (
        subject is not None and subject.root.lower_ in ("he", "she") and actor is None) else None
    if asked is not None and asked.gender == _PRONOUNS[subject.root.lower_] and _local_antecedent(
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
    if _is_imperative(clause) and re.search(r"^\s*dear\b", _text(doc), re.I | re.M):
        party = reg.addressee  # "Please sign and return ..." in a letter asks the reader
        return (party.name, reg.role(party)) if party else ("you", "family")
    return None, "unknown"


def _lead_in_owner(doc: Doc, heading: str | None, start: int | None, reg: Registry) -> str | None:
    """The role of whoever the line above a first-person lead-in names ("Ada's part" over "I will:")."""
    if start is None or not re.fullmatch(r"(?:I|we)\s+(?:will|agree(?: to)?|promise(?: to)?)", heading or "", re.I):
        return None
    above = doc.text[:start].rstrip().rsplit("\n", 1)[-1].strip()
    return _named_in_heading(above, reg) if above else None


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
        parties = [p for p in (reg.find(words), _noun_party(words)) if p is not None]
        if any(p.gender == wanted for p in parties):  # "Dad" is a man even where the registry knows no gender
            start = actor.start_char + member.end() - len(words)
            return actor.doc.char_span(start, actor.start_char + member.end(), alignment_mode="expand") or actor
    return actor


def _unplaced_name(subject: Span, reg: Registry) -> bool:
    """A name (not a role word such as "Gran") the document says nothing else about: its role in
    the registry is only a guess."""
    party = reg.find(subject.text)
    return subject.root.pos_ == "PROPN" and len(subject) <= 2 and _noun_party(subject.text) is None and (
        party is None or not party.evidence and party.role in ("family", "child"))


def _asks_reader(clause: Span, reg: Registry) -> bool:
    """A letter's request to its reader, whatever heading it sits under: "Please sign ...", "Mr
    Hume, please return ..."; "Please be aware ..." is a notice, not a request."""
    words = [t for t in clause if not t.is_punct or t.text == ","]
    comma = next((i for i, t in enumerate(words[:5]) if t.text == ","), None)
    named = reg.find(clause.doc[words[0].i:words[comma].i].text) if comma is not None else None
    if named is not None and _is_reader(named, reg):
        words = words[comma + 1:]
    return len(words) > 2 and words[0].lower_ == "please" and words[1].lemma_ not in ("be", "note")  # not a notice


def _named_in_heading(heading: str | None, reg: Registry) -> str | None:
    """The role of the person a first-person heading or subject names: "My plan (Tayo)", "What
    Danny (16) will do", "My part (Ellie-Mae, 14)", "I (Maya, 14)"."""
    if not heading:
        return None
    aside = re.search(r"\((?:written by\s+)?([^()]+)(?:\)|$)|\bfrom\s+(.+)$|^I,\s+([^,]+),", heading)
    names = re.split(r",\s*|\s+and\s+|\s*&\s*", next(g for g in aside.groups() if g)) if aside else []
    family = lexicon().family
    party = next((p for p in (reg.find(n) or (_noun_party(n) if n.lower() in family else None) for n in names)
                  if p is not None), None)
    # "My plan (Tayo)", "... from Hollie", "(written by Cal, Mo and Kez)", "(Mum and Dad)", "I, Tom Ellery, agree"
    if re.search(r"(?:\bown|['’]s) words\b", heading, re.I):  # "..., in his own words", "(in Bernie's words)"
        names = re.findall(r"(?<!^)\b([A-Z][\w'’-]+?)(?:['’]s)?\b", heading)
        party = party or next((p for p in map(reg.find, names) if p is not None), None)
        actor = heading_actor_text(heading)
        party = party or (_noun_party(actor[1]) if actor else None)  # "What my aunt will do (in Gwen's words)"
    party = party or _heading_owner(heading, reg)
    bare = re.match(r"\s*([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s*\(", heading)
    if bare and reg.author_role != "child":  # "Adeel (social worker)": his "I", not a young person's
        party = party or reg.find(bare.group(1))
    if party is not None:
        return reg.role(party)
    age = re.search(r"\((?:aged?\s*)?(\d{1,2})\)|,\s*(\d{1,2})\)", heading)
    return "child" if age and int(age.group(1) or age.group(2)) < 18 else None


_OWNER_RE = re.compile(r"([A-Z][\w-]+)['’]s\s+(?:\w+\s+)?(?:plan|part|bit|promises|jobs|steps|actions|list)\b")


def _heading_owner(heading: str | None, reg: Registry) -> Party | None:
    """Whose part a heading is: "Mum's part", "Donna's bit", "Kai's promises"."""
    owner = _OWNER_RE.match(heading or "")
    return (reg.find(owner.group(1)) or _noun_party(owner.group(1))) if owner else None


def _heading_person(heading: str | None, reg: Registry) -> str | None:
    """In a document whose voice is not known, "I" under "What Tyler will do" or "My plan – Kai"
    is the person the heading names (in a young person's plan it stays the young person)."""
    if not heading or reg.author_role != "family":
        return None
    named = heading_actor_text(heading)
    dash = re.search(r"\s[–—-]\s*([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)$", heading)
    name = named[1] if named else dash.group(1) if dash else None
    party = reg.find(name) if name else None
    return reg.role(party) if party is not None else None


def _ultimatum_party(clause: Span, subject: Span | None) -> Span | None:
    """"If you do not ..., the children will be removed": an ultimatum binds the party of its
    condition, not the children or the authority that would act on it; "If he breaks his bail,
    tell the police" is a request to the reader."""
    if subject is None and _is_imperative(clause):
        return None
    if subject is not None and subject.root.lower_ not in ("we", "us", "it", "they", "this", "that") and not any(
            t.lower_ in lexicon().child for t in subject) and not _is_thing(subject):
        return None
    words = condition_words()
    if not (any(t.lemma_.lower() in words["sanction_lemmas"] for t in clause)
            or has_phrase(clause.text.lower(), words["consequence_phrases"])):
        return None
    if has_phrase(clause.text.lower(), words["two_sided"]):
        return None  # "If Tayo is late ..., we will ask you in to talk about it": the worker acts
    for verb in clause:
        opens = [c for c in verb.children if c.lower_ in ("if", "unless", "should") and c.dep_ in ("mark", "aux")]
        own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.dep_ in ("advcl", "ccomp") and opens and own is not None and clause.start <= own.i < clause.end:
            if _is_thing(_phrase(own, clause)):
                break  # "If any test is positive, ...": whose care is at stake says who is bound
            return _phrase(own, clause)
    yours = next((t for t in clause if t.lower_ == "your" and t.head.lemma_ in ("care", "home")
                  or t.lower_ == "you" and t.dep_ == "dobj"), None)  # "... take you to court"
    return clause.doc[yours.i:yours.i + 1] if yours is not None else None  # "... removed from your care"


def _is_thing(phrase: Span) -> bool:
    """"the session", "the matter": a subject that names no party."""
    return phrase.root.pos_ == "NOUN" and _noun_party(phrase.text) is None and phrase.root.ent_type_ != "PERSON"


def _infinitive_subject(clause: Span) -> tuple[Span | None, bool]:
    """The actor of a verbless "Parents to ensure ..." line; for "School to be updated" (a
    passive infinitive) there is none unless "by X" names one."""
    to = next((t for t in clause[:8] if t.tag_ == "TO" and t.i + 1 < clause.end), None)
    if to is None or to.i == clause.start or not all(
            t.pos_ in ("NOUN", "PROPN", "DET", "ADJ", "CCONJ", "PUNCT", "PRON")
            for t in clause.doc[clause.start:to.i]):
        return None, False
    verb = to.nbor()
    if verb.lemma_ == "be" and verb.i + 1 < clause.end and verb.nbor().tag_ == "VBN":
        agent = next((c for c in verb.nbor().children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        return (_phrase(pobj, clause), False) if pobj is not None else (None, True)
    return clause.doc[clause.start:to.i], False if verb.tag_ == "VB" else (None, False)


def opens_with_command(clause: Span) -> bool:
    """The clause starts with a command ("Not let Dean in", "Please ring ...", "Ensure ...")."""
    first = next((t for t in clause if not (t.is_punct or t.lower_ in _COMMAND_OPENERS)), None)
    return first is not None and (first.tag_ in COMMAND_TAGS or first.lower_ in structure().command_verbs)


def _is_imperative(clause: Span) -> bool:
    """A command with no subject and no modal: "Please sign ...", "If ..., please ring ..."."""
    root = clause.root
    return (root.tag_ in COMMAND_TAGS or root.lower_ in structure().command_verbs) and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux") for c in root.children)


def _table_actor(clause: Span, reg: Registry, history) -> tuple[str | None, str]:
    cells = [(m.start(), m.group()) for m in re.finditer(r"[^|]+|(?<=\|)(?=\|)", clause.text)]  # "a | | b": 3 cells
    column = _actor_column(clause)
    if column is not None and column < len(cells):
        start, cell = cells[column]
        lead = re.split(r",|\(| by | – | - |/", cell)[0].rstrip()
        offset = clause.start_char + start
        span = clause.doc.char_span(offset, offset + len(lead), alignment_mode="contract")
        if span is not None and len(span):
            return resolve_phrase(span, reg, history)
        if not cell.strip():
            return None, "unknown"  # the "Who" cell left blank: nobody is named
    for start, cell in cells[1:]:
        span = clause.doc.char_span(clause.start_char + start, clause.start_char + start + len(cell),
                                    alignment_mode="contract")
        if span is not None and len(span):
            text, role = resolve_phrase(span, reg, history)
            if role != "unknown":
                return text, role
    return None, "unknown"


def _actor_column(clause: Span) -> int | None:
    """The "By whom" column of the template table the row belongs to (from its header row)."""
    for line in reversed(_text(clause.doc)[:clause.start_char].splitlines()):
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
