from __future__ import annotations

import json
import subprocess
import sys

import pytest
from invariants import check_contract

from analyser.cli import main

PLAN = "What Dad will do\n• Attend the Tuesday 10am parenting group at Ash Centre until 1 March.\n"


@pytest.fixture()
def plan(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyse_one_file_prints_one_json_object(capsys, plan):
    code, out, err = run(capsys, "analyse", str(plan))
    assert code == 0 and err == ""
    result = json.loads(out)
    check_contract(result)
    assert result["clauses"][0]["subject"] == {"text": "Dad", "role": "family"}


def test_analyse_several_files_gives_jsonl_in_input_order(capsys, plan, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("# Purpose\nMum will ring the nursery by 9am.\n")
    code, out, _err = run(capsys, "analyse", str(other), str(plan))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["source"] for r in lines] == [str(other), str(plan)]


def test_bad_file_among_good_exit_1_one_line_error(capsys, plan, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run(capsys, "analyse", str(empty), str(plan), "--format", "jsonl")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r["status"] for r in results] == ["error", "ok"]
    assert err.count("\n") == 1 and str(empty) in err and "Traceback" not in err


def test_missing_file_is_an_error_row(capsys, tmp_path):
    code, out, err = run(capsys, "analyse", str(tmp_path / "nope.txt"))
    assert code == 1 and json.loads(out)["status"] == "error" and "nope.txt" in err


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_readable_formats(capsys, plan, fmt):
    code, out, _err = run(capsys, "analyse", str(plan), "--format", fmt)
    assert code == 0 and "Tuesday 10am parenting group" in out
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>")


def test_out_file(capsys, plan, tmp_path):
    target = tmp_path / "result.json"
    code, out, _err = run(capsys, "analyse", str(plan), "--out", str(target))
    assert code == 0 and out == "" and json.loads(target.read_text())["status"] == "ok"


def test_unwritable_out_is_usage_error(capsys, plan, tmp_path):
    code, _out, err = run(capsys, "analyse", str(plan), "--out", str(tmp_path / "no" / "dir" / "x.json"))
    assert code == 2 and err.startswith("analyser: error: cannot write")


def test_unknown_preset_is_usage_error(capsys, plan):
    with pytest.raises(SystemExit) as exit_:
        main(["analyse", str(plan), "--preset", "nonsense"])
    assert exit_.value.code == 2


def test_bad_config_file_is_one_line_usage_error(capsys, plan, tmp_path):
    config = tmp_path / "analyser.toml"
    config.write_text("[analyser]\nmin_severty = 'info'\n")
    code, _out, err = run(capsys, "analyse", str(plan), "--config", str(config))
    assert code == 2 and "unknown keys ['min_severty']" in err and err.count("\n") == 1


def test_missing_model_is_one_line_error(capsys, plan):
    code, _out, err = run(capsys, "analyse", str(plan), "--model", "en_no_such_model")
    assert code == 2 and "no English spaCy model found" in err and "requirements-model.txt" in err


def test_stdin_and_module_entry_point(plan):
    proc = subprocess.run([sys.executable, "-m", "analyser", "analyse", "-"], input=PLAN,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["source"] == "-"
