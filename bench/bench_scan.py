"""Benchmark `analyser scan` against a bare spaCy pipe on the same text (run by hand).

Builds a corpus of N agreements from the project's .txt samples (renamed copies), then measures
in one run: docs/s, words/s and peak memory (RSS of the process tree) of `scan` with 1 and 2
workers, and the bare `spacy.load(model).pipe` reference. Usage:

    python bench/bench_scan.py --docs 200 2000
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def build_corpus(folder: Path, n: int) -> int:
    """Copy the .txt samples round-robin into n files; return the total word count."""
    sources = sorted(SAMPLES.glob("*.txt"))
    words = 0
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        (folder / f"{i:05d}_{src.name}").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB, whole process tree) of a command."""
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    return time.perf_counter() - start, peak / 2**20


BARE = """
import sys, spacy
from pathlib import Path
nlp = spacy.load(sys.argv[2])
texts = (p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt")))
for _ in nlp.pipe(texts, batch_size=8):
    pass
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from analyser.pipeline import installed_model
    from analyser.settings import Settings

    model = args.model or installed_model(Settings())
    rows = []
    for n in args.docs:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            words = build_corpus(corpus, n)
            runs = {"bare spaCy pipe": [sys.executable, "-c", BARE, str(corpus), model]}
            for workers in (1, 2):
                out = Path(tmp) / f"out{workers}"
                runs[f"scan, {workers} worker(s)"] = [sys.executable, "-m", "analyser", "scan", str(corpus),
                                                       "--out", str(out), "--workers", str(workers)]
            for name, cmd in runs.items():
                seconds, peak = measure(cmd)
                rows.append({"docs": n, "run": name, "seconds": round(seconds, 1),
                             "docs_per_s": round(n / seconds, 2), "words_per_s": round(words / seconds),
                             "peak_mb": round(peak)})
                print(json.dumps(rows[-1]), flush=True)
            shutil.rmtree(corpus)
    print(f"\nmachine: {platform.machine()}, {platform.python_version()}, cores: {__import__('os').cpu_count()}")
    print("| docs | run | seconds | docs/s | words/s | peak MB |\n|---|---|---|---|---|---|")
    for r in rows:
        cells = (r["docs"], r["run"], r["seconds"], r["docs_per_s"], r["words_per_s"], r["peak_mb"])
        print("| " + " | ".join(str(c) for c in cells) + " |")


if __name__ == "__main__":
    main()
