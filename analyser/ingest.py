"""Readers: .txt/.md/.docx/.pdf/stdin to normalised text plus layout hints.

Every offset the analyser reports points into the normalised text this module returns, so
normalisation happens once, here, and nothing later edits the text.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
BULLET = "•"
_BULLET_CHARS = "•·▪◦●○■□➢➤►‣⁃∙\uf0b7\uf0a7\uf076\uf0d8\uf0fc-*–—o"
_BULLET_RE = re.compile(rf"^[ \t]*(?:\(cid:\d+\)|[{re.escape(_BULLET_CHARS)}])[ \t]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_ARTEFACT_RE = re.compile(r"\[bookmark: [^\]]*\]|\(cid:\d+\)")
_CID_ONLY_RE = re.compile(r"(?:\(cid:\d+\)\s*)+")
_UNDERSCORES_RE = re.compile(r"_{3,}")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+|^\s*\*\*(.+?)\*\*\s*:?\s*$")
_MAX_DOCX_UNPACKED = 50_000_000  # bytes of all parts once unpacked: guards against zip bombs


class IngestError(Exception):
    """A file that cannot be analysed; the message is one line, for the user."""


@dataclass
class Ingested:
    """Normalised text and per-line layout hints ([start, end, kind])."""

    source: str
    text: str
    layout: list[list] = field(default_factory=list)


def read_path(path: str | Path, *, max_bytes: int = 4_000_000) -> Ingested:
    """Read one file (or "-" for standard input); raise IngestError with a one-line reason."""
    if str(path) == "-":
        import sys

        raw = sys.stdin.buffer.read(max_bytes + 1)  # bytes: bad encoding is an error, not a crash
        _check_size(len(raw), max_bytes)
        return read_text(_decode(raw), source="-", max_bytes=max_bytes)
    path = Path(path)
    _check_suffix(path.name)
    if path.is_dir():
        raise IngestError("is a folder, not a file")
    try:
        _check_size(path.stat().st_size, max_bytes)
        raw = path.read_bytes()
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror or err}") from None
    return read_bytes(raw, source=str(path), max_bytes=max_bytes)


def read_bytes(raw: bytes, *, source: str, max_bytes: int = 4_000_000) -> Ingested:
    """Read file content held in memory (an upload never touches the disk); `source` names it."""
    suffix = _check_suffix(source)
    _check_size(len(raw), max_bytes)
    reader = {".docx": _docx_lines, ".pdf": _pdf_lines}.get(suffix)
    if reader is None:
        return read_text(_decode(raw), source=source, max_bytes=max_bytes, markdown=suffix == ".md")
    return _build(source, reader(raw), max_bytes)


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; supported: {SUPPORTED}")
    return suffix


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise IngestError(f"file is {size:,} bytes, over the limit of {max_bytes:,}")


def read_text(
    text: str, *, source: str = "-", max_bytes: int = 4_000_000, markdown: bool = False
) -> Ingested:
    """Normalise pasted or decoded text."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise IngestError(f"text is over the limit of {max_bytes:,} bytes")
    lines = [(_md_line(line) if markdown else (line, None)) for line in text.splitlines()]
    return _build(source, lines, max_bytes)


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw:
        raise IngestError("contains binary data, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _md_line(line: str) -> tuple[str, str | None]:
    match = _MD_HEADING_RE.match(line)
    if not match:
        return line, None
    return (match.group(1) if match.group(1) else line[match.end():]), "heading"


def normalise_line(line: str) -> tuple[str, bool]:
    """Clean one line; return it and whether it started with a bullet."""
    cleaned = _ARTEFACT_RE.sub(lambda m: "• " if m.group().startswith("(cid") else "", line)
    if cleaned.strip(" •") or not _CID_ONLY_RE.fullmatch(line.strip()):
        line = cleaned  # a line that is nothing but "(cid:N)" is text someone typed, not a bullet
    line = unicodedata.normalize("NFC", _CONTROL_RE.sub("", line))
    line = _UNDERSCORES_RE.sub("___", _SPACES_RE.sub(" ", line)).strip()
    bullet = _BULLET_RE.match(line + " ")
    if bullet and len(line) > bullet.end() - 1:
        return f"{BULLET} {line[bullet.end():].strip()}", True
    return line, False


def join_wrapped(lines: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Rejoin hard-wrapped lines (PDF text layers, old e-mails): a long line with no closing
    punctuation followed by a line that starts in lower case continues the same sentence."""
    width = _wrap_width(lines)
    if not width:
        return lines
    joined: list[tuple[str, str | None]] = []
    previous = ""
    for line, kind in lines:
        stripped = line.strip()
        if (joined and kind in (None, "line") and joined[-1][1] != "heading"
                and _continues(previous, stripped, width)):
            joined[-1] = (joined[-1][0].rstrip() + " " + stripped, joined[-1][1])
        else:
            joined.append((line, kind))
        previous = stripped
    return joined


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` was wrapped off `previous`: it starts in lower case and its first word
    would not have fitted on `previous` (lower-case lines typed one by one stay lines)."""
    return (line[:1].islower() and len(previous) >= 40 and previous[-1] not in ".!?:;|"
            and len(previous) + 1 + len(line.split()[0]) > 0.85 * width)


def _wrap_width(lines: list[tuple[str, str | None]]) -> int:
    """The width text was wrapped at: the longest line, if two more lines come within 10% of it
    (wrapped text fills its lines), else 0 (the text was not wrapped)."""
    lengths = sorted((len(line.strip()) for line, _kind in lines), reverse=True)
    return lengths[0] if len(lengths) > 2 and lengths[2] >= 0.9 * lengths[0] else 0


def _build(source: str, lines: list[tuple[str, str | None]], max_bytes: int) -> Ingested:
    lines = join_wrapped(lines)
    parts: list[str] = []
    layout: list[list] = []
    offset = 0
    blank = False
    for raw_line, kind in lines:
        line, bulleted = normalise_line(raw_line)
        if not line or line == BULLET:
            blank = bool(parts)
            continue
        if blank:
            parts.append("\n")
            offset += 1
        blank = False
        layout.append([offset, offset + len(line), kind or ("bullet" if bulleted else "line")])
        parts.append(line + "\n")
        offset += len(line) + 1
    text = "".join(parts)
    if not text.strip():
        raise IngestError("no text found (empty, or a scanned document without a text layer)")
    return Ingested(source=source, text=text, layout=layout)


def _docx_lines(raw: bytes) -> list[tuple[str, str | None]]:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            archive.getinfo("word/document.xml")  # KeyError: a zip, but not a Word document
            if sum(info.file_size for info in archive.infolist()) > _MAX_DOCX_UNPACKED:
                raise IngestError("too large when unpacked (zip bomb?)")
        from docx import Document

        document = Document(io.BytesIO(raw))
    except IngestError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise IngestError(f"not a valid .docx file ({type(err).__name__})") from None
    except Exception as err:  # python-docx raises assorted errors on damaged XML
        if type(err).__module__.startswith(("docx", "lxml")):
            raise IngestError(f"damaged .docx file ({type(err).__name__})") from None
        raise
    return list(_docx_blocks(document.element.body))


def _docx_blocks(container) -> list[tuple[str, str | None]]:
    from docx.oxml.ns import qn

    out: list[tuple[str, str | None]] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            out.append((_para_text(child), _para_kind(child)))
        elif child.tag == qn("w:tbl"):
            out.extend(_table_rows(child))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                out.extend(_docx_blocks(content))
    return out


def _para_text(p) -> str:
    from docx.oxml.ns import qn

    pieces = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        pieces.append(node.text or "" if node.tag == qn("w:t") else " ")
    return "".join(pieces)


def _para_kind(p) -> str | None:
    from docx.oxml.ns import qn

    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return None
    style = ppr.find(qn("w:pStyle"))
    name = (style.get(qn("w:val")) or "").lower() if style is not None else ""
    if name.startswith(("heading", "title", "subtitle")):
        return "heading"
    if ppr.find(qn("w:numPr")) is not None or "list" in name:
        return "bullet"
    return None


def _table_rows(tbl, *, nested_in_cell: bool = False) -> list[tuple[str, str | None]]:
    """One line per row, cells joined by " | "; nested tables follow their row.

    Only a top-level table has a header row: a table inside a cell holds content.
    """
    from docx.oxml.ns import qn

    rows: list[tuple[str, str | None]] = []
    for index, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        cells, nested = [], []
        for tc in tr.iterchildren(qn("w:tc")):
            paras = [_para_text(p).strip() for p in tc.iterchildren(qn("w:p"))]
            text = " ".join(p for p in paras if p)
            if not cells or cells[-1] != text:  # merged cells repeat their text
                cells.append(text)
            for inner in tc.iterchildren(qn("w:tbl")):
                nested.extend(_table_rows(inner, nested_in_cell=True))
        if any(cells):
            header = index == 0 and not nested_in_cell
            rows.append((" | ".join(cells), "table_header" if header else "table_row"))
        rows.extend(nested)
    return rows


def _pdf_lines(raw: bytes) -> list[tuple[str, str | None]]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except PDFPasswordIncorrect:
        raise IngestError("the PDF is password protected") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as err:
        raise IngestError(f"not a readable PDF ({type(err).__name__})") from None
    except Exception as err:
        cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err  # wrapped
        message = str(err).lower()
        if isinstance(cause, PDFPasswordIncorrect) or "password" in message or "encrypt" in message:
            raise IngestError("the PDF is password protected") from None
        if type(err).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise IngestError(f"not a readable PDF ({type(err).__name__})") from None
        raise
    return [(line, None) for page in pages for line in page.splitlines()]
