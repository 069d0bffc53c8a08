"""`analyser scan`: audit folders of agreements with nothing lost.

Every file found gets exactly one row (`ok`, `error` or `skipped`). Results stream to
`.partial/documents.jsonl` as they come; the tables and the workbook are built from it at the
end, each written to a temporary name and renamed, so an interrupted scan never leaves a
finished-looking file and `--resume` picks up where it stopped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import sys
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path

from threadpoolctl import threadpool_limits

from .ingest import SUPPORTED, IngestError, read_path
from .report import doc_to_dict, error_dict, skipped_dict
from .settings import Settings
from .tables import write_outputs

PARTIAL = ".partial"
BATCH = 8
_WORKER: dict = {}


def discover(dirs: list[Path]) -> list[Path]:
    """Every file under the folders, sorted, following no symbolic links to folders."""
    found: list[Path] = []
    for folder in dirs:
        if folder.is_file():
            found.append(folder)
            continue
        for root, subdirs, files in os.walk(folder):
            subdirs.sort()
            found.extend(Path(root) / f for f in sorted(files))
    return found


def _load_done(out: Path) -> dict[str, str]:
    """Results already written by an earlier run (complete lines only), by source."""
    done: dict[str, str] = {}
    for path in (out / "documents.jsonl", out / PARTIAL / "documents.jsonl"):
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                result = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by the interruption
            if result.get("scan_key"):
                done[result["scan_key"]] = line
    return done


class _Timeout(BaseException):
    """Not an Exception, so no `except Exception` in a reader or parser can swallow it."""


def _alarm(_signum, _frame):
    raise _Timeout


def _init_worker(settings: Settings, redact: bool) -> None:
    """Load the model once per worker. Parallelism comes from processes: one BLAS thread each,
    so workers do not fight over the cores."""
    from .pipeline import load_pipeline

    threadpool_limits(limits=1)
    _WORKER.update(nlp=load_pipeline(settings), settings=settings, redact=redact)
    signal.signal(signal.SIGALRM, _alarm)


def _analyse_batch(paths: list[str]) -> list[str]:
    """Analyse a batch in one `nlp.pipe` call; on a time-out, one document at a time."""
    from .pipeline import make_doc, pipe_docs

    nlp, settings = _WORKER["nlp"], _WORKER["settings"]
    items = []
    for path in paths:
        try:
            read = functools.partial(read_path, path, max_bytes=settings.max_bytes)
            items.append((path, _timed(read, settings.timeout)))
        except IngestError as err:
            items.append((path, error_dict(path, str(err))))
        except _Timeout:
            items.append((path, _too_slow(path, settings.timeout)))
    readable = [(p, i) for p, i in items if not isinstance(i, dict)]
    try:
        docs = _timed(lambda: list(pipe_docs(nlp, (make_doc(nlp, i) for _p, i in readable))),
                      settings.timeout * max(1, len(readable)))
        results = dict(zip((p for p, _ in readable), (_finish(d) for d in docs)))
    except _Timeout:
        results = {p: _one(nlp, p, i, settings.timeout) for p, i in readable}
    return [_line(results.get(p) or i, p) for p, i in items]


def _line(result: dict, path: str) -> str:
    """The JSONL line for one file; with --redact the path itself is replaced."""
    if _WORKER.get("redact"):
        result = {**result, **redacted_source(path), "error": result["error"]}
    return json.dumps({**result, "scan_key": scan_key(path, _WORKER.get("redact", False))},
                      ensure_ascii=False)


def scan_key(path: str, redact: bool) -> str:
    """How a file is recognised on --resume; a hash when paths must not be written."""
    return hashlib.sha256(path.encode()).hexdigest()[:20] if redact else path


def redacted_source(path: str) -> dict:
    """A path with no names in it: folder and file names can name the family."""
    return {"source": f"redacted/{scan_key(path, True)}{Path(path).suffix.lower()}"}


def _one(nlp, path: str, ingested, timeout: float) -> dict:
    from .pipeline import make_doc, pipe_docs

    try:
        return _finish(_timed(lambda: next(pipe_docs(nlp, [make_doc(nlp, ingested)])), timeout))
    except _Timeout:
        return _too_slow(path, timeout)


def _too_slow(path: str, timeout: float) -> dict:
    return error_dict(path, f"reading or analysis took longer than the limit of {timeout:g} s")


def _timed(func, seconds: float):
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return func()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _finish(doc) -> dict:
    result = doc_to_dict(doc)
    if _WORKER["redact"]:
        from .redact import redact_result

        result = redact_result(doc, result)
    return result


def _batches(paths: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(paths), BATCH):
        yield paths[i:i + BATCH]


def _results(paths: list[str], settings: Settings, workers: int, redact: bool) -> Iterator[str]:
    if workers == 1:
        _init_worker(settings, redact)
        for batch in _batches(paths):
            yield from _analyse_batch(batch)
        return
    with get_context("fork").Pool(workers, _init_worker, (settings, redact)) as pool:
        for lines in pool.imap(_analyse_batch, _batches(paths)):
            yield from lines


def scan(dirs: list[Path], out: Path, *, settings: Settings, workers: int = 1,
         redact: bool = False, resume: bool = False) -> int:
    """Run the audit; return the exit status (0 all ok, 1 some files failed)."""
    from tqdm import tqdm

    from .cli import UsageError

    missing = [str(d) for d in dirs if not d.exists()]
    if missing:
        raise UsageError(f"no such folder: {', '.join(missing)}")
    try:
        (out / PARTIAL).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot write to {out}: {err.strerror}") from None
    files = discover(dirs)
    keys = {scan_key(str(path), redact) for path in files}
    # Only results for files found now, under this run's keys: no stale or duplicate rows.
    done = {k: v for k, v in _load_done(out).items() if k in keys} if resume else {}
    partial = out / PARTIAL / "documents.jsonl"
    todo = []
    with open(partial, "w", encoding="utf-8") as sink:
        for line in done.values():
            sink.write(line + "\n")
        _WORKER["redact"] = redact
        for path in files:
            key = str(path)
            if scan_key(key, redact) in done:
                continue
            if path.suffix.lower() not in SUPPORTED:
                reason = f"not read: extension {path.suffix or '(none)'} is not one of {', '.join(SUPPORTED)}"
                sink.write(_line(skipped_dict(key, reason), key) + "\n")
            else:
                todo.append(key)
        sink.flush()
        bar = tqdm(total=len(todo), unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr)
        for line in _results(todo, settings, workers, redact):
            sink.write(line + "\n")
            sink.flush()
            bar.update(1)
        bar.close()
    failed = write_outputs(partial, out)
    (out / PARTIAL).rmdir()
    for source, message in failed:
        print(f"analyser: {source}: {message}", file=sys.stderr)
    return 1 if failed else 0
