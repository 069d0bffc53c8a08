"""The one way out: Doc to the contract's JSON, and JSON to pandas tables.

The CLI, the scan, the dashboard and the notebooks all use these functions; column order is
defined here once.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .rules import FLAG_TYPES, ROLES

SCHEMA_VERSION = "1"
SMART_DIMENSIONS = ("specific", "measurable", "achievable", "realistic", "time_bound")
DOCUMENT_COLUMNS = (
    "source", "status", "error", "n_clauses", "n_commitments", "smart_score",
    *(f"balance_{r}" for r in ROLES), *(f"flags_{t}" for t in FLAG_TYPES), "checklist_missing",
)
CLAUSE_COLUMNS = (
    "source", "index", "start", "end", "section", "kind", "subject", "role",
    *SMART_DIMENSIONS, "score", "flags", "text",
)
FLAG_COLUMNS = (
    "source", "clause_index", "type", "rule", "severity", "cue", "start", "end",
    "explanation", "suggestion", "clause_text",
)


def error_dict(source: str, message: str) -> dict:
    """The contract's object for a document that could not be analysed."""
    return {
        "schema_version": SCHEMA_VERSION, "source": source, "status": "error",
        "error": message, "text": "", "clauses": [], "document": None,
    }


def flag_dict(span: Span) -> dict:
    """One flag with its rule, cue, offsets, severity and the texts shown to users."""
    return {
        "type": span.label_, "rule": span.id_, "severity": span._.severity,
        "cue": span.text, "start": span.start_char, "end": span.end_char,
        "explanation": span._.explanation, "suggestion": span._.suggestion,
    }


def clause_dict(index: int, clause: Span, flags: list[Span]) -> dict:
    """One clause with its role, flags and SMART probabilities."""
    return {
        "index": index, "text": clause.text, "start": clause.start_char, "end": clause.end_char,
        "section": clause._.section, "kind": clause.label_,
        "subject": clause._.subject or {"text": None, "role": "unknown"},
        "flags": [flag_dict(f) for f in flags],
        "smart": clause._.smart if clause.label_ == "commitment" else None,
    }


def doc_to_dict(doc: Doc) -> dict:
    """The contract's JSON object (schema_version "1") for an analysed Doc."""
    clause_spans = list(doc.spans.get("clauses", []))
    flags = sorted(doc.spans.get("flags", []), key=lambda s: (s.start_char, s.label_))
    clauses = []
    for index, clause in enumerate(clause_spans):
        own = [f for f in flags if clause.start_char <= f.start_char and f.end_char <= clause.end_char]
        clauses.append(clause_dict(index, clause, own))
    return {
        "schema_version": SCHEMA_VERSION, "source": doc._.source, "status": "ok", "error": None,
        "text": doc.text, "clauses": clauses, "document": document_summary(doc, clauses),
    }


def document_summary(doc: Doc, clauses: list[dict]) -> dict:
    """Checklist, parties, balance, flag counts and mean SMART score over commitments."""
    commitments = [c for c in clauses if c["kind"] == "commitment"]
    balance = {role: 0 for role in ROLES}
    for clause in commitments:
        balance[clause["subject"]["role"]] += 1
    counts = {t: 0 for t in FLAG_TYPES}
    for clause in clauses:
        for flag in clause["flags"]:
            counts[flag["type"]] += 1
    scores = [c["smart"]["score"] for c in commitments if c["smart"]]
    return {
        "checklist": doc._.checklist or [],
        "parties": doc._.parties or [],
        "balance": balance,
        "flag_counts": counts,
        "smart_score": round(sum(scores) / len(scores), 4) if scores else None,
    }


def document_row(result: dict) -> dict:
    """One row of documents.csv for an analysed, failed or skipped file."""
    doc = result.get("document") or {}
    clauses = result.get("clauses", [])
    row = {
        "source": result["source"], "status": result["status"], "error": result.get("error"),
        "n_clauses": len(clauses),
        "n_commitments": sum(c["kind"] == "commitment" for c in clauses),
        "smart_score": doc.get("smart_score"),
        **{f"balance_{r}": (doc.get("balance") or {}).get(r) for r in ROLES},
        **{f"flags_{t}": (doc.get("flag_counts") or {}).get(t) for t in FLAG_TYPES},
        "checklist_missing": ", ".join(c["item"] for c in doc.get("checklist", []) if not c["present"])
        if doc else None,
    }
    return {k: row[k] for k in DOCUMENT_COLUMNS}


def clause_rows(result: dict) -> list[dict]:
    """Rows of clauses.csv for one document."""
    rows = []
    for c in result.get("clauses", []):
        smart = c["smart"] or {}
        row = {
            "source": result["source"], "index": c["index"], "start": c["start"], "end": c["end"],
            "section": c["section"], "kind": c["kind"], "subject": c["subject"]["text"],
            "role": c["subject"]["role"], **{d: smart.get(d) for d in SMART_DIMENSIONS},
            "score": smart.get("score"), "flags": ", ".join(sorted({f["type"] for f in c["flags"]})),
            "text": c["text"],
        }
        rows.append({k: row[k] for k in CLAUSE_COLUMNS})
    return rows


def flag_rows(result: dict) -> list[dict]:
    """Rows of flags.csv for one document."""
    rows = []
    for c in result.get("clauses", []):
        for f in c["flags"]:
            row = {"source": result["source"], "clause_index": c["index"], **f, "clause_text": c["text"]}
            rows.append({k: row[k] for k in FLAG_COLUMNS})
    return rows


def skipped_dict(source: str, reason: str) -> dict:
    """The row-level record of a file the tool does not read."""
    return {**error_dict(source, reason), "status": "skipped"}
