"""Shared fixtures: the English model and the pipeline load once per session."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from analyser.settings import DATA_DIR

SAMPLES = DATA_DIR / "samples"
HELDOUT = DATA_DIR / "heldout"
TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlp():
    """The full analyser pipeline with default settings."""
    from analyser import load_pipeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_pipeline()


@pytest.fixture(scope="session")
def analyse(nlp):
    """Analyse pasted text with the session pipeline; returns the contract's JSON."""
    from analyser import analyse_text

    return lambda text, **kw: analyse_text(nlp, text, **kw)


def make_docx(path: Path, blocks: list[tuple[str, object]]) -> Path:
    """Write a .docx: ("heading", text), ("para", text), ("bullet", text), ("table", rows)."""
    from docx import Document

    document = Document()
    for kind, value in blocks:
        if kind == "heading":
            document.add_heading(value, level=2)
        elif kind == "bullet":
            document.add_paragraph(value, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(value)
    document.save(path)
    return path


def make_pdf(path: Path, lines: list[str], *, bullet: str = "-") -> Path:
    """Write a PDF with a real text layer (one line per entry)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line.replace("•", bullet), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
