"""Domestic-abuse evidence: whether a document is about abuse, and which adult is harmed and which
causes harm, read from the parse rather than from words alone (denials and other people's deeds
do not count)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .names import antecedent_party, is_adult, is_child, is_person, party_at, pronoun_candidates
from .party_words import (
    PRONOUNS,
    SUBJECT_RELATIONS,
    TITLES,
    Lexicon,
    Party,
    Registry,
    gender_of,
    has_phrase,
    lexicon,
    phrase_re,
)

_AIMED_PREPS = frozenset(("to", "towards", "toward", "against", "of"))
_REFLEXIVES = ("himself", "herself", "themselves", "myself", "yourself", "themself")
_CHILDHOOD = ("child", "kid", "boy", "girl", "little")
_DA_AGE = 16  # the age from which harm to a partner or relative is domestic abuse (LABELLING.md)


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
    about domestic abuse" show none, nor does "neither parent has made any allegation of domestic
    abuse" ("has not reported the domestic abuse" still does)."""
    low = text.lower().replace("’", "'")
    return any(not _DENIAL_RE.search(low[:m.start()]) for m in phrase_re(tuple(cues)).finditer(low))


_DENIAL_RE = re.compile(r"\b(?:(?:no|never|without)\s+(?:[\w'-]+\s+){0,3}"
                        r"|(?:neither|nor)\s+(?:[\w'-]+\s+){0,5}(?:any|an?)\s+(?:[\w'-]+\s+){0,2})$")


def _abuse_shown(token: Token, lex: Lexicon) -> bool:
    """Domestic abuse is between people of 16 or over: "Dad hit him" about a child of seven is not it, nor is
    being "scared of the dentist" or "abusive to professionals"."""
    if token.lemma_ in (lex.abuse_verbs | lex.injury_verbs | lex.aimed_verbs) and _young_doer(token, lex):
        return False  # "Kian (15) has hit his mum": harm by a child under 16 is not domestic abuse
    if token.lemma_ in lex.abuse_verbs and token.pos_ == "VERB" and not _no_deed(token, lex):
        heads = [token, *(c for c in token.children if c.dep_ == "xcomp")]  # "threatened to report her"
        targets = [c for h in heads for c in h.children
                   if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("PROPN", "PRON", "NOUN")
                   and (token.lemma_ not in lex.violent_verbs or is_person(c, lex))]  # not "kicking doors"
        if targets and not any(is_child(c, lex, _DA_AGE) for c in targets) and (
                token.lemma_ in lex.violent_verbs or any(
                    c.dep_ in ("nsubj", "agent", "dobj", "nsubjpass") and (is_adult(c) or c.pos_ == "PROPN")
                    for c in token.children)):
            return True  # "pushed Chantelle into a door frame" (a name not given a child's age)
    if token.pos_ == "VERB" and _gerund_deed(token, lex) and any(
            c.dep_ == "nsubj" and (is_adult(c) or c.pos_ == "PROPN" and not is_child(c, lex, _DA_AGE))
            for c in token.children):
        return True  # "Mr Osei has described being slapped ..."
    if token.lemma_ in lex.aimed_verbs and _thrown_at(token) is not None:
        return True  # "threw a mug at Sarah"
    owners = _injured(token, lex) if token.lemma_ in lex.injury_verbs | lex.abuse_verbs else []
    if owners and not any(is_child(o, lex, _DA_AGE) for o in owners):
        return True  # "Jordan broke her nose"
    if token.lower_ in lex.abuse_adjectives or token.lower_ in lex.fear_words:
        holder = token.head if token.dep_ == "acomp" else token
        own = {c.lower_ for c in holder.children if c.dep_ == "nsubj" and c.pos_ == "PRON"}
        aimed = [t for c in token.children if c.dep_ == "prep" and c.lower_ in _AIMED_PREPS
                 for t in c.subtree if t.dep_ != "prep" and t.lower_ not in own]
        # "violent towards Amber", "frightened of what he will do"; not "he is scared of what they will do if he stops"
        if token.lower_ in lex.abuse_adjectives:  # "her boyfriend becomes violent", "Tom is controlling"
            aimed += [c for c in holder.children if c.dep_ == "nsubj"]
        return any(is_adult(t) or t.pos_ == "PROPN" and not is_child(t, lex, _DA_AGE) for t in aimed)
    return _abuse_suffered(token, lex)


def _young_doer(verb: Token, lex: Lexicon) -> bool:
    """The one who does the harm is a child under 16 (the Domestic Abuse Act 2021 starts at 16),
    also as "he" when only such a child is named before, and across "and" ("pushed her and bruised ...")."""
    while verb.dep_ in ("conj", "xcomp") and not any(c.dep_ in ("nsubj", "agent") for c in verb.children):
        verb = verb.head  # "pushed her and bruised her arm", "threatened to hit her"
    doers = [c for c in verb.children if c.dep_ == "nsubj"] + [
        g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for doer in doers:
        named = pronoun_candidates(doer, lex) if doer.lower_ in ("he", "she") else [doer]
        wanted = PRONOUNS.get(doer.lower_)
        adult = doer.lower_ in ("he", "she") and any(  # "Jack (14) lives with Mum and her partner. ... he punched Mum"
            t.lower_ in lex.intimate and lex.family.get(t.lower_) in (None, wanted)
            for t in doer.doc[max(0, doer.i - 40):doer.i])
        if named and not adult and all(n.pos_ == "PROPN" and is_child(n, lex, under=_DA_AGE) for n in named):
            return True  # "he" only when every name he could be is such a child and no adult is mentioned
    return False


def _no_deed(verb: Token, lex: Lexicon) -> bool:
    """An abuse verb that reports no abuse: a possibility ("Arthur could be hurt"), a denial
    ("Nobody's going to kick me out"), a condition on anyone ("if anyone hurts him"), a phrasal
    verb ("kick out of school") or an injury to the doer's own body ("She hurt her back lifting Theo",
    "if Dad has hurt himself") or one's childhood ("was hit as a child")."""
    governing = verb.head if verb.dep_ == "xcomp" else verb  # "Nobody's going to kick me out"
    subject = next((c for v in (verb, governing) for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may", "would") for c in verb.children)
            or any(c.dep_ == "neg" for c in verb.children)
            or verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in governing.children)  # "don't want to hurt"
            or subject is not None and subject.lower_ in ("nobody", "noone", "no one")
            or subject is not None and subject.lower_ in ("anyone", "anybody", "someone", "somebody") and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in ("if", "when", "unless") for c in verb.children)
            or any(c.dep_ in ("prt", "prep") and c.lower_ == "out" for c in verb.children)
            or subject is not None and _own_body(verb, subject, lex)
            or any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVES and not c.conjuncts for c in verb.children)
            or any(t.lower_ == "as" and any(g.lemma_ in _CHILDHOOD for g in t.children) for t in verb.subtree)
            or any(c.dep_ == "advcl" and any(g.dep_ in ("attr", "acomp") and g.lemma_ in _CHILDHOOD for g in c.children)
                   for c in verb.children))
    # "he was hit with a belt as a child", "when she was little": not between adults


def _thrown_at(verb: Token) -> Token | None:
    """The person something was thrown or swung at: "at Sarah", "at her"."""
    return next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children
                 if g.dep_ == "pobj" and (g.pos_ == "PROPN" or is_adult(g))), None)


def _abuse_suffered(token: Token, lex: Lexicon) -> bool:
    """"the abuse you have suffered", "violence from her ex": an abuse noun tied to a harmed
    verb or to the person it comes from or is aimed at."""
    if token.lemma_ not in ("abuse", "violence") or token.pos_ != "NOUN":
        return False
    return token.head.lemma_ in lex.harmed_verbs or any(
        c.lemma_ in lex.harmed_verbs and c.dep_ == "relcl"
        or c.dep_ == "prep" and c.lower_ in ("from", "by", "towards", "toward", "against")
        and any(g.dep_ == "pobj" for g in c.children) for c in token.children)


def read_abuse_roles(doc: Doc, reg: Registry) -> None:
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
            party = party_at(token, reg)
            if party is None:
                if token.lower_ == "you" and reg.addressee is not None:
                    _set_abuse_role(reg, reg.addressee, _abuse_verdict(token, lex))
                elif token.lower_ in ("you", "i", "me") and _abuse_verdict(token, lex):
                    reg.voice_abuse.setdefault("you" if token.lower_ == "you" else "i", _abuse_verdict(token, lex))
                elif token.pos_ == "PROPN" and token.dep_ != "compound" and token.is_title:
                    _register_by_deed(token, _abuse_verdict(_phrase_head(token), lex), reg)
                elif token.lower_ in PRONOUNS and token.dep_ != "poss":
                    verdict = _abuse_verdict(token, lex)
                    party = antecedent_party(token, reg, PRONOUNS[token.lower_]) if verdict else None
                    if party is not None:
                        if party.gender is None and PRONOUNS[token.lower_] in ("m", "f"):
                            party.gender = PRONOUNS[token.lower_]  # "she has followed him": Chloe is a she
                        _set_abuse_role(reg, party, verdict)
                continue
            anchor = _phrase_head(token)
            _set_abuse_role(reg, party, _abuse_verdict(anchor, lex))
            harmers.append((anchor, party))
        outside = any(_harms_former_partner(t, lex) for t in sent)  # "her partner ... assaulted his former partner"
        reg.harmed_outside |= outside
        for anchor, party in harmers:  # shown harming here, or by "he" later in the sentence
            if outside or reg.role(party) != "perpetrator" or not _names_partner(anchor, lex):
                continue
            for owner in _partner_owners(anchor, sent, reg):
                owner.role = "family"  # whoever has a partner here is no worker ("Callum ... told the school")
                _set_abuse_role(reg, owner, "victim")


def _harms_former_partner(token: Token, lex: Lexicon) -> bool:
    """"convicted of assaulting his former partner", "ABH against a previous partner", "an order
    protecting his ex-partner": the one harmed is outside the plan (not "her ex-partner hit her")."""
    former = any(c.lower_ in lex.former_words for c in token.children) or token.i > 1 and (
        token.nbor(-1).text == "-" and token.nbor(-2).lower_ in lex.former_words)  # "ex-partner" as three tokens
    if token.lower_ not in lex.partner_words or not former or _denied(token.head):
        return False
    if token.dep_ == "dobj":
        return token.head.lemma_ in lex.abuse_verbs or token.head.lemma_ == "protect"
    return token.dep_ == "pobj" and token.head.lower_ in ("against", "towards", "toward") and (
        token.head.head.lemma_.lower() in lex.harm_nouns | lex.abuse_adjectives | lex.abuse_verbs | lex.sanction_nouns)


def _register_by_deed(token: Token, verdict: str | None, reg: Registry) -> None:
    """A name the tagger did not take for a person ("when Imran hit you") is one when it
    harms or is harmed."""
    if verdict and token.text.rstrip(".") not in TITLES:  # a misparsed "Ms" alone is nobody
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
        if any(c.dep_ == "dobj" and not is_person(c, lex) for c in token.children):
            continue  # "throwing things and kicking doors"
        path = [a for a in token.ancestors if a.i != verb.i and verb in a.ancestors]
        if any(c.dep_ in SUBJECT_RELATIONS for t in (token, *path) for c in t.children) or any(
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
        party = party_at(child, reg)
        if party is None and child.lower_ in ("her", "his", "their"):
            party = antecedent_party(child, reg, {"her": "f", "his": "m"}.get(child.lower_), workers=True)
        if party is not None and party.role != "perpetrator":
            owners.append(party)
    return owners


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
    doer = gender_of(subject, lex) if subject is not None else None
    own = {"his", "their", "my", "our"} | ({"your"} if subject is not None and subject.lower_ == "you" else set())
    return [c for p in parts if p.lemma_ in lex.body_parts for c in p.children
            if c.dep_ == "poss" and c.lower_ not in own and not (c.lower_ == "her" and doer == "f")]


def _governing_verb(token: Token) -> Token | None:
    return next((a for a in token.ancestors if a.pos_ == "VERB"), None)


def _date_subject_verb(token: Token) -> Token | None:
    """"On 2 February Marcus pushed ...": the parser takes the name for the date's object; the
    verb right after it (or after the name's apposition: "Darren Farrant, her ex-husband, came"),
    with no subject of its own, is the name's."""
    verb = token.head.head
    after = token.right_edge.i + 1
    if (token.dep_ == "pobj" and token.pos_ == "PROPN" and verb.pos_ == "VERB" and token.head.i < token.i
            and after < len(token.doc) and token.doc[after].i <= verb.i and all(
                t.is_punct for t in token.doc[after:verb.i])
            and not any(c.dep_ in SUBJECT_RELATIONS for c in verb.children)):
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
        deeds = [verb, *(v for v in verb.conjuncts if not any(c.dep_ in SUBJECT_RELATIONS for c in v.children))]
        return "perpetrator" if any(v.lemma_ in lex.abuse_verbs or _injured(v, lex) for v in deeds) else None
    head = token.head
    verbs = [head] + [v for v in head.conjuncts if v.pos_ in ("VERB", "AUX") and token.i < v.i and not any(
        t.dep_ in SUBJECT_RELATIONS and t.i != token.i and t.head.tag_ != "VBG"
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
    if token.dep_ == "nsubjpass" and head.lemma_ in lex.sanction_verbs:
        sanctioned = [head]  # "was convicted of ..."
    elif token.dep_ == "nsubj" and head.lemma_ == "have":
        sanctioned = [c for c in head.children if c.dep_ == "dobj" and c.lemma_ in lex.sanction_nouns]  # "has a ..."
    else:
        sanctioned = []
    if any(c.dep_ == "prep" and c.lower_ in ("of", "for") and any(
            g.lemma_.lower() in lex.abuse_verbs | lex.harm_nouns for g in c.children)
            for s in sanctioned for c in s.children):
        return "perpetrator"  # "was convicted of assaulting her", "was arrested for assault", "has a caution for ABH"
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
