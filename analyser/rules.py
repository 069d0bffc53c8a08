"""The one validating loader for the analyser's data files (patterns, lexicons, texts).

Every loader returns fresh objects, so no caller can change what another one sees, and names the
file, the line and the allowed values when something is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .settings import PATTERNS_DIR, SEVERITIES

FLAG_TYPES = (
    "vagueness", "coercion", "victim_responsibility", "jargon", "absolute", "no_actor", "incomplete",
)
ROLES = ("family", "professional", "child", "victim", "perpetrator", "unknown")


class RulesError(ValueError):
    """A data file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class FlagRule:
    """What a user is told about one rule id."""

    rule_id: str
    type: str
    severity: str
    explanation: str
    suggestion: str


def load_yaml(name: str, *, directory: Path = PATTERNS_DIR) -> dict:
    """Load one YAML mapping from the patterns folder."""
    path = directory / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise RulesError(f"{path}: cannot read: {err}") from None
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def condition_words() -> dict[str, frozenset[str]]:
    """The condition word lists of `patterns/conditions.yaml`, each as a frozen set of lower-case
    words or phrases: the flag checks read them, and the party reading reads how threats are made."""
    return {key: frozenset(str(w).lower() for w in words)
            for key, words in load_yaml("conditions.yaml").items()}


def load_jsonl(path: Path, *, required: tuple[str, ...] = ()) -> list[dict]:
    """Load JSON lines, checking each has the required keys."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise RulesError(f"{path}: cannot read: {err}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise RulesError(f"{path}:{number}: not valid JSON: {err.msg}") from None
        missing = [key for key in required if key not in row]
        if missing:
            raise RulesError(f"{path}:{number}: missing keys {missing}; required: {list(required)}")
        rows.append(row)
    return rows


@lru_cache(maxsize=1)
def _flag_texts() -> dict:
    data = load_yaml("flag_texts.yaml")
    path = PATTERNS_DIR / "flag_texts.yaml"
    for flag_type, entry in data.get("types", {}).items():
        if flag_type not in FLAG_TYPES:
            raise RulesError(f"{path}: unknown flag type {flag_type!r}; allowed: {FLAG_TYPES}")
        if entry.get("severity") not in SEVERITIES:
            raise RulesError(f"{path}: {flag_type}: severity must be one of {SEVERITIES}")
    return data


@lru_cache(maxsize=512)
def flag_rule(rule_id: str) -> FlagRule:
    """Resolve a dotted rule id to its texts: the longest matching prefix wins."""
    data = _flag_texts()
    flag_type = rule_id.split(".", 1)[0]
    if flag_type not in data["types"]:
        raise RulesError(f"rule id {rule_id!r} has no flag type; allowed: {FLAG_TYPES}")
    entry = dict(data["types"][flag_type])
    parts = rule_id.split(".")
    for depth in range(2, len(parts) + 1):
        entry.update(data.get("rules", {}).get(".".join(parts[:depth]), {}))
    return FlagRule(rule_id, flag_type, entry["severity"], entry["explanation"], entry["suggestion"])
