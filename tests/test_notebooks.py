"""The research notebooks run headless from notebooks/ and produce their figures and tables.

Each notebook is executed once per module with nbclient, in a kernel started from this test's own
interpreter (so it works on a fresh virtual environment whatever kernels are installed elsewhere)
with the Agg backend, so no display is ever needed; the notebooks draw inline PNGs.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from analyser.labelled import load_records
from analyser.rules import FLAG_TYPES
from analyser.settings import DATA_DIR

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ("corpus_audit.ipynb", "model_evaluation.ipynb")


@pytest.fixture(scope="module")
def kernels(tmp_path_factory) -> Path:
    """A folder holding a `python3` kernelspec for the interpreter running the tests."""
    folder = tmp_path_factory.mktemp("kernels")
    (folder / "python3").mkdir()
    (folder / "python3" / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (tests)", "language": "python", "env": {"MPLBACKEND": "Agg"},
    }), encoding="utf-8")
    return folder


def execute(name: str, kernels: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in notebooks/; a failing cell raises CellExecutionError."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    specs = KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    NotebookClient(notebook, km=manager, timeout=600,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return notebook


@pytest.fixture(scope="module")
def corpus(kernels) -> nbformat.NotebookNode:
    return execute("corpus_audit.ipynb", kernels)


@pytest.fixture(scope="module")
def evaluation(kernels) -> nbformat.NotebookNode:
    return execute("model_evaluation.ipynb", kernels)


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]


def figures(notebook: nbformat.NotebookNode) -> int:
    return sum("image/png" in out.get("data", {}) for out in outputs(notebook))


def printed(notebook: nbformat.NotebookNode) -> str:
    return "".join(out["text"] for out in outputs(notebook) if out["output_type"] == "stream")


def table(notebook: nbformat.NotebookNode, *columns: str) -> int:
    """Body rows of the first displayed DataFrame whose header names all these columns."""
    for out in outputs(notebook):
        html_output = out.get("data", {}).get("text/html", "")
        for html in re.findall(r"<table.*?</table>", html_output, re.S):
            head, _, body = html.partition("<tbody>")
            if set(columns) <= {h.strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)}:
                return body.count("<tr")
    raise AssertionError(f"no table with columns {columns}")


def assert_ran_clean(notebook: nbformat.NotebookNode) -> None:
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), "a code cell did not run"
    assert not [out for out in outputs(notebook) if out["output_type"] == "error"]


@pytest.mark.parametrize("name", NAMES)
def test_saved_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and any(cell.cell_type == "markdown" for cell in notebook.cells)
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.slow
def test_corpus_audit_runs_and_reports_the_samples(corpus):
    assert_ran_clean(corpus)
    assert figures(corpus) >= 1
    agreements = len(list((DATA_DIR / "samples").glob("s[0-9]*_*.txt")))
    assert agreements >= 30
    assert re.search(rf"^{agreements} agreements, \d+ clauses", printed(corpus), re.M)
    prevalence = table(corpus, "documents with flag", "share of documents", "share of clauses")
    assert prevalence == len(FLAG_TYPES)
    assert table(corpus, "commitments", "specific", "time_bound", "score") >= 2  # SMART by section
    assert table(corpus, "family adults", "professional", "professional share") == agreements
    assert table(corpus, "rule", "severity", "clause_text") >= 1  # victim-responsibility clauses


@pytest.mark.slow
def test_model_evaluation_runs_and_lists_errors(evaluation):
    assert_ran_clean(evaluation)
    assert figures(evaluation) >= 2  # flag F1 bars and the SMART confusion matrices
    assert table(evaluation, "precision", "recall", "F1", "tp", "fp", "fn") == 2 * len(FLAG_TYPES)
    assert table(evaluation, "records", "sha256") == 2
    assert table(evaluation, "missed", "extra", "rules fired") >= 1
    assert table(evaluation, "wrong", "label", "model", "error") >= 1
    test_part = len(load_records("test"))
    assert re.search(rf"^\d+ of {test_part} test clauses have at least one wrong flag decision",
                     printed(evaluation), re.M)
