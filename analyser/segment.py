"""Component `agreement_clauses`: sections and clauses on `doc.spans`.

Works line by line from the layout: a line is a heading, a form or signature line, a template
table row, or text that is split into clauses at sentences, semicolons, coordinated
commitments of different actors (from the dependency parse) and items run together with
commas. Headings stay open until a heading or an item numbered at their level closes them, so
numbered sub-clauses keep their actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import register_extensions
from .layout import (
    COMMAND_TAGS,
    NUMBERING_RE,
    SUBJECT_DEPS,
    TERMINAL,
    field,
    has_modal,
    has_verb,
    heading_actor_text,
    heading_body,
    is_block_title,
    is_caption,
    is_declaration,
    is_distribution_heading,
    is_duty_heading,
    is_empty_row,
    is_event_line,
    is_form_line,
    is_heading,
    is_job_title,
    is_lead_in,
    is_letterhead,
    is_listing,
    is_marking,
    is_record,
    is_relative_word,
    is_table_header,
    last_mark,
    line_layout,
    marker_style,
    modal_word_in,
    outside_brackets,
    section_label,
    starts_with_phrase,
    structure,
    table_columns,
    word_key,
)
from .names import ROSTER_RE
from .party_words import TITLES, has_phrase, lexicon, noun_party


def _strip(doc: Doc, full: str, start: int, end: int) -> Span | None:
    """Trim whitespace, bullets, numbering and dangling punctuation from a char range.

    `full` is `doc.text`, passed in because spaCy rebuilds it on every access.
    """
    text = full[start:end]
    match = NUMBERING_RE.match(text)
    if match:
        start += match.end()
        text = text[match.end():]
    lead = len(text) - len(text.lstrip(" \t\n,;:-–—|"))  # "2.1 | Book ...": a reference cell
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
    """Split at semicolons, between main clauses that each name their own actor (joined by
    "and"/"but"/a comma), and before a relative clause that carries someone's commitment
    ("..., which Marta will make with him"); never inside a subordinate clause."""
    cuts: set[int] = set()
    for piece in _semicolon_pieces(sent):
        cuts.add(piece.start)
        for token in piece:
            at = (_coordinated_cut(token, piece) or _splice_cut(token, piece) or _list_cut(token, piece)
                  or _run_on_cut(token, piece) or _command_run_cut(token, piece) or _relative_cut(token, piece)
                  or _conditional_cut(token, piece))
            if at is not None:
                cuts.add(at)
    bounds = [sent.start, *sorted(cuts - {sent.start}), sent.end]
    return [_trim_joiners(sent.doc[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]


def _semicolon_pieces(sent: Span) -> list[Span]:
    """The parts of a sentence between semicolons that are followed by a verb."""
    cuts = [t.i + 1 for t in sent if t.text == ";" and t.i + 1 < sent.end
            and has_verb(sent.doc[t.i + 1:sent.end])]
    bounds = [sent.start, *cuts, sent.end]
    return [sent.doc[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def _is_top(token: Token, piece: Span) -> bool:
    """A main verb of the piece: its root, or coordinated with it (the parser often hangs the
    part before a semicolon on the part after it, so the root is taken within the piece)."""
    while token.dep_ in ("conj", "parataxis") and piece.start <= token.head.i < piece.end:
        token = token.head
    return token.head == token or not piece.start <= token.head.i < piece.end and token.dep_ not in (
        "advcl", "relcl", "acl")  # "while I am on bail and until ..." hung on a bullet is subordinate


def _own_subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECT_DEPS]


def _coordinated_cut(token: Token, piece: Span) -> int | None:
    """Where a coordinated clause with its own subject starts ("..., and she will help you",
    "..., but please ring me"); a reported "..., and that she will ..." counts too."""
    if token.dep_ not in ("conj", "parataxis", "ccomp") or token.pos_ not in ("VERB", "AUX"):
        return None
    own = _own_subjects(token) or _subject_before_modal(token) or [
        c for c in token.children if c.lower_ == "please"]
    if not own:
        return None
    left = _clause_start(token, min(token.left_edge.i, own[0].left_edge.i), piece)
    if token.doc[left].dep_ == "cc" and token.doc[left].head == token:
        left += 1  # the parser hung the "and" on the second clause: "... 14 July and I will ring ..."
    joiner = token.doc[left - 1] if left > piece.start else None
    if token.dep_ == "ccomp" and piece.start <= token.head.i < piece.end and (joiner is None or joiner.dep_ != "cc"):
        return None  # a reported clause ("said she will"), unless "and" shows it is a second one
    if joiner is None or joiner.lower_ in _NO_SPLIT_JOINERS:
        return None
    if not _is_top(token, piece) and not (joiner.dep_ == "cc" and (
            joiner.nbor(-1).text == "," and _after_its_clause(token.head)
            or has_modal(token.doc[left:token.i + 1]))):  # "I agree to pay ... and I will ring Gran ..."
        return None
    if joiner.dep_ == "cc" or joiner.text in (",", "-", "–"):
        first = next((t for t in piece if not (t.is_punct or t.text == "•")), None)
        command = first is not None and first.i < left and first.is_lower and first.lower_ in structure().command_verbs
        return left if has_verb(token.doc[piece.start:left]) or command else None  # "text Mum ... and she will"
    return None


def _after_its_clause(head: Token) -> bool:
    """A subordinate clause that follows the main clause and sets no condition ("..., after
    her drinking got worse"): a clause joined on to it by ", and" returns to the main level."""
    marks = [c.lower_ for c in head.children if c.dep_ == "mark"]
    return head.dep_ == "advcl" and head.i > head.head.i and bool(marks) and marks[0] not in _CONDITIONS


def _clause_start(token: Token, left: int, piece: Span) -> int:
    """Move the start back to the "and" before it when the parser hung the words in between on
    the first clause: "..., and at least once a fortnight she will see ..."."""
    joiners = [c for c in token.head.children if c.dep_ == "cc" and piece.start <= c.i < left]
    if joiners and left > piece.start and token.doc[left - 1].dep_ != "cc" and not has_verb(
            token.doc[joiners[-1].i + 1:left]):
        return joiners[-1].i + 1
    return left


def _splice_cut(token: Token, piece: Span) -> int | None:
    """Two main clauses joined by a comma alone, or by ", so" or ", otherwise", which the parser
    reads as one: "Keep an eye on his moods, he's been a bit up and down", "Skye drew a picture,
    so we're going to ask school", "... ring 999 if anyone's in danger, otherwise they ring Becky"."""
    if not _is_top(token, piece) or token.pos_ not in ("VERB", "AUX"):
        return None
    subject = max((c for c in _own_subjects(token) if c.i < token.i), key=lambda c: c.i, default=None)
    if subject is None or subject.left_edge.i - 2 <= piece.start:
        return None
    doc, left = token.doc, subject.left_edge.i
    connector = doc[left - 1].lower_ if doc[left - 2].text == "," else ""
    if connector == "otherwise":  # it carries the condition, so it opens the new clause
        return left - 1 if has_verb(doc[piece.start:left - 2]) else None
    comma = left - 2 if connector == "so" else left - 1
    opener = _opening_clause(token, piece, comma)
    if doc[comma].text != "," or opener is None or connector == "so" and opener.tag_ == "VB":
        return None  # after a command, ", so she can ..." gives its purpose
    return left


def _opening_clause(verb: Token, piece: Span, end: int) -> Token | None:
    """The verb of the main clause that opens the piece before `end`, which the parser hung on
    `verb`: a command, or a clause with its own subject, not "if"/"when"/"to" or an inverted
    "Should Ms Obi ..."."""
    first = next((t for t in piece if not (t.is_punct or t.text == "•")), None)
    if first is None or first.i >= end:
        return None
    if first.tag_ == "VB":
        return None if any(c.dep_ == "mark" or c.tag_ == "TO" for c in first.children) else first
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "advcl", "parataxis", "dep")
                   and c.left_edge.i == first.i and c.i < end), None)
    if clause is None or not _own_subjects(clause) or first.dep_ in ("aux", "auxpass", "mark"):
        return None
    return None if any(c.dep_ == "mark" for c in clause.children) else clause


def _conditional_cut(token: Token, piece: Span) -> int | None:
    """Where "..., and if she's had a drink she doesn't come in" starts: a condition joined by
    "and"/"but" that comes with its own main clause."""
    doc = token.doc
    if token.dep_ != "mark" or token.lower_ not in _CONDITIONS or token.i - 2 <= piece.start:
        return None
    joiner = doc[token.i - 1]
    if joiner.lower_ not in ("and", "but") or doc[token.i - 2].text != ",":
        return None
    after = [t for t in doc[token.i:piece.end] if t.dep_ in ("nsubj", "nsubjpass")]
    return token.i if len(after) >= 2 and has_verb(doc[piece.start:joiner.i]) else None


_CONDITIONS = ("if", "when", "unless", "whenever")


def _list_cut(token: Token, piece: Span) -> int | None:
    """Where the next item of a list run together with bare commas starts: a command ("engage
    with the worker, attend all appointments"), a note "X to do Y" ("..., leanne to phone him"),
    or in a list of facts "X in Y" ("house found in a poor state, no food in fridge"). Not after
    "If ..." or "When ...", whose comma leads into the main clause, nor in one actor's steps
    closed by "and" ("Sit with them, step in if ..., and share her notes")."""
    doc = token.doc
    if token.i - 3 < piece.start or doc[token.i - 1].text != "," or any(
            t.dep_ == "cc" and doc[t.i + 1].tag_ in COMMAND_TAGS for t in doc[token.i:piece.end - 1]):
        return None
    opener = next((t for t in piece if not t.is_punct), token)
    commas = [t.i for t in doc[piece.start:token.i - 1] if t.text == ","]
    item = doc[commas[-1] + 1] if commas else opener  # the item just before the comma
    if any(t.tag_ in ("IN", "WRB", "TO") or t.lower_ in _CONDITIONS for t in (opener, item)):
        return None
    negated = token.lower_ in ("not", "never", "no") and token.i + 1 < piece.end and (
        token.nbor().tag_ in COMMAND_TAGS or token.lower_ == "no" and token.nbor().pos_ == "NOUN")  # ", not talk to"
    noun_item = token.dep_ == "compound" or token.dep_ == "conj" and token.tag_.startswith("NN") and (
        token.head.tag_.startswith("NN"))  # "..., crack cocaine", "by phone, text, social media"
    verb_word = not noun_item and (token.tag_ in COMMAND_TAGS or (
        token.lower_ in structure().command_verbs and token.pos_ in ("NOUN", "VERB")))
    command = (verb_word and token.lemma_ != "be" or negated) and has_verb(doc[piece.start:token.i - 1])
    after = _after_noun_phrase(token, piece.end)
    fact = (after is not None and after.tag_ == "IN" and after.lower_ != "of" and token.pos_ != "ADJ"
            and opener.pos_ in ("NOUN", "PROPN", "DET") and not has_modal(piece))
    nxt = doc[token.i + 1] if token.i + 1 < piece.end else None
    told = (nxt is not None and not has_modal(piece) and token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound"
            and (nxt.tag_ in ("VBG", "VBN", "VBD", "VBZ") or nxt.lower_ == "not" and nxt.i + 1 < piece.end
                 and nxt.nbor().tag_ in ("VBN", "VBG")))  # notes of facts: "..., marnie going to nursery hungry"
    return token.i if command or fact or told or _is_noted_commitment(token, piece.end) else None


_NOT_AFTER = frozenset(("to", "and", "or", "not", "never", "will", "can", "must", "should", "would", "could",
                        "please", "n't", "'ll", "help", "let", "make", "and/or"))


def _command_run_cut(token: Token, piece: Span) -> int | None:
    """In a list of commands typed without punctuation ("change the locks by friday get a non mol
    order"), the next command: a known command verb with no subject of its own, after the end of
    an earlier command's words (not "let craig collect tayla", where "collect" has a subject)."""
    doc = token.doc
    opener = next((t for t in piece if not t.is_punct), None)
    if (opener is None or token.i - piece.start < 3 or any(t.is_punct for t in doc[piece.start:token.i])
            or not (opener.tag_ in COMMAND_TAGS or opener.lower_ in ("not", "never", *structure().command_verbs))
            or token.lemma_.lower() not in structure().command_verbs or token.tag_ not in (*COMMAND_TAGS, "VBD", "VBN")
            or any(c.dep_.startswith("aux") for c in token.children)
            or doc[token.i - 1].lower_ in _NOT_AFTER or doc[token.i - 1].tag_ in ("MD", "TO", "CC")
            or token.dep_ in ("xcomp", "aux", "amod", "compound")
            or any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("PRON", "PROPN", "NOUN") for c in token.children)):
        return None
    return token.i


def _is_noted_commitment(token: Token, end: int) -> bool:
    """A commitment noted as "X to do Y" from `token` on: "leanne to phone him", "fridge to be
    checked"; X is one word or a phrase around a common noun (in "Support Sofia to return to
    school" the tagger often reads the command as part of a name)."""
    after = _after_noun_phrase(token, end)
    return (after is not None and after.tag_ == "TO" and after.nbor().tag_ == "VB" and (
        after.i - token.i == 1 or after.nbor(-1).pos_ == "NOUN" and all(
            t.i < t.head.i < after.i for t in token.doc[token.i:after.i - 1])))


def _run_on_cut(token: Token, piece: Span) -> int | None:
    """In text typed without full stops, a main clause run on after another with no comma or
    joiner ("... since he started working away she has been feeling low"): its subject follows
    a finished clause that is not its own (not "Mum says she will", "when he is home he will").
    Punctuated text is left alone: there "the notebook Jess gave him" is a relative clause."""
    lower = piece.text == piece.text.lower()  # typed all in lower case: "craig punched shelby"
    typed = ("PRON", "PROPN", "NOUN") if lower else ("PRON", "PROPN")
    subject = next((c for c in _own_subjects(token) if c.i < token.i and c.pos_ in typed), None)
    if subject is None or token.dep_ not in ("ccomp", "conj", "parataxis") or _ends_sentence(piece) or any(
            c.dep_ == "mark" for c in token.children):
        return None
    doc, left = token.doc, subject.left_edge.i
    joiner = doc[left - 1]
    if left - 2 <= max(piece.start, token.head.i) or joiner.is_punct or joiner.dep_ in ("cc", "mark") or (
            joiner.lower_ == "that"):
        return None
    finished = any(t.pos_ in ("VERB", "AUX") and token not in t.ancestors for t in doc[token.head.i + 1:left])
    return left if finished else None


def _after_noun_phrase(token: Token, end: int) -> Token | None:
    """The word after a short noun phrase that starts at `token` and is not a day or a time
    ("fridge" in "fridge to be checked", not "Wednesdays" in "Wednesdays at 3pm")."""
    doc, at = token.doc, token.i
    while at < min(end, token.i + 4) and doc[at].pos_ in ("DET", "ADJ", "NOUN", "PROPN") and doc[
            at].ent_type_ not in ("DATE", "TIME"):
        at += 1
    named = any(t.pos_ in ("NOUN", "PROPN") for t in doc[token.i:at])  # not "free from violence"
    return doc[at] if named and at < end - 1 else None


_RELATIVE_WORDS = ("who", "which")


def _relative_cut(token: Token, piece: Span) -> int | None:
    """Where a relative clause that carries a person's commitment starts: "..., who will stay
    in the room", "a sticker chart, which Marta will make with him"."""
    if token.dep_ not in ("relcl", "ccomp") or token.pos_ not in ("VERB", "AUX"):
        return None
    wh = token.left_edge
    if wh.lower_ not in _RELATIVE_WORDS or wh.i <= piece.start + 1 or not has_modal(token.subtree):
        return None
    before = token.doc[wh.i - 1]
    if before.pos_ not in ("NOUN", "PROPN") and before.text != ",":
        return None  # "Tell me who will ...": a question, not a relative clause
    own = [c for c in _own_subjects(token) if c.lower_ not in _RELATIVE_WORDS + ("that",)]
    if wh.lower_ == "which" and not (own and own[0].pos_ in ("PROPN", "PRON")):
        return None  # "..., which will start on Monday" says something about a thing
    return wh.i if has_verb(token.doc[piece.start:wh.i]) else None


def _subject_before_modal(verb: Token) -> list[Token]:
    """The subject the parser hung on a noun before it ("do mornings and Glenys will ...",
    "recorded by the office and a printout of Kai's week will be posted ...")."""
    aux = next((c for c in verb.children if c.dep_ == "aux" and c.tag_ == "MD" and c.i < verb.i),
               None)
    if aux is None or aux.i < 2:
        return []
    noun = aux.nbor(-1)
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        noun = noun.head.head  # "week" in "a printout of Kai's week" (not "the box Priyanka will")
    first = noun.left_edge.i
    if noun.dep_ != "conj" or noun.pos_ not in ("NOUN", "PROPN", "PRON") or first < 1:
        return []
    return [noun] if verb.doc[first - 1].dep_ == "cc" else []


def _trim_joiners(span: Span) -> Span:
    """Drop a trailing "and"/"but"/comma left behind where a sentence was cut, and a full stop
    that belongs to another part of the sentence (it would become the part's root)."""
    doc, end = span.doc, span.end
    while end - 1 > span.start and (doc[end - 1].dep_ == "cc" or doc[end - 1].text in (",", "-", "–", "so")):
        end -= 1
    if end - 1 > span.start and doc[end - 1].is_punct and doc[span.start:end].root.i == end - 1:
        end -= 1
    return doc[span.start:end]


def starts_with_subject(clause: Span, section: str | None = None) -> bool:
    """Whether the clause opens with its own subject ("He will ...", "The school will ..."),
    rather than with a verb that takes its actor from the heading ("Bring Kai to ..."); under a
    list of duties ("Responsibilities of the Local Authority") a passive that leaves the actor
    out ("Support will be offered") takes the heading's too. `section` defaults to the clause's."""
    heading = section if section is not None else clause._.section
    if heading and is_duty_heading(heading) and _actor_left_out(clause):
        return False
    if not has_verb(clause):
        return False  # a noun phrase under "Jess will pay for:" ("a crèche place for Jude")
    start = next((t.i for t in clause if t.lower_ not in _CONNECTIVES), clause.start)  # "otherwise the ..."
    first = clause.doc[start]
    if first.lower_ in ("i", "you", "we", "he", "she", "they", "it", "this", "there", "the", "a", "an"):
        return True
    if _is_noted_commitment(first, clause.end):
        return True  # "Mum to register the children with a GP"
    finite = ("VBZ", "VBD", "VBP")
    if first.text.rstrip(".") in TITLES and first.head.pos_ == "PROPN" and first.head.dep_ in SUBJECT_DEPS:
        first = first.head  # "Mr Dunn has been told ...": the name, not its title
    perfect = first.head.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.tag_ in finite
                                               for c in first.head.children)
    if first.pos_ == "PROPN" and first.dep_ in SUBJECT_DEPS and (first.head.tag_ in finite or perfect):
        return True  # "Rafe says he will give it a try", "Dorian has been told by the police that ..."
    for token in clause:
        if token.tag_ == "MD" or token.lower_ in structure().modal_words:
            subjects = [c for c in token.head.children if c.dep_ in SUBJECT_DEPS and c.i < token.i and any(
                ch.isalnum() for ch in c.text)] or [  # not the bullet "•" taken for a subject, but the name hung on it
                t for t in clause.doc[start:token.i] if t.dep_ in SUBJECT_DEPS and not t.head.is_alpha]
            lead = clause.doc[start:subjects[0].left_edge.i] if subjects else None
            if lead and lead[-1].text == "," and not has_verb(lead):
                return True  # "From Monday 13 February, her mum will ..."
            return bool(subjects) and subjects[0].left_edge.i <= start <= subjects[0].i and not any(
                t.tag_ == "RP" for t in clause.doc[start:subjects[0].i])  # "Sort out a ..." is a command
    return False


_CONNECTIVES = ("otherwise", "then", "and", "but", "so", "also")


def _actor_left_out(clause: Span) -> bool:
    """A passive without "by ..." or an existential: "Breath tests are to be provided", "It is
    expected that all appointments will be attended", "There must be food in the house" (but "Ms
    Obi is expected to arrive" names her)."""
    verb = clause.root
    if any(c.dep_ == "expl" for c in verb.children):
        return True  # "There must be food in the house": nobody is named
    if verb.lemma_ == "be":  # "The home is to be kept clean"
        verb = next((c for c in verb.children if c.dep_ == "xcomp"), verb)
    if any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children):
        verb = next((c for c in verb.children if c.dep_ == "ccomp"), verb)  # "It is expected that ..."
    deps = {c.dep_ for c in verb.children if c.dep_ != "agent" or not _is_deadline(c)}
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return ("auxpass" in deps and "agent" not in deps and "xcomp" not in deps and verb.lemma_ != "be"
            and (subject is None or subject.lower_ not in _RELATIVE_WORDS))  # not "who's said ..."


def _is_deadline(agent: Token) -> bool:
    """A "by" phrase that names a date ("by 10 May") says when, not who."""
    return any(c.dep_ == "pobj" and (c.like_num or c.ent_type_ in ("DATE", "TIME")) for c in agent.children)


_REQUEST_RE = re.compile(  # "You are asked to ring ...", "We would like you to ..."
    r"\b(?:is|are|am)\s+(?:being\s+)?asked\s+to\b|\b(?:would\s+like|want)\s+you\s+to\b", re.I)


def _passive_duty(clause: Span) -> bool:
    """"Tiana is to be taken to nursery", "No alcohol is to be drunk": a duty in the passive."""
    words = [t.lower_ for t in clause]
    return any(t.tag_ == "VBN" and i >= 3 and words[i - 2:i] == ["to", "be"] and words[i - 3] in ("is", "are", "not")
               for i, t in enumerate(clause))


def clause_kind(clause: Span, section: Section | None) -> str:
    """`commitment` if the clause asks something of someone, else `statement`."""
    s = structure()
    if section and starts_with_phrase(word_key(section.text[heading_body(section.text):]), s.statement_sections):
        return "statement"
    if " | " in clause.text:
        return "commitment"
    if section and section.actor and not starts_with_subject(clause, section.text):
        return "commitment"
    root = clause.root
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None and subject.lemma_.lower() in s.statement_subjects:
        if root.lemma_ in s.statement_verbs:
            return "statement"
    first = clause[0]
    if first.lower_ == "to" and len(clause) > 1 and clause[1].tag_ == "VB":
        return "statement"
    if has_modal(clause) or _is_noted_commitment(first, clause.end) or _REQUEST_RE.search(clause.text) or (
            _passive_duty(clause)):
        return "commitment"
    command = (root.tag_ in COMMAND_TAGS or root.lower_ in s.command_verbs) and not any(
        c.dep_ in SUBJECT_DEPS for c in root.children)
    if command or first.tag_ in COMMAND_TAGS or first.lower_ in s.command_verbs or (  # "If ..., text Sandra"
            first.lower_ in ("not", "never", "do", "don't") and len(clause) > 1):
        return "commitment"  # a command; after a heading line the tagger often reads "Make" as VBP
    return "statement"


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
    return bool(tokens) and tokens[-1].text in TERMINAL


@dataclass(frozen=True)
class Section:
    """A heading in force: its text (each clause's `section`) and whether it names who acts."""

    text: str
    actor: bool


class _Sections:
    """The headings open at the current line, outermost first, with their numbering style, so
    that "3.3 ..." closes "3.2 Jess will arrange:" and the items nested inside it."""

    def __init__(self) -> None:
        self.open: list[tuple[str, Section, bool]] = []

    def close(self, style: str) -> None:
        """A line numbered like an open heading ends it and everything inside it."""
        at = next((i for i, (s, _h, _i) in enumerate(self.open) if s == style), len(self.open))
        del self.open[at:]

    def push(self, style: str, section: Section, *, inherits: bool) -> None:
        """Open a heading; one that `inherits` ("(b) childcare, as follows:") lets its items keep
        the actor of the heading around it."""
        self.close(style)
        self.open.append((style, section, inherits))

    def current(self) -> Section | None:
        """The section the next clause belongs to."""
        return next((h for _s, h, inherits in reversed(self.open) if not inherits),
                    self.open[-1][1] if self.open else None)


_PS_RE = re.compile(r"\s*P\.?\s?P?\.?S\b\.?", re.I)  # "P.S.", "PS", "PPS": the letter speaks again
_PAGE_RE = re.compile(r"(?i)page\s+\d+(?:\s+of\s+\d+)?")
# a person with a date of birth, as in a header row: "Ellis Greaves, born 11.06.2017"
_BORN_RE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2},?\s+\(?(?i:born|dob|d\.o\.b\.?):?\s*\d")


_ROW_NUMBER_RE = re.compile(r"\d{1,2}[.)]?[ \t]*\|[ \t]*(?=\S)")  # not "999 | if someone is hurting me"


def _single_cell(row: str) -> bool:
    """A table row with only its first cell filled: "Health | | |"."""
    cells = row.split("|")
    return bool(cells[0].strip()) and not any(c.strip() for c in cells[1:])


def _style(text: str) -> str:
    """The numbering style or section label that sets a heading's level."""
    return marker_style(text) or section_label(text)


def _names_party(line: Span, items: list[Span]) -> bool:
    """A short noun phrase over a list of commitments names who does them: "School:" over
    "Keep Mason's place ..." and "Joanne will tell ..." (but not "Concerns:", or "Family time:"
    over "Saturdays at the centre")."""
    words = word_key(line.text)
    s = structure()
    return 0 < len(words.split()) <= 4 and not has_verb(line) and not any(
        t.tag_.startswith("W") for t in line) and not starts_with_phrase(
        words, s.heading_phrases + s.statement_sections) and any(
        has_modal(item) or item[0].tag_ == "VB" or item[0].lower_ in s.command_verbs  # "Visit" read as a name
        or item[0].lower_ == "to" and len(item) > 1 and item[1].tag_ == "VB"  # "Police" over "- To share any ..."
        for item in items if len(item))


def _party_with_name(heading: str) -> bool:
    """A relative or a job with the person's name: "Mum (Sasha)", "Keyworker – Bev", "Social worker (Ruth
    Akande)": whatever follows is that person's to do, a bare "Home visits fortnightly" too (not "Dad – Contact",
    "School – Attendance": a topic, or a service)."""
    named = re.fullmatch(r"([A-Za-z][\w'’]*(?: [\w'’]+){0,3})[ \t]*(?:\(([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})\)"
                         r"|[–—-][ \t]+([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}))", heading)
    if named is None:
        return False
    role, name = named.group(1), word_key(named.group(2) or named.group(3))
    s = structure()
    person = is_relative_word(role) or bool(has_phrase(role, lexicon().job_titles))
    return person and noun_party(name) is None and not starts_with_phrase(name, s.heading_phrases) and not any(
        p.startswith(name) for p in s.heading_phrases + s.statement_sections)


def _coded(cell: Span) -> bool:
    """A short code beside filled-in fields: "Year 8", "Tutor group 8RW" in "Student: ... | Age: 13 | Year 8"."""
    return len(cell) <= 3 and any(ch.isdigit() for ch in cell.text) and not has_verb(cell)


class _Segmenter:
    """One pass over the lines of a Doc, collecting headings and clauses."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.full = doc, doc.text  # the text is built once: each access joins every token
        self.layout = doc._.layout if doc._.layout is not None else line_layout(self.full)
        self.headings: list[Span] = []
        self.clauses: list[Span] = []
        self.sections = _Sections()
        self.table: tuple[int | None, bool, int | None] = (None, False, None)
        self.grouped: bool | None = None  # whether the table's first row was a group title
        self.signing = False  # inside a letter's signature block, after its closing ("Kind regards,")

    def run(self) -> None:
        """Read every line."""
        for index, (start, end, kind) in enumerate(self.layout):
            line = self.doc.char_span(start, end, alignment_mode="expand")
            if line is not None:
                self._line(line, kind, index)

    def _following(self, index: int) -> tuple[str | None, bool]:
        """The next line's text, and whether it follows without a blank line."""
        if index + 1 >= len(self.layout):
            return None, False
        start, end, _kind = self.layout[index + 1]
        return self.full[start:end], self.full[self.layout[index][1]:start] == "\n"

    def _line(self, line: Span, kind: str, index: int) -> None:
        """Read one line as a table row, a form line, a heading, a list of names, or text."""
        text = line.text
        next_text, adjacent = self._following(index)
        if self._table_line(line, kind, next_text):
            header = kind == "table_header" or is_table_header(text)  # not "Tel: 01632 ... | Mobile: 07700 ..."
            self.signing = self.signing and not (header and not self._furniture_row(line))
            return
        if word_key(text) in structure().closings:
            self.signing = True
            return
        reading = field(line) if kind != "bullet" else ("", None, None)
        ends = last_mark(text) or "\""
        if is_form_line(text) or is_declaration(line, next_text) or reading[0] == "form":
            self._form_asides(line)
            words = word_key(text)  # a cut line, a reply slip or a place to sign ends a signature block
            self.signing = self.signing and bool(words) and not starts_with_phrase(
                words, structure().strong_labels + structure().signature_enders)
        elif reading[0] == "content" and not index and ends not in ".!?":
            pass  # the document's title ("Safety Plan: Ruby and Alfie Tennant")
        elif reading[0] == "content" and ends not in ".!?" and heading_actor_text(reading[2].text):
            self._heading(reading[2], next_text, index)  # "Keeping everyone safe: what is expected of Liam"
        elif kind == "heading" or is_lead_in(line, next_text) or kind != "bullet" and not reading[0] and (
                is_heading(line) or is_block_title(line, self.full, next_text if adjacent else None)):
            self._heading(line, next_text, index)
        elif not self.clauses and kind != "bullet" and not reading[0] and is_event_line(line):
            pass  # the caption of the meeting that made the plan, above its first clause
        elif not reading[0] and _is_roster_line(line, kind):
            pass  # a roster entry or a list of names ("• Ruth Oni, Social Worker"): neither a heading nor a clause
        elif self.sections.current() is not None and is_distribution_heading(self.sections.current().text) and not (
                ends in ".!?" and has_verb(line)):  # a sentence after the list is back to the letter
            pass  # "Copies to:" lists who gets the agreement, "Enclosed:" what comes with it
        elif self.signing and kind != "bullet" and not marker_style(text) and not _PS_RE.match(text):
            pass  # the signature block: "My working days are Monday to Thursday.", "Our offices will be closed ..."
        else:
            self.signing = False
            if marker_style(text) not in ("", "•"):  # bullets cannot show how deep they are
                self.sections.close(marker_style(text))
            self._text(line, reading)

    def _table_line(self, line: Span, kind: str, next_text: str | None) -> bool:
        """A template table's header or row: a row is one clause, unless it is a signature row."""
        text = line.text
        if kind == "table_header" or (" | " in text and is_table_header(text)):
            self.table, self.grouped = table_columns(text), None
            return True
        if kind == "table_row" or " | " in text:
            group = self._group_row(line)
            if self.grouped is None:  # the first row is a group title when a full row follows it
                self.grouped = group is not None and next_text is not None and " | " in next_text and not (
                    _single_cell(next_text) or is_empty_row(next_text, self.table[2]))
            if group is not None and self.grouped:  # "Health | | |" heads the rows under it
                self.headings.append(group)
                self.sections.push("", Section(group.text, heading_actor_text(group.text) is not None), inherits=False)
            elif not self.table[1] and not self.signing and not is_form_line(text) and not (
                    is_empty_row(text, self.table[2]) or self._furniture_row(line)):
                numbered = _ROW_NUMBER_RE.match(text)  # "3 | Dad to ...": the row's number is not part of it
                self._add(line.start_char + (numbered.end() if numbered else 0), line.end_char, self.sections.current())
            return True
        self.table, self.grouped = (None, False, None), None
        return False

    def _furniture_row(self, line: Span) -> bool:
        """A header or footer laid out as a row: cells that are all letterheads ("X Council | Y
        Team"), all filled-in fields or labels ("Version 2 | Author: ... | Status: Agreed") or all
        people with their dates of birth, a field whose value runs on into more cells, or a cell
        with a protective marking or a page number
        ("Printed 23/01/2026 | OFFICIAL – SENSITIVE", "Written agreement | Page 2 of 4")."""
        cells = [span for m in re.finditer(r"[^|]+", line.text) if m.group().strip()
                 for span in [self.doc.char_span(line.start_char + m.start(), line.start_char + m.end(),
                                                 alignment_mode="contract")] if span is not None and len(span)]
        return bool(cells) and (
            all(is_letterhead(c.text) or is_job_title(c.text) for c in cells)
            or all(_BORN_RE.match(c.text) for c in cells)
            or any(is_marking(c.text) or _PAGE_RE.fullmatch(c.text) for c in cells)
            or all(field(c)[0] == "form" or is_form_line(c.text) or _coded(c) or is_caption(c) for c in cells)
            and not all(_coded(c) for c in cells)
            or _filled_fields(cells)
            or field(cells[0])[0] == "form" and all(  # "Children: Alfie Nairn (3) | Rosie Nairn (11 mths)"
                c[0].pos_ == "PROPN" and len(c) <= 12 and not has_verb(outside_brackets(c)) for c in cells[1:]))

    def _group_row(self, line: Span) -> Span | None:
        """A row with only its first cell filled by a few words and no verb: a group title, when the
        table opens with one (otherwise "Parenting sessions | |" is an action nobody was given)."""
        if not _single_cell(line.text):
            return None
        first = _strip(self.doc, self.full, line.start_char, line.start_char + line.text.index("|"))
        return first if first is not None and len(first) <= 5 and not has_verb(first) and (
            first.text[-1] not in ".!?") else None

    def _form_asides(self, line: Span) -> None:
        """A commitment in brackets on a signature line: "Signed: ___ (I must sign this ...)"."""
        for aside in re.finditer(r"\(([^()]+)\)", line.text if "___" in line.text else ""):
            if modal_word_in(word_key(aside.group(1))):
                self._add(line.start_char + aside.start(1), line.start_char + aside.end(1),
                          self.sections.current())

    def _items(self, index: int) -> list[Span]:
        """The list items that follow line `index`, without their markers; or the one unmarked line right under
        it ("Health visitor" over "Visit monthly, weigh Alfie ...")."""
        items = []
        for start, end, _kind in self.layout[index + 1:]:
            marker = NUMBERING_RE.match(self.full[start:end])
            span = self.doc.char_span(start + marker.end(), end, alignment_mode="contract") if marker else None
            if span is None:
                break
            items.append(span)
        if not items and self._following(index)[1]:
            start, end, _kind = self.layout[index + 1]
            items = [span for span in [self.doc.char_span(start, end, alignment_mode="contract")] if span is not None]
        return items

    def _heading(self, line: Span, next_text: str | None, index: int) -> None:
        """Open a section; a lead-in such as "3.2 Jess will arrange:" opens one for its items."""
        style, lead_in = _style(line.text), is_lead_in(line, next_text)
        if style == "•":  # the section is named without its bullet
            line = self.doc.char_span(line.start_char + 2, line.end_char, alignment_mode="contract") or line
        self.headings.append(line)
        self.signing = self.signing and _in_signature(line)
        text = line.text.rstrip(":").strip()
        actor = (heading_actor_text(text) is not None or _names_party(line, self._items(index))  # "Police" over a list
                 or _party_with_name(text))
        inherits = lead_in and bool(style) and not actor and line.text.rstrip().endswith(":")  # not "7. Review"
        self.sections.push(style, Section(text, actor), inherits=inherits)

    def _text(self, line: Span, reading: tuple[str, Span | None, Span | None]) -> None:
        """The clauses of one line of text; a "Views: ..." field's label is a heading for its value."""
        kind, label, value = reading
        section = self.sections.current()
        if kind == "content" and label is not None and value is not None:
            opened = len(label.text) - len(label.text.lstrip("[("))  # "[Mum: I will ...]", an adult's words in a plan
            label = self.doc.char_span(label.start_char + opened, label.end_char, alignment_mode="contract") or label
            if opened and value.text.rstrip()[-1:] in ")]":
                value = self.doc.char_span(value.start_char, value.end_char - 1, alignment_mode="contract") or value
            self.headings.append(label)
            line = value
            section = Section(label.text.strip(), heading_actor_text(label.text) is not None
                              or is_relative_word(label.text))  # "Dad: to attend all appointments"
        line = _unmarked(line)  # "ii." would read as a sentence of its own
        parts = [part for sent in sentences(line) for part in split_sentence(sent)]
        for number, part in enumerate(parts):
            if number == len(parts) - 1 > 0 and part.text.rstrip()[-1] == ":" and len(part) <= 12:
                continue  # "... We therefore expect the following:" leads into a list
            self._add(part.start_char, part.end_char, section)

    def _add(self, start: int, end: int, section: Section | None) -> None:
        span = _strip(self.doc, self.full, start, end)
        if span is None or is_form_line(span.text) or is_record(span):
            return
        if self.clauses and span.start < self.clauses[-1].end:
            return
        clause = Span(self.doc, span.start, span.end, label=clause_kind(span, section))
        clause._.section = section.text if section else None
        self.clauses.append(clause)


def _is_roster_line(line: Span, kind: str) -> bool:
    """A roster entry or a list of names; as a bullet, only with no verb outside brackets but a participle
    ("• Tobias, aged 9 – Year 4", not "• Nan to have the kids")."""
    body = _unmarked(line)
    roster = ROSTER_RE.match(body.text)  # "• Kayleigh Marwood – Geraldine's daughter, aged 24, lives in ...": the
    described = re.search(r"[,;]", roster.group(2)) if roster else None  # verbs after the description are details
    end = body.start_char + (roster.start(2) + described.end() if described else len(body.text))
    return (kind != "bullet" or not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" and t.idx < end
                                        for t in outside_brackets(body))) and is_listing(body)


def _in_signature(line: Span) -> bool:
    """A line of a signature block that reads like a heading: a name ("Fern Lisgar (she/her)"), a job, a team or
    a council with its slogan."""
    words = [t for t in outside_brackets(line) if not t.is_punct]
    if line.text.isupper() and not is_letterhead(line.text) or any(
            w in structure().event_nouns for w in word_key(line.text).split()):
        return False  # "WRITTEN AGREEMENT", "Safety Plan": the letter gives way to the plan
    first = re.split(r"\s[–—|-]\s", line.text)[0]  # "Kelsbrook County Council – Brighter Futures Together"
    return any(is_letterhead(part) or is_job_title(part) for part in {first, line.text}) or 0 < len(words) <= 4 and all(
        t.text[0].isupper() and not t.is_stop for t in words)


def _filled_fields(cells: list[Span]) -> bool:
    """A header row of filled-in fields whose values may say anything: "Name: Reuben Mallinder | Age: 15 |
    Order ends: 30 June"."""
    labels = [c.text.partition(":") for c in cells]
    return len(cells) > 1 and word_key(labels[0][0]) in structure().form_labels and not any(
        has_modal(c) for c in cells) and all(colon and 0 < len(word_key(label).split()) <= 3
                                             for label, colon, _value in labels)


def _unmarked(line: Span) -> Span:
    """The line without its list marker ("•", "2.", "(b)")."""
    marker = NUMBERING_RE.match(line.text)
    if not marker:
        return line
    return line.doc.char_span(line.start_char + marker.end(), line.end_char, alignment_mode="contract") or line


def segment(doc: Doc) -> Doc:
    """Fill `doc.spans["sections"]` (headings) and `doc.spans["clauses"]`."""
    segmenter = _Segmenter(doc)
    segmenter.run()
    doc.spans["sections"] = segmenter.headings
    doc.spans["clauses"] = segmenter.clauses
    return doc


@Language.factory(
    "agreement_clauses",
    assigns=["doc.spans", "span._.section"],
    requires=["token.dep", "token.is_sent_start"],
)
def make_clauses(nlp: Language, name: str):
    """Factory: the component is a pure function of the Doc."""
    register_extensions()
    return segment
