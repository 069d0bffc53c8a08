"""Warm latency of the dashboard's "Check a draft" on a 1,000-word draft (run by hand).

Loads the pipeline once (as `st.cache_resource` does), builds a draft of about 1,000 words from
the project's .txt samples (cut at a line end), warms up, then times 20 runs of the same calls
the app makes: `dashboard.analyse_draft`, then the clause cards, tables and chart data of
`show_document`. Prints the median and the slowest run of each. Usage:

    python bench/bench_dashboard.py [--words 1000] [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from pathlib import Path

from analyser import dashboard, load_pipeline
from analyser.render import render_html
from analyser.settings import load_settings

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def build_draft(words: int) -> str:
    """Sample agreements one after another, cut at the first line end past `words` words."""
    lines, count = [], 0
    for path in sorted(SAMPLES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            lines.append(line)
            count += len(line.split())
            if count >= words:
                return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def page_data(result: dict) -> None:
    """Everything `show_document` builds for one result."""
    dashboard.annotated_html(result)
    dashboard.flag_count_frame(result)
    dashboard.checklist_frame(result)
    dashboard.balance_frame([result["document"]["balance"]])
    dashboard.json_download(result)
    render_html(result)


def timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    settings = load_settings()
    start = time.perf_counter()
    nlp = load_pipeline(settings)
    load = time.perf_counter() - start
    draft = build_draft(args.words)

    def analyse() -> dict:
        return dashboard.analyse_draft(nlp, draft, max_bytes=settings.max_bytes)

    for _ in range(3):
        result = analyse()
    rows = [("analyse_draft", timed(analyse, args.runs)),
            ("page data (cards, tables, downloads)", timed(lambda: page_data(result), args.runs)),
            ("both (what one click costs)", timed(lambda: page_data(analyse()), args.runs))]
    print(f"draft: {len(draft.split())} words, {len(result['clauses'])} clauses; "
          f"pipeline load (cold, once per server): {load:.2f} s; {args.runs} warm runs each")
    print(f"{'step':<40}{'median ms':>12}{'max ms':>10}")
    for name, times in rows:
        print(f"{name:<40}{1000 * statistics.median(times):>12.1f}{1000 * max(times):>10.1f}")


if __name__ == "__main__":
    main()
