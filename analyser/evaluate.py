"""`analyser evaluate`: flags, roles, segmentation and the SMART model on the labelled data.

Flags are scored per clause and type (present or not), leaving out types a labeller marked
unsure; roles as accuracy on commitments; segmentation as clause-boundary precision and recall
where splitting a labelled clause is not penalised and merging is.
"""

from __future__ import annotations

import json
from pathlib import Path

from .ingest import read_path
from .labelled import analyse_records, load_records, locate_labels, segmentation_scores
from .pipeline import load_pipeline, make_doc, pipe_docs
from .report import SMART_DIMENSIONS, doc_to_dict
from .rules import FLAG_TYPES
from .settings import DATA_DIR, Settings


def flag_counts(results) -> dict[str, dict[str, int]]:
    """True/false positives and false negatives per flag type over (record, clauses) pairs."""
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in FLAG_TYPES}
    for record, clauses in results:
        predicted = {f["type"] for c in clauses for f in c["flags"]}
        gold, unsure = set(record.get("flags", [])), set(record.get("unsure", []))
        for flag_type in FLAG_TYPES:
            if flag_type in unsure:
                continue
            hit, want = flag_type in predicted, flag_type in gold
            if hit or want:
                counts[flag_type]["tp" if hit and want else "fp" if hit else "fn"] += 1
    return counts


def prf(c: dict[str, int]) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


SMART_THRESHOLD = 0.5  # a dimension counts as met at this probability


def matched_clause(clauses: list[dict]) -> dict | None:
    """Pick the output clause a labelled commitment is scored against: the longest overlapping."""
    return max(clauses, key=lambda c: len(c["text"]), default=None)


def score_pairs(pairs: list[tuple[dict, list[dict]]]) -> dict:
    """Flag, role and SMART counts over (record, overlapping output clauses) pairs."""
    roles, smart = [0, 0], {d: [0, 0, 0] for d in SMART_DIMENSIONS}
    for record, clauses in pairs:
        best = matched_clause(clauses)
        if record.get("kind") == "commitment" and best:
            roles[0] += best["subject"]["role"] == record["role"]
            roles[1] += 1
            if best["smart"] and record.get("smart"):
                for d in SMART_DIMENSIONS:
                    hit, want = best["smart"][d] >= SMART_THRESHOLD, bool(record["smart"][d])
                    smart[d][0] += hit and want
                    smart[d][1] += hit and not want
                    smart[d][2] += want and not hit
    return {"n": len(pairs), "flags": flag_counts(pairs), "roles": roles,
            "smart": {d: dict(zip(("tp", "fp", "fn"), v, strict=True)) for d, v in smart.items()}}


def evaluate_clauses(nlp, part: str) -> dict:
    """Flag, role and SMART scores on one part of the labelled clause set."""
    return score_pairs([(record, clauses) for record, _doc, _span, clauses
                        in analyse_records(nlp, load_records(part))])


def evaluate_agreements(nlp, folder: Path) -> dict:
    """Segmentation and role scores over the labelled agreements in a folder."""
    total: dict[str, int] = {}
    for labels_path in sorted(folder.glob("*.labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        ingested = read_path(folder / labels["source"])
        result = doc_to_dict(next(pipe_docs(nlp, [make_doc(nlp, ingested)])))
        gold, others = locate_labels(result["text"], labels)
        for key, value in segmentation_scores(result["text"], gold, result["clauses"], others).items():
            total[key] = total.get(key, 0) + value
        total["files"] = total.get("files", 0) + 1
    return total


def segmentation_line(name: str, s: dict) -> str:
    """One line of segmentation results."""
    if not s:
        return f"{name}: no labelled agreements"
    p = s["correct"] / s["pred"] if s["pred"] else 0.0
    r = s["recovered"] / s["gold"] if s["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = s["roles_right"] / s["roles_total"] if s["roles_total"] else 0.0
    return (f"{name}: {s['files']} agreements, {s['gold']} clauses | boundary P {p:.3f} R {r:.3f} "
            f"F1 {f1:.3f} | role accuracy {acc:.3f} ({s['roles_right']}/{s['roles_total']}) | "
            f"headings/signatures output as clauses: {s['non_clause_leaks']}")


def evaluate(settings: Settings, *, parts: tuple[str, ...] = ("dev", "test")) -> str:
    """The full evaluation report as text."""
    nlp = load_pipeline(settings)
    lines = ["Segmentation and roles (labelled agreements)",
             segmentation_line("  samples (tuned on)", evaluate_agreements(nlp, DATA_DIR / "samples")),
             segmentation_line("  held-out (not tuned on)", evaluate_agreements(nlp, DATA_DIR / "heldout"))]
    for part in parts:
        result = evaluate_clauses(nlp, part)
        lines += ["", f"Labelled clauses, {part} part ({result['n']} clauses)",
                  f"{'flag':24} {'P':>6} {'R':>6} {'F1':>6}  {'tp':>4} {'fp':>4} {'fn':>4}"]
        for flag_type, c in result["flags"].items():
            p, r, f1 = prf(c)
            lines.append(f"{flag_type:24} {p:6.3f} {r:6.3f} {f1:6.3f}  {c['tp']:4} {c['fp']:4} {c['fn']:4}")
        right, total = result["roles"]
        lines.append(f"role accuracy on commitments: {right / total if total else 0:.3f} ({right}/{total})")
        lines.append(f"{'SMART (at 0.5)':24} {'P':>6} {'R':>6} {'F1':>6}")
        for dim, c in result["smart"].items():
            p, r, f1 = prf(c)
            lines.append(f"{dim:24} {p:6.3f} {r:6.3f} {f1:6.3f}")
    return "\n".join(lines)
