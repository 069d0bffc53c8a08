"""`analyser scan` on real folders: every file accounted for, outputs that open, safe
spreadsheets, redaction, --resume and --workers (issue 5)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import make_docx, make_pdf
from invariants import check_contract

from analyser.cli import main

OUTPUTS = ("documents.csv", "clauses.csv", "flags.csv", "documents.jsonl", "report.xlsx")
FORMULA_START = ("=", "+", "-", "@")
AGREEMENT = """Working agreement with the Marsh family
Purpose
This agreement is to keep Ellis safe and help him get to school every day.
What Ms Marsh will do
• Ms Marsh will take Ellis to Fernhill Primary by 8.45am every weekday.
• Ms Marsh will ring the school office before 9.30am if Ellis is ill.
What the social worker will do
• The social worker will visit Ms Marsh and Ellis every Tuesday at 4pm.
Review
This agreement will be reviewed at the child in need meeting on 14 June.
"""
# Clauses a spreadsheet would run as formulas if they were written as they are.
INJECTED = {
    "=": '=HYPERLINK("http://example.invalid","open") Dad will bring the forms on Monday.',
    "+": "+44 7700 900123 is the number Dad will ring every Friday at 6pm.",
    "@": "@Dad will reply to the social worker's messages within one day.",
}
# Relative path of each file in the mixed folder -> the status its row must have.
EXPECTED = {
    "marsh.txt": "ok",
    "plan.docx": "ok",
    "sub/deeper/letter.pdf": "ok",
    "=cmd.txt": "ok",  # a file name is text too: the source column must not become a formula
    "-contact notes.txt": "ok",
    "corrupt.docx": "error",
    "empty.txt": "error",
    "binary.txt": "error",
    "photo.jpg": "skipped",
}


def build_mixed_folder(root: Path) -> Path:
    """Good files of every format, broken ones, a nested folder and an unsupported file."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "marsh.txt").write_text(AGREEMENT, encoding="utf-8")
    make_docx(root / "plan.docx", [
        ("heading", "What Mr Quayle will do"),
        ("bullet", "Mr Quayle will attend the Wednesday 6pm parenting course at Elm House."),
        ("table", [["Action", "By whom and by when", "Outcomes"],
                   ["Book a dental check for Nia", "Mr Quayle, by 2 May", "Nia is seen"]]),
        ("para", "This agreement is not legally binding."),
    ])
    make_pdf(root / "sub" / "deeper" / "letter.pdf", [
        "What Ms Adeyemi will do",
        "- Ms Adeyemi will meet the health visitor at the clinic every other Monday at 11am.",
    ])
    (root / "=cmd.txt").write_text(
        "What Dad will do\n" + "".join(f"• {line}\n" for line in INJECTED.values()),
        encoding="utf-8")
    (root / "-contact notes.txt").write_text(
        "Family time\nGrandma Iola will supervise contact every Sunday from 2pm to 4pm.\n",
        encoding="utf-8")
    whole = (root / "plan.docx").read_bytes()
    (root / "corrupt.docx").write_bytes(whole[: len(whole) // 2])
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    return root


def run_scan(capsys, *argv: str) -> tuple[int, str]:
    """The CLI in this process; returns the exit status and standard error."""
    code = main(["scan", *argv])
    return code, capsys.readouterr().err


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def workbook_strings(path: Path) -> list[str]:
    """Every string in every cell of every sheet."""
    book = openpyxl.load_workbook(path)
    return [c.value for sheet in book for row in sheet.iter_rows() for c in row
            if isinstance(c.value, str)]


def names_in(text: str, names: tuple[str, ...]) -> list[str]:
    return [n for n in names if re.search(rf"\b{re.escape(n)}\b", text, re.I)]


def all_output_text(out: Path) -> str:
    """Everything a researcher receiving the folder could read."""
    texts = [(out / name).read_text(encoding="utf-8") for name in OUTPUTS if name != "report.xlsx"]
    return "\n".join([*texts, *workbook_strings(out / "report.xlsx")])


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The real command in a subprocess, run in the folder (so sources are bare file names)."""
    folder = build_mixed_folder(tmp_path_factory.mktemp("mixed"))
    out = tmp_path_factory.mktemp("mixed_out")
    proc = subprocess.run([sys.executable, "-m", "analyser", "scan", ".", "--out", str(out)],
                          cwd=folder, capture_output=True, text=True, timeout=600)
    return folder, out, proc


def test_every_file_has_exactly_one_row_with_its_status(mixed):
    _folder, out, proc = mixed
    assert proc.returncode == 1, proc.stderr
    documents = rows(out / "documents.csv")
    assert sorted(r["source"].removeprefix("'") for r in documents) == sorted(EXPECTED)
    for row in documents:
        source = row["source"].removeprefix("'")
        assert row["status"] == EXPECTED[source], (source, row["error"])
        assert bool(row["error"]) == (row["status"] != "ok"), row
    assert "extension .jpg" in next(r["error"] for r in documents if r["source"] == "photo.jpg")


def test_failed_files_get_one_line_each_on_stderr(mixed):
    _folder, _out, proc = mixed
    lines = proc.stderr.splitlines()
    failed = [name for name, status in EXPECTED.items() if status == "error"]
    assert "Traceback" not in proc.stderr
    assert len(lines) == len(failed)
    for name in failed:
        assert sum(name in line for line in lines) == 1, (name, lines)


def test_outputs_open_in_pandas_and_openpyxl(mixed):
    _folder, out, _proc = mixed
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)  # no .partial or .tmp left
    tables = {name: pd.read_csv(out / f"{name}.csv") for name in ("documents", "clauses", "flags")}
    sheets = pd.read_excel(out / "report.xlsx", sheet_name=None)
    assert list(sheets) == ["summary", "documents", "clauses", "flags"]
    for name, table in tables.items():
        assert list(sheets[name].columns) == list(table.columns)
        assert len(sheets[name]) == len(table)
    summary = dict(zip(sheets["summary"]["measure"], sheets["summary"]["value"], strict=True))
    statuses = list(EXPECTED.values())
    assert summary["files ok"] == statuses.count("ok")
    assert summary["files error"] == statuses.count("error") and summary["files skipped"] == 1
    results = jsonl(out / "documents.jsonl")
    assert len(results) == len(EXPECTED)
    for result in results:
        result.pop("scan_key")
        if result["status"] != "skipped":
            check_contract(result)
        clause_count = (tables["clauses"]["source"].str.removeprefix("'") == result["source"]).sum()
        assert clause_count == len(result["clauses"])
    assert len(tables["clauses"]) > 10
    assert openpyxl.load_workbook(out / "report.xlsx").sheetnames[0] == "summary"


def test_docx_table_and_nested_pdf_are_analysed(mixed):
    _folder, out, _proc = mixed
    texts = {r["source"]: [c["text"] for c in r["clauses"]] for r in jsonl(out / "documents.jsonl")}
    assert any("Book a dental check for Nia" in t for t in texts["plan.docx"])
    assert any("health visitor at the clinic" in t for t in texts["sub/deeper/letter.pdf"])


def test_formula_like_text_reaches_csv_and_excel_as_text(mixed):
    _folder, out, _proc = mixed
    clause_texts = [c["text"] for r in jsonl(out / "documents.jsonl") for c in r["clauses"]]
    for start, line in INJECTED.items():
        assert any(t.startswith(start) and t[:12] == line[:12] for t in clause_texts), start
    csv_cells = [v for name in ("documents", "clauses", "flags")
                 for row in rows(out / f"{name}.csv") for v in row.values()]
    assert not [v for v in csv_cells if v.startswith(FORMULA_START)]
    for line in INJECTED.values():
        assert any(v.startswith("'" + line[:12]) for v in csv_cells), line
    assert {"'=cmd.txt", "'-contact notes.txt"} <= set(csv_cells)
    book = openpyxl.load_workbook(out / "report.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_START)]
    assert {c.value[:1] for c in risky} == set(FORMULA_START)
    assert all(c.data_type == "s" for c in risky)


def test_two_workers_give_the_same_outputs_as_one(mixed, tmp_path, monkeypatch, capsys):
    folder, out, _proc = mixed
    monkeypatch.chdir(folder)
    code, _err = run_scan(capsys, ".", "--out", str(tmp_path), "--workers", "2")
    assert code == 1
    for name in ("documents.jsonl", "documents.csv", "clauses.csv", "flags.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


# --- --redact ------------------------------------------------------------------------------------

BODY_NAMES = ("Zofia", "Mateusz", "Gwenllian", "Prydderch", "Ifeoma", "Babatunde", "Halloran")
BODY_ONLY = """Safety plan
What Ms Halloran will do
• Ms Halloran will bring Mateusz and Zofia to the family centre at 10am on Saturdays.
• Ifeoma's uncle Babatunde will collect Zofia from nursery on Fridays at 3pm.
What the social worker will do
• Social worker Gwenllian Prydderch will visit every Thursday at 4pm.
This plan will be reviewed on 2 July.
"""
FILE_NAMES = ("Radclyffe", "Oduya")  # in the folder and file names only, never in the text


@pytest.fixture(scope="module")
def redacted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("to_share")
    (folder / "case notes.txt").write_text(BODY_ONLY, encoding="utf-8")
    family = folder / "Radclyffe-Oduya family"
    family.mkdir()
    make_docx(family / "Oduya agreement.docx", [
        ("heading", "What Mum will do"),
        ("bullet", "Mum will take the baby to the clinic every Monday at 10am."),
        ("heading", "What the health visitor will do"),
        ("bullet", "The health visitor will ring Mum every Friday before noon."),
    ])
    out = tmp_path_factory.mktemp("shared_out")
    code = main(["scan", str(folder), "--out", str(out), "--redact"])
    return code, out


def test_redact_leaves_no_name_from_the_text_in_any_output(redacted):
    code, out = redacted
    assert code == 0
    assert names_in(all_output_text(out), BODY_NAMES) == []
    results = jsonl(out / "documents.jsonl")
    for result in results:
        result.pop("scan_key")
        check_contract(result)  # offsets still point into the redacted text
    notes = next(r for r in results if r["text"].startswith("Safety plan"))
    assert "[child" in notes["text"] and "[professional" in notes["text"]


def test_redact_leaves_no_name_from_file_or_folder_names_in_any_output(redacted):
    _code, out = redacted
    assert names_in(all_output_text(out), FILE_NAMES) == []
    sources = [r["source"] for r in rows(out / "documents.csv")]
    assert len(sources) == 2 and all(s.startswith("redacted/") for s in sources)
    assert sorted(Path(s).suffix for s in sources) == [".docx", ".txt"]


# --- --resume ------------------------------------------------------------------------------------

def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    for i, (parent, child) in enumerate([("Ms Marsh", "Ellis"), ("Mr Quayle", "Nia"),
                                         ("Ms Adeyemi", "Tomi"), ("Mr Kerr", "Isla"),
                                         ("Ms Lindqvist", "Freya")]):
        (folder / f"plan{i}.txt").write_text(
            f"What {parent} will do\n• {parent} will take {child} to school by 9am each day.\n",
            encoding="utf-8")
    (folder / "empty.txt").write_text("")
    return folder


def interrupt(out: Path, keep: int, *, mark: bool) -> list[dict]:
    """Turn a finished scan into what an interruption leaves: the first `keep` results in the
    partial JSONL, a line cut short, a stale temporary table and no finished outputs."""
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [{**json.loads(line), **({"resumed": True} if mark else {})} for line in lines[:keep]]
    (out / ".partial").mkdir()
    partial = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept) + lines[keep][:40]
    (out / ".partial" / "documents.jsonl").write_text(partial, encoding="utf-8")
    for name in OUTPUTS:
        (out / name).unlink()
    (out / ".documents.csv.tmp").write_text("source,status\nhalf", encoding="utf-8")
    return kept


def canonical(result: dict) -> str:
    return json.dumps(result, sort_keys=True)


def assert_one_row_per_file(out: Path, count: int) -> list[dict]:
    results = jsonl(out / "documents.jsonl")
    documents = rows(out / "documents.csv")
    assert len(results) == len(documents) == count
    assert len({r["source"] for r in documents}) == count
    clauses = rows(out / "clauses.csv")
    assert len({(r["source"], r["index"]) for r in clauses}) == len(clauses)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    return results


def test_resume_completes_an_interrupted_scan_without_duplicates(tmp_path, capsys):
    folder, out = small_corpus(tmp_path / "in"), tmp_path / "out"
    assert run_scan(capsys, str(folder), "--out", str(out))[0] == 1
    finished = jsonl(out / "documents.jsonl")
    kept = interrupt(out, 3, mark=True)
    code, err = run_scan(capsys, str(folder), "--out", str(out), "--resume")
    assert code == 1 and err.count("\n") == 1 and "empty.txt" in err
    results = assert_one_row_per_file(out, len(finished))
    assert [r for r in results if r.get("resumed")] == kept  # done files are not analysed again
    unmarked = [{k: v for k, v in r.items() if k != "resumed"} for r in results]
    assert sorted(map(canonical, unmarked)) == sorted(map(canonical, finished))


def test_resume_with_redact_does_not_reuse_unredacted_results(tmp_path, capsys):
    folder, out = small_corpus(tmp_path / "in"), tmp_path / "out"
    run_scan(capsys, str(folder), "--out", str(out))
    interrupt(out, 4, mark=False)
    code, _err = run_scan(capsys, str(folder), "--out", str(out), "--resume", "--redact")
    assert code == 1
    assert_one_row_per_file(out, 6)
    names = ("Marsh", "Quayle", "Adeyemi", "Kerr", "Lindqvist", "Ellis", "Nia", "Tomi", "Isla")
    assert names_in(all_output_text(out), names) == []
