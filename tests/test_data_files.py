"""The project's data files: frozen hashes, pattern and lexicon files that load and validate,
clear errors for a malformed file, and the labelled clause set as LABELLING.md describes it."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

import pytest

from analyser import checklist, flag_checks, party_words, segment
from analyser.flags import FlagDetector, load_patterns
from analyser.labelled import clause_files, load_records
from analyser.rules import FLAG_TYPES, ROLES, RulesError, flag_rule, load_yaml
from analyser.settings import DATA_DIR, PATTERNS_DIR, PROJECT_DIR

SMART_KEYS = {"specific", "measurable", "achievable", "realistic", "time_bound"}
RECORD_KEYS = {"id", "topic", "context", "section", "text", "kind", "role", "flags", "unsure",
               "smart"}
FROZEN_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*`([0-9a-f]{64})`\s*\|\s*$")


def frozen_hashes() -> dict[str, str]:
    rows = (FROZEN_ROW.match(line) for line in (DATA_DIR / "FROZEN.md").read_text().splitlines())
    return {m.group(1): m.group(2) for m in rows if m}


def test_frozen_files_match_their_recorded_hashes():
    hashes = frozen_hashes()
    assert len(hashes) >= 2
    assert {p for p in hashes if p.startswith("data/clauses/test")} == {
        str(p.relative_to(PROJECT_DIR)) for p in clause_files("test")}
    changed = [path for path, digest in hashes.items()
               if hashlib.sha256((PROJECT_DIR / path).read_bytes()).hexdigest() != digest]
    assert changed == []


# --- pattern and lexicon files ------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(PATTERNS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_yaml_file_is_a_mapping(path):
    assert load_yaml(path.name)


def test_lexicons_and_checklist_rules_load():
    assert party_words.lexicon().abuse_cues
    assert segment.structure().heading_phrases
    assert flag_checks.lexicon()
    assert set(checklist.checklist_rules()) == set(checklist.CHECKLIST_ITEMS)


def test_every_flag_rule_loads_compiles_and_has_texts(nlp):
    patterns = load_patterns()
    assert len({p.rule_id for p in patterns}) == len(patterns), "duplicate rule ids"
    for pattern in patterns:
        rule = flag_rule(pattern.rule_id)
        assert rule.type == pattern.label and rule.explanation and rule.suggestion
    detector = FlagDetector(nlp, patterns_path=PATTERNS_DIR / "flags.jsonl", min_severity="info",
                            allow=[], disabled_rules=[])
    assert len(detector.patterns) == len(patterns)


@pytest.mark.parametrize(("line", "words"), [
    ('{"id": "vagueness.test", "label": "vagueness", "pattern": [{"LOWER": "x"}]',
     "not valid JSON"),
    ('{"id": "vagueness.test", "pattern": [{"LOWER": "x"}]}', "missing keys"),
    ('{"id": "vagueness.test", "label": "fuzzy", "pattern": [{"LOWER": "x"}]}', "fuzzy"),
    ('{"id": "jargon.test", "label": "vagueness", "pattern": [{"LOWER": "x"}]}', "must start"),
    ('{"id": "vagueness.test", "label": "vagueness"}', "exactly one"),
    ('{"id": "vagueness.test", "label": "vagueness", "pattern": [{"LOWER": "x"}], '
     '"conditions": {"moon_phase": 1}}', "moon_phase"),
])
def test_malformed_pattern_file_names_the_file(tmp_path, line, words):
    path = tmp_path / "my_rules.jsonl"
    path.write_text('{"id": "jargon.ok", "label": "jargon", "pattern": [{"LOWER": "csc"}]}\n'
                    + line + "\n", encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_patterns(path)
    message = str(caught.value)
    assert str(path) in message and words in message and "\n" not in message


def test_pattern_the_matcher_rejects_names_the_file(nlp, tmp_path):
    path = tmp_path / "my_rules.jsonl"
    path.write_text('{"id": "vagueness.bad", "label": "vagueness", "pattern": [{"LEMMAX": "x"}]}\n',
                    encoding="utf-8")
    with pytest.raises(RulesError, match="my_rules.jsonl"):
        FlagDetector(nlp, patterns_path=path, min_severity="info", allow=[], disabled_rules=[])


def test_malformed_yaml_names_the_file(tmp_path):
    (tmp_path / "broken.yaml").write_text("types: [unclosed\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(RulesError, match="broken.yaml"):
        load_yaml("broken.yaml", directory=tmp_path)
    with pytest.raises(RulesError, match="list.yaml: expected a mapping"):
        load_yaml("list.yaml", directory=tmp_path)


# --- the labelled clause set --------------------------------------------------------------------

@pytest.fixture(scope="module")
def records() -> dict[str, list[dict]]:
    return {part: load_records(part) for part in ("dev", "test")}


def test_records_have_the_fields_labelling_md_describes(records):
    ids = Counter()
    for part, rows in records.items():
        for path in clause_files(part):
            stem = path.stem
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    assert json.loads(line)["id"].startswith(stem + "-"), (path, line[:60])
        for r in rows:
            ids[r["id"]] += 1
            assert set(r) == RECORD_KEYS, r["id"]
            assert r["text"].strip(), r["id"]
            assert isinstance(r["context"], str) and isinstance(r["section"], str), r["id"]
            assert r["kind"] in ("commitment", "statement") and r["role"] in ROLES, r["id"]
            assert set(r["flags"]) | set(r["unsure"]) <= set(FLAG_TYPES), r["id"]
            if r["kind"] == "statement":
                assert r["smart"] is None, r["id"]
            else:
                assert set(r["smart"]) == SMART_KEYS and set(r["smart"].values()) <= {0, 1}, r["id"]
            if "incomplete" in r["flags"]:
                assert "vagueness" in r["flags"], r["id"]
            if "no_actor" in r["flags"]:
                assert r["role"] == "unknown", r["id"]
    assert [i for i, n in ids.items() if n > 1] == []


def test_enough_labelled_clauses(records):
    everything = records["dev"] + records["test"]
    assert len(everything) >= 600
    assert sum(r["smart"] is not None for r in everything) >= 1000
    for part, rows in records.items():
        counts = Counter(f for r in rows for f in r["flags"])
        assert all(counts[t] >= 10 for t in FLAG_TYPES), (part, counts)
        assert len({r["topic"] for r in rows}) >= 7, part
        for dim in SMART_KEYS:
            labels = Counter(r["smart"][dim] for r in rows if r["smart"])
            assert labels[0] >= 20 and labels[1] >= 20, (part, dim, labels)


def test_no_clause_text_is_in_both_parts(records):
    def key(text: str) -> str:
        return " ".join(text.lower().split()).strip(" .")

    dev = {key(r["text"]) for r in records["dev"]}
    assert [r["id"] for r in records["test"] if key(r["text"]) in dev] == []
