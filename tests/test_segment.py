from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, make_docx
from invariants import check_contract

from analyser.ingest import read_path
from analyser.labelled import locate_labels, segmentation_scores
from analyser.layout import heading_actor_text, marker_style, table_columns
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
        ("I will visit you every Tuesday and I will ring you the day before.",
         ["I will visit you every Tuesday", "I will ring you the day before."]),
        ("I agree to pay for the bus pass until the review on 14 July and I will ring Gran every Monday.",
         ["I agree to pay for the bus pass until the review on 14 July", "I will ring Gran every Monday."]),
        ("He has asked for a sticker chart, which Marta will make with him.",
         ["He has asked for a sticker chart", "which Marta will make with him"]),
        ("This letter is not a legal document, and you do not have to sign it, but please ring me if "
         "anything is wrong.",
         ["This letter is not a legal document", "you do not have to sign it",
          "please ring me if anything is wrong."]),
        ("Jess will visit every Monday, and at least once a fortnight she will see each child alone.",
         ["Jess will visit every Monday", "at least once a fortnight she will see each child alone."]),
        ("- Keep an eye on Tyler's moods, he's been a bit up and down",
         ["Keep an eye on Tyler's moods", "he's been a bit up and down"]),
        ("- Have Shannon round for tea on Tuesdays, and if she's had a drink she doesn't come in",
         ["Have Shannon round for tea on Tuesdays", "if she's had a drink she doesn't come in"]),
        ("Skye said she wants her mum at sports day, so we're going to ask school if that's OK.",
         ["Skye said she wants her mum at sports day", "we're going to ask school if that's OK."]),
        ("- Pick Leah up at 10pm on Saturdays, so she does not have to walk back through the park",
         ["Pick Leah up at 10pm on Saturdays, so she does not have to walk back through the park"]),
        ("- Not contact Leah while I am on bail and until this plan is reviewed",
         ["Not contact Leah while I am on bail and until this plan is reviewed"]),
        ("Should Ms Obi appear to be drunk, the session will be cancelled.",
         ["Should Ms Obi appear to be drunk, the session will be cancelled."]),
        ("- Engage with the parenting worker, attend every appointment, take the baby to the clinic on Fridays",
         ["Engage with the parenting worker", "attend every appointment", "take the baby to the clinic on Fridays"]),
        ("- go to the GP about his back, collect the prescription on Friday",
         ["go to the GP about his back", "collect the prescription on Friday"]),
        ("- Ring the nursery by 9am if Ellie is ill, tell the social worker the same day",
         ["Ring the nursery by 9am if Ellie is ill", "tell the social worker the same day"]),
        ("darren not at the meeting, nadia to send him a copy",
         ["darren not at the meeting", "nadia to send him a copy"]),
        ("- food shopping every Saturday, fridge to be checked by the family worker on visits",
         ["food shopping every Saturday", "fridge to be checked by the family worker on visits"]),
        ("house found cold on visit 4/2, mould in the bedroom, no food in the cupboards",
         ["house found cold on visit 4/2", "mould in the bedroom", "no food in the cupboards"]),
        ("Homework will be checked by the class teacher and a note of missed work will be sent home every Friday.",
         ["Homework will be checked by the class teacher", "a note of missed work will be sent home every Friday."]),
        ("If you cannot come, ring the centre the day before.",
         ["If you cannot come, ring the centre the day before."]),
        ("Sit with the children for the whole visit, step in if voices are raised, and write up notes within two days.",
         ["Sit with the children for the whole visit, step in if voices are raised, and write up notes within two "
          "days."]),
        ("- Collect Ellie from nursery on Mondays, Wednesdays at 3pm",
         ["Collect Ellie from nursery on Mondays, Wednesdays at 3pm"]),
        ("Mr and Mrs Amin can get free, independent legal advice about this plan.",
         ["Mr and Mrs Amin can get free, independent legal advice about this plan."]),
        ("Yusuf lives at home with his dad, free from harm.", ["Yusuf lives at home with his dad, free from harm."]),
        ("carla told us she has been struggling since her mum died she cannot sleep",
         ["carla told us she has been struggling since her mum died", "she cannot sleep"]),
        ("- use the cream the nurse gave her", ["use the cream the nurse gave her"]),
        ("darren said when he gets home he will ring nadia", ["darren said when he gets home he will ring nadia"]),
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


@pytest.mark.parametrize(
    ("heading", "actor"),
    [
        ("What Dad will do", "Dad"),
        ("3. WHAT CHILDREN'S SERVICES WILL DO", "CHILDREN'S SERVICES"),
        ("Section B – What Gemma has agreed to do", "Gemma"),
        ("4. Expectations of Ms Obi", "Ms Obi"),
        ("Responsibilities of the Local Authority", "the Local Authority"),
        ("SECTION 3: PARENT/CARER RESPONSIBILITIES", "PARENT/CARER"),
        ("What Nan and Grandad are going to do", "Nan and Grandad"),
        ("What Shannon's going to do", "Shannon"),
        ("Our part (social care)", "social care"),
        ("I, Jason Carr, agree that I will", "Jason Carr"),
        ("2.3 If Dad feels himself losing his temper, he will", "he"),
        ("3.2 Jess will arrange and pay for", "Jess"),
        ("4.1 St. Aldric's Primary will", "St. Aldric's Primary"),
        ("School (Mrs Ansah, pastoral lead) will", "School (Mrs Ansah, pastoral lead)"),
        ("How we will know", None),
        ("This plan will be reviewed", None),
        ("Shared responsibilities", None),
        ("(b) childcare on Wednesday evenings, as follows", None),
    ],
)
def test_heading_actor(heading, actor):
    found = heading_actor_text(heading)
    assert (found[1] if found else None) == actor
    if found:
        assert heading[found[0]:found[0] + len(found[1])] == found[1]


@pytest.mark.parametrize(
    ("line", "style"),
    [("2. WHAT DAD WILL DO", "1."), ("(3) Dad will", "(1)"), ("2.3 If Dad", "1.1"), ("2.3. If", "1.1"),
     ("(b) childcare", "(a)"), ("ii. Jude", "i."), ("B4. Gemma", "A1."), ("• Ring Jo", "•"),
     ("9.30am start", ""), ("9.30 – breakfast club", ""), ("12 children", ""), ("Dad will", "")],
)
def test_marker_style(line, style):
    assert marker_style(line) == style


NUMBERED = """WRITTEN AGREEMENT
2. WHAT DAD WILL DO
2.1 Dad will go to the Calm Parents course on Wednesdays from 6pm.
2.2 If Dad feels himself losing his temper, he will:
(a) say "I need five minutes" and go into the garden;
(b) ring his brother on 07700 900274.
3. WHAT CHILDREN'S SERVICES WILL DO
3.1 Jess (social worker) will arrange and pay for:
(a) a crèche place for Jude;
(b) childcare on Wednesday evenings, as follows:
i. Bethany at the after-school club until 6pm;
ii. Jude at Little Stars Nursery until 6pm.
3.2 Write to Dad within five working days of each visit.
"""


def test_numbered_sub_clauses_keep_their_lead_in_actor(analyse):
    clauses = analyse(NUMBERED)["clauses"]
    assert [c["text"] for c in clauses] == [
        "Dad will go to the Calm Parents course on Wednesdays from 6pm.",
        'say "I need five minutes" and go into the garden;', "ring his brother on 07700 900274.",
        "a crèche place for Jude;", "Bethany at the after-school club until 6pm;",
        "Jude at Little Stars Nursery until 6pm.", "Write to Dad within five working days of each visit."]
    assert [c["subject"]["role"] for c in clauses[1:]] == ["family"] * 2 + ["professional"] * 4
    assert clauses[4]["section"] == "3.1 Jess (social worker) will arrange and pay for"
    assert clauses[6]["section"] == "3. WHAT CHILDREN'S SERVICES WILL DO"


FORM_AND_LETTER = """Eastvale Council – Children's Social Care
Dear Mr Lane,
Date of meeting: 3 May
Present: Mr Tom Lane (father), Priya Das (social worker), Ann Cole (school)
Child(ren): Mia Lane (DOB 02/03/2017), Leo Lane (DOB 11/09/2019)
Plan made: 3 May, Eastvale Family Hub
Connor Walsh (father), Gemma Walsh (mother) and Freddie Walsh (7)
Carla Nunes – social worker, Eastvale Children's Services (the LA)
Section A – What has happened
Mia told her teacher that she had not eaten since the day before.

Next time we'll look at this
Priya will visit on 1 June at 4pm.
Name | Role | Signature | Date
Tom Lane | Father | ___ | ___
Yours sincerely,
cc: Ann Cole, Eastvale Primary School; Mrs J. Price, Eastvale Health Centre
"""


def test_form_fields_letter_lines_rosters_and_section_labels_are_not_clauses(analyse):
    result = analyse(FORM_AND_LETTER)
    assert [c["text"] for c in result["clauses"]] == [
        "Mia told her teacher that she had not eaten since the day before.",
        "Priya will visit on 1 June at 4pm."]
    assert result["clauses"][0]["section"] == "Section A – What has happened"


@pytest.mark.parametrize(
    ("heading", "role"),
    [("Responsibilities of the Local Authority", "professional"), ("What professionals will do", "unknown")],
)
def test_agentless_passive_takes_the_actor_of_a_list_of_duties(analyse, heading, role):
    clause = analyse(f"{heading}\n• Support will be offered by 10 May.\n")["clauses"][0]
    assert clause["subject"]["role"] == role


def test_declaration_that_states_something_is_a_clause(analyse):
    result = analyse("Declaration\nI have read this agreement.\n"
                     "I understand that this agreement is not legally binding.\n"
                     "Parent signature: ______ Date: ______\n")
    assert [c["text"] for c in result["clauses"]] == [  # the plain acknowledgement above it is not
        "I understand that this agreement is not legally binding."]
    short = analyse("Declaration\nI have read and agree to this agreement.\nSigned: ______ Date: ______\n")
    assert short["clauses"] == []


def test_short_lower_case_lines_under_a_heading_are_clauses_not_headings(analyse):
    text = ("What Mum will do\n"
            "take Zain to nursery every day\n"
            "ring the school if he is ill\n"
            "c/o 14 Brindle Court, Wexley\n")
    clauses = analyse(text)["clauses"]
    assert [(c["text"], c["subject"]["role"]) for c in clauses] == [
        ("take Zain to nursery every day", "family"), ("ring the school if he is ill", "family")]


RUN_ON = """Why we are worried
flat found cold on visit 4/2
carla will:
1. go to the GP about her back
2. TBC

darren will:
ring nadia when he is back from work

what happens if this is not kept to
nadia will arrange a meeting with everyone
Other agencies | Action | When
Health visitor | weigh the baby at home | Tuesdays
Housing | n/a | n/a
"""


def test_lower_case_actor_headings_placeholders_and_unused_table_rows(analyse):
    clauses = analyse(RUN_ON)["clauses"]
    assert [c["text"] for c in clauses] == [
        "flat found cold on visit 4/2", "go to the GP about her back", "TBC", "ring nadia when he is back from work",
        "nadia will arrange a meeting with everyone", "Health visitor | weigh the baby at home | Tuesdays"]
    assert [c["section"] for c in clauses[1:4]] == ["carla will", "carla will", "darren will"]
    assert heading_actor_text(clauses[3]["section"]) == (0, "darren")
    assert clauses[5]["subject"]["role"] == "professional"  # from the agency column


def test_only_rows_with_no_action_are_left_out_of_a_table(analyse):
    result = analyse("What needs to happen | Who | By when\nParenting sessions | |\nn/a | Mum | n/a\n")
    assert [c["text"] for c in result["clauses"]] == ["Parenting sessions"]


def test_please_sign_below_belongs_to_the_signature_block(analyse):
    result = analyse("Dear Ms Rigg,\nYou will take Ben to the dentist on 4 May.\n"
                     "Please sign below to show you have read this letter.\nSigned ________\n")
    assert [c["text"] for c in result["clauses"]] == ["You will take Ben to the dentist on 4 May."]


def test_a_numbered_outcome_with_a_full_stop_is_still_a_heading(analyse):
    result = analyse("Outcome 1: Ivo sleeps in his own bed most nights.\nThe health visitor will call on 3 June.\n")
    assert [(c["text"], c["section"]) for c in result["clauses"]] == [
        ("The health visitor will call on 3 June.", "Outcome 1: Ivo sleeps in his own bed most nights.")]


@pytest.mark.parametrize(("header", "actor"), [
    ("Action | Who will do it | By when", 1), ("What it is for | Amount | Who pays", 2),
    ("Who we are worried about | What needs to happen | By when", None)])
def test_a_header_cell_opening_with_who_holds_the_actor_unless_it_asks_about_someone(header, actor):
    assert table_columns(header)[0] == actor


def test_a_table_that_opens_with_a_group_row_has_group_titles_not_clauses(analyse):
    result = analyse("Action | Who | By when\nMoney | |\nApply for the cooker grant | Jo (SW) | 4 May\n"
                     "Health | |\nBook Finn's eye test | Mum | 10 May\n")
    assert [(c["text"], c["section"]) for c in result["clauses"]] == [
        ("Apply for the cooker grant | Jo (SW) | 4 May", "Money"), ("Book Finn's eye test | Mum | 10 May", "Health")]


@pytest.mark.parametrize(
    "line",
    ["Dad: Sam Hill, 3 Elm Road (the children stay at weekends)", "Attendance this term: 81% (12 sessions missed)"])
def test_a_bracketed_aside_does_not_make_a_form_field_a_clause(analyse, line):
    result = analyse(f"Written agreement\n{line}\nThe plan\nDad will ring Ava every Sunday at 6pm.\n")
    assert [c["text"] for c in result["clauses"]] == ["Dad will ring Ava every Sunday at 6pm."]


def test_a_commitment_noted_as_x_to_do_y_is_a_commitment(analyse):
    clause = analyse("Family time\nContact to take place weekly at the family centre.\n")["clauses"][0]
    assert clause["kind"] == "commitment"


@pytest.mark.parametrize("line", [
    "Jade Moss (JM) – Leo's aunt, who has looked after him since March",
    "Children's Services, Civic Centre, Mill Lane, Northvale NV3 8QT",
    "About: Leo Moss (7) and Ava Moss (3), who live with their aunt in Northvale",
    "Core group meeting held on 4 March at Northvale Family Hub",
    "Agreed at the child in need meeting on 5 June; next meeting 17 July",
    "Re: Leo and Ava – what we agreed on 4 March",
    "Reply slip – I have read this letter",
    "Mum: Jade Moss, lives in Northvale and visits on Saturdays",
    "Version 2 – updated 3 March",
    "Grandad – Frank (I stay at his on Fridays)",
    "Written with Zak at The Forge youth project on 6 October",
    "Orla Moss (9) and Cillian Moss (6), who live with their mum",
    "Northvale Children's Services with Northvale General Hospital Maternity Services",
    "Emrys Vaughan, community psychiatric nurse, Perinatal Mental Health Team",
    "- - - - - - cut here - - - - - -",
    "nana: rose gurney (dads mum)",
    "Parents' views: not recorded",
    "who else | doing what | when",
    "Family: Moss\nChildren: Jack Moss (10), Art Moss (7)\nParents: Will Moss and Dawn Moss\nOther family: "
    "May Tranter (Dawn's sister)",
    "Children: Ruby Moss (6) and Jake Moss (7 months)\nFather: Connor Moss, address withheld\n"
    "Agreed at the review child protection conference on 22 January 2025",
    "Northvale Children's Services – sections 4 and 5 only (the full plan is held on the file)",
    "Leo's gran: Maureen Oakes – Leo stays with her on Fridays at 4 Pit Lane",
    "Midwife: Ana Petrescu, Northvale community midwives",
    "Police: PC Dan Irwin – Northvale neighbourhood team",
    "• Priya Shah, Social Worker\n• Tom Bell, Family Support Worker",
    "Maureen Oakes, aged 68 – Leo's gran and carer on Fridays",
    "Leo, aged 20 months – at home with Mum during the day",
    "Gaz – Gary Wren, worker at the Harbour project",
    "Priya Shah, social worker ..............................",
    "Enc. Leaflet on the family group conference",
    "Name: Leo Oakes | Age: 4 | Plan ends: 30 June 2026",
    "0 = the children are not safe at home, 10 = the plan can end",
    "Social Worker | Assessment Team (North)",
    "Should you have any queries, please do not hesitate to ring me.",
    "• Jade Moss and Carl Moss (parents)",
    "Read to the family in Polish by Ewa Nowak, interpreter ____________",
    "Written with Zak at home on 2 June 2026 | Next review: 14 July 2026",
    "Leo's part (talked through with Leo and his dad)",
    "Kim Oakes – Jade's sister, lives two streets away on Mill Road",
    "Any questions please give me a call.",
])
def test_rosters_addresses_and_filled_in_fields_are_not_clauses(analyse, line):
    text = f"{line}\nWhat Jade will do\nJade will take Leo to school by 8.45am every day.\n"
    assert texts(analyse, text) == ["Jade will take Leo to school by 8.45am every day."]


def test_a_numbered_line_over_its_own_sub_numbers_is_a_heading(analyse):
    text = ("5. If things get worse\n5.1 If Mum is worried, she will ring the crisis team on 0800 000 000.\n"
            "5.2 The social worker will visit within two days.\n")
    assert texts(analyse, text) == ["If Mum is worried, she will ring the crisis team on 0800 000 000.",
                                    "The social worker will visit within two days."]


def test_run_on_lists_typed_in_a_hurry(analyse):
    text = ("safety agreement moss family\nmum will\n"
            "not let dean in the house, not talk to him on the phone, ring 999 if he comes round\n"
            "change the locks by friday get a non mol order\n"
            "whats happened\nno heating since the boiler broke, nits not treated\n")
    assert texts(analyse, text) == [
        "not let dean in the house", "not talk to him on the phone", "ring 999 if he comes round",
        "change the locks by friday", "get a non mol order",
        "no heating since the boiler broke", "nits not treated"]


def test_a_field_whose_value_is_a_task_is_kept(analyse):
    text = "What will happen\nDad: to attend all appointments at the clinic\nReview: to be arranged\n"
    assert texts(analyse, text) == ["to attend all appointments at the clinic"]
    clause = analyse(text)["clauses"][0]
    assert (clause["kind"], clause["subject"]["role"]) == ("commitment", "family")


def test_contact_lists_distribution_lists_and_letterheads_are_not_clauses(analyse):
    text = ("Northvale Borough Council\nChildren Looked After and Fostering Service – Kinship Care Team\n"
            "What Dad will do\nDad will ring Ava every Sunday at 6pm.\n"
            "Who to contact\nName | Role | Phone\nPriya Shah | Social worker | 01632 960 215\n"
            "Copies to:\nAaron Pryce (family time section only)\nAshgrove Primary School\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == ["Dad will ring Ava every Sunday at 6pm."]


def test_more_document_furniture_is_not_a_clause(analyse):
    text = ("What it is for | How much | Who pays | When and how\n"
            "School uniform grant | £150 | Ashby Council | By 1 September, paid to Gran\n"
            "[picture of a clock]\nGran will take Leo to school every day by 8.45am.\n"
            "Ashby Borough Council | Northside Family Support Team\n"
            "REPLY SLIP – please fill in and return to Jo Bell at the Civic Centre\n"
            "Gran (Leo's nan) ..............................\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "School uniform grant | £150 | Ashby Council | By 1 September, paid to Gran",
        "Gran will take Leo to school every day by 8.45am."]


def test_a_label_whose_value_is_a_heading_is_a_heading(analyse):
    text = "WORKING AGREEMENT\nKeeping everyone safe: what is expected of Liam\nLiam will not come to 7 Heron Close.\n"
    result = analyse(text)
    assert [c["text"] for c in result["clauses"]] == ["Liam will not come to 7 Heron Close."]
    assert [c["section"] for c in result["clauses"]] == ["what is expected of Liam"]


def test_a_blank_to_fill_in_at_the_end_of_a_duty_keeps_the_clause(analyse):
    text = "What Mum will do\n- Attend the parenting group on ..............\nMum Lowe (Kai's mum) ..............\n"
    assert [c["text"] for c in analyse(text)["clauses"]] == ["Attend the parenting group on .............."]


def test_goal_lines_email_furniture_tick_boxes_and_review_notes_are_not_clauses(analyse):
    text = ("From: Lena Hart\nSubject: Your plan - Milo and Rae - please read\n\nDear Kayleigh,\n"
            "I hope you and the children are keeping well.\n"
            "Outcome 1: Milo is settled at school and his mum feels less alone\n"
            "1. Kayleigh will walk Milo to school for 8.45am every day.\n[Achieved]\n"
            "2. Lena will visit every Tuesday at 4pm. (removed at review)\n"
            "Needs a booster seat in the car ☒ Yes ☐ No\nMedicine | Dose | When | Given by\n"
            "Please do not hesitate to contact me if you have any questions.\nKind regards\nLena Hart\n"
            "Eastmoor Children's Services | Town Hall, Market Street, Eastmoor EM1 4QT\n"
            "This email and any attachments are confidential and meant only for the person named.\n"
            "Parent/carer ...................... Date ..............\n"
            "Rae's mark (if she would like to make one): ..................\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Kayleigh will walk Milo to school for 8.45am every day.", "Lena will visit every Tuesday at 4pm."]


def test_an_acknowledgement_above_the_signature_heading_and_meeting_notes_captions(analyse):
    text = ("People involved\nMs Hart – social worker\n\nWhat Kayleigh will do\n"
            "Kayleigh has agreed not to use heroin, crack cocaine or any drug that is not prescribed to her.\n"
            "Kayleigh will not contact Jo by phone, text, social media or through friends.\n"
            "I have read this agreement and I agree to it.\n\nSection F – Signatures\n"
            "Notes written by Ms Lena Hart, Social Worker, 3 March\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Kayleigh has agreed not to use heroin, crack cocaine or any drug that is not prescribed to her.",
        "Kayleigh will not contact Jo by phone, text, social media or through friends."]


def test_tick_boxes_brackets_and_goal_labels_that_carry_a_duty_stay_clauses(analyse):
    text = ("What Kayleigh will do\n☐ Ring the GP by Friday 3 May.\n(Lena will ring the school on Monday.)\n"
            "Goal 1: Kayleigh will walk Milo to school every day\n")
    assert len(analyse(text)["clauses"]) == 3
    assert [c["kind"] for c in analyse(text)["clauses"]] == ["commitment"] * 3


def test_a_typed_up_caption_is_not_a_clause(analyse):
    text = ("OUR FAMILY PLAN\nTyped up at the family meeting at Cobbles Lane Family Hub on 9 January\n\n"
            "What we will do\nNan will collect the children on Fridays.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == ["Nan will collect the children on Fridays."]


def test_record_headers_field_rows_markings_and_table_captions_are_not_clauses(analyse):
    text = ("Brookvale Council – Children's Services\n"
            "CareFile ref 5520318 | Printed 11/02/2026 09:12 | OFFICIAL – SENSITIVE\n\n"
            "A working agreement between Tess Marlow, her sister and the people who support the family\n"
            "Pupil: Reece Marlow | Year: 8 | Form: 8RT\n"
            "Uncle Dan: Daniel Marlow, Tess's brother – Reece stays with him on Fridays\n"
            "Core group dates: 03/03/2026; 07/04/2026\n"
            "Written down by Tess at the family meeting and typed up by Aled (the coordinator)\n\n"
            "The rota for the evenings Tess works\n"
            "Evening | Who looks after Reece | Where\n"
            "Monday | Uncle Dan | At Tess's flat\n\n"
            "What Tess will do\nTess will ring the school by 9am on any day Reece is ill.\n\n"
            "CONFIDENTIAL: This letter is about you and your son. If it reached you by mistake, please return it.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Monday | Uncle Dan | At Tess's flat", "Tess will ring the school by 9am on any day Reece is ill."]


def test_export_clutter_consent_boxes_disclaimers_and_thanks_are_not_clauses(analyse):
    text = ("Version 3 | Author: Nia Lusk, Social Worker | Date: 2 March 2026 | Status: Agreed\n"
            "Rhys Penhale, born 04.05.2016 | Cerys Penhale, born 19.10.2019\n\n"
            "Contents\nWhat Gareth will do .......... 2\n\n"
            "Thank you for meeting me at the family centre on Monday.\n"
            "As promised, here is a summary of what we agreed.\n\n"
            "What Gareth will do\nGareth will not drink on the days he has the children.\n"
            "Penhale family – written agreement | Page 2 of 3\n"
            "☐ I consent to the school sharing attendance figures with my social worker.\n"
            "☐ Ring the GP by Friday 6 March.\n\n"
            "Kind regards\nNia Lusk\n"
            "If you have received this email in error please tell the sender and delete it.\n"
            "Brynmor Council may monitor email traffic for security reasons.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Gareth will not drink on the days he has the children.", "☐ Ring the GP by Friday 6 March."]


def test_furniture_words_inside_a_duty_keep_the_clause(analyse):
    text = ("What you will do\nThank you for agreeing to this plan. You will not let Darren into the house.\n"
            "Sarah will monitor email contact between Dad and the children.\n"
            "☐ I agree to stop smoking in the house.\n\n"
            "Who | What | Note\nMum | Keep the address of the refuge confidential | Restricted\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "You will not let Darren into the house.", "Sarah will monitor email contact between Dad and the children.",
        "☐ I agree to stop smoking in the house.", "Mum | Keep the address of the refuge confidential | Restricted"]


def test_enclosures_and_records_of_the_plan_are_not_clauses_but_quoted_words_are(analyse):
    text = ("What the children will do\nMaya: \"I will tell my teacher if I feel sad.\"\n\n"
            "What the ward will do\nSr Lyle to book the hearing test before Friday. Plan agreed by JC + CT at mtg. "
            "Copy given to parents on the ward 11/03.\n\n"
            "Enclosed:\n- A copy of the conference minutes\n- Leaflet: \"Your rights at a conference\"\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "\"I will tell my teacher if I feel sad.", "Sr Lyle to book the hearing test before Friday."]


@pytest.mark.parametrize("text, count", [
    # a table row that mentions a record
    ("Action | Who | By when | How we will know\n"
     "Visit on Mondays to help with the weekly shop | Sanjay | From 3 March | Visit notes sent to KB 10 March\n", 1),
    # a line ending in a spaced ellipsis is an unfinished duty, not a lead-in
    ("What Mum will do\n1. Mum will make sure the stair gate is fitted ...\n2. Mum will see the GP.\n", 2),
])
def test_rows_that_mention_a_record_and_unfinished_duties_stay_clauses(analyse, text, count):
    assert len(analyse(text)["clauses"]) == count


def test_case_system_lines_and_records_of_agreement(analyse):
    text = ("Student: Kieran Petch | Age: 13 | Year 8 | Tutor group 8RW\n\nSummary of need\n"
            "Mum has a bad back and has spent most days in bed since March\n\n"
            "Outcome 1: Alfie's teeth are looked after\nAction: Monitor attendance and punctuality\nWho: School\n\n"
            "Agreed by everyone present on 2 May.\nA copy was given to each person before they left.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Mum has a bad back and has spent most days in bed since March", "Monitor attendance and punctuality"]


def test_duties_and_facts_that_look_like_records_stay_clauses(analyse):
    text = ("The plan\nAgreed by Mum to keep Mia in school every day.\n"
            "Mr Cole was handed a copy of the non-molestation order on 3 May.\n"
            "What: Family time with Dad\n\nEnclosed:\n- A copy of the plan\n\n"
            "Please ring me by 3 May if anything in the plan is wrong.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Agreed by Mum to keep Mia in school every day.",
        "Mr Cole was handed a copy of the non-molestation order on 3 May.",
        "Please ring me by 3 May if anything in the plan is wrong."]


def test_contact_rows_pronoun_keys_courtesies_field_rows_and_read_out_records(analyse):
    text = ("Children: Kai Brent (4) | Esme Brent (7 mths)\n"
            "In this plan \"you\" means Lorna.\nThe \"we\" in this plan is the Fenwick Team.\n\n"
            "Ref | Action | Responsible | Timescale | Status\n"
            "2.1 | Book the hearing test | Lorna | By 4 June | Open\n\n"
            "Useful numbers\nOakhill Lodge (night staff) | 01632 448 901\nPC Tom Reyes | 07700 900 412\n"
            "Ring Tom | 07700 900 412 | if Kai goes missing\n\n"
            "Bayo Adeyemi read the plan to Lorna in Yoruba on 2 June.\nCopy left with Lorna and her mum\n"
            "If you have any questions, please do not hesitate to call me.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Book the hearing test | Lorna | By 4 June | Open", "Ring Tom | 07700 900 412 | if Kai goes missing"]


def test_numbers_in_table_cells_and_a_childs_hope_stay_clauses(analyse):
    text = ("Ref | Action | Who | When\n10 | Mum to take Alfie to nursery | Mum | daily\n\n"
            "What | Who | Number of sessions\nParenting course on Tuesdays | Mum | 10\n\n"
            "What Kayden thinks\nKayden says I hope you listen to me this time.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [  # a row's number is not part of its clause
        "Mum to take Alfie to nursery | Mum | daily", "Parenting course on Tuesdays | Mum | 10",
        "Kayden says I hope you listen to me this time."]


def test_a_signature_block_under_a_closing_is_not_a_clause_until_a_heading_or_a_ps(analyse):
    text = ("Hi Dawn and Lee,\n\nWhat we agreed\nDawn will take Rio to the dentist on 3 March.\n\n"
            "Best wishes,\nPriya\n\nPriya Navarro (she/her)\nFamily Support Worker | Early Help – East\n"
            "Tel: 01632 960 411 | Mobile: 07700 900 118\nI work Monday to Wednesday.\n"
            "The office will be shut from 24 December to 2 January.\n"
            "P.S. Lee will bring the forms to the hub on Friday.\n\n"
            "What Lee will do\nLee will ring the school on Monday.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Dawn will take Rio to the dentist on 3 March.", "P.S. Lee will bring the forms to the hub on Friday.",
        "Lee will ring the school on Monday."]


def test_keys_scores_captions_and_records_of_assent_are_not_clauses(analyse):
    text = ("FAMILY PLAN\nCore group meeting at Elm Road Family Hub, Monday 9 March 2026, 10am\n\n"
            "Who wrote what\n[Gran] = Pearl Osei, Tomi's gran\nSW = social worker\n\n"
            "What we will do\nPearl will walk Tomi to school every morning.\n"
            "Scores today: Pearl 6 | Tomi 7 | Mrs Bell 5\n"
            "\n"
            "What school will see (Mrs Bell checked this with Tomi)\nTomi will be in class by 8.50am.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Pearl will walk Tomi to school every morning.", "Tomi will be in class by 8.50am."]


def test_a_roster_bullet_that_says_where_someone_lives_is_not_a_clause(analyse):
    text = ("Who is in the plan\n- Rhona Kettle – Ava's aunt, aged 31, lives in Marsh End\n\n"
            "The plan\nRhona will collect Ava on Fridays.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == ["Rhona will collect Ava on Fridays."]


def test_duties_that_look_like_keys_scores_headings_or_a_signature_block_stay_clauses(analyse):
    text = ("Kind regards,\nJo\n\nSafety Plan\nMum will lock the door at night.\n\nWRITTEN AGREEMENT\n"
            "Mum to take Ava to nursery every morning (Monday to Friday)\nNan = pick Ava up from school on Tuesdays\n\n"
            "Plan | Date | Action\nReview 1 | June 12 | Ruth to visit at home\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Mum will lock the door at night.", "Mum to take Ava to nursery every morning (Monday to Friday)",
        "Nan = pick Ava up from school on Tuesdays", "Review 1 | June 12 | Ruth to visit at home"]


def test_people_tables_row_numbers_question_lines_credits_and_easy_read_entries_are_not_clauses(analyse):
    text = ("MY PLAN WITH SAM\n(written by me, Tia, with Sam helping)\n\n"
            'In this plan "I" and "me" means Tia.\n\nWho is in this plan\nTia Marsh – me. I am Alfie\'s mum.\n'
            "Alfie – my son. He is 3.\n\nATTENDANCE\nName | Role | Initials\nTia Marsh | Mum | TM\n"
            "Owen Beck | Health visitor | OB\n\nActions\nNo. | Action | Who | By when\n"
            "1 | Book Alfie's hearing test | OB | 10/03/26\n\n"
            "Q: What if I miss the bus?\nA: I'll ring Sam the same morning.\n\n"
            "If I feel low I will...\n• ring my sister straight away.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "Book Alfie's hearing test | OB | 10/03/26", "I'll ring Sam the same morning.",
        "ring my sister straight away."]


def test_tables_with_an_initials_column_topic_headings_and_describing_sentences_stay_clauses(analyse):
    text = ("Concern | Agreed action | Who | Initials\n"
            "Kai misses nursery | Mum will take Kai to nursery every weekday. | Mum | LR\n\n"
            "School – Attendance\n• Attendance this term 82%\n\n"
            "Who is who\nJo Hale – my social worker. She is going to visit me every week.\n")
    clauses = analyse(text)["clauses"]
    assert [c["text"] for c in clauses] == [
        "Kai misses nursery | Mum will take Kai to nursery every weekday. | Mum | LR", "Attendance this term 82%",
        "Jo Hale – my social worker.", "She is going to visit me every week."]
    assert clauses[1]["kind"] == "statement"


def test_keys_to_how_a_plan_is_written_marks_of_assent_and_partner_letterheads_are_not_clauses(analyse):
    text = ("Harbury Council Children's Services\nin partnership with Harbury Hospitals NHS Trust\n\n"
            "MY PLAN\nMy words are in normal writing.\nWords in CAPITALS are things I want everyone to read.\n\n"
            "What I will do\nI will go to bed by 10pm.\nThe notes are in the red folder and Mum will bring them.\n"
            'Mia put her "yes" symbol on the plan.\n')
    assert [c["text"] for c in analyse(text)["clauses"]] == [
        "I will go to bed by 10pm.", "The notes are in the red folder", "Mum will bring them."]
