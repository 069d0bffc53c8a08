from __future__ import annotations

import json

from invariants import check_contract

from analyser.report import clause_rows, document_row, flag_rows

AGREEMENT = """Written Agreement between the Okafor family and Children's Services
Purpose
The aim of this agreement is to make sure Tobi gets to school every day.
What we are worried about
Tobi has missed 30 days of school since September.
What Ms Okafor will do
• Take Tobi to Greenhill Primary by 8.45am every weekday.
• Ring the school office before 9.30 if Tobi is ill.
What the school will do
• Greenhill Primary will phone Ms Okafor by 10am on any day Tobi is absent.
What the social worker will do
Social worker Hana Ito will visit every Thursday at 4pm.
If things go wrong
If the plan is not working, Hana will arrange a meeting with Ms Okafor and the school within a week.
Review
This agreement will be reviewed at the child in need meeting on 3 March.
This agreement is not legally binding.
Signed: ______________ Ms Okafor
"""


def test_contract_on_a_full_agreement(analyse):
    result = analyse(AGREEMENT, source="okafor.txt")
    check_contract(result)
    assert result["source"] == "okafor.txt"
    texts = [c["text"] for c in result["clauses"]]
    assert "Take Tobi to Greenhill Primary by 8.45am every weekday." in texts
    assert not any(t.startswith(("Signed", "Purpose", "What ", "Review")) for t in texts)
    present = {c["item"] for c in result["document"]["checklist"] if c["present"]}
    assert {"purpose", "concerns", "family_commitments", "professional_commitments",
            "contingency", "review", "statutory_plan", "not_legally_binding", "signatures"} <= present
    assert result["document"]["balance"]["professional"] >= 2


def test_json_is_deterministic(analyse):
    first = json.dumps(analyse(AGREEMENT), sort_keys=True)
    assert first == json.dumps(analyse(AGREEMENT), sort_keys=True)


def test_error_document_shape(analyse):
    result = analyse("   \n\t ")
    check_contract(result)
    assert result["status"] == "error" and "no text" in result["error"]


def test_table_rows_follow_columns(analyse):
    result = analyse(AGREEMENT, source="okafor.txt")
    row = document_row(result)
    assert row["status"] == "ok" and row["n_clauses"] == len(result["clauses"])
    assert len(clause_rows(result)) == len(result["clauses"])
    assert len(flag_rows(result)) == sum(len(c["flags"]) for c in result["clauses"])
