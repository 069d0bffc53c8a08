"""Clause analyser for written agreements in UK children's social care.

Public API: `load_pipeline()`, `analyse_text()`, `analyse_paths()`; the components are
registered as spaCy factories (`agreement_layout`, `agreement_clauses`, `agreement_roles`,
`agreement_flags`, `agreement_smart`, `agreement_checklist`).
"""

from __future__ import annotations

__version__ = "0.1.0"

from .pipeline import analyse_paths, analyse_text, load_pipeline  # noqa: E402

__all__ = ["__version__", "analyse_paths", "analyse_text", "load_pipeline"]
