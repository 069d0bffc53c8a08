"""Scan outputs from the stream of results: CSV tables, the Excel workbook and the JSONL.

Rows come from `report.py` (the one place columns are defined). Every file is written under a
temporary name and renamed when complete. Text that a spreadsheet would read as a formula is
written as text.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

from .checklist import CHECKLIST_ITEMS
from .report import (
    CLAUSE_COLUMNS,
    DOCUMENT_COLUMNS,
    FLAG_COLUMNS,
    clause_rows,
    document_row,
    flag_rows,
)
from .rules import FLAG_TYPES

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TABLES = {"documents": DOCUMENT_COLUMNS, "clauses": CLAUSE_COLUMNS, "flags": FLAG_COLUMNS}


def safe_cell(value):
    """A value that no spreadsheet will run: text starting like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def read_results(path: Path) -> Iterator[dict]:
    """Results from a JSONL file, one at a time (memory stays flat)."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def table_rows(result: dict) -> dict[str, list[dict]]:
    """The rows one document contributes to each table."""
    return {"documents": [document_row(result)], "clauses": clause_rows(result),
            "flags": flag_rows(result)}


def write_outputs(partial: Path, out: Path) -> list[tuple[str, str]]:
    """Build every output from the partial JSONL; return (source, error) of failed files."""
    tmp = {name: out / f".{name}.csv.tmp" for name in TABLES}
    handles = {name: open(tmp[name], "w", newline="", encoding="utf-8") for name in TABLES}
    writers = {name: csv.DictWriter(handles[name], fieldnames=cols) for name, cols in TABLES.items()}
    summary = Summary()
    failed = []
    try:
        for writer in writers.values():
            writer.writeheader()
        for result in read_results(partial):
            summary.add(result)
            if result["status"] == "error":
                failed.append((result["source"], result["error"]))
            for name, rows in table_rows(result).items():
                writers[name].writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    finally:
        for handle in handles.values():
            handle.close()
    workbook_tmp = out / ".report.xlsx.tmp"
    write_workbook(workbook_tmp, summary, partial)
    for name in TABLES:
        os.replace(tmp[name], out / f"{name}.csv")
    os.replace(workbook_tmp, out / "report.xlsx")
    os.replace(partial, out / "documents.jsonl")
    return failed


class Summary:
    """Corpus-level counts gathered while streaming (no document kept in memory)."""

    def __init__(self) -> None:
        self.status = {"ok": 0, "error": 0, "skipped": 0}
        self.with_flag = dict.fromkeys(FLAG_TYPES, 0)
        self.flag_total = dict.fromkeys(FLAG_TYPES, 0)
        self.checklist = dict.fromkeys(CHECKLIST_ITEMS, 0)
        self.no_professional = 0
        self.clauses = 0
        self.smart: list[float] = []

    def add(self, result: dict) -> None:
        """Count one document."""
        self.status[result["status"]] += 1
        doc = result.get("document")
        if result["status"] != "ok" or not doc:
            return
        self.clauses += len(result["clauses"])
        for flag_type, count in doc["flag_counts"].items():
            self.flag_total[flag_type] += count
            self.with_flag[flag_type] += count > 0
        for item in doc["checklist"]:
            self.checklist[item["item"]] += item["present"]
        self.no_professional += doc["balance"]["professional"] == 0
        if doc["smart_score"] is not None:
            self.smart.append(doc["smart_score"])

    def rows(self) -> list[tuple[str, object]]:
        """(measure, value) pairs for the summary sheet."""
        ok = self.status["ok"] or 1
        rows: list[tuple[str, object]] = [(f"files {k}", v) for k, v in self.status.items()]
        rows.append(("clauses analysed", self.clauses))
        rows.append(("mean SMART score of agreements",
                     round(sum(self.smart) / len(self.smart), 3) if self.smart else None))
        rows.append(("share of agreements with a victim-responsibility clause",
                     round(self.with_flag["victim_responsibility"] / ok, 3)))
        rows.append(("share of agreements with no professional commitments",
                     round(self.no_professional / ok, 3)))
        for flag_type in FLAG_TYPES:
            rows.append((f"share of agreements with {flag_type}", round(self.with_flag[flag_type] / ok, 3)))
            rows.append((f"{flag_type} flags per 100 clauses",
                         round(100 * self.flag_total[flag_type] / (self.clauses or 1), 1)))
        for item in CHECKLIST_ITEMS:
            rows.append((f"checklist coverage: {item}", round(self.checklist[item] / ok, 3)))
        return rows


def write_workbook(path: Path, summary: Summary, partial: Path) -> None:
    """The workbook in write-only mode: summary first, then the three tables streamed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("summary")
    sheet.append(["measure", "value"])
    for measure, value in summary.rows():
        sheet.append([measure, value])
    sheets = {name: workbook.create_sheet(name) for name in TABLES}
    for name, columns in TABLES.items():
        sheets[name].append(list(columns))

    def cell(sheet_, value):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        c = WriteOnlyCell(sheet_, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # never a formula, whatever the text starts with
        return c

    for result in read_results(partial):
        for name, rows in table_rows(result).items():
            for row in rows:
                sheets[name].append([cell(sheets[name], row[col]) for col in TABLES[name]])
    workbook.save(path)
