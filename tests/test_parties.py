from __future__ import annotations

import pytest

DA = "What we are worried about\nMr Cole hit Ms Amin in front of the children in May.\nThe plan\n"


def roles(analyse, text):
    return [(c["subject"]["text"], c["subject"]["role"]) for c in analyse(text)["clauses"]
            if c["kind"] == "commitment"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DA + "Ms Amin will not let Mr Cole into the flat.", [("Ms Amin", "victim")]),
        (DA + "Mr Cole will attend the Caring Dads group every Wednesday.", [("Mr Cole", "perpetrator")]),
        (DA + "She will take Zain to nursery by 9am.", [("Ms Amin", "victim")]),
        (DA + "He will not go to the flat.", [("Mr Cole", "perpetrator")]),
        ("Ms Amin will not let her brother stay overnight.", [("Ms Amin", "family")]),
        ("Mum will ring the school before 9.30 if Zain is ill.", [("Mum", "family")]),
        ("Contact will be supervised by Daisy Brown, family support worker.", [("Daisy Brown", "professional")]),
        ("Contact will be supervised.", [(None, "unknown")]),
        ("The school will phone Mum by 10am if Zain is absent.", [("The school", "professional")]),
        ("Zain will go to bed by 9pm on school nights.", [("Zain", "child")]),
        ("The foster carers will bring Zain to the centre.", [("The foster carers", "professional")]),
        ("Education will:\n• Report any absence to the social worker on the day.",
         [("Education", "professional")]),
        ("What Dad will do\n• Attend the Tuesday group.\n• He will not drink before contact.",
         [("Dad", "family"), ("Dad", "family")]),
    ],
)
def test_obligated_party_and_role(analyse, text, expected):
    assert roles(analyse, text) == expected


def test_letter_you_and_we(analyse):
    text = ("Dear Ms Amin,\nYou will take Zain to the dentist on 3 May at 2pm.\n"
            "We will pay for the bus fare.\nYours sincerely,\nPriya Shah, social worker\n")
    assert roles(analyse, text) == [("Ms Amin", "family"), ("We", "professional")]


def test_young_persons_plan_i(analyse):
    text = "My safety plan\nI will text my mum if I am going to be late.\nMy social worker will visit me on Fridays.\n"
    assert [r for _t, r in roles(analyse, text)] == ["child", "professional"]


def test_parties_registry(analyse):
    result = analyse(DA + "Social worker Paul Reyes will visit weekly.")
    parties = {p["name"]: p["role"] for p in result["document"]["parties"]}
    assert parties["Mr Cole"] == "perpetrator" and parties["Ms Amin"] == "victim"
    assert parties["Paul Reyes"] == "professional"
