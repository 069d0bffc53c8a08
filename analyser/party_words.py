"""The shared vocabulary of the roles steps: the role lexicon, the Party and Registry records, and
the lookups from a noun phrase to a role that every step needs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from .rules import load_yaml

TITLE_RE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+(?:(?:and|&)[ \t]+(Mr|Mrs|Ms|Miss|Mx)\.?[ \t]+)?"
    r"((?:[A-Z][a-z'’-]+)+(?:[ \t]+(?:[A-Z][a-z'’-]+)+)?)"  # "Mr Daniel Osei-Grant", "Mrs McAllister"
)
SUBJECT_RELATIONS = ("nsubj", "nsubjpass", "csubj")
TITLES = frozenset(("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"))
TITLE_KEYS = frozenset(t.lower() for t in TITLES)
PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "they": "pl", "them": "pl"}


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
    indefinite: frozenset[str]
    irregular_plurals: frozenset[str]
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
    concern_verbs: frozenset[str]
    concern_nouns: frozenset[str]
    infants: frozenset[str]
    child_things: frozenset[str]
    partner_words: frozenset[str]
    former_words: frozenset[str]
    harm_nouns: frozenset[str]
    violent_verbs: frozenset[str]
    harmed_verbs: frozenset[str]
    perpetrator_cues: tuple[str, ...]
    victim_cues: tuple[str, ...]
    kin_genders: dict
    group_genders: dict
    family_voice_cues: tuple[str, ...]
    sanction_verbs: frozenset[str]
    sanction_nouns: frozenset[str]
    state_verbs: frozenset[str]
    person_nouns: frozenset[str]
    family_carers: tuple[str, ...]


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
        indefinite=frozenset(d["indefinite_subjects"]),
        irregular_plurals=frozenset(d["irregular_plurals"]),
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
        concern_verbs=frozenset(d["concern_verbs"]),
        concern_nouns=frozenset(d["concern_nouns"]),
        infants=frozenset(d["infants"]),
        child_things=frozenset(d["child_things"]),
        partner_words=frozenset(d["partner_words"]),
        former_words=frozenset(d["former_words"]),
        harm_nouns=frozenset(d["harm_nouns"]),
        violent_verbs=frozenset(d["violent_verbs"]),
        harmed_verbs=frozenset(d["harmed_verbs"]),
        perpetrator_cues=tuple(d["perpetrator_cues"]),
        victim_cues=tuple(d["victim_cues"]),
        kin_genders=dict(d["kin_genders"]),
        group_genders=dict(d["group_genders"]),
        family_voice_cues=tuple(d["family_voice_cues"]),
        sanction_verbs=frozenset(d["sanction_verbs"]),
        sanction_nouns=frozenset(d["sanction_nouns"]),
        state_verbs=frozenset(d["state_verbs"]),
        person_nouns=frozenset(d["person_nouns"]),
        family_carers=tuple(d["family_carers"]),
    )


def doc_text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins every token on each `doc.text`."""
    cached = doc.user_data.get("analyser_text")
    if cached is None or cached[0] != len(doc):  # a merged or new Doc never reuses another's text
        cached = doc.user_data["analyser_text"] = (len(doc), doc.text)
    return cached[1]


def has_phrase(text: str, phrases) -> str | None:
    """The first of `phrases` (in their order) that occurs in `text` as whole words."""
    low = text.lower().replace("’", "'")
    if not phrase_re(tuple(phrases)).search(low):
        return None  # one compiled alternation rules most texts out at once
    return next((p for p in phrases if phrase_re((p,)).search(low)), None)


@lru_cache(maxsize=4096)
def phrase_re(phrases: tuple[str, ...]) -> re.Pattern:
    """One compiled alternation of whole phrases, cached: the same lexicon lists are matched often."""
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
    harmed_outside: bool = False  # the harm shown was done to a former partner, not to anyone in the plan
    mentions: list[tuple[int, Party]] = field(default_factory=list)
    speaker: Party | None = None  # the "I" the current section names in its own text: "I (Marcus) ..."

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
            named = party.name.lower() not in lexicon().family and party.name.split()[0] not in TITLES  # "Jade"
            outside = guess == "victim" and self.harmed_outside and "victim" not in self._evidenced()
            if not (named and guess in self._evidenced() or self._someone_else(party, guess) or outside):
                # another adult is the one shown harmed (or harming)
                return guess
        if self.abuse and party.role == "family" and not party.evidence and self._only_harmer_known():
            return "victim"  # the adult a plan about his abuse asks things of, when nobody else is named harmed
        return party.role

    def _someone_else(self, party: Party, role: str) -> bool:
        """The adults shown in `role` all have first names other than this one's: "Mrs Sandra
        Ferriby" is not Nicole (Ferriby). Someone known only by a title or a word ("Mummy") may be
        anyone."""
        first = first_names(party, self)
        shown = [p for p in self.persons.values() if p.evidence and p.role == role]
        family = lexicon().family
        names = [{n for n in first_names(p, self) | {p.name.split()[0].lower()} if n not in family}
                 - TITLE_KEYS for p in shown]
        return bool(first and names) and all(n and not first & n for n in names)

    def _only_harmer_known(self) -> bool:
        roles = self._evidenced()  # the harmed one may also be the plan's "you" or "I"
        return ("perpetrator" in roles and "victim" not in roles and "victim" not in self.voice_abuse.values()
                and not self.harmed_outside)

    def _evidenced(self) -> set[str]:
        return {p.role for p in self.persons.values() if p.evidence}


def noun_party(text: str) -> Party | None:
    """A party from role words alone ("Mum", "the school", "social worker", "foster carers")."""
    lex = lexicon()
    low = text.lower().replace("’", "'")
    words = _role_words(low)
    if any(low.rstrip(" .:").endswith(p) for p in lex.family_carers):
        return Party(text, "family")  # "the private foster carers", not "the private foster carers' social worker"
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


def is_kin_context(context: str) -> bool:
    """A relative's word next to a name ("Mrs Richards (paternal grandmother)"): who the person is
    wins over what they do in the plan ("Supervisor: ...")."""
    lex = lexicon()
    return any(lex.family.get(w) or w in ("parent", "parents", "grandparents", "relative")
               for w in _role_words(context.lower()))


def _role_words(low: str) -> list[str]:
    """The words of a lower-case phrase, with "mum-to-be" read as "mum"."""
    return [re.sub(r"-to-be$", "", w) for w in re.findall(r"[a-z][a-z'-]*", low)]


def is_professional_context(context: str) -> bool:
    """Job titles or services standing next to a name ("social worker Paul", "Ann, Head of Year")."""
    lex = lexicon()
    words = re.findall(r"[A-Za-z']+", context)
    if any(context.lower().rstrip(" .:").endswith(p) for p in lex.family_carers):
        return False
    return bool(has_phrase(context, lex.job_titles) or has_phrase(context, lex.professional)
                or any(w.lower() in lex.org_words and w[:1].isupper() for w in words))


@lru_cache(maxsize=8)
def form_fields(text: str) -> tuple[tuple[str, str], ...]:
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
    start = rf"(?:^[ \t]*([A-Za-z][A-Za-z -]{{0,20}}?){number}(?:[ \t]*\([^()\n]*\))?|(?<=[ \t])({kind}(?:{role})))"
    return re.compile(rf"(?im){start}:[ \t]*([^,\n:(]+?)(?=[ \t]{{2,}}|[ \t]+{label}|[,(:\n]|$)")


def titled_parties(surname: str, reg: Registry) -> list[Party]:
    """The distinct people registered with a title and this surname ("Mr Carr", "Mrs Carr")."""
    found = {id(p): p for k, p in reg.persons.items() if k.split()[0] in TITLE_KEYS and k.split()[-1] == surname}
    return list(found.values())


def first_names(party: Party, reg: Registry) -> set[str]:
    """The first names the registry already knows a titled person by (also for a copy of the
    party, such as the addressee of a letter)."""
    return {k.split()[0] for k, p in reg.persons.items() if p == party and k.split()[0] not in TITLE_KEYS}


def gender_of(token: Token, lex: Lexicon) -> str | None:
    """"she", "Ms Ferreira", "Mum": f; "he", "Mr Ashdown", "Dad": m."""
    if token.lower_ in ("he", "she"):
        return PRONOUNS[token.lower_]
    titles = [c.text.rstrip(".").lower() for c in token.children if c.dep_ == "compound"]
    return next((lex.titles[t] for t in titles if lex.titles.get(t)), None) or lex.family.get(token.lower_)


POSSESSOR_RE = re.compile(r"\b[\w-]+['’]s?(?=\s)")
