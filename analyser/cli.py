"""Command line: analyse, scan, train, evaluate. Exit 0 all good, 1 some inputs failed, 2 usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .settings import PRESETS, SEVERITIES, Settings, SettingsError, load_settings

FORMATS = ("json", "jsonl", "text", "html")


class UsageError(Exception):
    """The command itself was wrong (exit status 2)."""


def build_parser() -> argparse.ArgumentParser:
    """All commands and options."""
    parser = argparse.ArgumentParser(prog="analyser", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="settings file (TOML); default ./analyser.toml if present")
    common.add_argument("--preset", choices=sorted(PRESETS), help="audit (recall) or draft (precision)")
    common.add_argument("--model", help="spaCy model name or path (also ANALYSER_MODEL)")
    common.add_argument("--min-severity", choices=SEVERITIES, dest="min_severity")
    common.add_argument("--max-bytes", type=int, dest="max_bytes", help="largest file to read")
    analyse = sub.add_parser("analyse", parents=[common], help="analyse agreements")
    analyse.add_argument("paths", nargs="+", help="files, or - for standard input")
    analyse.add_argument("--format", choices=FORMATS, default=None)
    analyse.add_argument("--out", help="write here instead of standard output")
    scan = sub.add_parser("scan", parents=[common], help="audit folders of agreements")
    scan.add_argument("dirs", nargs="+")
    scan.add_argument("--out", required=True, help="output folder")
    scan.add_argument("--workers", type=int, default=1)
    scan.add_argument("--redact", action="store_true", help="replace personal names by roles")
    scan.add_argument("--resume", action="store_true", help="skip files already in --out")
    scan.add_argument("--timeout", type=float, help="seconds allowed per document")
    train = sub.add_parser("train", parents=[common], help="rebuild the SMART model from data/")
    train.add_argument("--out", help="model folder (default models/)")
    evaluate = sub.add_parser("evaluate", parents=[common], help="print model and flag scores")
    evaluate.add_argument("--part", choices=("dev", "test", "both"), default="both")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the config file, preset and command-line options."""
    return load_settings(
        args.config, preset=args.preset, model=args.model, min_severity=args.min_severity,
        max_bytes=args.max_bytes, timeout=getattr(args, "timeout", None),
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command; errors are one line on standard error, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        settings = settings_from(args)
        handler = {"analyse": run_analyse, "scan": run_scan, "train": run_train,
                   "evaluate": run_evaluate}[args.command]
        return handler(args, settings)
    except (UsageError, SettingsError) as err:
        print(f"analyser: error: {err}", file=sys.stderr)
        return 2
    except _ModelErrors() as err:
        print(f"analyser: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("analyser: interrupted", file=sys.stderr)
        return 130


def _ModelErrors() -> tuple[type[Exception], ...]:  # noqa: N802  (reads like the tuple it is)
    from .model_store import ModelError
    from .pipeline import ModelNotFound
    from .rules import RulesError

    return (ModelError, ModelNotFound, RulesError)


def run_analyse(args: argparse.Namespace, settings: Settings) -> int:
    """Analyse files in input order and write them in the chosen format."""
    from .pipeline import analyse_paths, load_pipeline
    from .render import render_html, render_text

    fmt = args.format or ("json" if len(args.paths) == 1 else "jsonl")
    if fmt == "json" and len(args.paths) > 1:
        fmt = "jsonl"
    out = _open_out(args.out)
    nlp = load_pipeline(settings)
    failed = 0
    try:
        for result in analyse_paths(nlp, args.paths, max_bytes=settings.max_bytes):
            if result["status"] != "ok":
                failed += 1
                print(f"analyser: {result['source']}: {result['error']}", file=sys.stderr)
            if fmt == "json":
                out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
            elif fmt == "jsonl":
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
            elif fmt == "text":
                out.write(render_text(result) + "\n")
            else:
                out.write(render_html(result))
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0


def _open_out(path: str | None):
    if not path:
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror}") from None


def run_scan(args: argparse.Namespace, settings: Settings) -> int:
    """Audit folders: one row per file, tables and a workbook in --out."""
    from .scan import scan

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    return scan([Path(d) for d in args.dirs], Path(args.out), settings=settings,
                workers=args.workers, redact=args.redact, resume=args.resume)


def run_train(args: argparse.Namespace, settings: Settings) -> int:
    """Rebuild the SMART model and its model card."""
    from .train import train

    train(settings, out_dir=Path(args.out) if args.out else settings.models_dir)
    return 0


def run_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    """Print the model's and the flags' scores on the labelled data."""
    from .evaluate import evaluate

    print(evaluate(settings, parts=("dev", "test") if args.part == "both" else (args.part,)))
    return 0
