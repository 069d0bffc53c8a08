"""What the dashboard shows, built from the contract's JSON without Streamlit.

`app.py` only lays the page out; the tables, chart data, comparisons and downloads come from
here, so they can be tested (and benchmarked) without a browser. Rendering reuses
`render.py`, rows reuse `report.py` and the scan outputs reuse `tables.py`.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import escape
from pathlib import Path

import pandas as pd
from spacy.language import Language

from .checklist import CHECKLIST_ITEMS
from .ingest import SUPPORTED, Ingested, IngestError, read_bytes
from .pipeline import analyse_ingested, analyse_text, read_many
from .render import CARD_STYLE, FLAG_COLOURS, FLAG_NAMES, render_clauses_html
from .report import DOCUMENT_COLUMNS, SMART_DIMENSIONS, document_row, error_dict
from .rules import FLAG_TYPES, ROLES, load_yaml
from .scan import discover
from .settings import DATA_DIR
from .tables import TABLES, Summary, write_outputs

SAMPLES_DIR = DATA_DIR / "samples"
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED]
SCAN_FILES = (*(f"{name}.csv" for name in TABLES), "report.xlsx")
PAGE_STYLE = CARD_STYLE + ".legend mark{margin-right:.5rem;display:inline-block}"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


class FolderError(ValueError):
    """A folder path typed into the audit view that cannot be used."""


@lru_cache(maxsize=1)
def texts() -> dict:
    """Return the words users see, from `patterns/flag_texts.yaml` (read once)."""
    return load_yaml("flag_texts.yaml")


def plain(text: str) -> str:
    """Text (a file name, an error) that Streamlit's markdown shows exactly as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def sample_names() -> list[str]:
    """List the sample agreements a user can load as text, the poorer ones first."""
    names = sorted(p.name for p in SAMPLES_DIR.glob("*.txt"))
    return sorted(names, key=lambda name: "poor" not in name)


def sample_text(name: str) -> str:
    """One sample agreement's text (`name` comes from `sample_names`)."""
    return (SAMPLES_DIR / name).read_text(encoding="utf-8")


def analyse_draft(nlp: Language, text: str, *, max_bytes: int) -> dict:
    """Analyse pasted text: the dashboard's path from text to the contract's JSON."""
    return analyse_text(nlp, text, source="pasted text", max_bytes=max_bytes)


def read_upload(name: str, data: bytes, *, max_bytes: int) -> Ingested | dict:
    """Read an uploaded file in memory; a bad file gives the contract's error object."""
    try:
        return read_bytes(data, source=name, max_bytes=max_bytes)
    except IngestError as err:
        return error_dict(name, str(err))


def folder_files(folder: str) -> tuple[list[Path], int]:
    """Find the readable files under a folder on this machine, and count the others."""
    path = Path(folder.strip()).expanduser()
    if not folder.strip() or not path.is_dir():
        raise FolderError(f"{folder}: not a folder on this computer")
    found = discover([path])
    readable = [p for p in found if p.suffix.lower() in SUPPORTED]
    return readable, len(found) - len(readable)


def analyse_items(nlp: Language, items: Iterable[Ingested | dict]) -> Iterator[dict]:
    """One result per item, yielded as each is finished, so a progress bar can follow."""
    for item in items:
        yield from analyse_ingested(nlp, [item])


def analyse_files(nlp: Language, files: Iterable[tuple[str, bytes]], *,
                  max_bytes: int) -> Iterator[dict]:
    """Analyse uploads (name, bytes) one by one, in memory."""
    return analyse_items(nlp, (read_upload(n, d, max_bytes=max_bytes) for n, d in files))


def analyse_folder(nlp: Language, paths: list[Path], *, max_bytes: int) -> Iterator[dict]:
    """Analyse files on this machine one by one."""
    return analyse_items(nlp, read_many(paths, max_bytes=max_bytes))


def annotated_html(result: dict, *, flagged_only: bool = False) -> str:
    """Render the clause cards (role, named highlights, notes, SMART bar) as HTML."""
    clauses = [c for c in result["clauses"] if c["flags"] or not flagged_only]
    return render_clauses_html({**result, "clauses": clauses}, heading="h4")


def legend_html() -> str:
    """Render the colour key: each colour with the flag's name, as in the highlights."""
    marks = "".join(f'<mark style="background:{FLAG_COLOURS[t]}">{escape(FLAG_NAMES[t])}</mark>'
                    for t in FLAG_TYPES)
    return f'<div class="legend">Highlights: {marks}</div>'


def run_summary(result: dict) -> dict:
    """Keep what is compared between two runs of a draft."""
    doc = result["document"]
    return {"flags": dict(doc["flag_counts"]), "smart": doc["smart_score"],
            "missing": [c["item"] for c in doc["checklist"] if not c["present"]]}


def compare_runs(before: dict, after: dict) -> list[str]:
    """Plain sentences saying what changed since the previous run (better or worse)."""
    lines = []
    for flag_type in FLAG_TYPES:
        old, new = before["flags"][flag_type], after["flags"][flag_type]
        if old != new:
            verdict = "better" if new < old else "worse"
            lines.append(f"{FLAG_NAMES[flag_type].capitalize()}: {old} → {new} ({verdict})")
    old, new = before["smart"], after["smart"]
    if old is not None and new is not None and old != new:
        verdict = "better" if new > old else "worse"
        lines.append(f"Average SMART score: {old:.0%} → {new:.0%} ({verdict})")
    labels = texts()["checklist"]
    lines += [f"Checklist now has: {labels[i]} (better)"
              for i in before["missing"] if i not in after["missing"]]
    lines += [f"Checklist now lacks: {labels[i]} (worse)"
              for i in after["missing"] if i not in before["missing"]]
    return lines


def flag_count_frame(result: dict) -> pd.DataFrame:
    """How many clauses were flagged for each kind of concern."""
    counts = result["document"]["flag_counts"]
    return pd.DataFrame({"What to look at": [FLAG_NAMES[t] for t in FLAG_TYPES],
                         "Clauses": [counts[t] for t in FLAG_TYPES]})


def checklist_frame(result: dict) -> pd.DataFrame:
    """Tabulate the guidance's checklist: each item, whether it was found, and where."""
    labels = texts()["checklist"]
    return pd.DataFrame([
        {"Found": "yes" if c["present"] else "MISSING", "Checklist item": labels[c["item"]],
         "Where": c["evidence"] or ""}
        for c in result["document"]["checklist"]
    ])


def balance_frame(balances: Iterable[dict]) -> pd.DataFrame:
    """Count commitments by role (summed over documents), for a bar chart."""
    totals = dict.fromkeys(ROLES, 0)
    for balance in balances:
        for role in ROLES:
            totals[role] += balance.get(role, 0)
    return pd.DataFrame({"role": list(ROLES), "commitments": [totals[r] for r in ROLES]})


def json_download(result: dict) -> str:
    """Write the contract's JSON, as `analyser analyse` does."""
    return json.dumps(result, ensure_ascii=False, indent=2)


def documents_frame(results: list[dict]) -> pd.DataFrame:
    """One row per document, the columns of `documents.csv`."""
    return pd.DataFrame([document_row(r) for r in results], columns=list(DOCUMENT_COLUMNS))


def filter_documents(frame: pd.DataFrame, *, flags: Iterable[str] = (), roles: Iterable[str] = (),
                     score: tuple[float, float] = (0.0, 1.0)) -> pd.DataFrame:
    """Documents with any of the flags, commitments by any of the roles, a score in range."""
    keep = pd.Series(True, index=frame.index)
    flags, roles = list(flags), list(roles)
    if flags:
        keep &= (frame[[f"flags_{t}" for t in flags]].fillna(0) > 0).any(axis=1)
    if roles:
        keep &= (frame[[f"balance_{r}" for r in roles]].fillna(0) > 0).any(axis=1)
    if tuple(score) != (0.0, 1.0):
        keep &= frame["smart_score"].between(*score)
    return frame[keep]


def corpus_summary(results: list[dict]) -> Summary:
    """Gather the scan's corpus-level counts for these results."""
    summary = Summary()
    for result in results:
        summary.add(result)
    return summary


def flag_prevalence(summary: Summary) -> pd.DataFrame:
    """Share of analysed documents with at least one flag of each type."""
    ok = summary.status["ok"] or 1
    return pd.DataFrame({"flag": [FLAG_NAMES[t] for t in FLAG_TYPES],
                         "share of documents": [summary.with_flag[t] / ok for t in FLAG_TYPES]})


def checklist_coverage(summary: Summary) -> pd.DataFrame:
    """Share of analysed documents that have each checklist item."""
    ok = summary.status["ok"] or 1
    labels = texts()["checklist"]
    shares = [summary.checklist[i] / ok for i in CHECKLIST_ITEMS]
    return pd.DataFrame({"checklist item": [labels[i] for i in CHECKLIST_ITEMS],
                         "share of documents": shares})


def smart_distribution(summary: Summary) -> pd.DataFrame:
    """How many documents have an average SMART score in each tenth (0-10%, ..., 90-100%)."""
    bins = [min(int(score * 10), 9) for score in summary.smart]
    return pd.DataFrame({"average SMART score": [f"{10 * b}-{10 * b + 10}%" for b in range(10)],
                         "documents": [bins.count(b) for b in range(10)]})


def scan_outputs(results: list[dict]) -> dict[str, bytes]:
    """Build the CSV tables and Excel workbook that `analyser scan` writes, with its code.

    They are made in a temporary folder that is deleted before this returns.
    """
    with tempfile.TemporaryDirectory(prefix="analyser-dashboard-") as folder:
        out = Path(folder)
        partial = out / "results.jsonl"
        with open(partial, "w", encoding="utf-8") as sink:
            for result in results:
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        write_outputs(partial, out)
        return {name: (out / name).read_bytes() for name in SCAN_FILES}


def flag_meanings() -> pd.DataFrame:
    """Each flag: its name as highlighted, what it means, why it matters, usual severity."""
    data = texts()
    return pd.DataFrame([
        {"Flag": FLAG_NAMES[t], "Code": t, "What it means": data["meanings"][t],
         "Why it matters": " ".join(data["types"][t]["explanation"].split()),
         "Usual severity": data["types"][t]["severity"]}
        for t in FLAG_TYPES
    ])


def smart_meanings() -> pd.DataFrame:
    """Each SMART dimension and when a clause meets it."""
    data = texts()["smart"]
    return pd.DataFrame({"Dimension": [d.replace("_", "-") for d in SMART_DIMENSIONS],
                         "A clause meets it when": [data[d] for d in SMART_DIMENSIONS]})


def model_card_sections(models_dir: Path) -> dict[str, str]:
    """Split the model card (Markdown written by `analyser train`) into its sections."""
    path = models_dir / "MODEL_CARD.md"
    if not path.is_file():
        return {}
    sections: dict[str, str] = {}
    for block in path.read_text(encoding="utf-8").split("\n## ")[1:]:
        title, _, body = block.partition("\n")
        sections[title.strip()] = body.strip()
    return sections
