from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, make_docx
from invariants import check_contract

from analyser.ingest import read_path
from analyser.labelled import locate_labels, segmentation_scores
from analyser.pipeline import make_doc
from analyser.report import doc_to_dict

LABELLED = sorted(SAMPLES.glob("*.labels.json"))


def texts(analyse, text):
    return [c["text"] for c in analyse(text)["clauses"]]


@pytest.mark.parametrize("labels_path", LABELLED, ids=lambda p: p.name.split(".")[0])
def test_sample_boundaries_and_roles(nlp, labels_path):
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    result = doc_to_dict(nlp(make_doc(nlp, read_path(SAMPLES / labels["source"]))))
    check_contract(result)
    gold, others = locate_labels(result["text"], labels)
    s = segmentation_scores(result["text"], gold, result["clauses"], others)
    assert s["non_clause_leaks"] == 0, "a heading or signature line came out as a clause"
    assert s["recovered"] / s["gold"] >= 0.9
    assert s["correct"] / s["pred"] >= 0.9
    assert s["roles_right"] / s["roles_total"] >= 0.85


def test_at_least_five_labelled_samples_of_different_styles():
    assert len(LABELLED) >= 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Jones will call Dr Patel at 9.30 on Monday, e.g. about the rash.",
         ["Mr Jones will call Dr Patel at 9.30 on Monday, e.g. about the rash."]),
        ("Daisy will collect Padraig from St Anne's at 3.15pm and the parents will arrive by 3.30pm.",
         ["Daisy will collect Padraig from St Anne's at 3.15pm", "the parents will arrive by 3.30pm."]),
        ("Mum will tidy the kitchen; she will also wash the bottles.",
         ["Mum will tidy the kitchen;", "she will also wash the bottles."]),
        ("Dad will collect Ava from nursery and take her home for tea.",
         ["Dad will collect Ava from nursery and take her home for tea."]),
    ],
)
def test_clause_splitting(analyse, text, expected):
    assert texts(analyse, text) == expected


def test_headings_signatures_and_form_lines_are_not_clauses(analyse):
    result = analyse(
        "Written Agreement Between the Shah Family and Children's Services\n"
        "Purpose\nTo agree how Aisha will get to school.\n"
        "What Mrs Shah will do:\n• Walk Aisha to school by 8.45am every weekday.\n"
        "Date plan implemented: 4 May\nSigned: __________ Mrs Shah\nDate________\n"
    )
    assert [c["text"] for c in result["clauses"]] == [
        "To agree how Aisha will get to school.", "Walk Aisha to school by 8.45am every weekday."]
    assert result["clauses"][1]["section"] == "What Mrs Shah will do"
    assert result["clauses"][1]["subject"] == {"text": "Mrs Shah", "role": "family"}
    assert result["clauses"][0]["kind"] == "statement"


def test_template_table_row_is_one_clause_with_actor_from_by_whom(nlp, tmp_path):
    path = make_docx(tmp_path / "t.docx", [
        ("heading", "Safety plan"),
        ("table", [["Action", "By whom and by when", "Outcomes", "Contingency"],
                   ["Book a dental check for Leo", "Ms Reid, by 1 June", "Leo is seen", "HV will help"],
                   ["Visit Leo at home", "Social worker, every Tuesday", "Leo is seen", "Manager visits"]]),
    ])
    result = doc_to_dict(nlp(make_doc(nlp, read_path(path))))
    check_contract(result)
    rows = result["clauses"]
    assert len(rows) == 2 and rows[0]["text"].startswith("Book a dental check for Leo | Ms Reid")
    assert [r["subject"]["role"] for r in rows] == ["family", "professional"]
