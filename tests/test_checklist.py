"""The document checklist (LABELS.md), balance by role and flag counts, on purpose-made agreements.

One full agreement holds every checklist item in its own part; removing a part must make exactly
that item missing. Other wordings of each item are checked on small agreements.
"""

from __future__ import annotations

import pytest
from conftest import make_docx
from invariants import check_contract
from test_flags import DA_KERR, FLAG_TYPES

from analyser import analyse_paths

ITEMS = ("purpose", "concerns", "family_commitments", "professional_commitments", "contingency",
         "review", "statutory_plan", "not_legally_binding", "child_views", "family_views",
         "signatures")

# Each item's part of a fictitious agreement. The family and professional parts contain near
# misses for other items ("sign", "legal advice") on purpose.
PARTS = {
    "purpose": "Why we have this agreement\n"
               "The aim of this agreement is to help Noah get to nursery on time every day.\n",
    "concerns": "What we are worried about\n"
                "Noah has missed 14 days of nursery since January and has often arrived hungry.\n",
    "family_commitments": "What Ms Kerr will do\n"
                          "Ms Kerr will take Noah to nursery by 9am each weekday.\n"
                          "Ms Kerr will sign Noah in at the nursery office each morning.\n",
    "professional_commitments": "What the professionals will do\n"
                                "Amira Said, the social worker, will visit Ms Kerr at home every "
                                "Thursday at 4pm.\n"
                                "The nursery will phone Ms Kerr by 10am if Noah has not arrived.\n",
    "contingency": "If things go wrong\n"
                   "If this plan is not followed, a meeting will be arranged within a week to "
                   "agree what needs to change.\n",
    "review": "Review\nThis agreement will be reviewed on 14 July 2027.\n",
    "statutory_plan": "Other plans\n"
                      "This agreement will become part of Noah's child in need plan.\n",
    "not_legally_binding": "About this agreement\nThis agreement is not legally binding.\n",
    "child_views": "What Noah says\n"
                   "Noah told us that he likes nursery because he can play in the sand.\n",
    "family_views": "How this agreement was made\n"
                    "We wrote this agreement with Ms Kerr at her home on 2 May 2027. Ms Kerr feels "
                    "that mornings are the hardest part of the day. She knows she can ask for "
                    "legal advice.\n",
    "signatures": "Signed (Ms Kerr): ______________  Date: ________\n"
                  "Signed (Amira Said): ______________  Date: ________\n",
}


def agreement(*, without: str | None = None) -> str:
    return "".join(part for item, part in PARTS.items() if item != without)


def checklist(result: dict) -> dict[str, dict]:
    check_contract(result)
    return {entry["item"]: entry for entry in result["document"]["checklist"]}


def test_full_agreement_has_every_item_with_evidence_from_its_part(analyse):
    result = analyse(agreement())
    found = checklist(result)
    assert tuple(found) == ITEMS
    for item in ITEMS:
        entry = found[item]
        assert entry["present"], item
        assert entry["evidence"] in result["text"]
        assert entry["evidence"] in part_text(result["text"], item), (item, entry["evidence"])


def part_text(text: str, item: str) -> str:
    """The piece of the normalised text that came from one item's part (found by its start)."""
    anchors = [text.index(part[:10]) for part in PARTS.values()]
    at = list(PARTS).index(item)
    return text[anchors[at]:anchors[at + 1] if at + 1 < len(anchors) else len(text)]


@pytest.mark.parametrize("item", ITEMS)
def test_item_is_missing_when_its_part_is_removed(analyse, item):
    found = checklist(analyse(agreement(without=item)))
    assert found[item] == {"item": item, "present": False, "evidence": None}
    assert [i for i in ITEMS if i != item and not found[i]["present"]] == []


@pytest.mark.parametrize(("item", "text"), [
    ("purpose", "Aim\nTo make sure Kira is safe when she stays out with friends.\n"),
    ("purpose", "This plan is to help Mr Dunn and Ms Kerr keep Noah safe at bath time.\n"),
    ("concerns", "We are concerned that Kira has gone missing overnight three times since June.\n"),
    ("concerns", "Background\nThe police found Kira in a car with two older men on 4 June.\n"),
    ("family_commitments", "Nan will collect Kira from school at 3.15pm every Friday.\n"),
    ("professional_commitments", "The school will text Nan by 9.30am if Kira is not in class.\n"),
    ("contingency", "What will happen if the plan is not kept to\nThe social worker will talk "
                    "to Nan first and then call a family meeting.\n"),
    ("review", "This plan will last for 12 weeks.\n"),
    ("review", "This plan will stay in place until the review meeting on 3 March 2027.\n"),
    ("statutory_plan", "This safety plan is part of Kira's child protection plan.\n"),
    ("not_legally_binding", "This is not a legal document and it is not a court order.\n"),
    ("child_views", "Kira's wishes and feelings\nKira wants to stay living with her nan.\n"),
    ("family_views", "Nan's views\nNan thinks the plan is fair but worries about weekends.\n"),
    ("signatures", "Signature: ____________________\n"),
])
def test_other_wordings_of_each_item_are_found(analyse, item, text):
    result = analyse(text)
    entry = checklist(result)[item]
    assert entry["present"], (item, text)
    assert entry["evidence"] in result["text"]


def test_signature_table_in_a_docx_is_found(nlp, tmp_path):
    path = make_docx(tmp_path / "plan.docx", [
        ("heading", "What Nan will do"),
        ("bullet", "Collect Kira from school at 3.15pm every Friday."),
        ("table", [["Name", "Role", "Signature", "Date"],
                   ["Rose Dunn", "Grandmother", "", ""],
                   ["Amira Said", "Social worker", "", ""]]),
    ])
    result = next(analyse_paths(nlp, [path]))
    entry = checklist(result)["signatures"]
    assert entry["present"] and entry["evidence"] in result["text"]


@pytest.mark.parametrize(("item", "text"), [
    ("not_legally_binding", "Ms Kerr can ask a solicitor for legal advice about this plan.\n"),
    ("signatures", "Ms Kerr will sign Noah in at nursery every morning.\n"),
    ("review", "Ms Kerr will read the nursery's review of Noah's progress with Amira.\n"),
    ("child_views", "Noah will go to bed by 7pm.\n"),
])
def test_near_misses_do_not_count_as_the_item(analyse, item, text):
    assert not checklist(analyse(text))[item]["present"], text


# --- balance and flag counts --------------------------------------------------------------------

BALANCED = (
    "What we are worried about\n" + DA_KERR + "\n"
    "What Ms Kerr will do\n"
    "Ms Kerr will take Noah to nursery by 9am each weekday.\n"
    "Ms Kerr will go to the Freedom programme every Monday at 10am.\n"
    "What Mr Dunn will do\n"
    "Mr Dunn will not go to the flat.\n"
    "What the professionals will do\n"
    "Amira Said will visit the flat every Thursday at 4pm.\n"
    "The nursery will phone Amira Said by 10am if Noah is absent.\n"
    "Jo Reed will meet Ms Kerr every Tuesday to plan her safety.\n"
    "What Noah will do\n"
    "Noah will show his nursery teacher his sticker chart every Friday.\n"
    "Other things\n"
    "Contact will be supervised.\n"
    "This agreement is not legally binding.\n"
)


def test_balance_counts_commitments_by_role(analyse):
    result = analyse(BALANCED)
    check_contract(result)
    assert result["document"]["balance"] == {
        "family": 0, "professional": 3, "child": 1, "victim": 2, "perpetrator": 1, "unknown": 1}


def test_balance_without_abuse_context_counts_mother_as_family(analyse):
    result = analyse("What Ms Kerr will do\n"
                     "Ms Kerr will take Noah to nursery by 9am each weekday.\n"
                     "What Amira Said will do\n"
                     "Amira Said will visit every Thursday at 4pm.\n")
    check_contract(result)
    balance = result["document"]["balance"]
    assert balance["family"] == 1 and balance["professional"] == 1 and balance["victim"] == 0


def test_flag_counts_have_all_seven_types_and_add_up(analyse):
    result = analyse(BALANCED)
    check_contract(result)
    counts = result["document"]["flag_counts"]
    assert tuple(counts) == FLAG_TYPES
    for flag_type in FLAG_TYPES:
        assert counts[flag_type] == sum(
            f["type"] == flag_type for c in result["clauses"] for f in c["flags"])
    assert counts["no_actor"] >= 1  # "Contact will be supervised."
