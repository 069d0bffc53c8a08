from __future__ import annotations

import pytest

from analyser.registry import build_registry
from analyser.subjects import subject_of

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
        ("Family time with Mum will take place every Monday at the centre.", [(None, "unknown")]),
        ("Both of you will go to the Tuesday course.", [("you", "family")]),
        ("We will not ask Kezia to look after Otis.", [("We", "professional")]),
        ("What Pauline (Ryan's mum) has offered to do\n• Stay at the flat for the first week.",
         [("Pauline", "family")]),
        ("Mother: Shona Quarrie Father: Callum Denholm\nMr Denholm pushed Ms Quarrie against the door.\n"
         "Shona will apply for a non-molestation order by 14 February.", [("Shona", "victim")]),
        ("Children: Ruby Quarrie (aged 6)\nMs Quarrie will take Ruby to school.\nRuby Quarrie will read "
         "with her nan.", [("Ms Quarrie", "family"), ("Ruby Quarrie", "child")]),
        ("The children will always have clean clothes.", [(None, "unknown")]),
        ("My plan\nI want to stay living with my mum.\nMe\n- Be home by 9pm on school nights.",
         [("Me", "child")]),
        (DA + "From Monday, her mum will take Zain to nursery.", [("her mum", "family")]),
        ("Jayden will go to his aunt's on Fridays.\nMs Fairclough will test on Mondays.\n"
         "She will attend the group every Thursday.",
         [("Jayden", "child"), ("Ms Fairclough", "family"), ("Ms Fairclough", "family")]),
    ],
)
def test_obligated_party_and_role(analyse, text, expected):
    assert roles(analyse, text) == expected


def test_agent_of_a_coordinated_passive(analyse):
    text = "Mia and Leo are to be taken to the centre and collected by Ryan's sister, Ms Kerry Marwood."
    assert analyse(text)["clauses"][0]["subject"] == {"text": "Ryan's sister", "role": "family"}


def test_thrown_at_you_makes_the_reader_harmed(analyse):
    text = ("On 3 February Ms Pryce threw a mug at you, Declan, and cut your forehead.\n"
            "What is expected of you, Declan\n1. You will not reply to messages from Ms Pryce.\n"
            "Expectations of Ms Pryce\n- Ms Pryce will book an assessment by 27 February.\n")
    assert [r for _t, r in roles(analyse, text)] == ["victim", "perpetrator"]


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


def concern(text: str) -> str:
    return f"What we are worried about\n{text}\nThe plan\n"


@pytest.mark.parametrize(
    ("context", "clause", "expected"),
    [
        # who harms whom, read from the parse of the concerns
        ("Kelly's partner Dean punched her in the face in May.", "Kelly will not let Dean into the flat.", "victim"),
        ("Kelly's partner Dean punched her in the face in May.", "Dean will attend the Change Project.",
         "perpetrator"),
        ("Police came because Shaun has been violent towards Amber.", "Amber will see her GP on Monday.", "victim"),
        ("Tom has been the victim of repeated abuse by his wife Zoe.", "Zoe will attend the group on Thursdays.",
         "perpetrator"),
        ("Tom has been the victim of repeated abuse by his wife Zoe.", "Tom will see his GP on Monday.", "victim"),
        ("Chloe told us that her boyfriend Jack has slapped her.", "Chloe will go to the Tuesday group.", "victim"),
        ("Mr Osei has described being slapped and locked out by the boys' mother, Danielle Fry.",
         "Mr Osei will see his GP on Monday.", "victim"),
        # names: an age says child; other names in such a document are adults
        ("Kayden (2) had nappy rash for a month.", "Leanne will change Kayden's nappy every three hours.",
         "family"),
        ("Kayden (2) had nappy rash for a month.", "Kayden will see the health visitor on Monday.", "child"),
        # an ultimatum binds the party of its condition
        ("Lacey has missed 38 school days.",
         "If Ms Whitlow does not get Lacey to school every day, the children will be removed.", "family"),
        # an object pronoun is not the subject of its own clause
        ("Ms Kemi Ade's former partner, Jordan Fox, was convicted in May of assaulting her.",
         "Jordan will not go to the flat.", "perpetrator"),
        # "she" gives the unnamed-gender ex-partner her gender, so the man is the one harmed
        ("Since Mr Tariq Noor ended his relationship with Abbie Lowe she has followed him and threatened to hurt him.",
         "Mr Noor will keep a note of each time she follows him.", "victim"),
        # a letter's "you" told to keep away from her is the one who harms
        ("Mr Lee Rowan threw a mug at his partner, Ms Gail Hart, in March.",
         "You will not go to Ms Hart's home or contact her until the review.", "perpetrator"),
        # her injury is not her deed
        ("On 3 May Ewan hit Owen across the face and Owen needed stitches above his eye.",
         "Owen will see his GP on Monday.", "victim"),
        ("Kyle pushed Divine in the hallway and she hit her head on the door.",
         "Divine will meet the IDVA on Wednesdays.", "victim"),
        # an unnamed "his father" is the one adult man the plan names
        ("Mr Lennox Hale lives with his son Marlon (24). In May Marlon punched his father in the face.",
         "Mr Hale will change the PIN on his bank card.", "victim"),
    ],
)
def test_roles_from_the_concerns(analyse, context, clause, expected):
    assert [r for _t, r in roles(analyse, concern(context) + clause)] == [expected]


@pytest.mark.parametrize(
    ("context", "abuse"),
    [
        ("Ollie (8) told his teacher that Dad had hit him with a belt.", False),  # harm to a child
        ("Ruby (6) said she is scared of the dentist.", False),
        ("Parents will not be abusive to professionals.", False),
        ("She says she is frightened of what he will do if she leaves him.", True),
        ("Her boyfriend becomes violent when he drinks.", True),
        ("We are worried about the abuse you have suffered from your husband.", True),
        ("Leo (4) had bruises on his arm; his stepfather, Mr Dean Cole, said he grabbed him.", False),
        ("The children's mother was assaulted by the children's father in May and needed stitches.", True),
        ("Since Mum's new boyfriend moved in, neighbours have called the police, and last week Mum had a black eye.",
         True),
        ("We are worried that Arthur, who is 2, could be hurt without anyone noticing.", False),
        ("Nobody's going to kick me out of school for asking for help.", False),
        ("She hurt her back in July lifting Theo out of the bath.", False),
        # denials, childhood and self-harm words that do not take the abuse away
        ("Neither Mum nor the children are safe from domestic abuse while Darren lives at the house.", True),
        ("Darren kicked Kelly when she was young and pregnant with Alfie.", True),
        ("Darren hurt himself and Kelly with a knife.", True),
        ("Kelly lives with her daughter Amber (5). On Friday night she was pushed into a wall by Darren.", True),
        ("Maya (6) told her teacher that Dad hits her when she is naughty.", False),
    ],
)
def test_domestic_abuse_is_between_adults(nlp, context, abuse):
    doc = nlp(concern(context) + "Mum will ring the school on Monday.")
    assert (doc._.abuse_context is not None) == abuse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The midwife and Ms Kerr will go through the birth plan on 1 July.", "professional"),
        ("Dad will not ask the children to take messages to Mum.", "family"),  # he is obliged, not the children
        ("We will ask Ms Kerr to bring the red book to clinic.", "family"),
        ("The social worker needs Ms Kerr to ring the clinic by Friday.", "family"),
    ],
)
def test_first_named_actor_and_who_is_asked(analyse, text, expected):
    assert [r for _t, r in roles(analyse, "The plan\n" + text)] == [expected]


def test_relatives_named_in_the_concerns_and_fields(analyse):
    text = ("Mum: Jade Wilcox\nNan: Pauline Kerrigan (Lee's mum)\n"
            "What we are worried about\n"
            "On 11 January Lee came home drunk, pushed his mum down the stairs and broke her wrist.\n"
            "Jade has not been hurt by Lee and says he has never been violent towards her.\n"
            "The plan\n"
            "Nan will wear the alarm pendant from the police.\n"
            "Jade will take Tommy to nursery on Mondays.\n"
            "Lee will not go to Bramble Lane.\n")
    assert [r for _t, r in roles(analyse, text)] == ["victim", "family", "perpetrator"]


def test_a_heading_that_only_names_a_party_gives_its_commands_an_actor(analyse):
    text = ("Who is involved\nBecca Hollins – Alfie's mum\n"
            "Becca (Alfie's mum)\n• Bring Alfie to the centre for 3.55pm.\n"
            "• If Alfie is ill, ring Sandra by 12 noon.\n"
            "Imogen (social worker)\n• Book the review for 24 June.\n")
    assert [r for _t, r in roles(analyse, text)] == ["family", "family", "professional"]


def test_lower_case_names_in_a_form_field(analyse):
    text = ("Parents/carers: Kelly Storr (mum), dwayne pask (mums partner)\n"
            "dwayne will:\n• do the school run on his days off\n")
    assert [r for _t, r in roles(analyse, text)] == ["family"]


@pytest.mark.parametrize("context", [
    "There have been three police call-outs for domestic incidents between Sarah and Tom.",
    "Tom was arrested for common assault after an incident at the family home.",
    "Sarah's partner Tom is controlling and monitors her phone.",
    "Tom threw a mug at Sarah during an argument.",
])
def test_more_ways_of_describing_abuse(nlp, context):
    doc = nlp(concern(context) + "What Sarah will do\nNot let Tom into the house.\n")
    assert doc._.abuse_context is not None
    assert any(f.label_ == "victim_responsibility" for f in doc.spans["flags"])


def test_short_names_and_initials_in_brackets_are_the_person(analyse):
    text = ("Who is in this plan\nMaria Lopez (ML) – Ava's mum\nThomas Reid (Tom, TR) – family support worker\n"
            "What will happen\nTR will visit on Mondays at 4pm.\nTom will bring the forms on 3 June.\n"
            "ML will take Ava to nursery by 9am.\n")
    assert roles(analyse, text) == [("TR", "professional"), ("Tom", "professional"), ("ML", "family")]


def test_a_childs_relative_in_apposition_is_named_by_the_heading(analyse):
    text = ("What we are worried about\nMia (9) lives with her nan, Mrs Joan Ellery. Mia's father, "
            "Craig, punched Mrs Ellery in March.\nNan will:\nRing the police if Craig comes to the house.\n")
    assert roles(analyse, text) == [("Nan", "victim")]


def test_rules_for_a_named_parent_give_her_the_commands(analyse):
    text = ("Between: Northvale Children's Services and Ms Price\nRULES FOR MS PRICE\n"
            "1. Take the children to school by 8.45am.\n2. Bins to be emptied weekly.\n")
    assert [role for _text, role in roles(analyse, text)] == ["family", "family"]


def test_a_passive_with_its_agent_after_an_object(analyse):
    text = "The nursery will be told about the court order by the social worker by 7 May.\n"
    assert roles(analyse, text) == [("the social worker", "professional")]


@pytest.mark.parametrize(("context", "clause", "expected"), [
    # A son and his mother share a surname: he is not her.
    ("Dean Marsh (23) lives with his mother, Mrs Carol Marsh. He has punched her twice this year.",
     "Mrs Marsh will:\nAsk Dean to move out by June.", "victim"),
    # A person who has a partner is no worker, though "the school" is named beside him.
    ("Ravi Shah has told Leo's school that his husband, Paul Kerr, hit him in January.",
     "Ravi will:\nKeep a note of any threats.", "victim"),
    # A title the parser left on its own does not make the harmed woman the abuser.
    ("Ms Grace Obi's partner, Tyrone Bell, has been violent to her three times this year.",
     "Ms Obi will:\nMeet the IDVA every Friday.", "victim"),
])
def test_who_is_harmed_when_the_parse_is_awkward(analyse, context, clause, expected):
    text = f"What we are worried about\n{context}\n{clause}\n"
    assert [role for _text, role in roles(analyse, text)] == [expected]


def test_we_in_a_plan_written_by_the_family_is_the_family(analyse):
    text = ("Our Family Plan\nWritten by: the family, with help from Sam Hart, FGC coordinator\n"
            "What we will do\nWe will take the children to see their mum every Sunday at 2pm.\n")
    assert roles(analyse, text) == [("We", "family")]


def test_a_letters_request_is_the_readers_under_any_heading(analyse):
    text = ("Dear Ms Amin,\nWhat we will do\nWe will visit on 3 May at 2pm.\n"
            "Please sign and return the slip below by 10 May.\nYours sincerely,\nPriya Shah, social worker\n")
    assert roles(analyse, text) == [("We", "professional"), ("Ms Amin", "family")]


def test_a_job_title_after_a_possessive_still_names_a_worker(analyse):
    text = "Mrs Okafor, his class teacher, will check in with Leo each Monday morning.\n"
    assert roles(analyse, text) == [("Mrs Okafor", "professional")]


def test_a_joint_heading_takes_the_first_named_and_still_makes_her_answer(analyse):
    text = ("What we are worried about\nMr Hale hit Mrs Hale in front of the children in May.\n"
            "Mr and Mrs Hale will:\nMake sure there are no more arguments in front of the children.\n")
    result = analyse(text)
    clause = [c for c in result["clauses"] if c["kind"] == "commitment"][0]
    assert clause["subject"]["role"] == "perpetrator"
    assert "victim_responsibility" in [f["type"] for f in clause["flags"]]


def test_an_adults_own_plan_mentioning_her_sister_is_not_a_childs(analyse):
    text = ("My plan\nI will keep a spare key at my sister's house.\n"
            "I will take my children to nursery by 9am every weekday.\n")
    assert [role for _text, role in roles(analyse, text)] == ["family", "family"]


@pytest.mark.parametrize(("text", "expected"), [
    ("The IDVA, Nadia, will\nMeet Ms Amin every Thursday at 11am.\n", "professional"),
    ("Things I (Maya, 14) will do\nText Mum by 9pm if I am staying at a friend's.\n", "child"),
    ("What we are worried about\nTomasz (15) has been excluded twice this term.\nTomasz will\n"
     "Go to his mentoring session every Wednesday lunchtime.\n", "child"),
    ("My part (Ellie-Mae, 14)\nI will come home straight after school on Mondays.\n", "child"),
    ("What Danny (16) will do\nI'll go to the first two sessions with the drugs worker on 4 March.\n", "child"),
    ("The social worker, Priti Shah, will:\nVisit the children at home every two weeks.\n", "professional"),
])
def test_more_headings_that_name_the_actor(analyse, text, expected):
    assert [role for _text, role in roles(analyse, text)] == [expected]


def test_what_we_ask_of_someone_names_the_actor(analyse):
    text = ("What we are worried about\nKyle pushed Divine in May.\nWhat we are asking of Kyle\n"
            "Not to come to Weaver Court or text Divine.\n")
    assert [r for _t, r in roles(analyse, text)] == ["perpetrator"]


def test_a_child_field_label_wins_over_the_school_beside_the_name(analyse):
    text = "Child: Keisha Hale (DOB 03/05/2011), Stainby High School\nKeisha will go to school every day.\n"
    assert [r for _t, r in roles(analyse, text)] == ["child"]


def test_a_name_the_parser_left_loose_is_still_the_subject_under_a_group_heading(analyse):
    text = ("Lucy Ormerod – social worker\nWhat others will do\n"
            "Lucy will visit the children at home every Wednesday after school.\n")
    assert roles(analyse, text) == [("Lucy", "professional")]


def test_an_organisation_heading_answers_for_they_and_its_short_name(analyse):
    text = ("Who is involved\nTheo Hale, 10, Ashgrove School\nAshgrove School\n"
            "- They will ring Bernie by 2pm on any day Theo has a seizure at school.\n"
            "- Ashgrove will keep Theo at after-school club until 5.30pm on Tuesdays.\n")
    assert [r for _t, r in roles(analyse, text)] == ["professional", "professional"]


def test_a_threat_to_your_care_binds_the_reader(analyse):
    text = "Dear Ms Hale,\nIf any test is positive, the children will be removed from your care.\n"
    assert [r for _t, r in roles(analyse, text)] == ["family"]


def test_a_lower_case_heading_without_a_colon_names_the_actor(analyse):
    text = ("whats happened\npolice called 28/9 craig punched shelby in the face and smashed her phone\n"
            "mum: shelby moss   mums partner: craig cole\nmum will\nring 999 if craig comes round\n")
    assert [r for _t, r in roles(analyse, text)] == ["victim"]


@pytest.mark.parametrize(
    ("context", "clause", "expected"),
    [
        # an injury verb done to another adult's body shows abuse on its own
        ("Ms Rowe's ex-partner Calum broke her nose last spring.", "Ms Rowe will block Calum's number.", "victim"),
        # not a verb that does nothing harmful to the body
        ("Ivy said she wants Nanna Glen to do her hair.", "Nanna Glen will collect Ivy on Fridays.", "family"),
    ],
)
def test_an_injury_to_another_adults_body_is_abuse(analyse, context, clause, expected):
    assert [r for _t, r in roles(analyse, concern(context) + clause)] == [expected]


def test_a_pet_name_with_a_relative_word_is_the_named_grandmother(analyse):
    text = ('Special guardian: Mrs Irene Platt ("Nana Rene")\nWhat we are worried about\n'
            "Her son Gary moved in with her in June and has since pushed her into a wall.\n"
            "What Nana will do\n- Keep the back door locked at night.\n")
    assert [r for _t, r in roles(analyse, text)] == ["victim"]


def test_a_known_as_name_in_a_field_is_the_mother_not_the_grandmother(analyse):
    text = ("Mum: Chidinma Obi (known as Chi)\nGrandparents: Mr Peter Obi and Mrs Ruth Obi\n"
            "What are we worried about?\nChi's ex-partner Wes grabbed her by the throat in March.\n"
            "What Chi has chosen to do\n- Meet the outreach worker on Mondays.\n")
    assert [r for _t, r in roles(analyse, text)] == ["victim"]


def test_a_group_for_men_under_a_joint_heading_is_the_fathers(analyse):
    text = (concern("Dad pushed Mum down the stairs in April.") + "Mum and Dad will:\n"
            "- Come to the review on 3 June.\n- Go to the group for men who have hurt a partner on Tuesdays.\n")
    assert [r for _t, r in roles(analyse, text)] == ["victim", "perpetrator"]


def test_a_who_is_who_list_says_who_i_am(analyse):
    text = ("Who's who\nMe – Kian Doyle, 14\nMum – Sinead Doyle\n\nMy part\n- I'll be home by 9pm.\n\n"
            "Mum's part\n- I will text Kian at 8pm.\n")
    assert [r for _t, r in roles(analyse, text)] == ["child", "family"]


def test_a_heading_to_a_young_person_makes_you_the_young_person(analyse):
    text = ('MY PLAN\nMegan Walsh ("Meg"), age 14\nSocial worker: Amir Shah\n\nFrom Amir to Meg\n'
            "You are asked to ring Amir if you cannot get home by 8pm.\n")
    assert [r for _t, r in roles(analyse, text)] == ["child"]


def test_we_would_like_you_to_asks_the_reader(analyse):
    text = "Dear Mr Hale,\nWe would like you to take Ava to nursery every weekday by 9am.\n"
    assert [r for _t, r in roles(analyse, text)] == ["family"]


@pytest.mark.parametrize(("text", "expected"), [
    # "is to be done ... by X": a duty, and the agent the parser hung on a noun still acts
    ("The school is to be told about the court order by the social worker by 2 May.\n", "professional"),
    ("Amber is to be taken to nursery on Monday mornings by her grandmother.\n", "family"),
])
def test_a_duty_in_the_passive_with_its_agent(analyse, text, expected):
    assert [(c["kind"], c["subject"]["role"]) for c in analyse("The plan\n" + text)["clauses"]] == [
        ("commitment", expected)]


@pytest.mark.parametrize(("text", "expected"), [
    # a name whose own sentence gives her a baby is the parent, not a child
    ("What we are worried about\nJodie Marsh drinks most days and her baby Finn is 5 months old.\nJodie will:\n"
     "- Go to the alcohol service on Tuesdays.\n", "family"),
    # a section written by someone: its "we" is theirs
    ("Who is in the plan\nAva Dunn (9)\nCal Dunn (Ava's dad)\nSocial worker: Ruth Penrose\n\n"
     "What the family say (written by Cal)\nWe will sit down with Ava every Sunday.\n", "family"),
    # "I" under a heading naming a young person, in a document whose voice is otherwise unknown
    ("What we are worried about\nKyle Reid (13) has missed 40 days of school.\nWhat Kyle will do\n"
     "I will be at the bus stop by 8.10 every school day.\n", "child"),
    # a name the document says nothing else about, under a worker's heading, is that worker
    ("What my social worker will do\nBen will come with me to the housing office on 8 May.\n", "professional"),
])
def test_more_headings_that_say_who_acts(analyse, text, expected):
    assert [r for _t, r in roles(analyse, text)] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # case-note shorthand: "M:" fields, initials in brackets, "M to:" headings
    ("M: Jodie Kettleby\nEx-partner: Craig Alsop (CA)\nSW: Nadia Farooq (NF)\n\nConcerns\n"
     "On 2/3/25 CA punched M in the kitchen.\n\n3. M to:\n3.1 Ring 999 if CA turns up.\n\n4. CA to:\n"
     "4.1 Not contact M or the children.\n\n5. SW to:\n5.1 Refer M to the IDVA by 18/3/25.\n",
     ["victim", "perpetrator", "professional"]),
    # a "By who" column holding initials and "MGM"
    ("M: Lauren Pennock (LP)    F: Dean Marr (DM)\nMGM: Janice Pennock\n\n"
     "Concern | Action | By who | By when\n"
     "Weight | Take E to the baby clinic to be weighed | LP | Every Tues 10am\n"
     "Sleep | Have E overnight on Saturdays | MGM | Every Sat until review\n", ["family", "family"]),
    # "(Dad)" in a roster maps the word, and "Dad's part" is Dad's, not his relative's
    ("People in this plan: Gareth Lowe (Dad), Kayleigh Birch (Dad's girlfriend)\n\nWhat are we worried about?\n"
     "Gareth has looked after Alfie and Poppy on his own since March.\n"
     "In May his girlfriend Kayleigh slapped him across the face.\n\nDad's part\n"
     "- Keep the house clean and tidy.\n\nKayleigh's part\n- Not to come to the house.\n",
     ["victim", "perpetrator"]),
    # initials a letter defines
    ("Dear Ms Rowe and Mrs Caulfield,\nIn this letter I call Ms Rowe KR and Mrs Caulfield MGM.\n"
     "What we are worried about\nOn 26 April Mrs Caulfield's son Liam pushed MGM against the fridge.\n"
     "What we agreed\nMGM will see her GP on 20 May.\n", ["victim"]),
])
def test_shorthand_initials_and_rosters_name_the_parties(analyse, text, expected):
    assert [r for _t, r in roles(analyse, text)] == expected


def test_an_agency_heading_over_to_items_makes_them_its_commitments(analyse):
    text = "Police\n- To share any call-outs to the address with the social worker within 24 hours.\n"
    assert [(c["kind"], c["subject"]["role"]) for c in analyse(text)["clauses"]] == [("commitment", "professional")]


def last_section_roles(analyse, text):
    """The roles of the clauses under the text's last heading (the lines before only set the scene)."""
    clauses = analyse(text)["clauses"]
    return [c["subject"]["role"] for c in clauses if c["section"] == clauses[-1]["section"]]


LETTER_TO_GRANDPARENTS = (
    "Mr Brian Ferriby and Mrs Sandra Ferriby\n\nDear Brian and Sandra,\n\n"
    "What has happened\nYour daughter Nicole has used heroin for many years.\n"
    "On 28 September she came to your door and demanded money.\n"
    "When Brian told her to leave, she pushed him down the front step.\n\n")


@pytest.mark.parametrize(("text", "expected"), [
    # the couple written to, one of them harmed by their adult daughter: "you" are the harmed household
    (LETTER_TO_GRANDPARENTS + "What we are asking you to do\n1. Do not give Nicole money.\n", ["victim"]),
    # "your daughter" named in apposition is that adult, and a heading can say who "she" is
    (LETTER_TO_GRANDPARENTS + "What I have asked Nicole to do\n- She will go to the Recovery Service every "
     "Tuesday at 2pm.\n- Your daughter will not phone you after 8pm.\n", ["perpetrator", "perpetrator"]),
    # "in his own words" under a worker's letter: his "I"
    ("Child: Shay Wakeling (15)\n" + LETTER_TO_GRANDPARENTS + "Shay rang the police from his bedroom.\n\n"
     "What Shay has agreed, in his own words\n"
     "I will be home by 9pm on school nights.\n", ["child"]),
    # a heading naming the reader, in a letter whose "you" the concerns show harmed
    ("Parent: Bernadette Quayle\n\nBackground\nOn 3 October your son punched you in the face.\n\n"
     "Expectations of Bernadette\n1. You will ring 999 if he comes home drunk.\n", ["victim"]),
    # "your ex-partner" in a letter to the man who harmed her, even where the parser cuts "ex-partner"
    ("Dear Mr Lowther,\nOn 18 January you punched your ex-partner, Danielle Hartigan.\n\n"
     "What your ex-partner has agreed to\nWe have asked your ex-partner to ring the police straight away "
     "if you come to her home.\n", ["victim"]),
    # a request to the reader after a condition about someone else
    ("Dear Leah,\nOn 6 January your ex-partner grabbed you by the throat.\n\nIf things change\n"
     "If your ex-partner breaks his bail, tell the police and tell Liam.\n", ["victim"]),
])
def test_letters_about_adults_who_harm_their_own_family(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a name the parser hung on the bullet, and a subject whose verb it made a clausal subject
    ("What the workers will do\n- Ash Kettering (youth worker) will meet Kai every Tuesday at 3.30pm.\n"
     "- Westgate Academy will ring Mum by 9.30am on any day Kai is not in school.\n",
     ["professional", "professional"]),
    # "We (Jodie and Ash)" in a plan the family wrote
    ("Our family plan\nSocial worker: Jodie Marsh\nYouth worker: Ash Kettering\n\nWhat the workers will do\n"
     "We (Jodie and Ash) will see Kai within three days each time he goes missing.\n", ["professional"]),
    # a supported lodgings provider is a worker
    ("Lodgings provider: Ms Beverley Tallis (\"Bev\")\n\nExpectations of the lodgings provider\n"
     "Bev will give Shannon her own room and an evening meal every day.\n", ["professional"]),
    # "I, Tom Ellery, agree that I will:" over bullets, and an age written "is 17"
    ("Tom Ellery punched his ex-partner, Marcus Reid, in May.\n\nI, Tom Ellery, agree that I will:\n"
     "- Only message Marcus through the co-parenting app.\n", ["perpetrator"]),
    # a pet name in a field's label is that person, merged with her titled namesake
    ("Mum: Lorna Varcoe\nNana Mo: Maureen Pender (Lorna's mum)\nGrandad Ray: Ray Pender\n"
     "Mr Pender was violent to Mrs Pender for many years.\n\nWho will look after the children?\n"
     "Nana Mo will collect Evie from school by 3.15pm.\n", ["victim"]),
    # a full name whose owner has a relative ("Josh's mum") is no worker, and a plan written by the
    # family is in the family's voice
    ("Written by: Courtney Baines (17) and Josh Mercer\nSocial worker: Marcus Penhaligon\n\n"
     "Josh's mum has said the baby can stay at hers.\n\nWhat we will do\nJosh will come to every scan.\n"
     "We will go through this plan with Marcus on 17 February.\n", ["family", "family"]),
    ("Jayden Cole is 17 and has anxiety.\n\nWhat I will do (Jayden)\n"
     "I will learn how to cook before I leave.\n", ["child"]),
])
def test_more_ways_a_clause_names_who_acts(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


def test_guesses_that_must_not_fire(analyse):
    # the woman written to is not guessed to be the abuser when the adult shown harming shares her surname
    text = LETTER_TO_GRANDPARENTS.replace("Nicole has", "Nicole Ferriby has") + (
        "What Sandra will do\nSandra will ring the police if Nicole comes to the house.\n")
    assert last_section_roles(analyse, text) != ["perpetrator"]
    assert last_section_roles(analyse, text) == ["family"]
    # a heading naming who was asked does not take a pronoun that has its own antecedent
    text = "What I have asked Nicole to do\n- When Liam visits, he will stay downstairs.\n"
    assert [t for t, _r in roles(analyse, text)] != ["Nicole"]
    assert [t for t, _r in roles(analyse, text)] == ["Liam"]
    # "Bedtime is 8." is no age, so the children stay children
    text = ("What Mum will do\nMum will make sure Noah is in bed on time. Bedtime is 8.\n\n"
            "What Noah will do\nNoah will tell Mum if he cannot sleep.\n")
    assert last_section_roles(analyse, text) == ["child"]
    # a plan written by a worker is not in the family's voice
    text = ("Plan for Kai Mercer (15)\nWritten by: Kai's social worker, Jodie Marsh\n\n"
            "What we will do\nWe will visit Kai every two weeks.\n")
    assert last_section_roles(analyse, text) == ["professional"]


@pytest.mark.parametrize(("text", "expected"), [
    # "she" under a heading naming whose part it is, when the owner's sex is not known
    ("Plan for Ayla (3 months)\nWritten by: Nina Shore and Levi Dunn, with help from Rita Shore\n\n"
     "Rita's bit\nShe'll drive Nina to the clinic on Tuesdays.\n", ["family"]),
    # a roster line whose job title comes after a long dash phrase
    ("People involved\nMs Adeyemi – the children's social worker, Eastmoor Council\n"
     "Mrs Lake – the children's mother\n\n"
     "The plan\nThe home visit will be made by Ms Adeyemi every Monday.\n", ["professional"]),
    # "Age:" as a second field on the name's line makes the girl a child, and "I" in her own plan hers
    ("TANSY'S SAFETY PLAN\nName: Tansy Rowe    Age: 14\nMade with: Tansy; Gail and Owen Rowe (Mum and Dad)\n\n"
     "What I will do\nI will keep my phone charged when I go out.\n", ["child"]),
    # "we" under a heading naming two parents is the parents
    ("TANSY'S SAFETY PLAN\nName: Tansy Rowe    Age: 14\nMade with: Tansy; Gail and Owen Rowe (Mum and Dad)\n\n"
     "What Mum and Dad will do\nWe will pick Tansy up from town if she rings after 9pm.\n", ["family"]),
    # "What X agreed to" names the actor of the commands below it
    ("Parents: Jo and Ben Carter\nSocial worker: Hana Ilic\n\n"
     "What Jo and Ben agreed to in March\n1. Clear the hallway by 30 April.\n",
     ["family"]),
    # a command under "Kerry's bit" is Kerry's, and in a plan about abuse she keeps her role
    ("What happened\nKerry Dale hit her partner, Sean Pike, in June.\n\n"
     "Kerry's bit\n- Sort out a place on the course.\n",
     ["perpetrator"]),
    # a child tagged as an organisation in the "Child:" field is still the child, and a heading
    # about her is not her part
    ("Child: Ivy-Rose Hale (9 months)\nMother: Ms Dina Hale\n\nArrangements for Ivy-Rose\n"
     "Ms Hale will give Ivy-Rose her feed at 6am.\nContact with the father is to be supervised.\n",
     ["family", "unknown"]),
    # the agent of the second of two passives, and "I" under "Section E – Declaration" (no name)
    ("Child: Noor Adeyemi (6)\nMother: Ms Tola Adeyemi\n\nThe plan\n"
     "Noor will be taken to school and collected by Ms Adeyemi each day.\n", ["family"]),
    ("Child: Teo Lind (11)\nParent/carer: Ingrid Lind (mum)\n\nSection E – Declaration\n"
     "I will ring the unit if Teo's medicines change.\n", ["family"]),
    # a surname that is also a hospital word, and a partner the tagger reads as an organisation
    ("Leanne Ward is 26 weeks pregnant. Her partner Marcus has pushed her against a wall.\n\n"
     "What Leanne will do\nLeanne will go to every antenatal appointment.\n", ["victim"]),
    # "I, Dean Forsyth, agree" speaks for himself, and a headbutt is violence
    ("Dean Forsyth has admitted headbutting his partner Shona.\n\nI, Dean Forsyth, agree that I will:\n"
     "- Go to the Caring Dads group every Monday.\n", ["perpetrator"]),
    # a roster name the tagger reads as an organisation still gives its initials; "one of you"
    ("Who is who\nMarta Quigley (MQ) – social worker\nDonna Reese – mum\n\nActions\n"
     "MQ will book the family group meeting by 3 May.\nOne of you will ring the nursery by 9am if Alfie is ill.\n",
     ["professional", "family"]),
    # a father writing "my mum" is no child when he looks after the children himself
    ("Why this plan\nNeil has cared for Sky and Rudy on his own since last year.\n\nMy plan\n"
     "My mum will have Sky and Rudy on Sundays.\nI will not drink when I am looking after Sky and Rudy.\n",
     ["family", "family"]),
    # carers named in brackets, a job in apposition, a service's staff, and "she" under "What we have agreed"
    ("Placed with: Rhys and Bethan Morgan (foster carers)\nMiss Oduya, my head of year, checks in weekly.\n"
     "Nan (Wendy) visits on Fridays.\n\nWhat we have agreed\nRhys will bring Tia to the centre at 4pm.\n"
     "Miss Oduya will meet Tia on Mondays at 8.40am.\nMissed visits will be logged by Brookside staff.\n"
     "Nan will have Tia after school on Fridays.\nShe will text Rhys when they get home.\n",
     ["professional", "professional", "professional", "family", "family"]),
    # a "Who will do it" column holds the actor, and "SW and Toni" makes no worker of Toni
    ("Mum: Toni Reid\n\nWorry | What needs to happen | Who will do it | By when\n"
     "Money | Apply for the cooker grant | SW and Toni | 4 May\nSchool | Walk Ella to school | Toni | Daily\n",
     ["professional", "family"]),
    # minutes: initials after a comma-separated entry, and "ACTION: XX to ..." lines
    ("Present: Nadia Rowe, social worker (NR); Mrs Joan Pell, grandmother (JP)\n\nAgreed actions\n"
     "ACTION: NR to book the family group conference by 2 June.\nACTION: JP to collect Finn from school on Fridays.\n",
     ["professional", "family"]),
    # a header whose cells are a time, what happens and who is responsible
    ("Day and time | What happens | Who is responsible\nMonday 4pm | Family time at the centre | Contact worker\n",
     ["professional"]),
])
def test_headings_fields_and_rosters_that_say_who_acts(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


def test_a_child_kicking_doors_is_not_domestic_abuse(analyse):
    text = ("Child's name: Rory Fenn (age 7)\nMother: Lisa Fenn\n\nWhy we are worried\n"
            "Rory has had angry outbursts at home, throwing things and kicking doors.\n\n"
            "What Lisa will do\nLisa will take Rory to the GP on Monday.\n")
    assert last_section_roles(analyse, text) == ["family"]
    assert analyse(text)["clauses"] and "victim" not in {c["subject"]["role"] for c in analyse(text)["clauses"]}


def test_a_field_naming_two_parents_aliases_neither_and_a_children_field_names_children(nlp):
    doc = nlp("Parents: Ms Gail Orme and Mr Theo Vance\nChildren: Rory Vance (DOB 02/05/2011) and Isla Vance "
              "(DOB 14/09/2017)\nSocial worker: Dev Anand\n")
    registry = build_registry(doc)
    assert registry.find("the parents") is None
    assert [registry.find(name).role for name in ("Rory Vance", "Isla Vance")] == ["child", "child"]


@pytest.mark.parametrize("background", [
    "There has been no violence in the home, but Ada (2) was found alone in the street in May.",
    "There are no concerns about domestic abuse in this relationship.",
])
def test_a_denied_abuse_cue_shows_no_abuse(nlp, background):
    assert build_registry(nlp(f"What we are worried about\n{background}\n")).abuse is None


def test_a_named_adult_whose_partner_or_children_the_line_names_is_family(nlp):
    registry = build_registry(nlp("Why we are worried\nHana Kowalczyk smokes cannabis daily and her partner Olek "
                                  "drinks most evenings.\nPiotr Zielinski has not left the house since May. His "
                                  "children, Ola (8) and Kuba (5), have missed school.\n"))
    assert [registry.find(name).role for name in ("Hana Kowalczyk", "Piotr Zielinski")] == ["family", "family"]



@pytest.mark.parametrize("text, expected", [
    # a young person's plan written with her worker: her "I"; the aunt's part in her own words
    ("MY PLAN\nWritten by: Tia and Noor, 2 May\nName: Tia Hollis    Age: 15\nSocial worker: Noor Saleem\n"
     "Living with: Gwen Marsh (my mum's sister)\n\n"
     "What I will do\nBe home by 9pm on school nights.\n\nWhat my aunt will do (in Gwen's words)\n"
     "If Tia is not home by midnight, I'll ring Noor.\n", ["family"]),
    ("Written by: Tia and Noor, 2 May\nName: Tia Hollis    Age: 15\nSocial worker: Noor Saleem\n\n"
     "What I will do\nBe home by 9pm on school nights.\nRing Mum every Sunday.\n", ["child", "child"]),
    # a job field with a number, and a hyphenated surname
    ("Name: Tia Hollis    Age: 15\nHead of Year 10: Mr Amos Oduya-Kent\n\nSchool\n"
     "Mr Oduya-Kent will meet Tia every Monday at 12.30pm.\n", ["professional"]),
    # "I" under a worker's name heading is that worker
    ("Mum: Kerry Lund\nSocial worker: Adil Rana, Kellbrook Children's Services\n\nAdil (social worker)\n"
     "I will send Kerry the notes within a week.\n", ["professional"]),
    # a topic heading names no party
    ("Parents: Ms Dee Pike, Mr Rob Hayle\n\n3. SCHOOL ATTENDANCE\n3.1 Mr Hayle will walk the children to school. "
     "He will also collect Alfie at 3.15pm.\n", ["family", "family"]),
])
def test_voices_and_headings_of_young_peoples_plans_and_numbered_agreements(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


def test_a_plan_written_to_the_man_who_harms_and_the_womans_part(analyse):
    text = ("SAFETY PLAN\nThis plan is written to: Dale Penn\nChildren's mum: Cara Voss\n\n"
            "Why we have made this plan\nCara told police that you had hit her in the face.\n\n"
            "What you will do, Dale\nYou will not go to Cara's house.\n\nCara's part\n"
            "You will go to the IDVA appointment on 25 September.\n")
    roles = [c["subject"]["role"] for c in analyse(text)["clauses"] if c["kind"] == "commitment"]
    assert roles == ["perpetrator", "victim"]


def test_a_roster_line_with_a_job_read_as_a_verb_is_not_a_clause(analyse):
    text = ("People in this plan\nSophie Thwaite (ST) – mum\nAnita Shah (AS) – designated safeguarding lead, "
            "St Aldric's Primary School\n\nActions\nSophie will ring the school on Monday.\n")
    assert [c["text"] for c in analyse(text)["clauses"]] == ["Sophie will ring the school on Monday."]


def test_a_roster_of_parents_to_be_with_ages_and_a_titled_head_teacher(nlp):
    registry = build_registry(nlp(
        "Who is in this plan\nLeanne Strudwick – Mum-to-be\nMikey Tait – Dad-to-be\nJacob Pennick – aged 10\n"
        "Declan Okafor – head teacher, Highfield Lane Primary School\n\nWhat school will do\n"
        "Mr Okafor will ring Leanne every Friday.\n"))
    roles = [registry.find(name).role for name in ("Leanne Strudwick", "Mikey Tait", "Jacob Pennick", "Mr Okafor")]
    assert roles == ["family", "family", "child", "professional"]


def test_a_letter_to_a_parent_named_only_by_first_name(analyse):
    text = ("Dear Nicola,\n\nFinlay has been at school for 68% of this term.\n\nWhat you said you will do\n"
            "- Ring the surgery at 8am on Monday 20 October.\n- Keep to a regular bedtime for Finlay.\n")
    assert last_section_roles(analyse, text) == ["family", "family"]


@pytest.mark.parametrize("text, expected", [
    # a first-person lead-in under a party's heading
    ("For: Ada Nwachukwu (kinship carer, aged 24), Chidi Nwachukwu (14)\n\nAda's part\nI will:\n"
     "- Take Chidi to his asthma review on 20 March at 4.10pm.\n", ["family"]),
    # one heading says whose "I" it is; the "I" keeps that owner elsewhere
    ("OUR SAFETY PLAN\nSunita Bhatt – social worker, Stowford Family Support Team\n\nWhat I will do (Sunita)\n"
     "- I will visit every Tuesday.\n\nReview\nI will look at this plan again with Gemma and Rob on 31 May.\n",
     ["professional"]),
    # "Name, we expect you to:" names the one asked
    ("Ms Catrin Hollowell, 8 Brackenfield Close\nMr Darren Hollowell, Flat 3, 61 Canal Side\n\n"
     "Dear Ms Hollowell and Mr Hollowell\n\nWhy we are writing\nMr Hollowell pushed Ms Hollowell into the kitchen "
     "door.\n\nDarren, we expect you to:\n- Keep to your bail conditions.\n", ["perpetrator"]),
    # a roster's initials win over the lexicon's meaning
    ("Children: Alfie Pickavance (9), Maisie Pickavance (6)\n\nPresent:\nDonna Pickavance, mother (DP)\n"
     "Gary Pickavance, father (GP)\nNadia Brookes, social worker (NB)\n\nActions\n"
     "GP to walk Alfie to school every Monday from 10 March.\n", ["family"]),
])
def test_lead_ins_first_person_owners_and_roster_initials(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


def test_you_both_in_a_letter_to_both_parents_is_the_family(analyse):
    text = ("Dear Ms Hollowell and Mr Hollowell\n\nWhy we are writing\nMr Hollowell pushed Ms Hollowell into the "
            "kitchen door.\n\nFor both of you\nYou must both sign and return this letter by 14 March.\n")
    assert last_section_roles(analyse, text) == ["family"]


@pytest.mark.parametrize("text, expected", [
    # a heading in capitals that names a party is not a topic heading
    ("Parents: Ms Dee Pike, Mr Rob Hayle\n\n4. HEALTH VISITOR\n4.1 Visit Ms Pike at home every Monday at 10am.\n",
     ["professional"]),
    # "both" that counts the children does not make "you" both parents
    ("Dear Ms Cole,\n\nWhy we are writing\nMr Cole hit Ms Cole in the face in May.\n\nWhat happens next\n"
     "You and both children will go to the refuge on Monday.\n", ["victim"]),
])
def test_capital_party_headings_and_both_children(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a parent under 18, named as the baby's "Dad", is the family, not a child of the plan
    ("Baby: Lily Rowe\nMum: Kara Rowe (20)\nDad: Tom Pryce (17)\n\nWhat Tom will do\n"
     "Tom will go to the young dads group every Thursday at 5pm.\n", ["family"]),
    # "I (Marcus)" opens a section in his voice; the document's other "I" is the harmed mother's
    ("Mum: Leonie Pashley\nMum's partner: Marcus Ingle\n\nWhy we have this plan\n"
     "Darrell hit me in front of the children in June.\n\nMy part\n"
     "I will keep my phone charged.\n\nIn my own words\nI (Marcus) moved in with Leonie last spring.\n"
     "I will ring 999 if Darrell comes to the house.\n", ["family", "family"]),
    # a family's own plan: "we" under the council's response is the council
    ("OUR FAMILY PLAN\nWritten by: the family\n\nWhat we will do\nWe will take turns to stay over.\n\n"
     "Children's Services' response (Hannah Quick, social worker)\nWe will pay the bus fares from 10 February.\n",
     ["professional"]),
    # commands that the tagger reads as names, under an agency's heading
    ("Greystone Pharmacy:\n- Supervise both parents taking their methadone each day.\n"
     "- Monitor Poppy's weight and development.\n", ["professional", "professional"]),
    # a care leaver of 18 is the adult of her baby's plan, and a personal adviser is a worker
    ("Young person: Jade Whitlow, aged 18\nBaby: Noah Whitlow\nPersonal adviser (PA): Femi Adeyinka\n\n"
     "Who will do what\nJade will take Noah to the baby clinic every second Wednesday.\n"
     "Femi will meet Jade every fortnight.\n", ["family", "professional"]),
    # a grown-up daughter is the safe adult, not the harmed mother
    ("Mum: Paula Rennard\nSafe adult: Jade Rennard (Paula's daughter, aged 20)\n\nWhat happened\n"
     "Wayne has pushed me and broken my phone. Kayden rang Jade, and Jade called the police.\n"
     "I wrote this plan with Jade and Olumide at my home.\n\nWhat Jade will do\n"
     "- Ring 999 straight away if she gets the code word from her mum.\n", ["family"]),
    # "they" after "anyone" is whoever that is; "they" after "the children" is the children
    ("Keeping Winnie safe\nIf anyone is worried about how Winnie is sleeping, they will ring Stefan.\n"
     "If the children are worried, they will ring Nan.\n", ["unknown", "child"]),
    # a family's own "we" under a heading that only mentions the worker who helped
    ("OUR FAMILY PLAN\nWritten by: the family\n\nWhat we will do (with help from Hannah Quick, social worker)\n"
     "We will take turns to stay over.\n", ["family"]),
])
def test_young_parents_voices_agencies_care_leavers_and_plural_they(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


def test_a_named_speaker_keeps_to_his_own_section_even_under_the_same_heading(analyse):
    text = ("Mum: Leonie Pashley\nMum's partner: Marcus Ingle\n\nWhy we have this plan\nDarrell hit me in June.\n\n"
            "In my own words\nI (Marcus) moved in with Leonie last spring.\n\nIn my own words\n"
            "I will keep my phone charged.\n")
    assert [c["subject"]["role"] for c in analyse(text)["clauses"][-2:]] == ["family", "victim"]



def test_a_responsible_line_under_an_action_names_who_acts(analyse):
    text = ("Mother: Shauna Hale\nFather: Dean Ross\nChild: Tia Hale (6)\n\n"
            "Outcome 1: Tia's health needs are met\nActions:\n1.1 Register Tia with a dentist by 28 February.\n"
            "Responsible: Shauna / Dean\nTimescale: 28/02/2026\n1.2 Home visits to be carried out.\n"
            "Responsible: Social worker\nTimescale: Fortnightly\n1.3 Attendance to improve.\nResponsible: N/A\n")
    assert [c["subject"]["role"] for c in analyse(text)["clauses"]] == ["family", "professional", "unknown"]


@pytest.mark.parametrize("text, expected", [
    # carers the mother chose herself are her family, not the council's foster carers
    ("Child: Mia Ambrose (8)\nPrivate foster carers: Joan and Keith Dale\n\nThe plan\n"
     "The private foster carers will take Mia to the dentist by 3 May.\n", ["family"]),
    # a boy of 15 who hits his mother: harm by a child under 16 is not domestic abuse, so she is family
    ("Young person: Jack Dunn (15)\nMum: Carol Dunn\n\nWhat we are worried about\n"
     "Jack has punched his mum twice since June.\n\nMum's part\nI will ring 999 if Jack hurts me.\n", ["family"]),
    # ... and at 17 it is
    ("Young person: Jack Dunn (17)\nMum: Carol Dunn\n\nWhat we are worried about\n"
     "Jack has punched his mum twice since June.\n\nMum's part\nI will ring 999 if Jack hurts me.\n", ["victim"]),
    # an adult who brings the children up, with no job named, is their family
    ("Concerns\nGary Lunt has been the main carer for Mia (10) and Jo (7) since their mum died. He has depression "
     "and the children have been getting themselves to school.\n\nGary will\nSee his GP on 3 May.\n", ["family"]),
    # "Tia's words" and "Tia:" are her part; "What I will do – <name>, social worker" is his
    ("Young person: Tia Moss (14)\nSocial worker: Ruth Okafor\n\nTia's words\n"
     "I will be home by 9pm on school nights.\n", ["child"]),
    ("Young person: Tia Moss (14)\nSocial worker: Ruth Okafor\n\nTia:\nI will be home by 9pm on school nights.\n",
     ["child"]),
    ("Young person: Tia Moss (14)\nSocial worker: Ruth Okafor\n\nWhat I will do – Ruth Okafor, social worker\n"
     "I will see Tia on her own every month.\n", ["professional"]),
    # "Noah Pike, 9" on a line of its own gives his age, so the other names are the adults
    ("OUR FAMILY PLAN\nTyped by Lee and Sam Pike on 2 May\nNoah Pike, 9\nElla Pike, 4\n\nWhat we will do\n"
     "Lee will ring the GP by Friday.\n", ["family"]),
    # a child's words quoted after her name are her commitment
    ("The children's part\nMaya: \"I will tell my teacher if I feel sad at school.\"\n", ["child"]),
    # a lead-in that asks the named reader, over commands
    ("What happened\nNatalie pushed Gareth down the stairs in May.\n\nNatalie, we are asking you to:\n"
     "- Go to the Tuesday course for women who use violence.\n", ["perpetrator"]),
    # "our eldest" in a family's own plan is a child; "we" under the children's heading stays the parents
    ("OUR FAMILY PLAN\nWritten by: the family\n\nThe children's part\nOur eldest will go to Scouts on Fridays.\n"
     "We will pay for her uniform.\n", ["child", "family"]),
    # a short name in brackets, initials among other words in brackets, and "paeds" as an agent
    ("Foster carers: Beverley (Bev) and Martin Hale\nChild: Tayo Reid (9)\n\nThe plan\n"
     "Bev will take Tayo to school at 8.45am.\n", ["professional"]),
    ("Present: Amira Hadley (AH, specialist midwife, substance misuse), Lucy Brennock (LB, SW)\n\nPlan\n"
     "AH to send the discharge letter to the GP.\n", ["professional"]),
    ("Baby: Noah Carr\n\nPlan\nBaby to be seen by paeds at 6 weeks.\n", ["professional"]),
    # a mother-to-be of 17 is the baby's parent; a care leaver of 18 writes "I" as the adult of her baby's plan
    ("Mum-to-be: Kayla Dent (17)\nBaby's dad: Ryan Hope (19)\n\nWhat happened\nRyan slapped Kayla in May.\n\n"
     "What Kayla will do\n- Go to every antenatal appointment.\n", ["victim"]),
    ("Young person: Jade Pike, aged 18\nBaby: Noah Pike\nPersonal adviser: Femi Ade\n\nMy plan\n"
     "My foster carer still helps me.\n\nWhat I will do\n- Keep the flat clean.\n", ["family"]),
])
def test_carers_ages_first_person_headings_and_harm_by_a_child(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("I will text Mum when I go out, so she knows where I am.", "I"),  # parsed with "knows" as the root
    ("Dad will ring the school by 9am, so they know Kai is ill.", "Dad"),
])
def test_the_subject_of_a_so_clause_is_not_who_acts(nlp, text, expected):
    assert subject_of(nlp(text)[:])[0].text == expected


@pytest.mark.parametrize("text, expected", [
    # an ultimatum the council would carry out binds the party of its condition; a promise to tell first does not
    (DA + "If Ms Amin lets Mr Cole back into the flat, the local authority will start care proceedings.\n",
     ["victim"]),
    ("Dear Mr Lowe,\n\nWhat happens next\nBefore we apply to court, we will always tell you and your solicitor "
     "in writing.\n", ["professional"]),
    # a grandmother who supervises contact is family
    ("Supervisor: Patricia Lunt (\"Nana Pat\"), paternal grandmother\nChildren: Ruby Lunt (8)\n\nNana Pat will:\n"
     "- Supervise all contact.\n", ["family"]),
    # "we" in a plan in the parents' voice, also under a topic heading that names the baby
    ("Mum: Kelly Dent\nDad: Dean Roe\nBaby: Maya Roe\nOur social worker: Sam Webb\n\nFeeding Maya\n"
     "We will feed Maya every 3 hours in the day.\n", ["family"]),
    # in a young person's plan "I" under a worker's name or title is the worker, under her school it is hers
    ("MY SAFETY PLAN – NIAMH\nName: Niamh Drury | Age: 16\nMarcus Bell – my youth worker\n\nWhat Marcus will do\n"
     "- I will see Niamh every Wednesday at 4.30pm.\n", ["professional"]),
    ("MY SAFETY PLAN – NIAMH\nName: Niamh Drury | Age: 16\nPC Shabana Iqbal – police\n\n"
     "What the police will do (PC Iqbal)\n- I will put a marker on the address by 14 March.\n", ["professional"]),
    ("MY PLAN – LEON\nAge: 15\nMy mum is worried about me.\n\nMy school (Oakfield Academy)\n"
     "- I will go to my lessons every day.\n", ["child"]),
    ("Young person: Niamh Drury (16)\n\nSchool\nNiamh's teachers will let her leave five minutes early.\n",
     ["professional"]),
    # an age in a row of fields; a boy afraid of what older lads will do to him shows no domestic abuse
    ("Name: Reuben Hale | Age: 15 | Referral order: 9 months\n\nWhy we wrote this\n"
     "He said he is scared of what the older lads will do if he stops answering them.\n\n"
     "Mum's part (Tanya Hale)\n- Ring Reuben at 9pm if he isn't home.\n", ["family"]),
])
def test_ultimatums_supervising_kin_parents_voices_and_workers_in_young_peoples_plans(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


@pytest.mark.parametrize("text, expected", [
    # raising concerns is not raising children; a threat whose condition names nobody binds nobody named
    ("Child: Mia Lunt (10)\n\nConcerns\nKevin Osei has raised concerns about the children since May.\n",
     ["professional"]),
    ("Dear Ms Amin,\n\nWhat happens next\nIf the home conditions do not improve by June, the local authority "
     "will remove the children from your care.\n", ["professional"]),
    # a short name in brackets that is not a short form of the name is no alias
    ("Children: Mia Roe (8) and Jo Roe (5)\nMum: Kelly Roe\nMia (Oakfield) and Jo (Brookside)\n"
     "Both go to Oakfield School and Brookside Nursery.\n\nThe plan\n"
     "Oakfield will ring Kelly on the first morning Mia is absent.\n", ["professional"]),
])
def test_what_the_review_found_too_broad(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a who's who key: the names the family uses, initials, and a son who shares his father's name
    ("Who's who\nBig Al (BA) – Alan Pruitt, Dad\nYoung Al – Alan Pruitt (12)\nSJ – Sasha Jo Pruitt (7)\n"
     "KW – Kemi Walsh, social worker\n\nThe plan\nYoung Al will go to the homework club on Tuesdays.\n"
     "SJ will pack her bag the night before.\nKW will visit every Monday at 4pm.\nBA will walk SJ to school.\n",
     ["child", "child", "professional", "family"]),
    # a kin field wins over a job word near his name elsewhere; the mother who shares his surname is not "Mr"
    ("Family: Aoife Rennie\nChildren: Ben Rennie (8)\nChildren's father: Conor Rennie\n\n"
     "What happened\nOn 3 May Conor Rennie, Aoife's ex-husband, came to the flat and punched Aoife.\n"
     "He was arrested.\n\nThe plan\nMr Rennie will keep to his bail conditions.\n"
     "Aoife will see the IDVA on Friday.\n", ["perpetrator", "victim"]),
    # an alarm about "anyone" hurting a boy, a parent hurting himself, or harm in his own childhood is no abuse
    ("Child: Sol Amadi (10)\n\nWhat happened\nMr Amadi hit Sol with a slipper.\n"
     "Sol will tell his teacher if anyone hurts him.\nMr Amadi said he was hit with a cane as a child.\n\n"
     "The plan\nMr Amadi will go to the parenting course on Mondays.\n", ["family"]),
    ("Child: Maya Cole (10)\n\nWhat happened\nMaya told Mrs Hale that Dad slaps her when she is cheeky.\n"
     "There has been no violence between the parents and neither parent has made any allegation of domestic "
     "abuse.\n\nThe plan\nDad will not slap Maya.\nMum will ring the school if Maya is upset.\n",
     ["family", "family"]),
    # a letter to a grandfather about his daughter's violent partner: "you" is the grandfather
    ("Mr Ray Tolley\n\nDear Mr Tolley,\n\nYour daughter Kim lives with Mr Dane Hext.\n"
     "In May Mr Hext punched Kim.\n\nWhat we expect from you\nYou must not take the children to Mr Hext's flat.\n"
     "If Kim tells Mr Hext where family time is, her family time will stop.\n", ["family", "victim"]),
    # short breaks with a carer are no relationship; the harmed "you" leaves the other adults family
    ("Short breaks foster carer: Gwen Lake\n\nThe plan\nOlly has short breaks with Gwen once a month.\n\n"
     "What Gwen will do\n- Give Olly his medicine at 7pm.\n", ["professional"]),
    ("What happened\nOn 2 May your ex-partner, Lee Dunn, pushed you against a wall.\n"
     "Sam Oakes has the children at weekends.\n\nThe plan\nSam will collect the children at 4pm.\n",
     ["family"]),
    # who the heading says is asked; whose words the "I" is; who wrote the plan
    ("Young person: Tia Rowe (14)\n\nWhat staff expect from Tia\n- Be back by 9pm.\n", ["child"]),
    ("Young person: Ryan Cole, aged 16\n\nWhy I am moving (Ryan's words)\nI had nowhere to stay.\n\n"
     "What I will do\n- I will pay my rent every Friday.\n", ["child"]),
    ("Written by: Jo Marsh, Social Worker\nParents: Amy Lane (\"Mum\") and Rob Lane (\"Dad\")\n\n"
     "What I need Mum and Dad to do\n1. Take Ellie to nursery every day.\n\nWhat I will do\n"
     "I will visit every Tuesday.\n", ["professional"]),
    # a key line's house number is no age; a worker who writes the plan with a parent does not own its "I"
    ("Useful contacts\nAunty Jo – Joanne Tunstall, 12 Elm Close, Leeds\nUncle Craig – Craig Tunstall, 4 Park Road\n\n"
     "The plan\nAunty Jo will collect Alfie on Fridays.\n", ["family"]),
    ("My safety plan\nWritten by: Jo Bell (social worker) with Kelly Nairn\n\nWhat I will do\n"
     "I will not drink when I am looking after Alfie.\n", ["family"]),
    # foster carers named only as a possibility; two workers' "they"
    ("Worries\nIf Alfie cannot stay at home, he may have to stay with foster carers.\n\nThe plan\n"
     "The carers will take Alfie to school every day.\n", ["family"]),
    ("The plan\nThe social workers will see the children at school and they will then write to Mum.\n",
     ["professional", "professional"]),
    # a pair of names the parser hung on the condition's last word
    ("Dad: Craig Lee\nNan: Lorna Fitch\nAunt: Nadia Lee\n\nIf something goes wrong\n"
     "If Craig drinks while he is looking after Amber, Nadia or Lorna will look after her.\n", ["family"]),
    # "the carers" of a plan whose only carers are foster carers, not of one with kinship carers
    ("Foster carers: Jan and Lee Hope\n\nWhat the carers will do\n- Bring Ava to the centre at 4pm.\n",
     ["professional"]),
    ("Kinship carers: Jan and Lee Hope (Ava's aunt and uncle)\n\nWhat the carers will do\n"
     "- Bring Ava to the centre at 4pm.\n", ["family"]),
    # "they" after the plural object of the clause before it
    ("Short breaks foster carer: Gail Lake\n\nIf Olly is upset\n"
     "Gail will ring his parents and they will collect him.\n", ["professional", "family"]),
    # a "Person" column holds the actor
    ("Social worker: Rhian Dale\nAunt: Leanne Quill\n\nWho does what\nPerson | Agrees to | Starting\n"
     "Auntie Leanne | Ring Rhian if Ty comes to the house | 9 February\n"
     "Rhian (social worker) | Visit Leanne every three weeks | 16 February\n", ["family", "professional"]),
    # the actor of a shorthand task after a dash
    ("Professionals\nNursery place for Alfie 5 mornings/wk - SW to chase.\n", ["professional"]),
    # "you" keyed to a young person: the house rules are his
    ("Young person: Reuben Stoll, aged 16\nIn this agreement \"you\" means Reuben.\n\nHOUSE RULES\n"
     "Be in by 10pm on school nights.\nNever bring drugs into the house.\n", ["child", "child"]),
    # an email greeting names its readers, who are family
    ("Hi Carla and Dev,\n\nWhat you both said you would do\nDev will read with Nia after tea.\n"
     "Carla will take Nia to school by 8.45am.\n", ["family", "family"]),
    # a roster line's age at its end, and kin words with step- and half-
    ("Who's who\nJade Furlong – the children's half-sister, aged 20\nKeith Amos – the children's step-grandad\n\n"
     "The plan\nWho | What they will do | When\nJade | Take the children to school | Mondays\n"
     "Keith | Drive the children to contact | Sundays\n",
     ["family", "family"]),
    # a grown-up daughter who harms her mother: "she" keeps to the last subject, "her mum" is the named parent,
    # and the bracketed name under a kin heading is the actor
    ("People in this plan\nGran – Maureen Tilsley (kinship carer)\nMum – Kerry Tilsley (Kez), Maureen's daughter\n\n"
     "What happened\nSince May Kez has turned up drunk and sworn at Maureen in the street.\n"
     "On 3 June she pushed her mum into the door frame.\n\nGran's part (Maureen)\n"
     "• Keep her phone charged.\n\nMum's part (Kez)\n• Only visit on Saturdays from 2pm to 5pm.\n",
     ["perpetrator"]),
    # a people table gives initials their roles
    ("Name | Role | Initials\nPriya Lomas | Mum | PL\nOwen Beck | Health visitor | OB\n\nActions\n"
     "No. | Action | Who | By when\n1 | Book Ava's hearing test | OB | 10/03/26\n"
     "2 | Take Ava to the hearing test | PL | 24/03/26\n", ["professional", "family"]),
    # "I" keyed to a care leaver of 17, and a young person's plan named in its title
    ('The "I" in this plan is me, Kayla.\nName: Kayla Dunn\nAge: 17\n\nMoney\nI will save £10 every Friday.\n',
     ["child"]),
    ("MY SAFETY PLAN – RORY\nName: Rory Bell\nAge: 14\n\nIf I feel unsafe I will...\n"
     "• ring my uncle straight away.\n• go into the nearest shop.\n", ["child", "child"]),
    # an easy-read plan's "I" is the mum it keys, though her who's-who line sits among workers
    ('In this plan "I" and "me" means Tegan.\n\nWho is in this plan\nTegan Moss – me. I am Alfie\'s mum.\n'
     "Ruth Hale – my social worker.\nOmar Said – my advocate.\n\nWhat I will do\nI will give Alfie his tea by 5pm.\n",
     ["family"]),
    # a job with a name over a bare task: the task is a commitment, and the worker's
    ("What we are worried about\nJaden (16) has gone missing three times since Christmas.\n\nKeyworker – Bev\n"
     "Key sessions every Monday at 4pm.\n", ["professional"]),
    # the one the concerns are about is family, whatever services the sentence names
    ("What we are worried about\nLena Marsh drinks most days and Fairway Recovery Service says her tests are poor.\n\n"
     "Lena will:\nGo to her Fairway appointment on 4 March.\n", ["family"]),
    # a mother who cares for a child is not a child word's owner: her son's abuse of her is domestic abuse
    ("What we are worried about\nDean Rowe (31) has hit his mother, Anne Rowe, who looks after his son, Kai (6).\n\n"
     "What Anne will do\nAnne will change the locks by Friday.\n", ["victim"]),
    # false alarms of the same rules: a child's own worries, a parent's plan titled with her child's name, an
    # "Age:" line under a worker's field, a child in brackets after a parent's heading
    ("Safety plan for Tayla\nTayla has anxiety and sometimes self-harms when she is upset.\n\nThe plan\n"
     "Tayla will go to CAMHS every Thursday.\n", ["child"]),
    ("My agreement – Tia's mum\nTia (6) lives with me and her brother Kai (2).\n\nThe plan\n"
     "I will take Tia to school every day.\n", ["family"]),
    ("My Safety Plan\n\nName: Jade Whitlow\nSocial worker: Bev Lomas\nAge: 15\n\nThe plan\n"
     "Bev will meet me every Tuesday after school.\n", ["professional"]),
    ("Mum – Kerry Dunn\nTia Dunn (6)\n\nWhat Mum will do (Tia)\n• Take her to school by 8.45am every day.\n",
     ["family"]),
])
def test_keys_shared_surnames_false_alarms_letters_headings_and_shorthand(analyse, text, expected):
    assert last_section_roles(analyse, text) == expected


@pytest.mark.parametrize("background", [
    "Ms Rae Cole's partner, Mr Ivo Dunn, was convicted in 2021 of assaulting his former partner.",
    "Mr Ivo Dunn has a conviction for violence against a previous partner and lives with Ms Rae Cole.",
])
def test_a_partner_who_harmed_someone_else_leaves_the_mother_family(analyse, background):
    text = (f"Why we are worried\n{background}\n\nWhat Ms Cole will do\n"
            "Ms Cole will not leave Mr Dunn alone with Ava.\n\nWhat Mr Dunn will do\n"
            "Mr Dunn will start the Choices group on 4 May.\n")
    assert [c["subject"]["role"] for c in analyse(text)["clauses"][-2:]] == ["family", "perpetrator"]


@pytest.mark.parametrize("background", [
    "Ms Rae Cole has a non-molestation order against her ex-partner, Mr Ivo Dunn, after he hit her in March.",
    "Ms Rae Cole (24) has a daughter, Ava (2). Her partner, Mr Ivo Dunn, was arrested in March for assaulting his "
    "24-year-old partner.",
])
def test_harm_to_the_present_partner_still_shows_her_harmed(analyse, background):
    text = (f"Why we are worried\n{background}\n\n"
            "What Ms Cole will do\nMs Cole will take Ava to nursery every day.\n")
    assert analyse(text)["clauses"][-1]["subject"]["role"] == "victim"


def test_someone_told_to_do_something_is_the_one_bound(analyse):
    text = ("Why we are worried\nMr Ivo Dunn hit Ms Rae Cole in March.\n\nWhat other people will do\n"
            "Mr Dunn has been told by the police that he must not go to Elm Road.\n")
    assert analyse(text)["clauses"][-1]["subject"]["role"] == "perpetrator"


def test_a_child_field_with_an_order_word_names_a_child(nlp):
    registry = build_registry(nlp("Eldest child: Mia Holt – 8, Year 3 at Bracken Primary\n"
                                  "Youngest child: Alfie Holt – 4, Little Owls Nursery\n"))
    assert [registry.find(name).role for name in ("Mia Holt", "Alfie Holt")] == ["child", "child"]


def test_a_parent_of_sixteen_or_seventeen_is_family_and_a_full_name_opening_a_sentence_is_a_name(nlp):
    registry = build_registry(nlp("Why we are worried\nTayla Brook (17) lives in a supported flat with her son, "
                                  "Kian (5 months).\nNiamh Doyle (15) is in Year 10.\nRhys Wren has hit his "
                                  "partner, Tayla Brook, twice.\n"))
    assert registry.find("Tayla Brook").role == "victim" and registry.find("Niamh Doyle").role == "child"
    assert registry.find("Rhys Wren").name == "Rhys Wren"


def test_an_adults_words_in_brackets_in_a_young_persons_plan_are_the_adults(analyse):
    text = ("MILO'S PLAN\nMilo Grange, age 14\nJess Amari, youth worker\n\nWhat I will do\n"
            "I will be home by 9pm.\n[Dad: I will pick Milo up from football.]\n"
            "[Jess Amari: We will meet Milo at school every Tuesday.]\n")
    assert [(c["text"], c["subject"]["role"]) for c in analyse(text)["clauses"]] == [
        ("I will be home by 9pm.", "child"), ("I will pick Milo up from football.", "family"),
        ("We will meet Milo at school every Tuesday.", "professional")]


@pytest.mark.parametrize("greeting", ["Hello Everyone,", "Hi there", "Hello my name is Kelsey"])
def test_a_greeting_that_names_nobody_makes_no_reader(nlp, greeting):
    registry = build_registry(nlp(f"{greeting}\n\nThe plan\nRing me on Monday.\n"))
    assert registry.addressee is None
    assert registry.author_role == build_registry(nlp("The plan\nRing me on Monday.\n")).author_role  # no letter
