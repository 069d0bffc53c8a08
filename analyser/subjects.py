"""The grammatical subject of a clause, read from the dependency parse: active, passive, commands,
infinitives and threats whose condition binds another party."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .layout import COMMAND_TAGS, structure
from .party_words import SUBJECT_RELATIONS, has_phrase, lexicon, noun_party
from .rules import condition_words

_COMMAND_OPENERS = frozenset(("please", "always", "never", "not", "do", "n't", "also", "then", "and"))


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
    so = next((c for c in root.children if c.lower_ == "so" and c.i < root.i), None)
    if so is not None:  # "I will text Mum when I go out, so she knows where I am" parsed with "knows" as root
        root = next((c for c in root.children if clause.start <= c.i < so.i and c.dep_ in (
            "ccomp", "advcl", "parataxis") and any(a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)), root)
    root = next((c for c in root.children if c.dep_ == "csubj" and any(
        a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)), root)  # "X will ring Mum on any day Kai is ill"
    passives = [root, *(c for c in root.children if c.dep_ in ("xcomp", "ccomp", "oprd") and c.tag_ == "VBN")]
    passives += [c for v in list(passives) for c in v.conjuncts if c.tag_ == "VBN"]  # "taken and collected by X"
    told = next((c for c in root.children if c.dep_ == "nsubjpass"), None)
    if told is not None and told.lower_ != "it" and _told_to(root):  # not "It is expected that you will ..."
        return _phrase(told, clause), False  # "Dorian has been told by the police that he must not come ..."
    agent = next((c for v in passives for c in v.children if c.dep_ == "agent"), None)  # "are to be met by X"
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is not None and not (pobj.ent_type_ in ("DATE", "TIME") or pobj.like_num):  # not "by 10 May"
        return _phrase(pobj, clause), False
    if any(c.dep_ == "auxpass" for v in passives for c in v.children):  # also "is to be told ... by X"
        pobj = _stray_agent(clause)
        if pobj is not None:
            return _phrase(pobj, clause), False
    subject = next((c for c in root.children if c.dep_ in SUBJECT_RELATIONS and any(ch.isalnum() for ch in c.text)),
                   None) or _misparsed_subject(root)  # not the bullet "•" the parser took for a subject
    if subject is None or not clause.start <= subject.i < clause.end:
        return None, False
    if subject.tag_ == "VB" and subject.i == next(t.i for t in clause if not t.is_punct):
        return None, False  # "Walk with Lucía to school, then let her walk ...": a command the parser gave a subject
    command = next((t for t in clause if not (t.is_punct or t.lower_ in _COMMAND_OPENERS)), None)
    if opens_with_command(clause) and command.i < subject.i and command.lemma_ != "be":
        return None, False  # a command whose object part has its own subject: "Keep it locked so he cannot ..."
    asked = next((c for c in root.children if c.dep_ == "dobj"), None)
    asker = subject.lower_ in ("we", "i", "us") or getattr(noun_party(subject.text), "role", None) == "professional"
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


def _told_to(root: Token) -> bool:
    """A past telling or asking that passes an obligation on ("has been told ... that he must not",
    "was asked by the police to stay away"): it binds the one told, not the teller. "Mum will be
    told by Jo ..." is Jo's to do."""
    return root.lemma_ in lexicon().obligation_passives and root.tag_ == "VBN" and not any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in root.children) and any(
        c.dep_ == "xcomp" and _infinitival(c) or c.dep_ == "ccomp" and any(
            a.dep_ == "aux" and a.tag_ == "MD" for a in c.children) for c in root.children)


def _stray_agent(clause: Span) -> Token | None:
    """The agent of a passive that the parser hung on a noun: "will be told about the bail
    conditions by the social worker by 7 May"."""
    for by in clause:
        if by.lower_ == "by" and by.dep_ == "prep":
            pobj = next((c for c in by.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME") and not pobj.like_num and (
                    pobj.pos_ == "PROPN" or noun_party(_phrase(pobj, clause).text)):
                return pobj
    return None


def _misparsed_subject(root: Token) -> Token | None:
    """"Rachel will hold a meeting": the parser sometimes attaches the name as a modifier; a name
    or noun before the verb's "will"/"must" is still its subject."""
    aux = next((a for a in root.children if a.dep_ == "aux" and a.i < root.i), None)
    if aux is None:
        return None
    before = root.doc[max(aux.i - 12, 0):aux.i]  # also when it hangs on the bullet before the clause
    line = max((t.i + 1 for t in before if "\n" in t.text or "\n" in t.whitespace_), default=before.start)
    subtree = {t.i for t in root.subtree}
    found = next((c for c in before if c.pos_ in ("PROPN", "NOUN") and (
        c.dep_ in ("npadvmod", "dep", "nmod", "nsubj") and (
            c.head == root and c.i >= aux.i - 6 or not c.head.is_alpha and (c.i >= aux.i - 6 or c.i >= line))
        or c.i == aux.i - 1 and c.pos_ == "PROPN" and c.head.i < c.i and c.head.i not in subtree)), None)
    first = root.doc[aux.i - 1] if aux.i else None
    while found is None and first is not None and first.dep_ == "conj" and first.pos_ == "PROPN":
        if first.i and root.doc[first.i - 1].text == ",":
            return first  # "If Craig drinks while looking after Amber, Nadia or Lorna will ...": hung on "Amber"
        first = first.head
    return found


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
    spaced = [t.i + 1 for t in token.doc[start:token.i] if t.text in ("-", "–", "—") and t.whitespace_]
    start = max(spaced, default=start)  # "Nursery place for Alfie - SW to chase": the actor after the dash
    while start < token.i and token.doc[start].is_punct:
        start += 1
    while end - 1 > token.i and token.doc[end - 1].is_punct:
        end -= 1
    doc = token.doc
    while end + 1 < min(len(doc), clause.end) and doc[end].text == "-" and not doc[end - 1].whitespace_ and (
            not doc[end].whitespace_ and doc[end + 1].is_alpha):
        end += 2  # "your ex-partner" that the parser cut after "ex"
    return doc[start:end]


def ultimatum_party(clause: Span, subject: Span | None) -> Span | None:
    """"If you do not ..., the children will be removed": an ultimatum binds the party of its
    condition, not the children or the authority that would act on it; "If he breaks his bail,
    tell the police" is a request to the reader."""
    if subject is None and is_imperative(clause):
        return None
    words = condition_words()
    authority = subject is not None and has_phrase(subject.text.lower().replace("’", "'"), words["authorities"])
    if subject is not None and subject.root.lower_ not in ("we", "us", "it", "they", "this", "that") and not any(
            t.lower_ in lexicon().child for t in subject) and not _is_thing(subject) and not authority:
        return None
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
    if authority:
        return None  # "If the home conditions do not improve, the local authority will ...": nobody named is bound
    yours = next((t for t in clause if t.lower_ == "your" and t.head.lemma_ in ("care", "home")
                  or t.lower_ == "you" and t.dep_ == "dobj" and t.head.lemma_ in words["sanction_lemmas"] | {"take"}),
                 None)  # "... take you to court", not "we will always tell you"
    return clause.doc[yours.i:yours.i + 1] if yours is not None else None  # "... removed from your care"


def _is_thing(phrase: Span) -> bool:
    """"the session", "the matter", "her family time": a subject that names no party."""
    return phrase.root.pos_ == "NOUN" and phrase.root.ent_type_ != "PERSON" and (
        noun_party(phrase.text) is None or phrase.root.lower_ in lexicon().unknown)


def infinitive_subject(clause: Span) -> tuple[Span | None, bool]:
    """The actor of a verbless "Parents to ensure ..." line; for "School to be updated" (a
    passive infinitive) there is none unless "by X" names one."""
    to = next((t for t in clause[:8] if t.tag_ == "TO" and t.i + 1 < clause.end), None)
    if to is None or to.i == clause.start or not all(
            t.pos_ in ("NOUN", "PROPN", "DET", "ADJ", "CCONJ", "PUNCT", "PRON")
            or t.is_upper and t.is_alpha and len(t) <= 3  # initials: "AH to send"
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


def is_imperative(clause: Span) -> bool:
    """A command with no subject and no modal: "Please sign ...", "If ..., please ring ..."."""
    root = clause.root
    return (root.tag_ in COMMAND_TAGS or root.lower_ in structure().command_verbs) and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux") for c in root.children)
