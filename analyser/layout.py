"""Reading lines: the reader's line boundaries become sentence starts (component
`agreement_layout`), and each line's shape is read from layout cues and the parse: its list
marker, whether it is a heading (and which actor it names), a form or signature line, a lead-in
to a list, or a list of people.

The lexicons behind these readings live in `patterns/structure.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import register_extensions
from .party_words import lexicon, noun_party
from .rules import load_yaml

# A list marker at the start of a line: a bullet, "1.", "(2)", "2.3", "(a)", "ii.", "B4."; not a
# time ("9.30 – breakfast club", "9.30 to 10.30").
NUMBERING_RE = re.compile(
    r"^(?:(?P<bullet>•)|(?P<deep>[0-9]{1,2}(?:\.[0-9]{1,2})+\.?)(?=\s+(?![–—-]|to\b|till\b|until\b))"
    r"|(?P<number>\(?[0-9]{1,2}[.)])"
    r"|(?P<letter>\(?[a-hA-H][.)])|(?P<roman>\(?[ivx]{1,4}[.)])|(?P<code>[A-H][0-9]{1,2}[.)]))\s+")


def marker_style(text: str) -> str:
    """The style of a line's list marker ("1.", "1.1", "(a)", "i.", "A1.", "•"), or "" for none.

    Lines numbered in the same style sit at the same level of a numbered document.
    """
    match = NUMBERING_RE.match(text)
    if match is None:
        return ""
    kind = match.lastgroup or ""
    mark = re.sub(r"[0-9]+", "1", match.group(kind))
    if kind == "deep":
        return mark.rstrip(".")  # "2.3" and "2.3." are one level
    if kind in ("letter", "code"):
        return re.sub(r"[a-h]", "a", re.sub(r"[A-H]", "A", mark))
    return re.sub(r"[ivx]+", "i", mark) if kind == "roman" else mark


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’&]*")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl")
COMMAND_TAGS = ("VB", "VBP")  # a clause-initial verb with no subject: "Make ...", tagged either way
_FIELD_RE = re.compile(r"^(?P<label>[^:|\n]{1,60}?):[ \t]+(?P<value>\S.*)$", re.S)
_FINITE_TAGS = ("VBZ", "VBP", "VBD", "MD")
_MODAL_RE = (r"(?:will|is going to|are going to|agrees? to|has agreed(?: to)?|have agreed(?: to)?|agreed to|must|should"
             r"|needs? to|has to|have to|promises? to|(?:is|are) asked to|(?:has|have) offered(?: to)?|offers? to"
             r"|(?:has|have) (?:chosen|decided) to)")
_CONTRACTED_RE = r"(?:['’](?:s|re|m)\s+going\s+to|['’]ll|['’]d|['’](?:s|ve)\s+agreed)\b"  # "What Shannon's going to do"
_ACTOR_RE = r"(?:[^.;:,()]|\([^()]*\))+?"  # words, or an aside in brackets: "Kelly (my youth worker)"
_DUTIES_RE = r"(?:commitments|responsibilities|actions|tasks|role|part|bit|jobs|rules|duties|promises|steps)"
DECLARING_RE = r"(?:agree|promise|undertake)"  # "I, Jo Carr, agree ...": the signer speaks for themself
_HEADING_ACTOR_RES = [
    re.compile(r"^what\s+(?P<a>.+?)\s+(?:has\s+|have\s+)?(?:said|agreed)\s+(?:that\s+)?\w+\s+(?:will|would|can)\b",
               re.I),  # "What you said you will do", "What Finlay said he will try"
    re.compile(rf"^(?:what|things|stuff)\s+(?P<a>.+?)(?:\s+{_MODAL_RE}|{_CONTRACTED_RE})(?:\s|$)", re.I),
    re.compile(rf"^(?:if|when|whenever)\s+(?:[^\s.;:,()]+\s+)+?(?P<a>I|we|he|she|they)\s+{_MODAL_RE}(?:\s+do)?\s*:?$",
               re.I),  # a condition without its comma: "If I feel unsafe I will"
    re.compile(
        rf"^(?:[^.;:,()]+,\s*)?(?P<a>{_ACTOR_RE}),?\s+{_MODAL_RE}"
        r"(?:\s+(?:also|still|now|both|each|then|all|therefore))?(?:\s+do)?\s*(?:,[^.;]*)?:?$",
        re.I),
    re.compile(rf"^(?:I|we)\s*,\s*(?P<a>[^,]+),\s*{DECLARING_RE}", re.I),  # "I, Jo Carr, agree ..."
    re.compile(r"^what\s+(?:[\w'’-]+\s+){1,2}?(?:are\s+asking|asks?|needs?|expects?|wants?)\s+(?:of|from)\s+"
               r"(?P<a>[^:]+?):?$", re.I),  # "What we need from Megan", "What staff expect from Tiana"
    re.compile(r"^what\s+is\s+(?:expected|needed|asked)\s+(?:of|from)\s+(?P<a>[^:]+?):?$", re.I),
    re.compile(r"^what\s+(?:we|I)\s+(?:are\s+asking|ask|need|want|expect)\s+"
               r"(?P<a>you|[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?)\s+to\s+do\b",
               re.I),  # "What I need Mum and Dad to do"
    re.compile(r"^(?P<a>[A-Z][\w'’-]+),\s+(?:we|I)\s+(?:(?:are|am)\s+asking|expect|need|want|ask)\s+you\s+to\s*:?$"),
    # "Jo, we ask you to", "Natalie, we are asking you to:"
    re.compile(rf"^(?P<a>.+?)['’]s?\s+{_DUTIES_RE}\b", re.I),
    re.compile(rf"^(?:our|my|your|their)\s+{_DUTIES_RE}\s*\((?P<a>[^()]+)\)", re.I),  # "Our part (social care)"
    re.compile(rf"^(?:{_DUTIES_RE}|expectations)\s+(?:of|for)\s+(?P<a>.+)$", re.I),
    re.compile(r"^(?P<a>[^()]+?)\s+(?:commitments|responsibilities)$", re.I),  # "PARENT/CARER RESPONSIBILITIES"
    re.compile(rf"^(?:[^.;:,()]+,\s*)?(?P<a>{_ACTOR_RE})\s+{_MODAL_RE}\s+\w", re.I),  # "Jess will arrange:"
    re.compile(r"^(?P<a>[^.;:,()\s]+(?:\s+[^.;:,()\s]+){0,3}?)\s+to\s*:?$", re.I),  # shorthand: "M to:", "SW to:"
]
_DUTY_HEADING_RE = re.compile(
    r"\b(?:commitments|responsibilities|expectations|duties|tasks|jobs|rules|expected\s+of)\b", re.I)
_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}$")  # "... Ravensholt RV4 2DL"
_LEADER = r"\.{5,}|…{2,}"  # a dotted blank to sign or fill in
_BLANK_RE = re.compile(rf"_{{3,}}|{_LEADER}")  # a blank to fill in: underscores or a dotted leader
_STATUS_NOTE_RE = re.compile(r"\s*(?:\[[^\[\]]{1,40}\]|\([^()]{1,40}\))\.?\s*")  # "(removed at review)"
_TICK_BOX_RE = re.compile(r"[☐☑☒][ \t]*(?:yes|no|n/?a)\b", re.I)  # a form's answer, not a checklist's "☐ Ring the GP"
_TITLE_DOT_RE = re.compile(r"(?<=\b(?:St|Dr|Mr|Ms|Mx))\.(?= )|(?<=\bMrs)\.(?= )")
TERMINAL = {".", "!", "?", ";", ":", "…"}


@dataclass(frozen=True)
class Structure:
    """The lexicons for reading lines and segmenting them, read once from `patterns/structure.yaml`."""

    heading_phrases: tuple[str, ...]
    heading_openers: frozenset[str]
    form_labels: tuple[str, ...]
    strong_labels: tuple[str, ...]
    table_headers: frozenset[str]
    actor_columns: tuple[str, ...]
    actor_column_openers: tuple[str, ...]
    action_columns: tuple[str, ...]
    empty_cells: tuple[str, ...]
    placeholders: frozenset[str]
    signature_columns: frozenset[str]
    directory_columns: frozenset[str]
    name_columns: frozenset[str]
    role_columns: frozenset[str]
    initials_columns: frozenset[str]
    distribution_headings: frozenset[str]
    letterhead_words: frozenset[str]
    picture_words: frozenset[str]
    writing_nouns: tuple[str, ...]
    assent_marks: frozenset[str]
    format_words: tuple[str, ...]
    modal_words: frozenset[str]
    statement_subjects: frozenset[str]
    statement_verbs: frozenset[str]
    statement_sections: tuple[str, ...]
    declaration_verbs: frozenset[str]
    command_verbs: frozenset[str]
    section_words: tuple[str, ...]
    courtesy_phrases: tuple[str, ...]
    goal_words: tuple[str, ...]
    non_actor_words: frozenset[str]
    event_nouns: frozenset[str]
    caption_verbs: dict
    caption_openers: frozenset[str]
    name_modals: frozenset[str]
    protective_markings: frozenset[str]
    greeting_phrases: tuple[str, ...]
    disclaimer_phrases: tuple[str, ...]
    closings: frozenset[str]
    signature_enders: tuple[str, ...]
    assent_verbs: frozenset[str]


@lru_cache(maxsize=1)
def structure() -> Structure:
    """Load the lexicons (cached: they are immutable)."""
    data = load_yaml("structure.yaml")
    return Structure(
        heading_phrases=tuple(sorted(data["heading_phrases"], key=len, reverse=True)),
        heading_openers=frozenset(data["heading_openers"]),
        form_labels=tuple(sorted(data["form_labels"], key=len, reverse=True)),
        strong_labels=tuple(data["strong_labels"]),
        table_headers=frozenset(data["table_headers"]),
        actor_columns=tuple(data["actor_columns"]),
        actor_column_openers=tuple(data["actor_column_openers"]),
        action_columns=tuple(data["action_columns"]),
        empty_cells=tuple(data["empty_cells"]),
        placeholders=frozenset(data["placeholders"]),
        signature_columns=frozenset(data["signature_columns"]),
        directory_columns=frozenset(data["directory_columns"]),
        name_columns=frozenset(data["name_columns"]),
        role_columns=frozenset(data["role_columns"]),
        initials_columns=frozenset(data["initials_columns"]),
        distribution_headings=frozenset(data["distribution_headings"]),
        letterhead_words=frozenset(data["letterhead_words"]),
        picture_words=frozenset(data["picture_words"]),
        writing_nouns=tuple(data["writing_nouns"]),
        assent_marks=frozenset(data["assent_marks"]),
        format_words=tuple(sorted(data["format_words"], key=len, reverse=True)),
        modal_words=frozenset(data["modal_words"]),
        statement_subjects=frozenset(data["statement_subjects"]),
        statement_verbs=frozenset(data["statement_verbs"]),
        statement_sections=tuple(data["statement_sections"]),
        declaration_verbs=frozenset(data["declaration_verbs"]),
        command_verbs=frozenset(data["command_verbs"]),
        section_words=tuple(data["section_words"]),
        goal_words=tuple(data["goal_words"]),
        courtesy_phrases=tuple(data["courtesy_phrases"]),
        non_actor_words=frozenset(data["non_actor_words"]),
        event_nouns=frozenset(data["event_nouns"]),
        caption_verbs=dict(data["caption_verbs"]),
        caption_openers=frozenset(data["caption_openers"]),
        name_modals=frozenset(data["name_modals"]),
        protective_markings=frozenset(data["protective_markings"]),
        greeting_phrases=tuple(data["greeting_phrases"]),
        disclaimer_phrases=tuple(data["disclaimer_phrases"]),
        closings=frozenset(data["closings"]),
        signature_enders=tuple(data["signature_enders"]),
        assent_verbs=frozenset(data["assent_verbs"]),
    )


@lru_cache(maxsize=1)
def _section_label_re() -> re.Pattern:
    """A section label opening a heading: "Section B –", "SECTION 3:", "Stage 1 -"."""
    words = "|".join(re.escape(w) for w in structure().section_words)
    return re.compile(rf"^(?:{words})\s+(?:[0-9]{{1,2}}|[A-Za-z]|[IVX]{{1,4}})\b\s*[:.–—-]?\s*", re.I)


@lru_cache(maxsize=1)
def _goal_label_re() -> re.Pattern:
    """A numbered goal opening a line: "Outcome 2:", "Goal 3 –"; what follows is the goal's wording."""
    words = "|".join(re.escape(w) for w in structure().goal_words)
    return re.compile(rf"^(?:{words})s?\s+[0-9]{{1,2}}[a-z]?\s*[:.–—-]\s*\S", re.I)


def section_label(text: str) -> str:
    """The word of a section label that opens a line ("section", "stage"), or ""."""
    match = _section_label_re().match(text)
    return word_key(match.group()).split()[0] if match else ""


def is_distribution_heading(text: str) -> bool:
    """"Copies to:", "cc": the lines under it name who gets the agreement."""
    return word_key(text[heading_body(text):]) in structure().distribution_headings


def is_duty_heading(text: str) -> bool:
    """A heading over a list of duties ("Responsibilities of the Local Authority")."""
    return bool(_DUTY_HEADING_RE.search(text))


def heading_body(text: str) -> int:
    """Where a heading's own words start, after its numbering or section label."""
    match = NUMBERING_RE.match(text) or _section_label_re().match(text)
    return match.end() if match else 0


def word_key(text: str) -> str:
    """The words of a text in lower case, for matching against the lexicons."""
    return " ".join(w.lower().replace("’", "'") for w in _WORD_RE.findall(text))


def starts_with_phrase(key: str, phrases: tuple[str, ...]) -> bool:
    """Whether a `word_key` is one of the phrases or starts with one."""
    return any(key == p or key.startswith(p + " ") for p in phrases)


_PHONE_RE = re.compile(r"\+?\d(?:[ ()-]*\d){9,}|999|101|111")  # a phone number, not "10" sessions or "9 30"
_SCORE_RE = re.compile(r"(?:[A-Z][\w'’-]*\.? ){0,2}[A-Z][\w'’-]+:?\s+\d{1,2}(?:\s*/\s*10)?")  # "Mrs Adeyemi 5"
PRONOUN_KEY_RE = re.compile(  # 'The "I" in this plan is Kelsey.', 'When the plan says "I", it means Lucan.'
    r"(?:in this (?:plan|agreement|letter),?\s+|when (?:the|this) (?:plan|agreement|letter) says\s+)?(?:the\s+)?"
    r"[\"“‘']\s*(?P<pronoun>I|you|we|us|me)\s*[\"”’'](?:\s+(?:and|or)\s+[\"“‘']\s*(?:I|you|we|us|me|my)\s*[\"”’'])?"
    r",?\s+(?:in this (?:plan|agreement|letter)\s+)?(?:it\s+)?"
    r"(?:means|is|are|stands for|refers to)\s*(?:(?:me|us),\s*)?(?P<name>[^,.;\n]*)", re.I)  # "is me, Marnie"


@lru_cache(maxsize=1)
def _format_key_re() -> re.Pattern:
    """A key to how the plan is written ("My words are in normal writing.", "Ros's extra bits are in square
    brackets", "Lucan's own words are written just as he said them.", "Words in CAPITALS are ..."): no clause."""
    s = structure()
    kinds = "|".join(map(re.escape, s.writing_nouns))
    looks = "|".join(map(re.escape, s.format_words))
    return re.compile(rf"(?:[\w'’]+\s+){{0,3}}?(?:{kinds})\s+(?:are|is)\s+(?:(?:in|written in|typed in|shown in)\s+"
                      rf"(?:{looks})\b|written (?:just|exactly) as)|(?:{kinds}|anything)\s+(?:in|written in)\s+"
                      rf"(?:{looks})\s+(?:are|is|means?|shows?)\b", re.I)


def is_form_line(text: str) -> bool:
    """Signature lines, underscores, and form labels such as "Date____" or "Name: ...".

    Strong labels (signed, date, ...) match at the start of a short line; the others only when
    followed by a colon, so "Social worker will visit" stays a clause.
    """
    words = word_key(text)
    blanks = len(_BLANK_RE.findall(text))  # one dotted blank may end a duty: "Attend the group on ......"
    if not words or (("___" in text or blanks > 1) and (len(words.split()) <= 8 or re.search(
            r"\b(date|signed|signature|sign)\b", words) and not modal_word_in(words))):
        return True  # "Parent/carer ........ Date ......", "Copy given to family on ______"
    if re.fullmatch(rf"[^:]{{1,80}}:\s*(?:{_BLANK_RE.pattern}|[\s/])+", text.strip()) or _TICK_BOX_RE.search(text):
        return True  # an empty field ("Teo's mark (if he would like to make one): ......"), a tick box
    leader = re.search(rf"(?:{_LEADER})\s*$", text)
    who, _comma, job = re.sub(r"\([^()]*\)", "", text[:leader.start()]).partition(",") if leader else ("", "", "")
    named = _WORD_RE.findall(who)
    if named and len(named) <= 6 and all(w[0].isupper() for w in named) and all(
            w.lower() in _job_words() | _relative_words() | STOP_WORDS for w in _WORD_RE.findall(job)):
        return True  # a name and a blank to sign on: "Aunty Shell (Dani's sister) ....", "Bo Lee, social worker ...."
    s = structure()
    if is_marking(text):
        return True  # "OFFICIAL – SENSITIVE", "CONFIDENTIAL: This letter contains ..."
    asks = modal_word_in(re.sub(r"^should ", "", words))  # "Should you have any queries, ..." is a condition
    if not asks and (any(f" {p} " in f" {words} " for p in s.disclaimer_phrases) or (
            starts_with_phrase(words, s.greeting_phrases)) or re.search(rf"(?:{_LEADER})[ \t]*\d{{1,3}}[ \t]*$", text)):
        return True  # "... may monitor email traffic ...", "Thank you for ...", a contents line ("Review .... 3")
    if re.match(r"\s*[☐☑☒][ \t]*I[ \t]+(?:have[ \t]+)?(?:consent|confirm|understand|received|read)\b", text):
        return True  # a consent box: "☐ I consent to ...", "☐ I have received a copy"
    if starts_with_phrase(words, s.courtesy_phrases) or _STATUS_NOTE_RE.fullmatch(text) and not asks:
        return True  # "I hope you are keeping well.", an email's disclaimer, a reviewer's "[Achieved]"
    picture = re.fullmatch(r"\[\s*([A-Za-z]+)[^\[\]]*\]", text.strip())
    if picture and picture.group(1).lower() in s.picture_words:
        return True  # an easy-read picture's caption: "[picture of a clock]"
    if re.fullmatch(rf"\(\s*(?:{'|'.join(s.caption_verbs.values())})\s+(?:up\s+)?(?:by|with)\b[^()]*\)", text.strip()):
        return True  # a credit under a title: "(written by me, Marnie, with Jo helping with the spelling)"
    label, colon, value = text.partition(":")
    if colon and word_key(label) in s.form_labels and len(word_key(value).split()) <= 6:
        return True
    if re.match(r"\s*(?:\d{1,2}|\[[^\[\]\n]{1,25}\]|[A-Z]{1,5})\s*=\s"  # "0 = ...", "[Mum] = ...", "SW = ..."
                r"|\s*[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}\s*=\s*[A-Z]", text):  # "Big Al = Alan Pruitt"
        return True  # a scale's key ("0 = the children are not safe, 10 = ...") or a name's ("[Mum] = Delphine Holt")
    opener = re.match(r"\s*([A-Za-z][A-Za-z ]{1,30}?)[.:]\s+\S", text)
    if opener and word_key(opener.group(1)) in s.distribution_headings:
        return True  # "Enc. List of solicitors", "cc: Conference Chair; ...": who or what goes with a letter
    cells = [word_key(re.sub(r"\([^()]*\)", "", c)) for c in text.split(" | ")]  # "EDT (evenings) | 01632 ..."
    if len(cells) > 1 and not asks and any(_PHONE_RE.fullmatch(c) for c in text.split(" | ")) and all(
            not c or len(c.split()) <= 6 and c.split()[0] not in s.command_verbs for c in cells):
        return True  # a row of a contact list: "Dom Agyeman | 07700 918 552", not "Ring Dom | 07700 918 552"
    scores = [c.strip() for c in re.sub(r"^[^|]*?:\s+(?=[^:|]*\d)", "", text, count=1).split(" | ")]
    others = [c for c in scores if not _SCORE_RE.fullmatch(c)]
    if len(scores) > 2 and (not others or len(others) == 1 and ":" in others[0]) and not any(
            word_key(c).split()[:1] and word_key(c).split()[0] in s.command_verbs for c in scores):
        return True  # scores on a scale: "Safety scale (0 = ..., 10 = ...): Femi 3 | Ruth 3 | Tamsin 6"
    if PRONOUN_KEY_RE.match(text.lstrip()):  # no leading "\s*" in the pattern: `finditer` over a document stays linear
        return True  # 'In this agreement "you" means Stuart', 'The "I" in this plan is Kelsey.'
    if _format_key_re().match(text.strip()):
        return True  # how to read the plan: "My words are in normal writing.", "Words in CAPITALS are ..."

    labelled = re.match(r"(.+?)\s[–—-]\s", text)  # "REPLY SLIP – please return it to ..."
    return starts_with_phrase(words, s.strong_labels) and not modal_word_in(words) and (
        len(words.split()) <= 8 or labelled is not None and word_key(labelled.group(1)) in s.strong_labels)


def is_marking(text: str) -> bool:
    """A protective marking, alone ("OFFICIAL – SENSITIVE") or in capitals as the label of a notice
    ("CONFIDENTIAL: This letter contains ..."): the furniture of a printed record."""
    markings, key = structure().protective_markings, word_key(text)
    if key in markings and (text.isupper() or " " in key):
        return True
    label = re.match(r"\s*([A-Z][A-Z /&–—-]+?)\s*[:–—-]\s", text)
    return label is not None and word_key(label.group(1)) in markings


def modal_word_in(words: str) -> bool:
    """Whether a `word_key` holds a cue of obligation ("will", "must", ...)."""
    return any(w in structure().modal_words for w in words.split())


def _is_modal(token: Token) -> bool:
    """A modal cue used as a verb, not the month "May", the noun in "Child in Need" or the first
    name in "Will Hartnell"."""
    after = token.nbor() if token.i + 1 < len(token.doc) else None
    named = token.lower_ in structure().name_modals and token.is_title and after is not None and after.is_title and (
        after.pos_ == "PROPN")
    return token.lower_ in structure().modal_words and token.pos_ not in ("PROPN", "NOUN", "NUM") and not named


def has_modal(tokens: Iterable[Token]) -> bool:
    """Whether any token is a cue of obligation used as a verb."""
    return any(_is_modal(t) for t in tokens)


def has_verb(span: Span) -> bool:
    """Whether the span has a verb or an auxiliary."""
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def has_finite_clause(span: Iterable[Token]) -> bool:
    """A verb with its own subject, or a cue of obligation: the span says something."""
    return any(
        t.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJECT_DEPS for c in t.children)
        for t in span
    ) or has_modal(span)


def field(line: Span) -> tuple[str, Span | None, Span | None]:
    """Read a "Label: value" line: ("form", ...) for a filled-in field such as "Parents: Ann and
    Joe Bell" or "Who made this plan: ...", ("content", label, value) when the label names a
    section or the value states something ("Tia's views: she would like ..."), else ("", ...)."""
    match = _FIELD_RE.match(line.text)
    if not match or NUMBERING_RE.match(line.text) or _section_label_re().match(line.text) or (
            _goal_label_re().match(line.text)):
        return "", None, None
    doc, start = line.doc, line.start_char
    label = doc.char_span(start, start + match.end("label"), alignment_mode="contract")
    value = doc.char_span(start + match.start("value"), line.end_char, alignment_mode="contract")
    if label is None or value is None or not 0 < len(word_key(label.text).split()) <= 8:
        return "", None, None
    key, s = word_key(label.text), structure()
    if starts_with_phrase(key, s.form_labels + s.strong_labels):
        return "form", label, value
    open_ended = label[-1].pos_ == "ADP" or key.split()[0] in s.heading_openers  # "Plan made with:"
    dated = not has_verb(value) and (value[0].like_num or value[0].ent_type_ in ("DATE", "TIME") or (
        value.text[0].isdigit()))  # "Core group dates: 09/02/2026; 09/03/2026", where "dates" is read as a verb
    if key == "re":
        return "form", label, value  # a letter's subject line
    if key.split()[-1] == "re" or not open_ended and not dated and (
            label[0].tag_ == "VB" or any(t.tag_ in _FINITE_TAGS and t.is_alpha for t in label)):
        return "", None, None  # "Liaise with IRO re: care plan", "Oscar said: ..." (not "Plan made: 19 May")
    if word_key(value.text) in s.empty_cells:
        return "form", label, value  # "Parents' views: not recorded"
    named_kin = key.split()[0] in _relative_words() and all(t.pos_ == "PROPN" for t in label[1:])  # "Nan Jackie:"
    if (key in _relative_words() or named_kin) and not has_modal(value) and not any(
            t.tag_ in ("VB", "VBP", "TO") for t in value) and (  # not "Dad: to attend all appointments"
            value[0].pos_ == "PROPN" or not has_finite_clause(value)):
        return "form", label, value  # "Mum: Chelsea Quayle, lives in Thornwick ...": who she is
    if noun_party(label.text) is not None and _names_first(value) and not has_modal(value):
        return "form", label, value  # "Amber's mum: Lorraine Gatenby – Amber lives with her", "Midwife: Ana Osei, ..."
    finite = any(t.tag_ in _FINITE_TAGS and (t.tag_ != "MD" or _is_modal(t))
                 for t in _outside_relatives(outside_brackets(value)))  # not "About: Finn (9), who lives ..."
    # "Dad: to attend all appointments" is a task; "Review: to be arranged" is not
    actor = next((i for i, t in enumerate(value[:4]) if t.pos_ not in ("PROPN", "NOUN")), 0)  # "ACTION: PF to refer"
    to_do = value[actor].tag_ == "TO" and len(value) > actor + 1 and value[actor + 1].tag_ == "VB" and (
        value[actor + 1].lemma_ != "be")
    if finite or value[0].tag_ == "VB" or to_do or starts_with_phrase(key, s.statement_sections) or (
            key in ("action", "actions", "task", "tasks") and word_key(value.text) not in s.empty_cells):
        # "Action: Monitor attendance", "Action: Weekly phone check-in with Donna"; not "What: Core group meeting"
        return "content", label, value
    return "form", label, value


def _name_like(token: Token) -> bool:
    """A word of a person's name, also one the tagger took for an adjective ("Gwenllian")."""
    return token.pos_ == "PROPN" or token.text[:1].isupper() and token.is_alpha and not token.is_stop  # "PC"


def _names_first(value: Span) -> bool:
    """A value that opens with a person's name set apart by a dash, comma or bracket, or alone."""
    name = 0
    while name < len(value) and _name_like(value[name]):
        name += 1
    return name >= 2 and (name == len(value) or value[name].text in ("–", "—", "-", ",", "("))


_JOINERS = frozenset(("and", "with", "of", "the", "for", "s"))


@lru_cache(maxsize=1)
def _job_words() -> frozenset[str]:
    """Single words of job titles ("nurse", "worker", "officer") from the role lexicon."""
    return frozenset(w for title in lexicon().job_titles for w in title.split()
                     if len(w) > 3 and w not in ("lead", "head", "staff", "chair"))


def is_relative_word(text: str) -> bool:
    """Whether a label is one family word ("Dad", "Nan"): a field under it is that person's."""
    return word_key(text) in _relative_words()


@lru_cache(maxsize=1)
def _who_words() -> frozenset[str]:
    """Words that say who someone is in a roster line: jobs, family words and kin ("Marnie's sister")."""
    return _job_words() | _relative_words() | frozenset(lexicon().kin_genders)


@lru_cache(maxsize=1)
def _relative_words() -> frozenset[str]:
    """Family words ("mum", "nan") from the role lexicon, for "Mum: <name>, ..." roster fields."""
    return frozenset(lexicon().family)


def is_declaration(line: Span, next_text: str | None) -> bool:
    """"I have read and agree to ..." just above a signature line: part of the signature block.
    "I understand that this agreement is not legally binding" states something, so it is a clause."""
    root = line.root
    states = any(c.dep_ == "ccomp" and any(s.dep_ in SUBJECT_DEPS and s.lower_ not in ("i", "we")
                                           for s in c.children) for c in root.children)
    above = next_text is not None and (is_form_line(next_text) or _declaration_re().match(next_text) is not None
                                       or _names_signatures(next_text))
    return (above and line[0].lower_ in ("i", "we")
            and root.lemma_ in structure().declaration_verbs and not states)


def _names_signatures(heading: str) -> bool:
    """"Section F – Signatures", "Signed by": the heading of the signature block."""
    words = {w.removesuffix("s") for w in word_key(heading).split()}
    return len(words) <= 6 and bool(words & structure().signature_columns)


@lru_cache(maxsize=1)
def _declaration_re() -> re.Pattern:
    """A line that opens another declaration ("I understand that ..."): the one above it is part
    of the signature block too."""
    return re.compile(rf"(?:I|We)\s+(?:{'|'.join(map(re.escape, structure().declaration_verbs))})\b")


def is_heading(line: Span) -> bool:
    """A short line that names a section rather than stating something."""
    text = line.text.strip()
    words = word_key(text)
    n_words = len(words.split())
    if re.match(r"(?:(?:an?|the|this) )?(?:(?:[a-z]+ ){0,2}(?:agreement|plan|contract) )?between ", words) and (
            not has_finite_clause(_outside_relatives(line))):
        return True  # the parties line: "Between Ann Bell (mother) and ...", "A written agreement between ..."
    aside = re.search(r"\s\([^()]*\)$", text)  # "What Idris told us (Ffion used his symbol board with him)"
    before = line.doc.char_span(line.start_char, line.start_char + line.text.index(text) + aside.start(),
                                alignment_mode="contract") if aside and aside.start() else None
    asks = before is not None and any(t.tag_ in ("VB", "TO", "MD") for t in before) and not (
        word_key(before.text).split()[:1] and word_key(before.text).split()[0] in structure().heading_openers)
    if before is not None and len(before) and before[0].tag_ not in COMMAND_TAGS and not asks and (
            before.text[-1] not in TERMINAL | {","}) and is_heading(before):
        return True  # not "Get everything ready (cot, car seat, ...)" nor "Mum to take Ava ... (Monday to Friday)"
    body = text[heading_body(text):]
    if _goal_label_re().match(text) and text[-1] not in ";!?" and not has_modal(line):
        return True  # "Outcome 2: Tyler is safe at home and his mum feels able to cope(.)"
    if not words or n_words > 12 or text.startswith("•") or word_key(body) in structure().placeholders:
        return False  # "8. TBC" is an unfinished item
    if re.match(r"[a-z][a-z']*(?![/.\w])", body):
        return _is_lower_case_heading(line, text)
    if _section_label_re().match(text) and text[-1] not in ".;!?":
        return True  # "Section B – What Gemma has agreed to do", "SECTION 3: RESPONSIBILITIES:"
    s = structure()
    if starts_with_phrase(words, s.heading_phrases) and (words in s.heading_phrases or not has_modal(line)) and (
            text[-1] not in ".;!,"):
        return True  # also "Summary of need", whose "need" is no modal
    if NUMBERING_RE.match(text) and _opens_with_command(line, heading_body(text)):
        return False  # "4. Arrange transport – TBC" is a numbered item
    if text.endswith(":"):
        return n_words <= 10
    last = words.split()[-1]
    if n_words <= 8 and last in ("will", "do", "must", "agree", "agrees", "agreed") and heading_actor_text(text):
        return True
    if text[-1] in ".;!" or (text[-1] == "," and n_words > 3):
        return False
    if re.search(r"\s[–—-]\s", text) and not has_finite_clause(line):
        return True  # a title: "Child in Need – Written Agreement"
    opener = word_key(text[heading_body(text):]).split("'")[0].split()[:1]  # "What's been going on"
    if text.endswith("?"):
        return bool(opener) and opener[0] in s.heading_openers
    if opener and opener[0] in s.heading_openers or text.isupper():
        return True
    if n_words <= 8 and any(c.dep_ == "mark" and c.lower_ in ("if", "when", "unless") for c in line.root.children):
        return True
    if n_words <= 3 and line.root.tag_ in ("VBD", "VBN") and not any(
            c.dep_ in ("aux", "auxpass", "dobj", "neg") for c in line.root.children):
        return True  # "People involved", "Actions agreed": a participle, not a sentence
    bare = len(word_key(re.sub(r"\([^()]*\)\s*$", "", text)).split())  # "Teddy's part (talked through with him)"
    noted = bare <= 5 and line[0].tag_ not in COMMAND_TAGS  # not "Get everything ready (cot, car seat, ...)"
    return not has_finite_clause(line) and (n_words <= 8 or noted)


def _is_lower_case_heading(line: Span, text: str) -> bool:
    """A lower-case line continues a list ("take Zain to nursery every day"); it heads one only
    when it names who acts ("dwayne will:", "mum will"), is a short section title ("whats
    happened", "if this isnt kept to") or asks what a section answers ("what happens if
    agreement not followed")."""
    words = word_key(text).split()
    if line.start_char == 0 and not has_modal(line) and len(words) <= 6 and set(words) & {
            "agreement", "plan", "contract", "safety", "expectations"}:
        return True  # the document's title: "safety agreement threadgold family"
    if text.endswith(":"):
        return len(words) <= 6 and heading_actor_text(text[:-1]) is not None
    if 0 < len(words) <= 5 and words[-1] in ("will", "must", "agrees", "agree") and heading_actor_text(text):
        return True  # "mum will", "social care will" typed without a colon
    if len(words) <= 5 and text[-1] not in TERMINAL | {","} and (
            " ".join(words) in structure().heading_phrases or line.root.dep_ == "ROOT" and line.root.lower_ != "will"
            and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in line.root.children)
            and not any(c.dep_ == "dobj" or c.dep_ == "prep" and any(g.dep_ == "pobj" for g in c.children)
                        for c in line.root.children)):
        return True  # "whats happened", "if this isnt kept to": a whole title, or a condition with nothing after
    first = next((t for t in line if t.idx >= line.start_char + heading_body(text)), line[0])
    return (first.tag_ in ("WP", "WRB") and first.head == line.root and not has_modal(line)
            and text[-1] not in TERMINAL | {","})


_COMMAND_DEPS = ("dobj", "prep", "prt", "xcomp", "ccomp", "dative", "advcl", "acomp", "advmod")


def _opens_with_command(line: Span, offset: int) -> bool:
    """Whether the line's words after `offset` are a command: a verb in the base form with an
    object or complement ("Arrange transport"), not a noun such as "Review and consequences"."""
    first = next((t for t in line if t.idx >= line.start_char + offset), None)
    return (first is not None and first.tag_ == "VB" and not line.text.isupper()
            and any(c.dep_ in _COMMAND_DEPS for c in first.children))


def is_lead_in(line: Span, next_text: str | None) -> bool:
    """A line ending in a colon or an ellipsis that introduces list items ("2.3 If Dad feels ..., he will:",
    "I, Jo Carr, agree that I will:"), or a numbered line over its own sub-numbers: a heading
    for its items, however long."""
    if next_text is None:
        return False
    number = re.match(r"\s*(\d+)\.?\s", line.text)
    if number and line.text.rstrip()[-1] not in TERMINAL and re.match(rf"\s*{number.group(1)}\.1\b", next_text):
        return True  # "5. If things get worse" over "5.1 If Mum ...": the number says it is a section
    text = line.text.rstrip()
    trailing = re.search(r"(\w+)(?:\.\.\.|…)$", text)  # "If I feel unsafe I will..." reads on as a colon does
    opens = text.endswith(":") or trailing is not None and (
        trailing.group(1).lower() in structure().modal_words or trailing.group(1).lower() == "to")
    return opens and bool(marker_style(next_text)) and len(line) <= 40


def last_mark(text: str) -> str:
    """The line's last character inside any closing quote or bracket: 'Ellis: "I will ..."' and "[Mum: I will
    ...]" end their sentences inside."""
    return text.rstrip().rstrip("\"”’')]")[-1:]


def is_block_title(line: Span, full: str, next_text: str | None) -> bool:
    """A short line without a full stop that opens a block of punctuated text, a list or a table: a
    heading even when it reads as a sentence ("Next time we'll look at this", "The rota for the
    nights Lacey works" over a table's header row)."""
    text = line.text.rstrip()
    opens = line.start_char == 0 or full[max(0, line.start_char - 2):line.start_char] == "\n\n"
    return (opens and bool(next_text) and text[-1] not in TERMINAL | {","}
            and len(word_key(text).split()) <= 8 and (last_mark(next_text) in (".", "!", "?")
                                                      or bool(marker_style(next_text))
                                                      or " | " in next_text and is_table_header(next_text)))


_EASY_READ_ENTRY_RE = re.compile(  # "Rylan – my son. He is 2.", "... – me. I am Rylan's mum.", "He is from Clearvoice."
    r"([^.!?\n]+?\s[–—-]\s[^.!?\n]+?)\.(?:\s+(?:I am|I'm|(?:He|She|They) (?:is|are)|(?:He|She)'s)\s"
    r"(?:\d{1,2}(?: (?:years?|months?)(?: old)?)?|from [^.!?\n]{1,40}|[A-Z][\w'’-]+['’]s \w+"
    r"|(?:my|our|a|an) \w+(?: \w+)?)\.)*")


def is_listing(line: Span) -> bool:
    """A line that names people instead of saying what anyone does: a roster entry ("Carla
    Nunes – social worker, ..."), a list of names ("Connor Walsh (father), Gemma Walsh ..."), an
    address ending in a postcode, or a caption ("Meeting held on 3 May")."""
    text = line.text.strip()
    entry = _EASY_READ_ENTRY_RE.fullmatch(text)
    if entry:  # "Faisal Rehmani – my advocate. He is from Clearvoice Advocacy.": an easy-read who's who
        first = line.doc.char_span(line.start_char + entry.start(1), line.start_char + entry.end(1))
        return first is not None and is_listing(first)
    if text[-1] in ".!?:" or text[-1] == ";" and not re.search(r"\s[–—-]\s", text) or NUMBERING_RE.match(text) or (
            has_modal(line)):
        return False  # a roster line may end in ";" ("Osian Trevethan – Dad;")
    if is_letterhead(text):
        return True  # "Children Looked After and Fostering Service – Kinship Care Team"
    dash = re.search(r"\s[–—-]\s", text)
    if dash:
        head = [t for t in line if t.idx < line.start_char + dash.start()]
        tail = [t for t in line if t.idx > line.start_char + dash.start() + 1]
        if len(head) == 1 and head[0].lower_ in _relative_words() and tail and tail[0].pos_ == "PROPN":
            return True  # "Grandad – Frank (I stay at his on Fridays)"
        if is_letterhead(text[:dash.start()]) and not has_verb(outside_brackets(tail)):
            return True  # "Northmoor Children's Services – sections 4 and 5 only (the full plan is ...)"
        described = re.split(r"[,;(]", text[dash.end():])[0].lower()
        own_head = [t for t in outside_brackets(head) if not t.is_punct and not t.like_num and t.lower_ not in (
            "aged", "months", "month", "weeks", "years")]  # "Finnian, aged 20 months"
        named = bool(own_head) and all(_name_like(t) for t in own_head)
        if named and len(tail) > 1 and all(t.pos_ == "PROPN" for t in tail[:2]) and (
                len(tail) == 2 or tail[2].is_punct):
            return True  # a key to a nickname: "Fitz – Aidan Fitzgerald, worker at the Anchor"
        if named and any(t.lower_ == "aged" for t in head) and tail:
            return True  # "Tobias, aged 9 – Year 4 at Beckwith Lane Primary", "Oakley, aged 3 – not attending nursery"
        said = re.findall(r"[a-z]+", described)
        job = bool(said) and said[-1] in _job_words()  # "Gideon Lusk – support worker", "support" read as a verb
        if named and said[:1] in (["my"], ["our"]) and len(said) <= 4 and (
                said[-1] in _relative_words() or job or said[-1] in _who_words()):
            return True  # "Rylan – my son", "Imogen – our social worker"
        return (sum(_name_like(t) for t in head) >= 2 and bool(tail) and (tail[0].tag_ not in ("VB", "TO", "MD") or job)
                and named  # "Dot Penhallow (Nanna Dot) – grandmother", "Gwenllian Pritchard – Family Support Worker"
                and (any(w in _who_words() for w in said)
                     or not any(c.dep_ == "dobj" for t in _outside_relatives(tail) if t.pos_ == "VERB"
                                for c in t.children)))  # "Jo Bell – takes Ava to school" says what she does
    if is_caption(line):
        return True
    if _POSTCODE_RE.search(text) and not any(t.pos_ == "VERB" for t in line):
        return True  # a letterhead or address line, not "Send the form to 3 Hill St, Leeds LS1 4AB"
    own = _outside_relatives(line)  # "Orla (9) and Cillian (6), who live with their mum"
    if any(t.pos_ in ("VERB", "AUX") for t in own):
        return False
    alpha = [t for t in own if t.is_alpha]
    names = sum(t.pos_ == "PROPN" for t in alpha)
    people = sum(e.label_ == "PERSON" and e.start in {t.i for t in own} for e in line.ents)
    if names >= 3 and all(t.pos_ == "PROPN" or t.lower_ in _JOINERS for t in alpha):
        return True  # a letterhead: "Westbury Children's Services with Westbury General Hospital"
    if len(alpha) > 2 and alpha[0].pos_ == "PROPN" and "," in text and any(
            w in _job_words() for w in re.findall(r"[a-z]+", text.lower().split(",", 1)[1])):
        return True  # "Emrys Vaughan, community psychiatric nurse, Perinatal Mental Health Team"
    aged = len(re.findall(r"\(\d{1,2}\)", text))  # "Orla Mulvaney (9) and Cillian Mulvaney (6)"
    groups: list[list[Token]] = [[]]
    for token in outside_brackets(own):
        if token.lower_ == "and" or token.text == ",":
            groups.append([])
        elif not token.is_punct:
            groups[-1].append(token)
    if len(groups) >= 2 and all(2 <= len(g) <= 3 and all(_name_like(t) for t in g) for g in groups):
        return True  # "Dale Whitmore and Sian Pritchard (parents)": full names and nothing else
    return (people >= 2 or aged >= 2) and names >= len(alpha) / 2


def is_letterhead(text: str) -> bool:
    """An organisation's name in title case throughout, ending in a word such as "Team", or an
    address ending in a postcode (a footer cell: "Civic Offices, Bell Street, Kelverton KV1 2AX")."""
    if _POSTCODE_RE.search(text.strip()) and not modal_word_in(word_key(text)):
        return True
    text = re.sub(r"^\s*(?:in partnership with|working together with|working with|part of)\s+", "", text)
    return _title_ending(text, structure().letterhead_words, least=2)  # "in partnership with X NHS Trust" too


def _title_ending(text: str, last_words: frozenset[str], least: int) -> bool:
    """At least `least` words in title case, ending in one of `last_words`, brackets aside ("Team (East)")."""
    words = _WORD_RE.findall(re.sub(r"\([^()]*\)", "", text))
    return len(words) >= least and words[-1].lower() in last_words and all(w[0].isupper() or w in STOP_WORDS
                                                                             for w in words)


def is_job_title(text: str) -> bool:
    """A job title alone, in title case ("Social Worker", "Family Support Worker"): a signature's
    or footer's line."""
    return _title_ending(text, _job_words(), least=1)


def is_record(span: Span) -> bool:
    """A sentence that records what happened to the plan: "Plan agreed verbally by JC + CT at mtg.",
    "Copy given to parents on ward 11/03.", "Natalie was sent a copy of her part on 20 June." (not a
    row that only mentions one)."""
    s = structure()
    root = span.root
    copy = next((c for c in root.children if c.lemma_.lower() == "copy"), None)
    of = [g.lemma_.lower() for c in (copy.children if copy is not None else ()) if c.lower_ == "of" for g in c.children]
    handed = root.lemma_ in s.caption_verbs and root.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.tag_ == "VBD" for c in root.children) and copy is not None and (
        not of or set(of) & {"plan", "agreement", "part", "this", "it"})  # not "a copy of the bail conditions"
    read_out = root.lemma_.lower() == "read" and (root.tag_ in ("VBD", "VBN") or any(
        c.dep_ == "agent" for c in root.children)) and any(  # "Read to the family ... by Mr Gebru", tagged as a command
        c.dep_ in ("dative", "prep") and c.lower_ == "to" for c in root.children) and any(
        c.dep_ == "agent" or c.dep_ == "dobj" and (c.lower_ in ("it", "this") or any(
            t.lemma_.lower() in ("plan", "agreement") for t in c.subtree)) for c in root.children)
    # "Ewa read it to Marta and Tomasz in Polish on 3 March", "Read to the family in Tigrinya by Mr Gebru"
    assented = root.lemma_.lower() in s.assent_verbs and root.tag_ == "VBD" and not any(
        c.dep_ in ("xcomp", "ccomp", "dobj", "advcl", "conj") or c.dep_ == "prep" and c.lower_ in ("to", "with")
        for c in root.children) and (any(e.label_ == "DATE" for e in span.ents) or any(
            c.dep_ == "prep" and c.lower_ == "by" for c in root.children))  # "Shelby agreed by phone on 26 February"
    marked = root.tag_ == "VBD" and root.lemma_ in ("put", "add", "make", "draw") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in s.assent_marks for c in root.children) and any(
        c.dep_ == "prep" and c.lower_ == "on" and any(g.lemma_.lower() in ("plan", "agreement", "it", "this", "page")
                                                    for g in c.children) for c in root.children)
    # 'Idris put his "yes" symbol on the plan.', "Mum made her mark on the agreement."
    copied = span[0].lemma_.lower() == "copy" and len(span) > 1 and span[1].lower_ in s.caption_verbs.values()
    # "Copy left with Mum + Nan", "Copy given to family on ......"
    return " | " not in span.text and not has_modal(span) and (copied or handed or read_out or assented or marked or (
        span[0].lemma_.lower() in s.event_nouns | s.caption_openers and is_caption(span)))


def is_caption(line: Span) -> bool:
    """"Family Group Conference held on 22 June at ...", "Agreed at the core group meeting on
    5 June", "Copy given to parents 11/03": a record of a meeting or of the plan, dated or with a "by"
    agent, with a bare past participle and no auxiliary; it asks nothing."""
    s = structure()
    events, verbs = s.event_nouns, s.caption_verbs
    openers = s.caption_openers | {verbs[v] for v in s.caption_openers}
    dated = any(t.ent_type_ == "DATE" for t in line) or bool(re.search(r"\b\d{1,2}/\d{1,2}\b", line.text))
    return any(
        (dated or any(c.dep_ == "agent" for c in verb.children))  # "Plan agreed verbally by JC + CT at mtg."
        and (verb.lemma_ in verbs and verb.tag_ in ("VBN", "VBD")
         or verb.i == line.start and verb.lower_ in verbs.values())  # tagged as a name
        and not any(c.dep_.startswith("aux") and c.tag_ != "POS" for c in verb.children)  # "Made at Nan T's"
        and (verb.dep_ == "acl" and verb.head.lemma_.lower() in events  # parsed either way
             or any(c.dep_.startswith("nsubj") and any(t.lemma_.lower() in events for t in c.subtree)
                    for c in verb.children)
             or verb.i == line.start and not _asks(verb) and (
                 verb.lemma_ in openers or verb.lower_ in openers
                 or any(t.lemma_.lower() in events for t in verb.subtree)))
        # "Agreed at ...", "Agreed by everyone present on 2 May", "Made with Zak on ...", not "Agreed to attend ..."
        for verb in line) or _authored(line)


def is_event_line(line: Span) -> bool:
    """A meeting named without a verb, with its date: "Family network meeting at Beckwith Lane Primary School,
    Tuesday 27 January 2026, 1.30pm". Before the plan's first clause it captions the record; later ("Review at CIN
    mtg 11/4/25") it may be a commitment."""
    dated = any(t.ent_type_ in ("DATE", "TIME") and t.like_num for t in line) or bool(
        re.search(r"\b\d{1,2}/\d{1,2}\b", line.text))  # not "Weekly visit from the health visitor on Mondays"
    return line.root.lemma_.lower() in structure().event_nouns and line.text.rstrip()[-1] not in TERMINAL and not any(
        t.pos_ in ("VERB", "AUX") for t in line) and dated


def _authored(line: Span) -> bool:
    """"Written down by Nana in our family time and typed up by Owen": who wrote the document, a
    bare participle with its "by" agent and nothing asked."""
    verb = line[0]
    return (verb.lemma_ in structure().caption_openers and verb.tag_ in ("VBN", "VBD") and verb.dep_ == "ROOT"
            and any(c.dep_ == "agent" for c in verb.children) and not has_modal(line) and not _asks(verb))


def _asks(verb: Token) -> bool:
    """A participle that carries a duty: "Agreed by Mum to keep Mia in school", "Agreed to attend ..."."""
    return any(c.dep_ in ("xcomp", "ccomp", "advcl") and not (
        c.pos_ in ("NOUN", "PROPN") and c.lemma_.lower() in structure().event_nouns)
               for c in verb.children)  # "Agreed at CIN meeting 12/01/26", its "meeting" misread as a clause


def _outside_relatives(tokens: Iterable[Token]) -> list[Token]:
    """The tokens not inside a relative clause: "..., who has helped bring Oskar up" describes a
    person named on the line; it is not what the line asks."""
    tokens = list(tokens)
    own = {t.i for t in tokens}  # "Ellis: I will ..." asks something though the parser hung its verb on the label
    named = bool(tokens) and tokens[0].pos_ == "PROPN"  # "Grandma Yvette: Yvette Fennimore, ... live with her"
    inside = {t.i for v in tokens if v.dep_ in ("relcl", "acl") and (v.head.i in own or named) for t in v.subtree}
    return [t for t in tokens if t.i not in inside]


def outside_brackets(tokens: Iterable[Token]) -> list[Token]:
    """The tokens not inside brackets: an aside ("(children stay every other weekend)") says
    nothing about what kind of line it sits in."""
    depth, kept = 0, []
    for token in tokens:
        depth += token.text == "("
        if not depth:
            kept.append(token)
        depth -= token.text == ")" and depth > 0
    return kept


def heading_actor_text(heading: str | None) -> tuple[int, str] | None:
    """Offset and text of the actor a heading names ("Education will:", "What Dad will do",
    "3. WHAT SCHOOL WILL DO", "Section B – Expectations of Mr Lane", "Our part (social care)")."""
    if not heading:
        return None
    text = re.sub(r"(?<=\w)(?:\.\.\.|…)$", "", heading.strip())  # "If I feel unsafe I will...", not "will ..."
    body = heading_body(text)
    plain = _TITLE_DOT_RE.sub(" ", text[body:])  # "St. Aldric's will" is one name; same length
    for pattern in _HEADING_ACTOR_RES:
        match = pattern.match(plain)
        if match and _names_actor(word_key(match.group("a"))):
            start, end = body + match.start("a"), body + match.end("a")
            return start, text[start:end].strip()
    return None


def _names_actor(words: str) -> bool:
    """Rule out what only looks like an actor: "How we", "This plan", "Shared"."""
    s = structure()
    return bool(words) and words.split()[0] not in s.heading_openers and (
        words.split()[-1] not in s.statement_subjects) and not set(words.split()) <= s.non_actor_words


def table_columns(header: str) -> tuple[int | None, bool, int | None]:
    """Which cell holds the actor, whether the rows ask nothing (a signature table, or a contact
    list with no action column), and which cell holds the action (a row that leaves it empty asks
    nothing of anyone)."""
    cells = [word_key(c) for c in header.split(" | ")]
    s = structure()
    actor = next((i for i, c in enumerate(cells) if c in s.actor_columns), None)
    if actor is None:
        actor = next((i for i, c in enumerate(cells) if _opens_actor_column(c)), None)
    action = next((i for i, c in enumerate(cells) if c in s.action_columns), None)
    people = any(c in s.name_columns for c in cells) and any(c in s.role_columns for c in cells)  # "Name | Role | ..."
    directory = action is None and (any(c in s.directory_columns for c in cells) or people and actor is None)
    return actor, directory or any(c in s.signature_columns for c in cells), action


def is_empty_row(row: str, action: int | None) -> bool:
    """A row whose action cell is blank or "n/a" ("Housing | n/a | n/a"): an unused template row."""
    cells = re.split(r"\s*\|\s*", row.strip())
    return action is not None and action < len(cells) and cells[action].lower().strip(" .") in (
        "", *structure().empty_cells)


def _opens_actor_column(cell: str) -> bool:
    """A header cell such as "Who will do it" or "Who pays", not "Who we are worried about"."""
    words = cell.split()
    return starts_with_phrase(cell, structure().actor_column_openers) and not (
        len(words) > 1 and words[1] in ("i", "we", "you", "he", "she", "they"))


def is_table_header(text: str) -> bool:
    """A row whose cells are mostly template column names."""
    cells, s = [word_key(c) for c in text.split(" | ")], structure()
    known = sum(c in s.table_headers or _opens_actor_column(c) for c in cells)
    asked = all(c in s.table_headers or c.split()[:1] and c.split()[0] in s.heading_openers for c in cells)
    return len(cells) > 1 and (known >= len(cells) / 2 or asked)  # or "What it is for | Who pays"


def line_layout(text: str) -> list[list]:
    """Layout for text that did not come through a reader: one entry per non-empty line."""
    layout, offset = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        start = offset + len(stripped) - len(stripped.lstrip())
        end = offset + len(stripped.rstrip())
        if end > start:
            kind = "bullet" if text.startswith("• ", start) else "line"
            layout.append([start, end, kind])
        offset += len(line)
    return layout


def mark_line_starts(doc: Doc) -> Doc:
    """Set a sentence start at the first token of each layout line."""
    if doc._.layout is None:
        doc._.layout = line_layout(doc.text)
    for start, _end, _kind in doc._.layout:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


@Language.factory("agreement_layout", assigns=["token.is_sent_start", "doc._.layout"])
def make_layout(nlp: Language, name: str):
    """Factory: the component is a pure function of the Doc."""
    register_extensions()
    return mark_line_starts
