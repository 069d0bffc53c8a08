"""Replace personal names with stable role placeholders in one document's results.

Names come from the party registry and the named-entity recogniser; every offset is remapped
so the contract's invariants still hold on the redacted text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from .party_words import lexicon

ROLE_LABELS = {"family": "family member", "professional": "professional", "child": "child",
               "victim": "adult harmed", "perpetrator": "adult causing harm", "unknown": "person"}
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}


def name_placeholders(doc: Doc) -> dict[str, str]:
    """Each name form (full name, first name, surname) mapped to "[role n]"."""
    people = [(p["name"], p["role"]) for p in doc._.parties or []]
    known = {name.lower() for name, _ in people}
    people += [(e.text.strip(), "unknown") for e in doc.ents
               if e.label_ == "PERSON" and e.text.strip().lower() not in known]
    people += [(name, "unknown") for name in _mistagged_names(doc) if name.lower() not in known]
    counters: dict[str, int] = {}
    mapping: dict[str, str] = {}
    for name, role in people:
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in _TITLES]
        if not words or name.lower() in mapping:
            continue
        counters[role] = counters.get(role, 0) + 1
        label = f"[{ROLE_LABELS[role]} {counters[role]}]"
        for form in {name, " ".join(words), *(w for w in words if len(w) > 2)}:
            mapping.setdefault(form.lower(), label)
    return mapping


_OTHER_ENTS = ("ORG", "PRODUCT", "WORK_OF_ART", "GPE", "NORP", "FAC", "LOC", "EVENT")


def _mistagged_names(doc: Doc) -> list[str]:
    """Names the registry and PERSON entities miss: mistagged one-word names and possessives.

    The small model often files a name as ORG ("Mum will bring Zofia") or as nothing at the start
    of a line ("Ifeoma's uncle ..."); when sharing, a place redacted by mistake costs less than a
    child's name left in.
    """
    lex = lexicon()
    role_words = {*lex.family, *lex.child, *lex.titles}
    names = []
    for token in doc:
        if token.pos_ != "PROPN" or not (token.is_title and token.is_alpha) or token.lower_ in role_words:
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        possessive = after is not None and after.lower_ in ("'s", "’s")
        one_word = token.ent_iob_ == "B" and (after is None or after.ent_iob_ != "I")
        if possessive or (token.ent_type_ in _OTHER_ENTS and one_word and not token.is_sent_start):
            names.append(token.text)
    return names


def _pattern(mapping: dict[str, str]) -> re.Pattern | None:
    if not mapping:
        return None
    forms = sorted(mapping, key=len, reverse=True)
    titles = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?"
    return re.compile(titles + r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I)


def redact_text(text: str, mapping: dict[str, str]) -> tuple[str, list[tuple[int, int, int]]]:
    """Redacted text and the edits made, as (old_start, old_end, new_length)."""
    pattern = _pattern(mapping)
    if pattern is None:
        return text, []
    edits, pieces, cursor = [], [], 0
    for match in pattern.finditer(text):
        core = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+", "", match.group(), flags=re.I).lower()
        label = mapping.get(core) or mapping.get(match.group().lower()) or "[person]"
        pieces += [text[cursor:match.start()], label]
        edits.append((match.start(), match.end(), len(label)))
        cursor = match.end()
    pieces.append(text[cursor:])
    return "".join(pieces), edits


def _remap(edits: list[tuple[int, int, int]]):
    starts = [e[0] for e in edits]
    shifts, total = [], 0
    for start, end, new_len in edits:
        total += new_len - (end - start)
        shifts.append(total)

    def move(offset: int, *, is_end: bool = False) -> int:
        i = bisect_right(starts, offset - (1 if is_end else 0)) - 1
        if i < 0:
            return offset
        start, end, new_len = edits[i]
        before = shifts[i] - (new_len - (end - start))
        if offset < end or (is_end and offset == end):  # inside a replaced name: snap to its edge
            return start + before + (new_len if is_end else 0)
        return offset + shifts[i]

    return move


def redact_result(doc: Doc, result: dict) -> dict:
    """A copy of the contract's JSON with names replaced everywhere, offsets remapped."""
    mapping = name_placeholders(doc)
    text, edits = redact_text(result["text"], mapping)
    move = _remap(edits)
    clauses = []
    for c in result["clauses"]:
        start, end = move(c["start"]), move(c["end"], is_end=True)
        flags = []
        for f in c["flags"]:
            fs, fe = move(f["start"]), move(f["end"], is_end=True)
            flags.append({**f, "start": fs, "end": fe, "cue": text[fs:fe]})
        subject = dict(c["subject"])
        if subject["text"]:
            subject["text"] = redact_text(subject["text"], mapping)[0]
        clauses.append({**c, "start": start, "end": end, "text": text[start:end], "flags": flags,
                        "subject": subject,
                        "section": redact_text(c["section"], mapping)[0] if c["section"] else None})
    document = dict(result["document"])
    document["checklist"] = [
        {**i, "evidence": redact_text(i["evidence"], mapping)[0] if i["evidence"] else None}
        for i in document["checklist"]
    ]
    document["parties"] = [{"name": mapping.get(p["name"].lower(), "[person]"), "role": p["role"]}
                           for p in document["parties"]]
    return {**result, "text": text,
            "clauses": clauses, "document": document}
