from __future__ import annotations

import pytest
from conftest import make_docx, make_pdf

from analyser.ingest import IngestError, normalise_line, read_path, read_text


@pytest.mark.parametrize(
    ("line", "expected", "bulleted"),
    [
        ("\uf0b7 Mum will ring the school", "• Mum will ring the school", True),
        ("(cid:127) Dad will attend", "• Dad will attend", True),
        ("· Contact on Mondays", "• Contact on Mondays", True),
        ("- Priya will visit weekly", "• Priya will visit weekly", True),
        ("[bookmark: _GoBack]Purpose", "Purpose", False),
        ("Signed: ______________ Mr Jones", "Signed: ___ Mr Jones", False),
        ("Mr\u00a0Jones  will\tattend", "Mr Jones will attend", False),
        ("Contact at 9.30 on Monday", "Contact at 9.30 on Monday", False),
    ],
)
def test_normalise_line(line, expected, bulleted):
    assert normalise_line(line) == (expected, bulleted)


def test_txt_utf8_and_layout(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Purpose\n\n\n• Mum will call the school by 9am.\n", encoding="utf-8")
    result = read_path(path)
    assert result.text == "Purpose\n\n• Mum will call the school by 9am.\n"
    assert [kind for _s, _e, kind in result.layout] == ["line", "bullet"]
    for start, end, _kind in result.layout:
        assert result.text[start:end].strip() == result.text[start:end]


def test_txt_windows_1252_fallback(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Mum\u2019s flat will be clean \u2013 by Friday".encode("cp1252"))
    assert "Mum\u2019s flat will be clean \u2013 by Friday" in read_path(path).text


def test_txt_utf16(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Dad will attend on Tuesday.".encode("utf-16"))
    assert read_path(path).text == "Dad will attend on Tuesday.\n"


def test_markdown_headings(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# What Dad will do\n\n- Attend the group\n**Review**\n", encoding="utf-8")
    result = read_path(path)
    assert result.text.splitlines()[0] == "What Dad will do"
    assert [k for *_x, k in result.layout] == ["heading", "bullet", "heading"]


def test_docx_paragraphs_lists_and_template_table(tmp_path):
    path = make_docx(tmp_path / "plan.docx", [
        ("heading", "What Ms Khan will do"),
        ("bullet", "Take Zara to nursery by 9am each weekday"),
        ("table", [["Action", "By whom and by when", "Outcomes", "Contingency"],
                   ["Book a GP check", "Ms Khan, by 3 March", "Zara is seen", "Health visitor books it"]]),
        ("para", "This agreement is not legally binding."),
    ])
    result = read_path(path)
    lines = result.text.splitlines()
    assert lines[0] == "What Ms Khan will do"
    assert "Book a GP check | Ms Khan, by 3 March | Zara is seen | Health visitor books it" in lines
    kinds = [k for *_x, k in result.layout]
    assert kinds == ["heading", "bullet", "table_header", "table_row", "line"]


def test_pdf_text_layer(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf", ["Purpose", "- Dad will attend the group on Tuesdays."])
    result = read_path(path)
    assert "• Dad will attend the group on Tuesdays." in result.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "no text"),
        ("blank.txt", b"  \n\t\n", "no text"),
        ("binary.txt", b"\x00\x01\x02\xff" * 50, "binary"),
        ("bad.docx", b"not a zip file at all", "not a valid .docx"),
        ("bad.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("notes.rtf", b"{\\rtf1}", "unsupported file type"),
    ],
)
def test_bad_files_raise_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message) as err:
        read_path(path)
    assert "\n" not in str(err.value)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Mum will attend. " * 100)
    with pytest.raises(IngestError, match="over the limit"):
        read_path(path, max_bytes=100)


def test_directory_named_like_a_file(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError, match="folder"):
        read_path(tmp_path / "folder.txt")


def test_pasted_text_keeps_offsets():
    result = read_text("Dad will\u00a0attend.\r\nMum will call.")
    assert result.text == "Dad will attend.\nMum will call.\n"


def test_hard_wrapped_lines_are_rejoined():
    result = read_text("Mr Hill will go to his first appointment at the recovery hub on Tuesday 4 March\n"
                       "at 2pm, and he will tell the social worker how it went by the end of that week\n"
                       "so that she can plan the next review with him and with the mother of the children.\n")
    assert result.text.count("\n") == 1 and "4 March at 2pm" in result.text


def test_lower_case_lines_typed_one_by_one_are_not_joined():
    lines = ["house found cold on visit 4/2, mould in the bedroom, no food in the cupboards, baby in a wet nappy",
             "carla says she has been feeling low since the winter and the baby has a cough",
             "ring the nursery if ellie is ill"]
    assert read_text("\n".join(lines)).text.splitlines() == lines
