"""The project's labelled data: loading it, and matching analyser output to labels.

Shared by training and evaluation so both read the data, build documents and match clauses the
same way (LABELS.md: a labelled clause is matched to the output clauses that overlap it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .ingest import normalise_line, read_text
from .pipeline import make_doc, pipe_docs
from .report import doc_to_dict
from .settings import DATA_DIR

PARTS = {"dev": "dev*.jsonl", "test": "test*.jsonl"}
_TRIM = " \t\n.;,:!"


def clause_files(part: str, data_dir: Path = DATA_DIR) -> list[Path]:
    """The JSONL files of one part of the labelled clause set."""
    return sorted((data_dir / "clauses").glob(PARTS[part]))


def load_records(part: str, data_dir: Path = DATA_DIR) -> list[dict]:
    """All labelled clause records of one part, in file order."""
    records = []
    for path in clause_files(part, data_dir):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{number}: {err.msg}") from None
    return records


def data_hash(paths: list[Path]) -> str:
    """SHA-256 over the files' bytes, in order: identifies the exact data a number came from."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def record_text(record: dict) -> tuple[str, int, int]:
    """A small agreement for one record: concerns, section heading, clause; and its span."""
    parts = []
    if record.get("context"):
        parts.append(f"What we are worried about\n{record['context']}\n")
    parts.append(f"{record.get('section') or 'The plan'}\n")
    prefix = "\n".join(parts)
    return f"{prefix}{record['text']}\n", len(prefix), len(prefix) + len(record["text"])


def analyse_records(
    nlp: Language, records: list[dict], batch_size: int = 64
) -> Iterator[tuple[dict, Doc, tuple[int, int], list[dict]]]:
    """Each record with its Doc, its labelled span and the output clauses that overlap it."""
    built = [record_text(r) for r in records]
    ingested = [read_text(text, source=r["id"]) for (text, _s, _e), r in zip(built, records)]
    docs = pipe_docs(nlp, (make_doc(nlp, i) for i in ingested), batch_size=batch_size)
    for record, (_text, start, end), doc in zip(records, built, docs):
        result = doc_to_dict(doc)
        yield record, doc, (start, end), overlapping(result["clauses"], start, end)


def overlapping(clauses: list[dict], start: int, end: int) -> list[dict]:
    """Output clauses that overlap [start, end)."""
    return [c for c in clauses if c["start"] < end and start < c["end"]]


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding whitespace and punctuation."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def locate_labels(text: str, labels: dict) -> tuple[list[dict], list[tuple[int, int]]]:
    """Gold clauses with offsets in the normalised text, and the spans of non-clauses."""
    gold, cursor = [], 0
    for clause in labels["clauses"]:
        words = clause["text"].split()
        found = re.compile(r"\s+".join(map(re.escape, words))).search(text, cursor)  # may wrap lines
        if found is None:
            raise ValueError(f"{labels['source']}: clause not found: {' '.join(words)[:60]!r}")
        gold.append({**clause, "start": found.start(), "end": found.end()})
        cursor = found.end()
    others = []
    for piece in labels.get("not_clauses", []):
        wanted = " ".join(normalise_line(piece)[0].split())  # as the reader cleans it ("___")
        line = re.search(rf"(?m)^[ \t•*\-–\d.()]*({re.escape(wanted)})[ \t]*$", text)  # the line it is, if any
        at = line.start(1) if line else text.find(wanted)
        if at >= 0:
            others.append((at, at + len(wanted)))
    return gold, others


def segmentation_scores(text: str, gold: list[dict], predicted: list[dict],
                        others: list[tuple[int, int]]) -> dict:
    """Clause-boundary precision/recall (splits allowed, merges not) and role agreement."""
    g_spans = [trimmed(text, g["start"], g["end"]) for g in gold]
    p_spans = [trimmed(text, p["start"], p["end"]) for p in predicted]

    def inside(p, g):
        return g[0] - 2 <= p[0] and p[1] <= g[1] + 2

    correct = sum(any(inside(p, g) for g in g_spans) for p in p_spans)
    recovered, roles_right, roles_total = 0, 0, 0
    for g_span, g in zip(g_spans, gold):
        hits = [(p, c) for p, c in zip(p_spans, predicted) if p[0] < g_span[1] and g_span[0] < p[1]]
        covered = sum(min(p[1], g_span[1]) - max(p[0], g_span[0]) for p, _ in hits)
        if hits and all(inside(p, g_span) for p, _ in hits) and covered >= 0.6 * (g_span[1] - g_span[0]):
            recovered += 1
        if g.get("kind", "commitment") == "commitment":
            roles_total += 1
            best = max(hits, key=lambda h: min(h[0][1], g_span[1]) - max(h[0][0], g_span[0]), default=None)
            roles_right += bool(best and best[1]["subject"]["role"] == g["role"])
    leaks = sum(any(p[0] < o[1] and o[0] < p[1] for o in others) for p in p_spans)
    return {"pred": len(p_spans), "correct": correct, "gold": len(g_spans), "recovered": recovered,
            "roles_right": roles_right, "roles_total": roles_total, "non_clause_leaks": leaks}
