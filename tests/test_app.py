"""The dashboard driven by Streamlit's AppTest: both views and the Method page, on real inputs."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from conftest import make_docx, make_pdf
from streamlit.testing.v1 import AppTest

from analyser import dashboard
from analyser.render import FLAG_NAMES
from analyser.settings import MODELS_DIR

APP = str(Path(__file__).resolve().parent.parent / "app.py")
AGREEMENT = """Working agreement for the Ora family

What we are worried about
Mr Kane has been violent to Ms Ora at home, and the police were called on 3 February.

What Ms Ora will do
Ms Ora will not let Mr Kane into the house.
Ms Ora will take Rosa to the Brookside nursery by 9am every weekday.

What Mr Kane will do
Mr Kane will attend the Thursday 6pm domestic abuse programme at Harbour House for 16 weeks.

What the social worker will do
Priya Lund (social worker) will visit Ms Ora and Rosa every Tuesday at 4pm.

This agreement will be reviewed at a meeting with everyone on 12 May.
"""
VICTIM_CLAUSE = "Ms Ora will not let Mr Kane into the house."
IMPROVED = AGREEMENT.replace(
    VICTIM_CLAUSE, "Mr Kane will not come to the house or to the street where Ms Ora lives."
) + "This agreement is not legally binding.\n"
POOR = """Agreement with Ms Brook

What Ms Brook will do
Ms Brook will keep the home clean at all times.
If Ms Brook does not comply, the children will be removed from her care.
"""
LABELS = dashboard.texts()["checklist"]


def start(view: str = "Check a draft") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if view != "Check a draft":
        at.radio(key="view").set_value(view).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def all_html(at: AppTest) -> str:
    return "\n".join(str(element.proto.body) for element in at.get("html"))


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def clause_card(html: str, text: str) -> str:
    """The HTML of the one clause card whose text contains `text` (cues are marked inside)."""
    cards = [c for c in html.split('<div class="clause ')
             if text in re.sub(r"<[^>]+>|\[[a-z ]+\]", "", c).replace("  ", " ")]
    assert len(cards) == 1, cards
    return cards[0]


def test_pasted_draft_shows_flag_roles_checklist_balance_and_downloads():
    at = start()
    at.text_area(key="draft_text").input(AGREEMENT)
    click(at, "Analyse the draft")
    html = all_html(at)

    card = clause_card(html, VICTIM_CLAUSE)
    assert card.startswith('role-victim"') and '<span class="role">victim</span>' in card
    assert 'class="flag flag-victim_responsibility"' in card
    assert "[victim made responsible]" in card  # the flag's name, not colour alone
    assert "This makes the person who is being abused responsible" in card
    assert "<i>Try:</i> Put the obligation on the person causing harm" in card
    assert 'class="smart"' in card and "SMART " in card
    for role, text in [("perpetrator", "Mr Kane will attend the Thursday 6pm"),
                       ("professional", "Priya Lund (social worker) will visit")]:
        assert f'<span class="role">{role}</span>' in clause_card(html, text)

    flags = frame_with(at, "What to look at").set_index("What to look at")["Clauses"]
    assert flags[FLAG_NAMES["victim_responsibility"]] == 1 and flags[FLAG_NAMES["coercion"]] == 0
    checklist = frame_with(at, "Checklist item").set_index("Checklist item")
    assert checklist.loc[LABELS["concerns"], "Found"] == "yes"
    assert checklist.loc[LABELS["concerns"], "Where"] in AGREEMENT
    assert checklist.loc[LABELS["review"], "Found"] == "yes"
    assert checklist.loc[LABELS["not_legally_binding"], "Found"] == "MISSING"
    assert checklist.loc[LABELS["signatures"], "Found"] == "MISSING"
    assert len(at.get("vega_lite_chart")) == 1  # balance of commitments by role
    downloads = {b.label for b in at.get("download_button")}
    assert downloads == {"Report for sharing (HTML)", "Full results (JSON)"}


def test_rerun_after_editing_says_what_improved():
    at = start()
    at.text_area(key="draft_text").input(AGREEMENT)
    click(at, "Analyse the draft")
    assert not at.info  # nothing to compare with yet
    at.text_area(key="draft_text").input(IMPROVED)
    click(at, "Analyse the draft")
    changes = at.info[0].value
    assert f"{FLAG_NAMES['victim_responsibility'].capitalize()}: 1 → 0 (better)" in changes
    assert f"Checklist now has: {LABELS['not_legally_binding']} (better)" in changes
    assert "victim made responsible]" not in all_html(at)


def test_user_text_is_escaped_in_the_annotated_view():
    at = start()
    note = 'Ms Ora said she wrote <script>alert(1)</script> and <img src=x onerror="go()">.\n'
    at.text_area(key="draft_text").input(AGREEMENT + note)
    click(at, "Analyse the draft")
    html = all_html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html and "<img" not in html


def test_load_a_sample_fills_the_box_and_analyses_it():
    at = start()
    name = at.selectbox(key="sample_name").value
    click(at, "Load a sample")
    assert at.text_area(key="draft_text").value == (dashboard.SAMPLES_DIR / name).read_text(
        encoding="utf-8")
    click(at, "Analyse the draft")
    assert not at.error
    assert 'class="clause ' in all_html(at)


def test_uploaded_docx_draft_is_read_in_memory(tmp_path):
    path = make_docx(tmp_path / "ora.docx", [
        ("heading" if line.startswith(("What", "Working")) else "para", line)
        for line in AGREEMENT.splitlines() if line])
    at = start()
    at.radio(key="draft_from").set_value("Upload a file").run()
    at.file_uploader(key="draft_file").upload("ora.docx", path.read_bytes()).run()
    click(at, "Analyse the draft")
    assert 'class="flag flag-victim_responsibility"' in clause_card(all_html(at), VICTIM_CLAUSE)
    broken = start()
    broken.radio(key="draft_from").set_value("Upload a file").run()
    broken.file_uploader(key="draft_file").upload("notes.docx", b"not a zip").run()
    click(broken, "Analyse the draft")
    message = broken.error[0].value.replace("\\", "")  # markdown escapes removed
    assert "notes.docx could not be analysed: not a valid .docx file" in message


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[tuple[str, bytes]]:
    tmp_path = tmp_path_factory.mktemp("batch")
    docx = make_docx(tmp_path / "ora.docx", [("para", line) for line in AGREEMENT.splitlines()])
    pdf = make_pdf(tmp_path / "lee.pdf", [
        "Purpose", "To help Sam get to school every day.", "What Mr Lee will do",
        "- Mr Lee will take Sam to school by 8.45am every weekday.", "What the school will do",
        "- The school will phone Mr Lee by 10am on any day Sam is absent."])
    return [("ora.docx", docx.read_bytes()), ("lee.pdf", pdf.read_bytes()),
            ("brook.txt", POOR.encode()), ("broken.docx", b"PK not really a docx")]


def test_audit_of_uploads_shows_table_filters_charts_and_drill_down(batch):
    at = start("Audit a batch")
    at.file_uploader(key="audit_files").set_value(
        [(name, data, "application/octet-stream") for name, data in batch]).run()
    click(at, "Analyse the batch")
    table = frame_with(at, "checklist_missing")
    assert list(table["source"]) == ["ora.docx", "lee.pdf", "brook.txt", "broken.docx"]
    assert list(table["status"]) == ["ok", "ok", "ok", "error"]
    assert "not a valid .docx" in table["error"].iloc[3]
    assert list(table["flags_victim_responsibility"].iloc[:3]) == [1, 0, 0]
    assert table["flags_coercion"].iloc[2] >= 1 and table["flags_absolute"].iloc[2] >= 1
    assert table["balance_perpetrator"].iloc[0] >= 1 and table["balance_professional"].iloc[1] >= 1
    assert "purpose" not in table["checklist_missing"].iloc[1]
    assert len(at.get("vega_lite_chart")) == 4 + 1  # four audit charts + drill-down balance
    assert {b.label for b in at.get("download_button")} >= set(dashboard.SCAN_FILES)

    at.multiselect(key="audit_flags").set_value(["victim_responsibility"]).run()
    assert list(frame_with(at, "checklist_missing")["source"]) == ["ora.docx"]
    assert 'class="flag flag-victim_responsibility"' in all_html(at)  # drill-down of ora.docx
    at.multiselect(key="audit_flags").set_value([]).run()
    at.multiselect(key="audit_roles").set_value(["perpetrator"]).run()
    assert list(frame_with(at, "checklist_missing")["source"]) == ["ora.docx"]
    at.multiselect(key="audit_roles").set_value([]).run()
    at.selectbox(key="audit_document").set_value(2).run()  # brook.txt
    assert 'class="flag flag-coercion"' in all_html(at)


def test_audit_of_a_folder_reads_supported_files_only(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "brook.txt").write_text(POOR, encoding="utf-8")
    (tmp_path / "plans" / "ora.md").write_text(AGREEMENT, encoding="utf-8")
    (tmp_path / "plans" / "list.csv").write_text("a,b\n", encoding="utf-8")
    at = start("Audit a batch")
    at.radio(key="audit_from").set_value("A folder on this computer").run()
    at.text_input(key="audit_folder").input(str(tmp_path / "plans"))
    click(at, "Analyse the batch")
    assert "1 other files were left out" in at.info[0].value
    table = frame_with(at, "checklist_missing")
    assert sorted(Path(s).name for s in table["source"]) == ["brook.txt", "ora.md"]
    at.text_input(key="audit_folder").input(str(tmp_path / "missing")).run()
    click(at, "Analyse the batch")
    assert "not a folder on this computer" in at.error[0].value


@pytest.fixture(scope="module")
def batch_results(batch, nlp) -> list[dict]:
    return list(dashboard.analyse_files(nlp, batch, max_bytes=4_000_000))


def test_scan_outputs_are_the_scan_tables_and_leave_no_files(batch, batch_results, tmp_path,
                                                             monkeypatch):
    results = batch_results
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    outputs = dashboard.scan_outputs(results)
    assert list((tmp_path / "tmp").iterdir()) == []
    rows = list(csv.DictReader(io.StringIO(outputs["documents.csv"].decode("utf-8"))))
    assert [r["source"] for r in rows] == [name for name, _ in batch]
    assert [r["status"] for r in rows] == ["ok", "ok", "ok", "error"]
    flags = list(csv.DictReader(io.StringIO(outputs["flags.csv"].decode("utf-8"))))
    assert any(r["type"] == "victim_responsibility" and r["source"] == "ora.docx" for r in flags)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(outputs["report.xlsx"]), read_only=True)
    assert book.sheetnames == ["summary", "documents", "clauses", "flags"]
    sheet = [row for row in book["documents"].iter_rows(values_only=True)]
    assert [row[0] for row in sheet] == ["source", *(name for name, _ in batch)]


def test_score_filter_keeps_documents_in_range(batch, batch_results):
    frame = dashboard.documents_frame(batch_results)
    lowest = frame["smart_score"].min()
    kept = dashboard.filter_documents(frame, score=(lowest + 0.01, 1.0))
    assert "brook.txt" not in set(kept["source"]) and lowest == frame["smart_score"].iloc[2]
    assert len(dashboard.filter_documents(frame)) == len(batch)  # full range keeps unscored rows


def test_method_page_explains_flags_smart_and_model_card():
    at = start("Method")
    assert "supports professional judgement; it never replaces it" in at.info[0].value
    flags = frame_with(at, "What it means")
    assert list(flags["Flag"]) == list(FLAG_NAMES.values())
    assert flags.set_index("Code").loc["victim_responsibility", "Usual severity"] == "serious"
    smart = frame_with(at, "A clause meets it when")
    assert list(smart["Dimension"]) == ["specific", "measurable", "achievable", "realistic",
                                        "time-bound"]
    card = (MODELS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    header = re.search(r"^\| dimension \|.*$", card, re.M).group(0).split("|")
    row = re.search(r"^\| specific \|.*$", card, re.M).group(0).split("|")
    test_f1 = row[[c.strip() for c in header].index("test F1")].strip()
    markdown = "\n".join(m.value for m in at.markdown)
    assert test_f1 in markdown
    assert any(h.value == "Model card: known limits" for h in at.subheader)
