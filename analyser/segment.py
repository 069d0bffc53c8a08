"""Component `agreement_clauses`: sections and clauses on `doc.spans`.

Works line by line from the layout: a line is a heading, a form or signature line, a template
table row, or text that is split into clauses at sentences, semicolons and coordinated
commitments of different actors (from the dependency parse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import register_extensions
from .layout import line_layout
from .rules import load_yaml

_NUMBERING_RE = re.compile(r"^(?:•\s+|\(?[0-9]{1,2}[.)]\s+|\(?[a-hA-H][.)]\s+|\(?[ivx]{1,4}[.)]\s+)")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’&]*")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl")
_FIELD_RE = re.compile(r"^(?P<label>[^:|\n]{1,60}?):[ \t]+(?P<value>\S.*)$", re.S)
_FINITE_TAGS = ("VBZ", "VBP", "VBD", "MD")
_MODAL_RE = (r"(?:will|is going to|are going to|agrees? to|has agreed(?: to)?|have agreed(?: to)?|must|should"
             r"|needs? to|has to|have to|promises? to|(?:is|are) asked to)")
_HEADING_ACTOR_RES = [
    re.compile(rf"^what\s+(?P<a>.+?)\s+{_MODAL_RE}(?:\s|$)", re.I),
    re.compile(
        rf"^(?:[^.;:,]+,\s*)?(?P<a>[^.;,]+?)\s+{_MODAL_RE}"
        r"(?:\s+(?:also|still|now|both|each|then|all|therefore))?(?:\s+do)?\s*(?:,[^.;]*)?:?$",
        re.I),
    re.compile(r"^(?P<a>.+?)['’]s?\s+(?:commitments|responsibilities|actions|tasks|role|part)\b", re.I),
    re.compile(r"^(?:commitments|responsibilities|actions|tasks|role|expectations)\s+(?:of|for)\s+(?P<a>.+)$",
               re.I),
]


@dataclass(frozen=True)
class Structure:
    """The segmenter's lexicons, read once from `patterns/structure.yaml`."""

    heading_phrases: tuple[str, ...]
    heading_openers: frozenset[str]
    form_labels: tuple[str, ...]
    strong_labels: tuple[str, ...]
    table_headers: frozenset[str]
    actor_columns: tuple[str, ...]
    signature_columns: frozenset[str]
    modal_words: frozenset[str]
    statement_subjects: frozenset[str]
    statement_verbs: frozenset[str]
    statement_sections: tuple[str, ...]
    declaration_verbs: frozenset[str]


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
        signature_columns=frozenset(data["signature_columns"]),
        modal_words=frozenset(data["modal_words"]),
        statement_subjects=frozenset(data["statement_subjects"]),
        statement_verbs=frozenset(data["statement_verbs"]),
        statement_sections=tuple(data["statement_sections"]),
        declaration_verbs=frozenset(data["declaration_verbs"]),
    )


def _key(text: str) -> str:
    return " ".join(w.lower().replace("’", "'") for w in _WORD_RE.findall(text))


def _starts_with_phrase(key: str, phrases: tuple[str, ...]) -> bool:
    return any(key == p or key.startswith(p + " ") for p in phrases)


def is_form_line(text: str) -> bool:
    """Signature lines, underscores, and form labels such as "Date____" or "Name: ...".

    Strong labels (signed, date, ...) match at the start of a short line; the others only when
    followed by a colon, so "Social worker will visit" stays a clause.
    """
    words = _key(text)
    if not words or ("___" in text and (len(words.split()) <= 8 or re.search(
            r"\b(date|signed|signature|sign)\b", words) and not _modal_word_in(words))):
        return True
    s = structure()
    label, colon, value = text.partition(":")
    if colon and _key(label) in s.form_labels and len(_key(value).split()) <= 6:
        return True
    return _starts_with_phrase(words, s.strong_labels) and len(words.split()) <= 8 and not _modal_word_in(words)


def _modal_word_in(words: str) -> bool:
    return any(w in structure().modal_words for w in words.split())


def _is_modal(token: Token) -> bool:
    """A modal cue used as a verb, not the month "May" or the noun in "Child in Need"."""
    return token.lower_ in structure().modal_words and token.pos_ not in ("PROPN", "NOUN", "NUM")


def field(line: Span) -> tuple[str, Span | None, Span | None]:
    """Read a "Label: value" line: ("form", ...) for a filled-in field such as "Parents: Ann and
    Joe Bell" or "Who made this plan: ...", ("content", label, value) when the label names a
    section or the value states something ("Tia's views: she would like ..."), else ("", ...)."""
    match = _FIELD_RE.match(line.text)
    if not match or _NUMBERING_RE.match(line.text):
        return "", None, None
    doc, start = line.doc, line.start_char
    label = doc.char_span(start, start + match.end("label"), alignment_mode="contract")
    value = doc.char_span(start + match.start("value"), line.end_char, alignment_mode="contract")
    if label is None or value is None or not 0 < len(_key(label.text).split()) <= 8:
        return "", None, None
    key, s = _key(label.text), structure()
    if _starts_with_phrase(key, s.form_labels + s.strong_labels):
        return "form", label, value
    open_ended = label[-1].pos_ == "ADP" or key.split()[0] in s.heading_openers  # "Plan made with:"
    if key.split()[-1] == "re" or not open_ended and (
            label[0].tag_ == "VB" or any(t.tag_ in _FINITE_TAGS for t in label)):
        return "", None, None  # "Liaise with IRO re: care plan", "Oscar said: ..."
    finite = any(t.tag_ in _FINITE_TAGS and (t.tag_ != "MD" or _is_modal(t)) for t in value)
    if finite or value[0].tag_ == "VB" or _starts_with_phrase(key, s.statement_sections):
        return "content", label, value
    return "form", label, value


def is_declaration(line: Span, next_text: str | None) -> bool:
    """"I have read and agree to ..." just above a signature line: part of the signature block."""
    return (next_text is not None and is_form_line(next_text) and line[0].lower_ in ("i", "we")
            and line.root.lemma_ in structure().declaration_verbs)


def is_heading(line: Span) -> bool:
    """A short line that names a section rather than stating something."""
    text = line.text.strip()
    words = _key(text)
    n_words = len(words.split())
    if words.startswith("between ") and not _has_finite_clause(line):
        return True  # the parties line: "Between Ann Bell (mother) and Eastside Council"
    if not words or n_words > 12 or text.startswith("•"):
        return False
    if text.endswith(":"):
        return n_words <= 10
    last = words.split()[-1]
    if n_words <= 8 and last in ("will", "do", "must", "agree", "agrees", "agreed") and heading_actor_text(text):
        return True
    if text[-1] in ".;!" or (text[-1] == "," and n_words > 3):
        return False
    s = structure()
    if _starts_with_phrase(words, s.heading_phrases) and not _has_modal(line):
        return True
    if re.search(r"\s[–—-]\s", text) and not _has_finite_clause(line):
        return True  # a title: "Child in Need – Written Agreement"
    if text.endswith("?"):
        return words.split()[0] in s.heading_openers
    if words.split()[0] in s.heading_openers or text.isupper():
        return True
    if n_words <= 8 and any(c.dep_ == "mark" and c.lower_ in ("if", "when", "unless") for c in line.root.children):
        return True
    return not _has_finite_clause(line) and n_words <= 8


def _has_modal(span: Span) -> bool:
    return any(_is_modal(t) for t in span)


def heading_actor_text(heading: str | None) -> tuple[int, str] | None:
    """Offset and text of the actor a heading names ("Education will:", "What Dad will do")."""
    if not heading:
        return None
    for pattern in _HEADING_ACTOR_RES:
        match = pattern.match(heading.strip())
        if match:
            return match.start("a"), match.group("a").strip()
    return None


def _has_finite_clause(span: Span) -> bool:
    return any(
        t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECT_DEPS for c in t.children)
        for t in span
    ) or _has_modal(span)


def _strip(doc: Doc, full: str, start: int, end: int) -> Span | None:
    """Trim whitespace, bullets, numbering and dangling punctuation from a char range.

    `full` is `doc.text`, passed in because spaCy rebuilds it on every access.
    """
    text = full[start:end]
    match = _NUMBERING_RE.match(text)
    if match:
        start += match.end()
        text = text[match.end():]
    lead = len(text) - len(text.lstrip(" \t\n,;:-–—"))
    start += lead
    end = start + len(text[lead:].rstrip(" \t\n,–—-:|"))
    if end <= start:
        return None
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not any(t.is_alpha or t.like_num for t in span):
        return None
    return span


# "..., or the children will ..." is the demand's consequence, not a second commitment.
_NO_SPLIT_JOINERS = {"so", "because", "as", "so that", "while", "until", "unless", "if", "when",
                     "or", "otherwise", "else"}


def split_sentence(sent: Span) -> list[Span]:
    """Split at semicolons, and between main clauses joined by "and"/"but"/a comma whose
    subjects differ (different actors); never inside a subordinate clause."""
    cuts = []
    for token in sent:
        if token.text == ";" and token.i + 1 < sent.end and _has_verb(sent.doc[token.i + 1:sent.end]):
            cuts.append(token.i + 1)
        elif token.dep_ in ("conj", "parataxis") and token.pos_ in ("VERB", "AUX") and (
                token.head.dep_ == "ROOT" or token.head.dep_ in ("conj", "parataxis")
                and token.head.head.dep_ == "ROOT"):
            own = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            own = own or _subject_before_modal(token)
            head_subj = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not own or (head_subj and own[0].lower_ == head_subj[0].lower_):
                continue
            left = min(token.left_edge.i, own[0].left_edge.i)
            joiner = sent.doc[left - 1] if left > sent.start else None
            if joiner is None or joiner.lower_ in _NO_SPLIT_JOINERS:
                continue
            if joiner.dep_ == "cc" or joiner.text in (",", "-", "–"):
                if _has_verb(sent.doc[sent.start:left]):
                    cuts.append(left)
    bounds = [sent.start, *sorted(set(cuts)), sent.end]
    return [_trim_joiners(sent.doc[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]


def _subject_before_modal(verb: Token) -> list[Token]:
    """The subject the parser hung on the object before it ("do mornings and Glenys will ...")."""
    aux = next((c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD" and c.i < verb.i),
               None)
    if aux is None or aux.i < 2 or aux.nbor(-1).pos_ not in ("PROPN", "PRON"):
        return []
    first = aux.i - 1
    while first > 0 and verb.doc[first - 1].pos_ == "PROPN":
        first -= 1
    return [verb.doc[first]] if first > 0 and verb.doc[first - 1].dep_ == "cc" else []


def _has_verb(span: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def _trim_joiners(span: Span) -> Span:
    """Drop a trailing "and"/"but"/comma left behind where a sentence was cut."""
    end = span.end
    while end - 1 > span.start and span.doc[end - 1].dep_ in ("cc",) or (
        end - 1 > span.start and span.doc[end - 1].text in (",", "-", "–")
    ):
        end -= 1
    return span.doc[span.start:end]


def table_columns(header: str) -> tuple[int | None, bool]:
    """Which cell holds the actor, and whether the table is a signature table."""
    cells = [_key(c) for c in header.split(" | ")]
    s = structure()
    actor = next((i for i, c in enumerate(cells) if c in s.actor_columns), None)
    return actor, any(c in s.signature_columns for c in cells)


def is_table_header(text: str) -> bool:
    """A row whose cells are mostly template column names."""
    cells = [_key(c) for c in text.split(" | ")]
    return len(cells) > 1 and sum(c in structure().table_headers for c in cells) >= len(cells) / 2


def starts_with_subject(clause: Span) -> bool:
    """Whether the clause opens with its own subject ("He will ...", "The school will ..."),
    rather than with a verb that takes its actor from the heading ("Bring Kai to ...")."""
    first = clause[0]
    if first.lower_ in ("i", "you", "we", "he", "she", "they", "it", "this", "there", "the", "a", "an"):
        return True
    for token in clause:
        if token.tag_ == "MD" or token.lower_ in structure().modal_words:
            subjects = [c for c in token.head.children if c.dep_ in _SUBJECT_DEPS and c.i < token.i]
            return bool(subjects) and subjects[0].left_edge.i <= clause.start <= subjects[0].i
    return False


def clause_kind(clause: Span, section: str | None) -> str:
    """`commitment` if the clause asks something of someone, else `statement`."""
    s = structure()
    if section and _starts_with_phrase(_key(section), s.statement_sections):
        return "statement"
    if " | " in clause.text:
        return "commitment"
    if heading_actor_text(section) and not starts_with_subject(clause):
        return "commitment"
    root = clause.root
    subject = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is not None and subject.lemma_.lower() in s.statement_subjects:
        if root.lemma_ in s.statement_verbs:
            return "statement"
    first = clause[0]
    if first.lower_ == "to" and len(clause) > 1 and clause[1].tag_ == "VB":
        return "statement"
    if _has_modal(clause):
        return "commitment"
    if first.tag_ == "VB" or (first.lower_ in ("not", "never", "do", "don't") and len(clause) > 1):
        return "commitment"
    return "statement"


_TERMINAL = {".", "!", "?", ";", ":", "…"}


def sentences(line: Span) -> list[Span]:
    """The parser's sentences within a line, rejoined where the parser cut without punctuation
    (it often starts a sentence at a capitalised month or name: "by 31 May whether ...")."""
    doc = line.doc
    if not doc.has_annotation("SENT_START"):
        return [line]
    spans: list[Span] = []
    for sent in line.sents:
        sent = doc[max(sent.start, line.start):min(sent.end, line.end)]
        if not len(sent):
            continue
        if spans and not _ends_sentence(spans[-1]):
            spans[-1] = doc[spans[-1].start:sent.end]
        else:
            spans.append(sent)
    return spans


def _ends_sentence(span: Span) -> bool:
    tokens = [t for t in span if t.text not in ('"', "'", "”", "’", ")")]
    return bool(tokens) and tokens[-1].text in _TERMINAL


def segment(doc: Doc) -> Doc:
    """Fill `doc.spans["sections"]` (headings) and `doc.spans["clauses"]`."""
    full = doc.text  # built once: each access joins every token
    layout = doc._.layout if doc._.layout is not None else line_layout(full)
    headings: list[Span] = []
    clauses: list[Span] = []
    section: str | None = None
    table: tuple[int | None, bool] = (None, False)
    for index, (start, end, kind) in enumerate(layout):
        line = doc.char_span(start, end, alignment_mode="expand")
        if line is None:
            continue
        text = line.text
        following = layout[index + 1] if index + 1 < len(layout) else None
        next_text = full[following[0]:following[1]] if following else None
        if kind == "table_header" or (" | " in text and is_table_header(text)):
            table = table_columns(text)
            continue
        if kind == "table_row" or " | " in text:
            if not table[1] and not is_form_line(text):
                _add_clause(doc, full, clauses, start, end, section)
            continue
        table = (None, False)
        reading, label, value = field(line) if kind != "bullet" else ("", None, None)
        if is_form_line(text) or is_declaration(line, next_text) or reading == "form":
            for aside in re.finditer(r"\(([^()]+)\)", text if "___" in text else ""):
                if _modal_word_in(_key(aside.group(1))):  # "Signed: ___ (I must sign this ...)"
                    _add_clause(doc, full, clauses, start + aside.start(1), start + aside.end(1),
                                section)
            continue
        if reading == "content" and not index and text.rstrip()[-1] not in ".!?":
            continue  # the document's title ("Safety Plan: Ruby and Alfie Tennant")
        if kind == "heading" or (kind != "bullet" and not reading and is_heading(line)):
            headings.append(line)
            section = text.rstrip(":").strip()
            continue
        line_section = section
        if reading == "content":
            headings.append(label)
            line, line_section = value, label.text.strip()
        parts = [part for sent in sentences(line) for part in split_sentence(sent)]
        for number, part in enumerate(parts):
            if number == len(parts) - 1 > 0 and part.text.rstrip()[-1] == ":" and len(part) <= 12:
                continue  # "... We therefore expect the following:" leads into a list
            _add_clause(doc, full, clauses, part.start_char, part.end_char, line_section)
    doc.spans["sections"] = headings
    doc.spans["clauses"] = clauses
    return doc


def _add_clause(doc: Doc, full: str, clauses: list[Span], start: int, end: int,
                section: str | None) -> None:
    span = _strip(doc, full, start, end)
    if span is None or is_form_line(span.text):
        return
    if clauses and span.start < clauses[-1].end:
        return
    clause = Span(doc, span.start, span.end, label=clause_kind(span, section))
    clause._.section = section
    clauses.append(clause)


@Language.factory(
    "agreement_clauses",
    assigns=["doc.spans", "span._.section"],
    requires=["token.dep", "token.is_sent_start"],
)
def make_clauses(nlp: Language, name: str):
    """Factory: the component is a pure function of the Doc."""
    register_extensions()
    return segment
