"""Build the .docx and .pdf versions of sample agreements s17 to s26 from their .txt sources.

Run with the project's virtual environment:

    /work/venv/bin/python data/samples/make_binary_samples.py

- s17 to s22 become .docx files with real Word structures: Heading paragraphs for headings,
  "List Bullet" / "List Number" paragraphs for bullets and numbered items, and real Word tables
  for lines written as "a | b | c" rows (the four-column plan in s18, the signature table in s17).
- s23 to s26 become .pdf files written with fpdf2 and a core font (Helvetica); text is converted
  to latin-1 safely and bullets are written as "-". s24 (a letter) and s25 are two pages
  long; s23 and s26 fit on one page.

The output is deterministic (fixed document dates, fixed zip timestamps) and nothing is fetched
from the network. The .txt files are the sources and are left as they are.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FIXED_DATE = datetime(2024, 1, 1, 9, 0, 0, tzinfo=UTC)
ZIP_DATE = (2024, 1, 1, 9, 0, 0)

# Section headings of each source file (exact line text -> heading level).
# The first non-empty line of every file is the document title (level 1).
HEADINGS: dict[str, dict[str, int]] = {
    "s17_contact_family_time": {
        "Purpose": 2,
        "Why we need this agreement": 2,
        "When and where": 2,
        "What Marta and Tomasz will do": 2,
        "What Grace and the family time team will do": 2,
        "What Rhiannon Pryce (social worker) will do": 2,
        "If things go wrong": 2,
        "How long this agreement lasts": 2,
        "Oskar's views": 2,
        "Parents' views": 2,
        "Signed": 2,
    },
    "s18_school_attendance_table": {
        "Why we are worried": 2,
        "What we want to achieve": 2,
        "The plan": 2,
        "Ellie-Mae's views": 2,
        "Kerry's views": 2,
        "If the plan is not working": 2,
        "Signed": 2,
    },
    "s19_da_safety_plan": {
        "What are we worried about?": 2,
        "What is working well?": 2,
        "Bottom line": 2,
        "What Daniel will do": 2,
        "What Nadia will do, with support": 2,
        "What professionals will do": 2,
        "What the children have said": 2,
        "If this plan is not working": 2,
        "Signed": 2,
    },
    "s20_young_person_i_will_plan": {
        "Why I have this plan": 2,
        "What is going well": 2,
        "I will": 2,
        "Mum (Abena) will": 2,
        "Jess will": 2,
        "Toby will": 2,
        "If I slip up": 2,
        "What I think about this plan": 2,
        "Signed": 2,
    },
    "s21_home_conditions_contract": {
        "Concerns": 2,
        "Expectations": 2,
        "Consequences": 2,
        "Duration": 2,
    },
    "s22_fgc_family_plan": {
        "Why the family met": 2,
        "Bottom line from children's services (shared before private family time)": 2,
        "Our plan": 2,
        "Who looks after the children when Simone works nights": 3,
        "School and nursery": 3,
        "Keeping in touch": 3,
        "Help the family asked for": 3,
        "What children's services will do": 2,
        "If the plan runs into difficulty": 2,
        "Review": 2,
        "What Jaylen and Tiana said": 2,
        "Agreed by the family": 2,
        "Accepted by children's services": 2,
    },
    "s23_da_poor_agreement": {
        "Reason for agreement": 2,
        "Purpose": 2,
        "Ms Fairbrother will:": 2,
        "Mr Dunmore": 2,
        "Children's Social Care will:": 2,
        "If this agreement is broken": 2,
        "Review": 2,
    },
    "s24_alcohol_drugs_letter": {
        "Letter of expectations about Ellis and Freya": 2,
        "Why I am writing": 2,
        "What we expect you to do": 2,
        "What we will do": 2,
        "What happens if things do not go to plan": 2,
        "What Ellis and Freya have said": 2,
    },
    "s25_unborn_baby_prebirth": {
        "Purpose": 2,
        "What we are worried about": 2,
        "What is going well": 2,
        "When and where we will meet": 2,
        "What Shannon and Kieran will do": 2,
        "What the professionals will do": 2,
        "What family will do": 2,
        "If things go wrong": 2,
        "Review": 2,
        "What Shannon and Kieran said": 2,
        "Signatures": 2,
    },
    "s26_mental_health_safety_plan": {
        "What are we worried about?": 2,
        "What's working well?": 2,
        "Bottom line": 2,
        "Safety actions": 2,
        "If the plan doesn't work": 2,
        "What the family said": 2,
        "Signed": 2,
    },
}

DOCX_STEMS = [
    "s17_contact_family_time",
    "s18_school_attendance_table",
    "s19_da_safety_plan",
    "s20_young_person_i_will_plan",
    "s21_home_conditions_contract",
    "s22_fgc_family_plan",
]
PDF_STEMS = [
    "s23_da_poor_agreement",
    "s24_alcohol_drugs_letter",
    "s25_unborn_baby_prebirth",
    "s26_mental_health_safety_plan",
]
# Expected page counts of the PDFs (checked after each build).
PDF_PAGES = {
    "s23_da_poor_agreement": 1,
    "s24_alcohol_drugs_letter": 2,
    "s25_unborn_baby_prebirth": 2,
    "s26_mental_health_safety_plan": 1,
}

BULLET_RE = re.compile(r"^[-\u2022]\s+(.*)$")
NUMBER_RE = re.compile(r"^(\d+)[.)]\s+(.*)$")


def is_table_row(line: str) -> bool:
    return " | " in line or line.rstrip().endswith(" |")


def parse(stem: str) -> list[tuple[str, object]]:
    """Turn a .txt source into blocks: (kind, payload).

    kinds: title, heading (payload (level, text)), bullet, number, table (list of rows), para,
    gap (a blank line in the source: a little space in the PDF, nothing in the docx).
    """
    lines = (HERE / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    headings = HEADINGS[stem]
    blocks: list[tuple[str, object]] = []
    title_done = False
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            if blocks and blocks[-1][0] not in ("gap", "title", "heading"):
                blocks.append(("gap", None))
            i += 1
            continue
        if not title_done:
            blocks.append(("title", line.strip()))
            title_done = True
            i += 1
            continue
        if is_table_row(line):
            rows = []
            while i < len(lines) and lines[i].strip() and is_table_row(lines[i]):
                rows.append([c.strip() for c in lines[i].split("|")])
                i += 1
            width = len(rows[0])
            rows = [(r + [""] * width)[:width] for r in rows]
            blocks.append(("table", rows))
            continue
        text = line.strip()
        if text in headings:
            blocks.append(("heading", (headings[text], text)))
        elif BULLET_RE.match(text):
            blocks.append(("bullet", BULLET_RE.match(text).group(1)))
        elif NUMBER_RE.match(text):
            m = NUMBER_RE.match(text)
            blocks.append(("number", (m.group(1), m.group(2))))
        else:
            blocks.append(("para", text))
        i += 1
    missing = set(headings) - {p[1] for k, p in blocks if k == "heading"}
    if missing:
        raise SystemExit(f"{stem}: headings not found in the text: {sorted(missing)}")
    return blocks


# ---------------------------------------------------------------- docx


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip (docx) with fixed timestamps and a stable entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


def build_docx(stem: str) -> Path:
    blocks = parse(stem)
    doc = Document()
    props = doc.core_properties
    props.author = "Sample writer G"
    props.last_modified_by = "Sample writer G"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    props.title = blocks[0][1] if blocks and blocks[0][0] == "title" else stem
    props.comments = "Fictitious sample agreement; all names and places are invented."

    for kind, payload in blocks:
        if kind == "gap":
            continue
        if kind == "title":
            doc.add_heading(payload, level=1)
        elif kind == "heading":
            level, text = payload
            doc.add_heading(text, level=level)
        elif kind == "bullet":
            doc.add_paragraph(payload, style="List Bullet")
        elif kind == "number":
            doc.add_paragraph(payload[1], style="List Number")
        elif kind == "table":
            rows = payload
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell_text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = cell_text
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        else:
            p = doc.add_paragraph(payload)
            for run in p.runs:
                run.font.size = Pt(11)

    buf = io.BytesIO()
    doc.save(buf)
    out = HERE / f"{stem}.docx"
    out.write_bytes(deterministic_zip(buf.getvalue()))
    return out


# ---------------------------------------------------------------- pdf

LATIN1_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2022": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def latin1(text: str) -> str:
    return text.translate(LATIN1_MAP).encode("latin-1", "replace").decode("latin-1")


def build_pdf(stem: str) -> tuple[Path, int]:
    blocks = parse(stem)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("make_binary_samples.py")
    pdf.set_title(latin1(blocks[0][1]))
    pdf.set_author("Sample writer G")
    pdf.set_margins(16, 15, 16)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    for kind, payload in blocks:
        if kind == "gap":
            pdf.ln(1.5)
        elif kind == "title":
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(width, 8, latin1(payload), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "heading":
            pdf.ln(0.5)  # a blank line before a heading already gave a gap
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 6.5, latin1(payload[1]), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(0.5)
        elif kind in ("bullet", "number"):
            marker = "-" if kind == "bullet" else f"{payload[0]}."
            text = payload if kind == "bullet" else payload[1]
            pdf.set_font("Helvetica", "", 10)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(
                width - 4, 4.8, latin1(f"{marker} {text}"), align="L", new_x="LMARGIN", new_y="NEXT"
            )
        elif kind == "table":
            pdf.set_font("Helvetica", "", 10)
            for row in payload:
                pdf.multi_cell(width, 4.8, latin1(" | ".join(row)), align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(width, 4.8, latin1(payload), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(0.3)

    out = HERE / f"{stem}.pdf"
    pdf.output(str(out))
    return out, pdf.page_no()


def main() -> int:
    for stem in DOCX_STEMS:
        out = build_docx(stem)
        print(f"wrote {out.name}")
    for stem in PDF_STEMS:
        out, pages = build_pdf(stem)
        expected = PDF_PAGES[stem]
        if pages != expected:
            print(f"{out.name}: {pages} pages, expected {expected}", file=sys.stderr)
            return 1
        print(f"wrote {out.name} ({pages} page{'s' if pages > 1 else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
