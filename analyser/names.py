"""People's names in a document and the roles they hold: proper names, rosters, ages, form fields,
bracketed and apposed role words, kin words, and who a titled or first name refers to."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from .layout import DECLARING_RE, structure, word_key
from .party_words import (
    PRONOUNS,
    SUBJECT_RELATIONS,
    TITLE_KEYS,
    TITLES,
    Lexicon,
    Party,
    Registry,
    doc_text,
    first_names,
    form_fields,
    gender_of,
    has_phrase,
    is_kin_context,
    is_professional_context,
    lexicon,
    noun_party,
    titled_parties,
)


def is_person(token: Token, lex: Lexicon) -> bool:
    """Someone who can be hurt: a name, a pronoun or a person noun; "kicking doors" hurts nobody
    (controlling someone's money is abuse, so only blows need a person)."""
    return token.pos_ != "NOUN" or token.lemma_ in lex.person_nouns or noun_party(token.text) is not None


def is_child(token: Token, lex: Lexicon, under: int = 18) -> bool:
    """A child word, a name given an age under 18 (or `under`), or a pronoun for the nearest such name."""
    owners = {t.i for c in token.children if c.dep_ == "poss" for t in c.subtree} | {
        t.i for c in token.subtree if c.dep_ in ("relcl", "acl") for t in c.subtree}
    if token.pos_ != "PROPN" and any(t.lower_ in lex.child for t in token.subtree if t.i not in owners):
        return True  # "the baby", "none of the children"; not "the children's mother" nor "his mother, who ..."
    if token.pos_ == "PROPN":
        name = " ".join(t.text for t in token.subtree if t is token or t.dep_ == "compound" and t.pos_ == "PROPN"
                        and t.ent_type_ not in ("DATE", "TIME") and t.text.rstrip(".") not in TITLES)
        age = age_of(token.doc, name)
        return age is not None and age < under or (age is None or under == 18) and _child_field(token.doc, name)
    if token.lower_ in ("him", "her", "them") or token.lower_ in ("he", "she") and _teller(token) is not None:
        before = pronoun_candidates(token, lex)  # a subject only in what someone told: "... says she has been hit"
        return bool(before) and is_child(before[-1], lex, under)
    return False


def pronoun_candidates(token: Token, lex: Lexicon) -> list[Token]:
    """The names a pronoun could stand for, nearest last: those of its gender (or of none known)
    in the 40 words before it, outside its own clause's subject."""
    subject = {t.i for c in token.head.children if c.dep_ in SUBJECT_RELATIONS for t in c.subtree}
    wanted = {"him": "m", "he": "m", "her": "f", "she": "f"}.get(token.lower_)
    before = [t for t in token.doc[max(0, token.i - 40):token.i]
              if t.pos_ == "PROPN" and t.is_alpha and t.i not in subject and t.dep_ != "compound"
              and t.ent_type_ not in ("DATE", "TIME")
              and _name_gender(t, lex) in (None, wanted)]
    if before and any(c.dep_ == "nsubj" and c.lower_ == {"him": "he", "her": "she"}.get(token.lower_)
                      for c in token.head.children):
        before = before[:-1]  # "he grabbed him": "he" is the man named last, so "him" is someone else
    teller = _teller(token, before)  # "Oliwia told Mrs Pryor that Tata hits her": "her" is the girl who told
    return [t for t in before if t is not teller] + [teller] if teller is not None else before


def _teller(token: Token, among: list[Token] | None = None) -> Token | None:
    """The subject of the verb of speech a pronoun's clause reports ("Oliwia told ... that Tata hits her";
    shared: "if Oliwia has a mark or says she has been hit", "Kayla refused ..., saying she is bullied"),
    if it is one of `among` (any subject when not given)."""
    for verb in (a for a in token.ancestors if a.lemma_ in ("tell", "say", "disclose", "report", "explain")):
        holders = [verb] + ([verb.head] if verb.dep_ in ("conj", "advcl", "xcomp") else [])
        subject = next((c for h in holders for c in h.children if c.dep_ == "nsubj"), None)
        if subject is not None and (among is None or subject in among):
            return subject
    return None


def _child_field(doc: Doc, name: str) -> bool:
    """The name fills a "Child:" field ("Child: Isla Marsden (date of birth ...)")."""
    within = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)
    return any(_child_label(label) and within.search(value) for label, value in form_fields(doc_text(doc)))


def _child_label(label: str) -> bool:
    """A field label naming a child: "Child", "Young person", "Eldest child", "Unborn baby"."""
    child, words = lexicon().child, label.split()
    return label in child or len(words) == 2 and words[1] in child


def _name_gender(token: Token, lex: Lexicon) -> str | None:
    """A name's gender where the text gives it: "her grandson Cody", "Cody, her son", "Ms Ali"."""
    kin = [token.head] if token.dep_ == "appos" else []
    kin += [c for c in token.children if c.dep_ == "appos"]
    genders = lex.family | lex.kin_genders
    return gender_of(token, lex) or next((genders[k.lower_] for k in kin if genders.get(k.lower_)), None)


def is_adult(token: Token) -> bool:
    """A title name, a parent or partner word, or a pronoun: someone who could be abusive."""
    first = min([token.i] + [c.i for c in token.children if c.dep_ == "compound" and c.i < token.i])
    before = {t.text.rstrip(".") for t in token.doc[max(first - 1, 0):token.i]}
    return bool(before & {"Mr", "Mrs", "Ms", "Miss", "Mx"}) or token.lower_ in lexicon().intimate or token.lower_ in (
        "he", "she", "him", "her", "you", "me"
    )


def context_window(doc: Doc, start: int, end: int) -> str:
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
                and noun_party(doc[left - 2].text) is None):  # nor "SW and Toni"
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
    owned = len(right) > 1 and right[1].tag_ == "PRP$" and not is_professional_context(right[2:].text)
    opens = len(right) > 1 and not owned and (  # ", her dad Gavin" is somebody else; ", his class teacher" a job
        right[0].text in (",", "(", "-", "–") or right[0].text == "from"
        and (right[1].is_title or right[1].lower_ == "the" and (right[2:3].text.istitle() or any(
            t.lower_ in lexicon().org_words for t in right[2:5]))))  # "from the attendance team"
    if opens and right[0].text == ",":  # an apposition, not the next clause (", police issued ...")
        phrase = next((right[1:i] for i in range(1, len(right)) if right[i].text in (",", ")", "\n")), right[1:])
        opens = not any(t.pos_ in ("VERB", "AUX") or t.tag_ == "PRP" for t in phrase) and not (
            phrase and (phrase[0].lower_ in ("every", "each", "by", "before", "after", "until", "on")
                        or phrase[0].ent_type_ in ("DATE", "TIME")))  # "Craig, every school day": when, not who
    right_text = re.split(r"\n|\||\b(?:and|or) (?=[A-Z]|the\b)(?![A-Z][\w’-]*['’]s\b)",  # "– Jericho and Marnie's mum"
                          right.text)[0] if opens else ""
    return f"{doc[left:start].text} {right_text}"


_NOT_PERSON_ENTS = ("DATE", "TIME", "ORG", "GPE", "FAC", "LOC", "NORP", "CARDINAL", "ORDINAL", "EVENT")


def proper_names(doc: Doc) -> list[tuple[str, Span]]:
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
                run[0].ent_type_ != "PERSON" and not _subject_name(run) or run[0].lower_ in commands):
            run = run[1:]  # "Ensure Rizwan does not ...": a command, then a name
        words = [t for t in run if t.text == "-" or not is_role_word(t, lex)]
        if words and words[-1].text != "-" and words[-1].i == run[-1].i and len(words) <= 4:
            name = doc[words[0].i:words[-1].i + 1].text
            if any(t.pos_ == "PROPN" for t in words) and (
                    not _initial(words[0]) or _named_elsewhere(doc, words[0]) or age_of(doc, name) is not None
                    or len(words) >= 2 and all(t.pos_ == "PROPN" for t in words)):  # "Rosa Quintero has ..."
                found.append((name, doc[words[0].i:words[-1].i + 1]))
        run = []
    return found


def _subject_name(run: list[Token]) -> bool:
    """"Tegan Lusk has hit her partner": a sentence's subject, a full name before its verb."""
    last = run[-1]
    return len(run) == 2 and last.dep_ in ("nsubj", "nsubjpass") and run[0].dep_ == "compound" and (
        run[0].head == last) and last.head.pos_ in ("VERB", "AUX")


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
    return _person_field(token) or _roster_name(token) or _named_with_job(token) or _aged_name(token)


_AGED_NAME_RE = re.compile(r"\b([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2})"  # a bare age, not "(12 weeks)"
                           r"(?:[ \t]*\((?:aged?[ \t]*)?\d{1,2}\)|,?[ \t]+(?:[–—-][ \t]*)?aged?[ \t]+\d{1,2}\b)")


def _aged_name(token: Token) -> bool:
    """A name given an age is a person whatever the tagger says: "Lucan Ferreira-Holt, age 13" read as a building."""
    doc = token.doc
    spans = doc.user_data.get("analyser_aged_names")
    if spans is None:
        spans = doc.user_data["analyser_aged_names"] = [
            m.span(1) for m in _AGED_NAME_RE.finditer(doc_text(doc))]
    return any(start <= token.idx < end for start, end in spans)


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
    text = doc_text(token.doc)
    line_start = text.rfind("\n", 0, token.idx) + 1
    label = re.search(r"(?:^|\s\s)[ \t]*([A-Za-z'’ ]{1,25}):[ \t]*(?:[\w'’-]+[ \t]?){0,3}$", text[line_start:token.idx])
    lex = lexicon()
    return label is not None and any(w in lex.child or w in lex.family for w in label.group(1).lower().split())


ROSTER_RE = re.compile(r"[ \t]*((?:[A-Z][\w'’-]+[ \t]+){1,3})(?:\([^()\n]{1,30}\)[ \t]*)?[–—-][ \t]*(\S[^\n]*)")


def _roster_name(token: Token) -> bool:
    """A "who's who" line names a person whatever the tagger says: "Kirsty Brannock (KB) – social
    worker", "Pat Ridsdale – Nana Pat, Lee's mum"."""
    text = doc_text(token.doc)
    line_start = text.rfind("\n", 0, token.idx) + 1
    match = ROSTER_RE.match(text, line_start)
    if match is None or token.idx >= line_start + match.end(1):
        return False
    described = " ".join(match.group(2).split()[:4])
    return bool(is_professional_context(described) or is_kin_context(described) or noun_party(described))
    # and "Precious Vass – the children's half-sister", whose name the tagger reads as a word


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


def is_role_word(token: Token, lex: Lexicon) -> bool:
    """A word that names a role, a service, a place or a form field, so never a person's name."""
    low = token.lower_
    prev = token.doc[token.i - 1] if token.i else None
    surname = token.ent_type_ == "PERSON" and prev is not None and prev.ent_type_ == "PERSON" and (
        prev.pos_ == "PROPN" and prev.lower_ not in lex.titles and not is_role_word(prev, lex)
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


def classify_name(doc: Doc, name: str, span: Span, reg: Registry) -> Party:
    """The role of a proper name from its age, the words around its mentions and its kin words."""
    mentions = _mentions_of(doc, name)
    windows = [context_window(doc, m.start, _surname_end(m)) for m in mentions] or [""]
    age = age_of(doc, name)
    if age is not None and age < 18:
        if age >= 16 and any(_is_parent(m, partners=False) for m in mentions):
            return Party(name, "family")  # "Brooke (17) lives with her son Reggie": a parent in her baby's plan
        return Party(name, "child")  # "Leah Thompson (14)"
    if age is not None or any(_is_parent(m) for m in mentions):
        return Party(name, "family", evidence=False)  # "Sophie Lamb (22)", "Leanne's children"
    org_words = "|".join(map(re.escape, lexicon().org_words))
    if re.search(rf"(?<!\w){re.escape(name)}\s+(?:{org_words})\b", doc_text(doc), re.I):
        return Party(name, "professional", evidence=False)  # "Ashgrove" where the plan says "Ashgrove School"
    if re.search(rf"\b(?:I|We),\s+{re.escape(name)},\s+{DECLARING_RE}", doc_text(doc)):
        return Party(name, "family")  # "I, Dean Forsyth, agree that I will:" speaks for himself
    if any(_partner_mention(m) for m in mentions):
        return Party(name, "family", intimate=True)  # "ended his relationship with Chloe Marsh"
    if any(_concern_subject(m) for m in mentions) and not any(_is_cared_for(m) for m in mentions):
        return Party(name, "family", evidence=False)  # "Amy Colquhoun drinks most days ... Recovery Service says"
    for context in windows:
        if is_professional_context(context) and not is_kin_context(context):
            return Party(name, "professional")
    for context in windows:
        noun = noun_party(context)
        if noun and noun.role == "family":
            return Party(name, "family", noun.gender, noun.intimate)
    if any(_brings_up(m) for m in mentions):
        return Party(name, "family", evidence=False)
    surnames = {p.name.split()[-1].lower() for p in reg.persons.values() if p.role != "professional"}
    shared = len(name.split()) >= 2 and (name.split()[-1].lower() in surnames or sum(
        m.group().endswith(name.split()[-1])
        for m in re.finditer(r"[A-Z][\w-]+ " + re.escape(name.split()[-1]), doc_text(doc))
    ) > len(_mentions_of(doc, name)))
    if len(name.split()) >= 2 and not shared and not any(_has_relative(m) for m in mentions + _mentions_of(
            doc, name.split()[0])):
        return Party(name, "professional", evidence=False)  # "Marcus Penhaligon", but not "Josh" of "Josh's mum"
    if any(_is_cared_for(m) for m in mentions):
        return Party(name, "child", evidence=False)  # "take Noah to nursery", "Noah's teacher"
    if _AGE_RE.search(doc_text(doc)) or reg.abuse:
        return Party(name, "family", evidence=False)  # the children are the ones given ages; abuse is between adults
    return Party(name, "child", evidence=False)


_AGE = (r"[ \t]*(?:\((?:aged?[ \t]*)?(\d{1,2})(?:[ \t]*(years?|yrs?|months?|weeks?)(?:[ \t]+old)?)?\)"
        r"|(?:[ \t]*\([^()\n]{1,30}\))?(?:,|[ \t]+[–—-])[ \t]*aged?[ \t]+(\d{1,2})\b"  # 'Rhi, age 15', "Jo – aged 10"
        r"|,[ \t]*(\d{1,2})(?=[ \t]*(?:\n|$)))")  # a line of its own: "Kacey Brightwater, 11"
_AGE_IS = r"[ \t]+is[ \t]+(\d{1,2})(?:[ \t]+years?[ \t]+old)?(?=[ \t]*(?:[,.;)\n]|and\b|$))"  # "Jayden Cole is 17"
_AGE_FIELD = r"[ \t]+(?:\|[ \t]*)?(?i:age):[ \t]*(\d{1,2})\b"  # "Name: Maisie Corrigan    Age: 15", "... | Age: 15"
_AGE_RE = re.compile(rf"[A-Z][\w'’-]+(?:{_AGE}|{_AGE_FIELD})")


def _partner_mention(mention: Span) -> bool:
    """The name is someone's partner: "a relationship with X", "split up with X", "lives with X"."""
    root = mention.root
    head = root.head.head
    return root.dep_ == "pobj" and root.head.lower_ == "with" and (head.lemma_ == "relationship" or (
        head.pos_ in ("VERB", "AUX") and head.lemma_ in ("split", "separate", "break", "marry", "engage")))
    # not "short breaks with Gail"


def age_of(doc: Doc, name: str) -> int | None:
    """The age written after a name: "Leah (14)", "Leah Thompson (aged 14)", "Leah, aged 14",
    "Leah (Lee), age 14", or at the end of its roster line ("Precious Vass – the children's half-sister, aged 19")."""
    pattern = rf"(?<!\w){re.escape(name)}(?:[ \t]+[A-Z][\w'’-]+)?(?:{_AGE}|{_AGE_IS}|{_AGE_FIELD})"
    found = re.search(pattern, doc_text(doc))
    if found:
        age = next(g for g in found.groups() if g and g.isdigit())
        return 0 if (found.group(2) or "").startswith(("month", "week")) else int(age)
    field = re.search(rf"^[ \t]*(?i:name):[ \t]*{re.escape(name)}(?:[ \t]+[A-Z][\w'’-]+)?[ \t]*\n"
                      r"[ \t]*(?i:age):[ \t]*(\d{1,2})\b", doc_text(doc), re.M)
    if field:
        return int(field.group(1))  # "Name: Kaelan Ferriday" over "Age: 15"
    roster = re.search(rf"^[ \t]*{re.escape(name)}(?:[ \t]+[A-Z][\w'’-]+)?[ \t]+[–—-][ \t]+[^\n\d,]{{1,40}},[ \t]*"
                       r"aged?[ \t]+(\d{1,2})\b", doc_text(doc), re.M)
    return int(roster.group(1)) if roster else None


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


def cares_for_children(doc: Doc, reg: Registry) -> bool:
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


def _is_parent(mention: Span, partners: bool = True) -> bool:
    """A mention that shows an adult of the family (a parent, or with `partners` someone's partner):
    "Leanne's children", "Kelly has a daughter",
    "Kelly is pregnant", "Stacey uses heroin; her baby Rio is 4 months old", "Hayley smokes
    cannabis and her partner Mick drinks", "Martin Shaw is anxious. His children ..."."""
    lex, token = lexicon(), mention[-1]
    if token.dep_ == "poss" and token.head.lower_ in lex.child:
        return True
    text = doc_text(mention.doc)  # built once per document: this runs for every mention of every name
    line = text[text.rfind("\n", 0, mention.start_char) + 1:].split("\n", 1)[0]
    kids = "|".join(map(re.escape, lex.offspring))
    kin = "|".join(map(re.escape, lex.offspring | (lex.partner_words if partners else frozenset())))
    sentences = re.split(r"(?<=[.!?])\s+", line, maxsplit=2)
    if line.startswith(mention.text) and (re.search(rf"\b(?:her|his) (?:\w+ )?(?:{kin})\b", sentences[0]) or len(
            sentences) > 1 and re.match(rf"(?:her|his) (?:\w+ )?(?:{kids})\b", sentences[1], re.I)):
        return True  # the line's subject, whose child or partner that sentence or the next names
    verb = token.head if token.dep_ == "nsubj" else None
    return verb is not None and (
        verb.lemma_ == "have" and any(c.dep_ == "dobj" and c.lower_ in lex.child for c in verb.children)
        or any(c.lower_ == "pregnant" for c in verb.children))


def _concern_subject(mention: Span) -> bool:
    """The name is the one the concerns are about: the subject of "drinks", "has severe depression", "is on
    methadone" (also as one of "Kerry and Gavin")."""
    lex, token = lexicon(), mention[-1]
    while token.dep_ == "conj":
        token = token.head
    verb = token.head if token.dep_ in ("nsubj", "nsubjpass") else None
    if verb is None or any(c.dep_ == "neg" for c in verb.children):
        return False
    if verb.lemma_ in lex.concern_verbs:
        return True
    said = [c for c in verb.children if c.dep_ in ("dobj", "attr")] + [  # not "The GP has concerns about her ..."
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
    return verb.lemma_ in ("have", "be") and any(
        t.lemma_.lower() in lex.concern_nouns for c in said for t in (c, *c.conjuncts))


def _brings_up(mention: Span) -> bool:
    """A mention that shows the adult who brings a child up, when no job is named: "Alan Figgis has
    been the main carer for Sophie (11)", "Rosie Finch looks after Tia (4)"."""
    lex, token = lexicon(), mention[-1]
    verb = token.head if token.dep_ == "nsubj" else None
    if verb is None:
        return False
    if verb.lemma_ == "be":
        return any(c.dep_ == "attr" and c.lemma_.lower() in lex.family for c in verb.children)
    particle = _UPBRINGING_VERBS.get(verb.lemma_)
    if particle is None or not any(c.lower_ == particle for c in verb.children if c.dep_ in ("prep", "prt")):
        return False
    objects = [g for c in verb.children if c.dep_ in ("prep", "dobj")
               for g in (c.children if c.dep_ == "prep" else (c,)) if g.dep_ in ("pobj", "dobj")]
    return any(t.pos_ in ("PROPN", "NOUN") and is_child(t, lex)  # "her nephew Reece (8)": the object or its name
               for g in objects for t in (g, *(a for a in g.children if a.dep_ == "appos")))


_UPBRINGING_VERBS = {"care": "for", "look": "after", "raise": "up", "bring": "up"}  # the verb and its particle


def _surname_end(mention: Span) -> int:
    """Where a first-name mention ends with its surname ("Nadia" in "Nadia Rahman (nurse)")."""
    doc, end = mention.doc, mention.end
    while end < min(len(doc), mention.end + 2) and doc[end].is_title and doc[end].pos_ == "PROPN":
        end += 1
    return end


def _mentions_of(doc: Doc, name: str) -> list[Span]:
    spans = []
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans[:20]


def link_role_fields(doc: Doc, reg: Registry) -> None:
    """"Nan: Pauline Kerrigan" makes "Nan" in the plan Pauline; "dwayne pask (mums partner)" in a
    form field is a party even when typed in lower case."""
    for line in re.findall(r"(?m)^[^:\n]{1,30}:[ \t]*(.+)$", doc_text(doc)):
        for name, said in re.findall(r"([A-Za-z][\w'’-]+(?: [A-Za-z][\w'’-]+)?) \(([^)]+)\)", line):
            noun = noun_party(_possessives(said))
            aged = re.search(r"\baged?\s*(\d{1,2})\b(?!\s*(?:months?|mths?|weeks?|wks?|days?)\b)", said)
            grown = noun is not None and noun.role == "child" and aged is not None and int(aged.group(1)) >= 18
            if grown:
                noun = Party(name, "family", noun.gender)  # "Jade Rennard (Paula's daughter, aged 20)"
            if noun is not None and name.lower() not in reg.persons and noun.role != "child":
                party = Party(name, noun.role, noun.gender, noun.intimate, evidence=grown)
                reg.persons[name.lower()] = party
                first = name.split()[0].lower()
                if grown and not getattr(reg.persons.get(first), "evidence", False):
                    reg.persons[first] = party  # her first name, guessed from the text before, is her
                reg.persons.setdefault(first, party)
            if said.lower() in lexicon().family and name.lower() in reg.persons:
                reg.persons.setdefault(said.lower(), reg.persons[name.lower()])  # "Gareth Lonsdale (Dad)": "Dad's part"
    # "Nan (special guardian): Rosalind "Roz" Quayle, ..."; "mum: shelby t   mums partner: ..."
    lex = lexicon()
    for word, value in form_fields(doc_text(doc)):
        party = reg.find(value)
        pet = len(word.split()) == 2 and word.split()[0] in lex.family and not _is_role_word_text(
            word.split()[1])  # "Nana Mo: Maureen Pender", not "Family worker: ..."
        kin = re.sub(r"-to-be$", "", word.split()[0] if pet else word)  # "Mum-to-be: Amber Gatenby (17)"
        namesake = _titled_namesake(value, lex.family[kin], reg) if (
            kin in lex.family and _NAME_VALUE_RE.fullmatch(value)) else None
        if namesake is not None and (party is None or not party.evidence or party.role == "professional"
                                     or party.name.lower() in value.lower().split()):
            party = namesake  # "Mother: Shona Quarrie" is Ms Quarrie, and so is "Shona"
            reg.persons[value.lower()] = reg.persons[value.split()[0].lower()] = party
        elif party is not None and party.role == "professional" and lex.family.get(kin) and _NAME_VALUE_RE.fullmatch(
                value):  # "Children's father: Darren Farrant", though his signature line names a contact centre
            party.role, party.gender, party.intimate = "family", party.gender or lex.family[kin], kin in lex.intimate
        elif party is None and kin in lex.family and _NAME_VALUE_RE.fullmatch(value):
            party = Party(value, "family", lex.family[kin], kin in lex.intimate, evidence=False)
            reg.persons[value.lower()] = reg.persons.setdefault(value.split()[0].lower(), party)  # the parser missed it
        job = noun_party(re.sub(r"\([^()]*\)", "", word))
        rest = re.search(rf"{re.escape(value)}([^\n]*)", doc_text(doc))
        if job is not None and job.role == "professional" and _NAME_VALUE_RE.fullmatch(value) and (
                value.split()[0] not in TITLES and value.split()[-1].lower() not in lex.org_words) and (
                party is None or not party.evidence) and not (rest and is_kin_context(rest.group(1))):
            # "Personal adviser (PA): Femi Adeyinka", not "School: X School" nor "Supervisor: Pat Lee, grandmother"
            party = reg.persons[value.lower()] = Party(value, "professional")
            if not getattr(reg.persons.get(value.split()[0].lower()), "evidence", False):
                reg.persons[value.split()[0].lower()] = party  # "Femi", guessed a relative before
        several = re.split(r"\s+(?:and|&)\s+|,\s*", re.sub(r"\([^()]*\)", "", value))
        if party is not None and kin in lex.family and len(several) == 1:
            reg.persons[word] = party  # not "Parents: Ms Tanya Brierley and Mr Lucas Ferreira"
            if party.role == "child" and kin in lex.intimate and kin not in lex.partner_words and (
                    value.split()[0].lower() in party.name.lower().split()):  # not a namesake by surname only
                party.role = "family"  # "Dad: Jovan Blackwood (17)": a parent under 18 is the baby's parent
        elif _child_label(word):
            for named in filter(None, (reg.find(n) for n in several if n.strip())):
                age = age_of(doc, named.name)
                if (named.role == "professional" or named.role == "family" and not named.evidence) and (
                        age is None or age < 18):  # not "Young person: Jade Whitlow, aged 18", a care leaver
                    named.role = "child"  # "Children: Jayden Ferreira (DOB 03/06/2010) and Poppy ..."
                    first = named.name.split()[0].lower()
                    if getattr(reg.persons.get(first), "role", None) == "professional":
                        reg.persons[first] = named  # "Nevaeh", read as a pupil's teacher beside her school


_NAME_VALUE_RE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}")


def _titled_namesake(name: str, gender: str | None, reg: Registry) -> Party | None:
    """The one titled person of this surname and gender ("Ms Quarrie" for a mother Shona Quarrie),
    unless that person already has another first name ("Mrs Grace Oyelaran" is not Adaeze)."""
    found = [p for p in titled_parties(name.split()[-1].lower(), reg) if gender is None or p.gender == gender]
    first = name.split()[0].lower()
    return found[0] if len(found) == 1 and not first_names(found[0], reg) - {first} else None


def _possessives(text: str) -> str:
    """"mums partner" typed without its apostrophe: a family word plus "s" is its possessive."""
    family = lexicon().family
    return re.sub(r"\b([a-z]+)s\b", lambda m: f"{m.group(1)}'s" if m.group(1) in family else m.group(0), text)


def link_bracketed_names(doc: Doc, reg: Registry) -> None:
    """"Danielle Marsh (Dani, DM)", "Priyanka Lal (PL)": a short name or initials in brackets
    after a full name are that person wherever the plan uses them; so is a pet name with its
    relative word ("Nana Win"), and the relative word alone ("What Nana will do")."""
    text, family = doc_text(doc), lexicon().family
    for key, party in list(reg.persons.items()):
        surname = r"([ \t]+[A-Z][\w'’-]+)?" if " " not in key else "()"  # "Rhiannon McCallum ("Rhi")"
        for full, inner in re.findall(rf"(?<![\w]){re.escape(key)}{surname}[ \t]*\(([^()\n]{{1,60}})\)", text, re.I):
            for part in re.split(r",|/|\bor\b|\baka\b|\bknown as\b", inner):
                part = part.strip(" '\"‘’“”")
                kin = re.fullmatch(r"([A-Z][a-z]+) ([A-Z][a-z]+)", part)
                if kin and kin.group(1).lower() in family:
                    if not party.evidence:  # "Bernadette Quill (my mum's sister, "Auntie Bernie")": kin, not a worker
                        party.role, party.evidence = "family", True
                    for alias in (part, *kin.groups()):
                        reg.persons[alias.lower()] = party
                elif re.fullmatch(r"[A-Z]{2,4}|[A-Z][a-z]+", part) and not _is_role_word_text(part) and (
                        full or " " in key or key.startswith(part.lower()[:3])):  # "Beverley (Bev)", not "Mia (Oak)"
                    reg.persons[part.lower()] = party
    for pair in re.finditer(r"\b([A-Z][\w'’-]+) and ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)[ \t]*"
                            r"\(([A-Za-z]+) and ([A-Za-z]+)\)", text):  # "Lorraine and Phil Corrigan (Mum and Dad)"
        kin = [noun_party(pair.group(i)) for i in (3, 4)]
        if all(k is not None and k.role == "family" for k in kin):
            for name, k in zip(pair.group(1, 2), kin):
                party = Party(name, "family", k.gender, k.intimate)
                reg.persons[name.lower()] = reg.persons[name.split()[0].lower()] = party
    for pair in re.finditer(r"\b([A-Z][\w'’-]+) and ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)[ \t]*"
                            r"\(([a-z]+(?: [a-z]+)?s)\)", text, re.I):  # "Gary and Lorraine Whitfield (foster carers)"
        shared = noun_party(pair.group(3))
        if shared is not None and shared.role == "professional":
            for name in pair.group(1, 2):
                party = Party(name, "professional")
                reg.persons[name.lower()] = reg.persons[name.split()[0].lower()] = party
    for name, short in re.findall(r"(?:([A-Z][\w'’-]+ [A-Z][\w'’-]+)[ \t]*)?\(([A-Z]{2,4})\)", text):
        if short.lower() in reg.persons:
            continue
        party = reg.find(name) if name else None  # "Lauren Pennock (LP)" where the parser only saw "Pennock"
        owners = {id(p): p for key, p in reg.persons.items()
                  if " " in key and "".join(w[0] for w in key.split() if w not in TITLE_KEYS).upper() == short}
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


_KEY_LINE_RE = re.compile(
    r"^[ \t]*(?P<alias>[A-Z][\w'’]*(?:[ \t][A-Z][\w'’]*){0,2})(?:[ \t]*\((?P<init>[A-Z]{2,4})\))?[ \t]+[–—=-][ \t]+"
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t])?[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+){1,3})"
    r"(?P<rest>(?:[ \t]*[,(][^\n]*)?)$", re.M)


def link_key_lines(doc: Doc, reg: Registry) -> None:
    """A "who's who" key ("Big Mick (BM) – Michael Tunstall, Dad", "RB – Rhiannon Birtles, social
    worker", "Little Mick – Michael Tunstall (13)"): the name the plan uses is the person the
    line describes; the line's own age or role word wins, since a father and son may share a name.
    Only a list of two or more such lines is a key; any one line with a kin word gives its person a gender."""
    found = [(m, reg.find(m.group("name"))) for m in _KEY_LINE_RE.finditer(doc_text(doc))]
    for line, named in found:  # "Nan – Pauline Whitlow": whoever "Nan" means elsewhere, Pauline is a woman
        if named is not None and named.gender is None:
            named.gender = lexicon().family.get(line.group("alias").lower())
    lines = [(m, named) for m, named in found
             if not (" " not in m.group("alias") and _is_role_word_text(m.group("alias")))]  # "Nan T", not "Mum"
    lines = [(line, named) for line, named in lines if named is not None]  # "Sasha Jo Pruitt", read as "Jo Pruitt"
    if len(lines) < 2:
        return
    for line, named in lines:
        rest = line.group("rest")
        aged = re.match(_AGE, rest)  # "(13)", ", aged 13"; not a house number ", 12 Elm Close"
        age = next((int(g) for g in aged.groups() if g and g.isdigit()), None) if aged else None
        described = noun_party(re.split(r"[,(]", rest.strip(" ,("))[0]) if rest.strip(" ,(") else None
        kin = noun_party(line.group("alias"))
        role = ("child" if age < 18 else "family") if age is not None else (
            described.role if described is not None and described.role != "child" else
            "family" if kin is not None and kin.role == "family" else named.role)
        # only an age makes a child: "Uncle Craig (Gemma's brother)" is nobody's child here, nor "Aunty Jo"
        party = named if role == named.role else Party(
            line.group("alias"), role, (described.gender if described else None) or named.gender,
            described.intimate if described else False)
        alias = line.group("alias").lower()
        for word in alias.split():
            if word in reg.persons and reg.persons[word].name.lower() in (alias, word):
                reg.persons[word] = party  # "Little" of "Little Mick", "Roo" of "Baby Roo"
        reg.persons[alias] = party
        if line.group("init"):
            reg.persons[line.group("init").lower()] = party


def link_people_tables(doc: Doc, reg: Registry) -> None:
    """A list of people laid out as a table ("Name | Role | Initials"): each row's name is the party its
    role cell says, and its initials stand for that person ("LR" in the actions is the row's mum)."""
    s, columns = structure(), None
    for line in doc_text(doc).splitlines():
        if " | " not in line:
            columns = None
            continue
        cells = [c.strip() for c in line.split(" | ")]
        keys = [word_key(c) for c in cells]
        name = next((i for i, k in enumerate(keys) if k in s.name_columns), None)
        role = next((i for i, k in enumerate(keys) if k in s.role_columns), None)
        if name is not None and role is not None:
            columns = (name, role, next((i for i, k in enumerate(keys) if k in s.initials_columns), None))
        elif columns is not None and len(cells) > max(c for c in columns if c is not None):
            _link_person_row(cells, columns, reg)


def _link_person_row(cells: list[str], columns: tuple[int, int, int | None], reg: Registry) -> None:
    name, role = cells[columns[0]], cells[columns[1]]
    said = noun_party(re.split(r"[,(]", role)[0])
    if said is None or not re.fullmatch(r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}", name):
        return
    aged = re.search(r"\baged?\s*(\d{1,2})\b|\((\d{1,2})\)", role)  # "Half-sister, aged 19"
    if aged:
        said = replace(said, role="child" if int(aged.group(1) or aged.group(2)) < 18 else "family")
    party = reg.find(name)
    if party is None:
        party = reg.persons[name.lower()] = Party(name, said.role, said.gender, said.intimate)
        if name.split()[0].rstrip(".") not in TITLES:
            reg.persons.setdefault(name.split()[0].lower(), party)
    elif party.role in ("family", "professional", "child") and not party.evidence:
        party.role, party.gender, party.intimate = said.role, party.gender or said.gender, said.intimate
    for initials in re.split(r"[\s/,&]+", cells[columns[2]]) if columns[2] is not None else ():
        if re.fullmatch(r"[A-Z]{2,4}", initials) and not _is_role_word_text(initials) and (
                initials.lower() not in STOP_WORDS):  # "YA / SW": YA is Yusuf, SW any social worker; not "IS", "AT"
            reg.persons[initials.lower()] = party


def _is_role_word_text(word: str) -> bool:
    """A title, form word or role noun ("Mum", "SW", "Nurse"), not a short name."""
    low = word.lower()
    return (low in lexicon().titles or low in _FORM_WORDS or noun_party(word) is not None
            or is_professional_context(word))


def link_kin_appositions(doc: Doc, reg: Registry) -> None:
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
            party = party_at(other, reg)
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
    party = party_at(owner, reg) if owner is not None else None
    return party is not None and party.role == "child"


def link_first_names(reg: Registry) -> None:
    """"Daisy" is "Daisy Brown": a first name takes the role of the full name it starts."""
    for key, party in list(reg.persons.items()):
        first = key.split()[0]
        if " " in key and first not in ("mr", "mrs", "ms", "miss", "mx", "dr"):
            alias = reg.persons.get(first)
            if alias is None or not alias.evidence or alias.role == party.role:
                reg.persons[first] = party


def antecedent_party(pronoun: Token, reg: Registry, gender: str | None, workers: bool = False) -> Party | None:
    """The adult a pronoun in an abuse sentence points to: the nearest party named before it
    that fits its gender and is neither a worker (unless `workers`: "his husband" is nobody's
    caseworker's), a child given an age, nor already the one who causes harm ("he pushed her")."""
    doc = pronoun.doc
    if pronoun.dep_ == "poss":  # "she slapped her mum": "her" is whoever "she" is
        same = next((s for s in _clause_subject_tokens(pronoun) if s.i < pronoun.i and s.lower_ in PRONOUNS
                     and PRONOUNS[s.lower_] == gender and s.dep_ == "nsubj"), None)
        if same is not None:
            return antecedent_party(same, reg, gender, workers)
    bound = _clause_subjects(pronoun) if pronoun.dep_ in ("dobj", "pobj", "dative") else set()
    fitting = []  # nearest first
    for token in reversed(doc[max(0, pronoun.i - 80):pronoun.i]):
        party = party_at(token, reg) if token.dep_ != "compound" and token.i not in bound else None
        if party is None or party.role == "professional" and not workers or (party.role == "child" and party.evidence):
            continue
        if gender in ("m", "f") and (party.gender or lexicon().family.get(party.name.lower())) not in (None, gender):
            continue
        if pronoun.dep_ in ("dobj", "nsubjpass", "pobj") and party.role == "perpetrator":
            continue
        fitting.append((token, party))
    known = [(t, p) for t, p in fitting if p.role != "child" and p.evidence and not is_reader(p, reg)]
    near = doc[max(pronoun.sent.start - 1, 0)].sent.start  # this sentence and the one before it
    subject = next((p for t, p in fitting if pronoun.dep_ == "nsubj" and t.i >= near and t.dep_ == "nsubj"
                    and len(t.sent) > 3 and not t.sent.text.rstrip().endswith(":")  # not a heading's "Sean will:"
                    and p.role != "child" and (p.gender or lexicon().family.get(p.name.lower())) == gender), None)
    if subject is not None:  # a subject pronoun keeps to the last subject ("Dani ... shouted at Pauline. She hit her")
        return subject
    adult = next((p for t, p in known if gender in ("m", "f") and pronoun.dep_ != "poss" and t.i >= near
                  and (p.gender or lexicon().family.get(p.name.lower())) == gender), None) or next(
        (p for _t, p in known), None)
    # a known adult first, but not the reader of a letter ("she" is not "you"); nearby, one of the pronoun's gender
    # before one whose gender is not known ("He punched her"), while "his" stays with the nearest ("Marlon ... his")
    return adult or (fitting[0][1] if fitting else None)  # "Gareth has looked after Poppy. ... slapped him"


def is_reader(party: Party, reg: Registry) -> bool:
    """The party is one of the people a letter is written to ("Dear Brian and Sandra")."""
    if reg.addressee is None:
        return False
    words = set(re.findall(r"[\w'’-]+", reg.addressee.name.lower()))
    return any(p is party and set(key.split()) <= words for key, p in reg.persons.items())


def _clause_subjects(pronoun: Token) -> set[int]:
    """The subject (with its appositions) of the nearest clause above an object pronoun: "her"
    in "Ms T's partner, Marcus, was convicted of assaulting her" is not Marcus, though it may be
    Ms T, who owns the subject, or the subject of a clause further up ("Mrs P says he hit her")."""
    subjects = _clause_subject_tokens(pronoun)
    return {s.i for s in subjects} | {a.i for s in subjects for a in s.children if a.dep_ == "appos"}


def _clause_subject_tokens(token: Token) -> list[Token]:
    """The subjects of the nearest clause above a token."""
    for verb in token.ancestors:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects
    return []


def party_at(token: Token, reg: Registry) -> Party | None:
    """The registered party a name or kin word stands for ("Ms Mbatha", "his mum")."""
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
        party = antecedent_party(owner, reg, {"his": "m", "her": "f"}.get(owner.lower_))
        names = [k for k, p in reg.persons.items() if p is party]  # every way the owner is named
    else:
        names = [owner.text]
    text = doc_text(kin.doc)
    for name in names:
        said = rf"{re.escape(name)}['’]s {re.escape(kin.lower_)}"
        found = re.search(rf"(?i:{said}),? ([A-Z][\w'’-]+)", text) or re.search(
            rf"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) \((?i:{said})\)", text)
        party = reg.find(found.group(1)) if found else None
        if party is not None:
            return party
    return _named_parent(names, kin, reg, text) or _only_adult_of_gender(
        lexicon().family.get(kin.lower_), reg, exclude=set(names))


def _named_parent(names: list[str], kin: Token, reg: Registry, text: str) -> Party | None:
    """"her mum" for Dani described as "Dani, Pauline and Ray's daughter": the parent of the word's gender."""
    lex = lexicon()
    gender = lex.family.get(kin.lower_)
    if kin.lower_ not in lex.intimate - lex.partner_words or gender not in ("m", "f"):
        return None  # a parent word: "mum", "dad", "stepdad"
    for name in names:
        found = re.search(rf"(?i:\b{re.escape(name)}\b)(?:\s*\([^()\n]{{1,30}}\))*,\s+([A-Z][\w'’-]+)(?:\s+(?:and|&)\s+"
                          rf"([A-Z][\w'’-]+))?['’]s\s+(?:daughter|son|child)\b", text)
        parents = [reg.find(n) for n in (found.groups() if found else ()) if n]
        fitting = [p for p in parents if p is not None and p.gender in (gender, None)]
        if len(fitting) == 1 or fitting and fitting[0].gender == gender:
            return fitting[0]
    return None


def _only_adult_of_gender(gender: str | None, reg: Registry, exclude: set[str]) -> Party | None:
    """"Marlon punched his father", the father unnamed there: the one adult of the family of
    that gender the document names ("Mr Braithwaite"), if there is only one."""
    if gender not in ("m", "f"):
        return None
    owners = {id(reg.persons[k]) for k in exclude if k in reg.persons}
    found = {id(p): p for p in reg.persons.values()
             if p.gender == gender and p.role in ("family", "victim", "perpetrator") and id(p) not in owners}
    return next(iter(found.values())) if len(found) == 1 else None
