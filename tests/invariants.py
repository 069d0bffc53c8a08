"""Checks of the contract (CONTRACT.md) shared by several test modules."""

from __future__ import annotations

import json
from functools import lru_cache

import jsonschema

from analyser.settings import SCHEMA_DIR


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / "document.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def check_contract(result: dict) -> None:
    """Schema, offsets, order and derived fields of one document's JSON."""
    validator().validate(result)
    text = result["text"]
    if result["status"] != "ok":
        assert result["clauses"] == [] and result["document"] is None and result["error"]
        return
    previous_end = 0
    for i, clause in enumerate(result["clauses"]):
        assert clause["index"] == i
        assert text[clause["start"]:clause["end"]] == clause["text"]
        assert clause["start"] >= previous_end, "clauses overlap or are out of order"
        previous_end = clause["end"]
        assert (clause["smart"] is None) == (clause["kind"] == "statement")
        if clause["subject"]["role"] == "unknown":
            assert clause["subject"]["text"] is None
        if clause["smart"]:
            dims = [v for k, v in clause["smart"].items() if k != "score"]
            assert abs(clause["smart"]["score"] - sum(dims) / 5) < 1e-3
        for flag in clause["flags"]:
            assert text[flag["start"]:flag["end"]] == flag["cue"]
            assert clause["start"] <= flag["start"] < flag["end"] <= clause["end"]
            assert flag["rule"].startswith(flag["type"] + ".")
    doc = result["document"]
    commitments = [c for c in result["clauses"] if c["kind"] == "commitment"]
    assert sum(doc["balance"].values()) == len(commitments)
    assert sum(doc["flag_counts"].values()) == sum(len(c["flags"]) for c in result["clauses"])
    assert [c["item"] for c in doc["checklist"]] == [
        "purpose", "concerns", "family_commitments", "professional_commitments", "contingency",
        "review", "statutory_plan", "not_legally_binding", "child_views", "family_views", "signatures"]
    for item in doc["checklist"]:
        assert item["present"] == (item["evidence"] is not None)
        if item["evidence"] is not None:
            assert item["evidence"] in text
