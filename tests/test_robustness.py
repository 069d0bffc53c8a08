"""Hardening (issue 8): arbitrary text, bad files, limits, no network, safe model loading.

Every bad file goes through the real `analyse` and `scan` commands; the property tests run the
real pipeline on generated text and check the contract's invariants.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import shutil
import socket
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import make_docx, make_pdf
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from invariants import check_contract

from analyser.cli import main

# --- arbitrary text --------------------------------------------------------------------------

WORDS = ["Mum", "will", "take", "Ellis", "to", "school", "by", "9am", "every", "Monday", "must",
         "not", "social", "worker", "visit", "if", "the", "plan", "Дмитрий", "будет", "звонить",
         "سوف", "تتصل", "الأم", "妈妈", "会", "每天", "送", "学校", "माँ", "हर", "दिन", "😀", "café",
         "Straße", "£20", "12", "—", "(", ")", ";", ":", "|", "Dad's", "e.g.", "etc"]
BULLETS = ["•", "·", "▪", "◦", "-", "*", "–", "o", "\uf0b7", "(cid:127)", " ", "\t", "\n"]
LINES = ["What Mum will do", "• Mum will take Ellis to school by 9am every weekday.",
         "Contingency:", "If this does not happen, a meeting will be held.", "Signed: ______",
         "Action | By whom | By when", "Book GP visit | Dad | 3 May", "Review", ""]

ANY_TEXT = st.text(max_size=100_000)  # any Unicode, control characters included
CONTROLS = st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Lu", "Ll", "Mn"]),
                   max_size=600)
MIXED_SCRIPTS = st.lists(st.sampled_from(WORDS), max_size=500).map(" ".join)
ONLY_BULLETS = st.lists(st.sampled_from(BULLETS), max_size=400).map("".join)
AGREEMENT_LIKE = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=60)),
                          max_size=60).map("\n".join)
# One very long line with no punctuation, up to the 100,000 characters the issue asks for.
LONG_LINE = st.builds(lambda unit, size: (unit * (size // len(unit) + 1))[:size],
                      st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz    ABCDEFG"), min_size=1,
                              max_size=80), st.integers(5_000, 100_000))
TEXTS = st.one_of(ANY_TEXT, CONTROLS, MIXED_SCRIPTS, ONLY_BULLETS, AGREEMENT_LIKE)
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Cs"}


def has_content(text: str) -> bool:
    """Some line holds a visible character other than a lone bullet."""
    for line in text.splitlines():
        visible = "".join(ch for ch in line if unicodedata.category(ch) not in _INVISIBLE)
        if visible and visible != "•":
            return True
    return False


SETTINGS = settings(deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])


def assert_valid_analysis(analyse, text: str) -> None:
    """No exception, the contract's invariants, ok for any visible text, the same JSON twice."""
    result = analyse(text)
    check_contract(result)
    if has_content(text):
        assert result["status"] == "ok", result["error"]
    starts = [c["start"] for c in result["clauses"]]
    assert starts == sorted(starts) and all(c["start"] < c["end"] for c in result["clauses"])
    if len(text) <= 20_000:
        again = analyse(text)
        assert json.dumps(again, ensure_ascii=False) == json.dumps(result, ensure_ascii=False)


@settings(SETTINGS, max_examples=60)
@given(text=TEXTS)
def test_any_text_gives_a_valid_document(analyse, text):
    assert_valid_analysis(analyse, text)


@settings(SETTINGS, max_examples=6)
@given(text=LONG_LINE)
def test_long_lines_without_punctuation_give_a_valid_document(analyse, text):
    event(f"{len(text) // 20_000 * 20}k+ characters")
    assert_valid_analysis(analyse, text)


@pytest.mark.slow
def test_one_megabyte_agreement_is_analysed_with_default_limits(analyse, nlp):
    block = ("What Ms Okonjo will do\n"
             "• Ms Okonjo will take Remi to Larchwood Primary by 8.45am every weekday.\n"
             "• Ms Okonjo will ring the social worker before 10am if Remi is unwell.\n"
             "What the social worker will do\n"
             "• The social worker will visit every Wednesday at 3pm.\n\n")
    last = "The plan will end when the review meeting on 30 September agrees it can stop."
    text = "Written agreement\n" + block * (1_000_000 // len(block) + 1) + last + "\n"
    assert len(text) > 1_000_000 >= 1_000_000  # spaCy's default max_length
    result = analyse(text)
    assert result["status"] == "ok", result["error"]
    check_contract(result)
    assert result["clauses"][-1]["text"] == last
    assert len(result["clauses"]) >= 3 * text.count("What the social worker will do")


# --- bad files, through `analyse` and `scan` -------------------------------------------------

MAX_BYTES = 200_000
GOOD_LINE = "What Mum will do\n• Mum will take Ellis to Larchwood Primary by 9am every weekday.\n"
CP1252_TEXT = "What Mum\u2019s partner will do \u2013 from May\n• Pay £20 for the café trip.\n"
UTF16_TEXT = "What Dad will do\n• Dad will ring Zoë every Sunday at 6pm.\n"


def docx_bytes(tmp: Path, blocks: list[tuple[str, object]]) -> bytes:
    return make_docx(tmp / "made.docx", blocks).read_bytes()


def zip_bomb_docx(tmp: Path) -> bytes:
    """A real .docx whose styles part unpacks to 60 MB (about 60 kB packed)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(tmp, [("para", "Mum will attend.")])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", b" " * 60_000_000 + b"</w:styles>")
            bomb.writestr(info.filename, data)
    return buffer.getvalue()


def nested_table_docx(tmp: Path) -> bytes:
    from docx import Document

    document = Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "Action", "Who"
    outer.cell(1, 0).text = "Keep the home safe"
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Dad will fit a stair gate by 4 June"
    inner.cell(0, 1).text = "Health visitor will check it on 11 June"
    path = tmp / "nested.docx"
    document.save(path)
    return path.read_bytes()


def protected_pdf(tmp: Path) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "Mum will ring the school by 9am.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def scanned_pdf(tmp: Path) -> bytes:
    """A page holding only a picture: no text layer."""
    from fpdf import FPDF
    from PIL import Image

    Image.new("RGB", (300, 120), (210, 210, 210)).save(tmp / "page.png")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(tmp / "page.png"), x=10, y=10, w=150)
    return bytes(pdf.output())


def xlsx_renamed(tmp: Path) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Mum will attend"
    book.save(tmp / "sheet.xlsx")
    return (tmp / "sheet.xlsx").read_bytes()


# name -> (content builder, "error" and words of the message, or "ok" and text it must contain)
BAD_FILES = {
    "empty.txt": (lambda tmp: b"", "error", "no text"),
    "whitespace.txt": (lambda tmp: b"  \n\t\r\n \x0b \n", "error", "no text"),
    "binary.txt": (lambda tmp: bytes(range(256)) * 16, "error", "binary"),
    "truncated.docx": (lambda tmp: docx_bytes(tmp, [("para", GOOD_LINE)])[:3000], "error", ".docx"),
    "bomb.docx": (zip_bomb_docx, "error", "zip bomb"),
    "spreadsheet.docx": (xlsx_renamed, "error", "not a valid .docx"),
    "protected.pdf": (protected_pdf, "error", "password"),
    "scanned.pdf": (scanned_pdf, "error", "no text"),
    "huge.txt": (lambda tmp: GOOD_LINE.encode() * (MAX_BYTES // len(GOOD_LINE) + 10), "error",
                 "over the limit"),
    "windows1252.txt": (lambda tmp: CP1252_TEXT.encode("cp1252"), "ok", CP1252_TEXT),
    "utf16.txt": (lambda tmp: UTF16_TEXT.encode("utf-16"), "ok", UTF16_TEXT),
    "nested.docx": (nested_table_docx, "ok", "Dad will fit a stair gate by 4 June | "
                    "Health visitor will check it on 11 June"),
    "UPPER.TXT": (lambda tmp: GOOD_LINE.encode(), "ok", GOOD_LINE),
    "folder.txt": (None, "error", "folder"),
    "locked.txt": ("locked", "error", "cannot read"),
}


def running_as_root_reads_everything(path: Path) -> bool:
    return os.access(path, os.R_OK)


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    """Every bad file, plus a good one (in a sub-folder of the folder named like a file)."""
    folder = tmp_path_factory.mktemp("bad")
    work = tmp_path_factory.mktemp("work")
    for name, (build, _status, _words) in BAD_FILES.items():
        if build is None:
            (folder / name).mkdir()
            (folder / name / "inside.txt").write_text(GOOD_LINE, encoding="utf-8")
        elif build == "locked":
            (folder / name).write_text(GOOD_LINE, encoding="utf-8")
            (folder / name).chmod(0)
        else:
            (folder / name).write_bytes(build(work))
    return folder


def usable_cases(folder: Path) -> list[str]:
    """The cases this machine can produce (root can read a file with no permissions)."""
    locked = folder / "locked.txt"
    return [n for n in BAD_FILES
            if n != "locked.txt" or not running_as_root_reads_everything(locked)]


@pytest.fixture(scope="module")
def analysed(bad_folder, tmp_path_factory):
    """`analyser analyse` over every case at once: results in input order and standard error."""
    names = usable_cases(bad_folder)
    out = tmp_path_factory.mktemp("analysed") / "results.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        errors = io.StringIO()
        patch.setattr("sys.stderr", errors)
        code = main(["analyse", *(str(bad_folder / n) for n in names), "--format", "jsonl",
                     "--max-bytes", str(MAX_BYTES), "--out", str(out)])
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return code, dict(zip(names, results, strict=True)), errors.getvalue()


@pytest.fixture(scope="module")
def scanned(bad_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("bad_out")
    with pytest.MonkeyPatch.context() as patch:
        errors = io.StringIO()
        patch.setattr("sys.stderr", errors)
        code = main(["scan", str(bad_folder), "--out", str(out), "--max-bytes", str(MAX_BYTES)])
    with open(out / "documents.csv", newline="", encoding="utf-8") as handle:
        documents = {Path(r["source"]).relative_to(bad_folder).as_posix(): r
                     for r in csv.DictReader(handle)}
    return code, documents, errors.getvalue()


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_through_analyse(analysed, bad_folder, name):
    code, results, stderr = analysed
    if name not in results:
        pytest.skip("running as root: a file without read permission is still readable")
    _build, status, words = BAD_FILES[name]
    result = results[name]
    assert code == 1 and "Traceback" not in stderr
    check_contract(result)
    assert result["status"] == status, result["error"]
    lines = [line for line in stderr.splitlines() if str(bad_folder / name) in line]
    if status == "error":
        assert words in result["error"] and "\n" not in result["error"]
        assert lines == [f"analyser: {bad_folder / name}: {result['error']}"]
    else:
        assert words in result["text"] and not lines
        assert any(c["text"] in words for c in result["clauses"]), "the content is analysed"


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_through_scan(scanned, bad_folder, name):
    code, documents, stderr = scanned
    assert code == 1 and "Traceback" not in stderr
    if name == "folder.txt":  # a folder is walked, not read: its file comes out
        assert "folder.txt" not in documents
        assert documents["folder.txt/inside.txt"]["status"] == "ok"
        return
    if name == "locked.txt" and running_as_root_reads_everything(bad_folder / name):
        pytest.skip("running as root: a file without read permission is still readable")
    _build, status, words = BAD_FILES[name]
    row = documents[name]
    assert row["status"] == status, row["error"]
    assert (words in row["error"]) if status == "error" else int(row["n_clauses"]) >= 1


def test_scan_accounts_for_every_bad_file_once(scanned, bad_folder):
    _code, documents, stderr = scanned
    found = sorted(p.relative_to(bad_folder).as_posix()
                   for p in bad_folder.rglob("*") if p.is_file())
    assert sorted(documents) == found
    failed = [n for n, r in documents.items() if r["status"] == "error"]
    assert len(stderr.splitlines()) == len(failed)


def test_undecodable_standard_input_is_one_line_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analyser", "analyse", "-"],
                          input=b"What Mum will do\n\xff\xfe\x81 Mum will ring.\n",
                          capture_output=True, timeout=300)
    stderr = proc.stderr.decode()
    assert "Traceback" not in stderr
    if proc.returncode == 0:
        assert "Mum will ring" in json.loads(proc.stdout)["text"]
    else:
        assert proc.returncode == 1 and stderr.count("\n") == 1


# --- limits ----------------------------------------------------------------------------------

def test_time_limit_per_document_gives_error_rows_not_a_hang(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.txt").write_text(GOOD_LINE * 20, encoding="utf-8")
    make_pdf(folder / "letter.pdf", ["What Dad will do", "- Dad will ring Ellis on Sundays."])
    code = main(["scan", str(folder), "--out", str(tmp_path / "out"), "--timeout", "0.001"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    with open(tmp_path / "out" / "documents.csv", newline="", encoding="utf-8") as handle:
        documents = list(csv.DictReader(handle))
    assert len(documents) == 2
    for row in documents:
        assert row["status"] == "error" and "longer than the limit of 0.001 s" in row["error"]


def test_default_size_limit_allows_two_megabytes_of_text():
    from analyser.settings import Settings

    assert Settings().max_bytes >= 2_000_000


# --- nothing leaves the machine --------------------------------------------------------------

@pytest.fixture()
def no_network(monkeypatch):
    """Record, and refuse, any outbound connection, subprocess or model download."""
    attempts: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            attempts.append(f"{what} {args[1:2] or args[:1]}")
            raise OSError(f"test: {what} is not allowed")
        return blocked

    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family == socket.AF_UNIX:
            return real_connect(sock, address)
        return refuse("connect")(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess"))
    import spacy.cli

    monkeypatch.setattr(spacy.cli, "download", refuse("spacy download"))
    return attempts


def test_loading_analysing_scanning_and_the_app_open_no_connection(no_network, tmp_path):
    from analyser import analyse_text, load_pipeline

    nlp = load_pipeline()
    assert analyse_text(nlp, GOOD_LINE)["status"] == "ok"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.txt").write_text(GOOD_LINE, encoding="utf-8")
    make_docx(tmp_path / "in" / "plan.docx", [("bullet", "Dad will ring Ellis on Sundays.")])
    out = str(tmp_path / "out")
    assert main(["scan", str(tmp_path / "in"), "--out", out, "--workers", "1"]) == 0
    app = Path(__file__).resolve().parent.parent / "app.py"
    if app.is_file():
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(app), default_timeout=120).run()
        assert not at.exception, [e.value for e in at.exception]
    assert no_network == []


# --- safe model loading ----------------------------------------------------------------------

class _RunsCode:
    """What a malicious pickle does: run a command when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


def test_a_pickle_in_place_of_the_model_is_refused_without_running_it(tmp_path):
    from analyser.model_store import MODEL_FILE, MODEL_FORMAT, ModelError, file_sha256, load_model
    from analyser.settings import MODELS_DIR
    from analyser.smart import FEATURE_NAMES

    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    marker = tmp_path / "ran.txt"
    (models / MODEL_FILE).write_bytes(pickle.dumps({"features": _RunsCode(marker), "models": {}}))
    meta_path = models / "smart.json"
    meta = json.loads(meta_path.read_text())
    # Whoever swapped the file also rewrote the sidecar, so only the loader itself can refuse.
    meta.update(format=MODEL_FORMAT, features=list(FEATURE_NAMES),
                sha256=file_sha256(models / MODEL_FILE))
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError) as refused:
        load_model(models)
    assert MODEL_FILE in str(refused.value) and "\n" not in str(refused.value)
    assert not marker.exists()
