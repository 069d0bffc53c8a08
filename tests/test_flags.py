"""Behaviour of the seven flags (LABELS.md), written from the specification, not from the rules.

Every sentence is analysed inside a small agreement (an optional "What we are worried about"
section, a section heading, the clause), as LABELS.md evaluates, and the flags of the output
clauses that overlap the sentence are read.
"""

from __future__ import annotations

import re
import warnings

import pytest
from invariants import check_contract

from analyser import analyse_text, load_pipeline
from analyser.cli import main
from analyser.settings import Settings, load_settings

FLAG_TYPES = ("vagueness", "coercion", "victim_responsibility", "jargon", "absolute", "no_actor",
              "incomplete")
SEVERITIES = ("info", "warning", "serious")
RULE_ID = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")

# Domestic-abuse context: he harms her.
DA_KERR = ("Mr Dunn has been violent to Ms Kerr. In April he pushed her against the kitchen wall "
           "while Noah watched, and the police were called to the flat.")
DA_SMITH = ("Mr Smith has been violent to Ms Smith, the children's mother. In March he hit her "
            "in front of the children; the police have been called to the house three times.")
DA_MUM = "Dad has been violent to Mum. Last month he punched her and broke her phone."


def document(sentence: str, context: str = "", section: str = "The plan") -> str:
    """A small agreement around one sentence, the way the product is evaluated."""
    concerns = f"What we are worried about\n{context}\n" if context else ""
    return f"{concerns}{section}\n{sentence}\n"


def check_flag_fields(result: dict) -> None:
    """Every flag of a document against the contract and LABELS.md."""
    check_contract(result)
    text = result["text"]
    for clause in result["clauses"]:
        for flag in clause["flags"]:
            assert flag["type"] in FLAG_TYPES
            assert RULE_ID.match(flag["rule"]) and flag["rule"].startswith(flag["type"] + ".")
            assert flag["severity"] in SEVERITIES
            assert text[flag["start"]:flag["end"]] == flag["cue"] and flag["cue"].strip()
            for field in ("explanation", "suggestion"):
                assert_plain_sentences(flag[field])


def assert_plain_sentences(words: str) -> None:
    """Plain English for a social worker: full sentences, no markup, ids or placeholders."""
    assert len(words.split()) >= 6, words
    assert re.match(r"^[\"(]?[A-Z]", words) and words.rstrip().endswith((".", ")", '"')), words
    assert not re.search(r"[_{}<>\\|]|\b[a-z]+\.[a-z_]+\b", words), words


def clause_flags(analyse, sentence: str, context: str = "",
                 section: str = "The plan") -> list[dict]:
    """Flags of the output clauses that overlap `sentence` in its small agreement."""
    result = analyse(document(sentence, context, section))
    check_flag_fields(result)
    start = result["text"].rindex(sentence)
    end = start + len(sentence)
    overlapping = [c for c in result["clauses"] if c["start"] < end and start < c["end"]]
    return [f for c in overlapping for f in c["flags"]]


def flag_of(analyse, sentence: str, flag_type: str, context: str = "",
            section: str = "The plan") -> dict | None:
    """The flag of one type on the sentence, or None."""
    found = [f for f in clause_flags(analyse, sentence, context, section) if f["type"] == flag_type]
    return found[0] if found else None


# --- vagueness ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Ms Oduya will respond appropriately when Kofi is upset.",
    "Mr Ferris will keep the kitchen in a suitable condition.",
    "Mum will keep the house at an acceptable standard.",
    "Mr Ferris will provide adequate meals for the children.",
    "Ms Oduya will keep the children safe.",
    "Mr Patel will engage with the services offered to him.",
    "Grandad will work with professionals to address his drinking.",
    "Ms Lomax will see her GP regularly about her low mood.",
    "Mr Baines will go to the parenting sessions where possible.",
    "Ms Oduya will ask for extra help if required.",
    "Ms Lomax will co-operate with the plan.",
    "The health visitor will support Ms Lomax.",
    "Gran will supervise contact.",
    "Contact with Dad will be supervised by a family member.",
    "Mr Ferris will make appropriate arrangements for the children when he is at work.",
    "Ms Lomax will drink as little as possible when the children are at home.",
])
def test_vague_wording_is_flagged(analyse, sentence):
    flag = flag_of(analyse, sentence, "vagueness")
    assert flag is not None, sentence
    assert flag["severity"] == "warning"


@pytest.mark.parametrize("sentence", [
    # The spec's own not-vague example, then new ones with concrete who/what/when.
    "Mr Jones will attend the Tuesday 10:00 parenting group at Skipfield Centre each week until "
    "1 March.",
    "Ms Kerr will take Noah to the dental clinic on Station Road at 3pm on Thursday 12 June.",
    "The health visitor will weigh the baby at the clinic every Wednesday morning and write the "
    "weight in the red book.",
    "Kira will be in bed by 9pm on school nights.",
    # "appropriate" that is not the standard of the core action.
    "The appropriate form is attached.",
    "The appropriate consent form is enclosed with this letter.",
    "Ms Kerr will fill in the appropriate box on the nursery form and hand it in by Friday 6 June.",
    # "supervise" with what supervising means, or the act itself described.
    "Gran will stay in the same room as Lily for the whole of every contact and will not leave "
    "her alone with her father.",
    "Aunt Mel will supervise Saturday contact at her house, staying in the room the whole time "
    "and taking the children home at 4pm.",
    # "support" inside a job title, and a concrete offer of help.
    "The family support worker will drive Ms Kerr to the food bank every Friday at 11am.",
    "The local authority will pay for a taxi to the Tuesday group at Brook House.",
    # Conditions and negations that are concrete.
    "If Noah is ill, Ms Kerr will phone the nursery before 9am.",
    "Ms Kerr will not leave Noah with anyone under 16.",
])
def test_concrete_wording_is_not_vague(analyse, sentence):
    assert flag_of(analyse, sentence, "vagueness") is None, sentence


def test_appropriate_cue_is_the_word(analyse):
    flag = flag_of(analyse, "Ms Oduya will respond appropriately when Kofi is upset.", "vagueness")
    assert flag is not None and flag["cue"].lower() == "appropriately"


def test_supervise_cue_is_the_verb(analyse):
    flag = flag_of(analyse, "Gran will supervise contact.", "vagueness")
    assert flag is not None and flag["cue"].lower() == "supervise"


# --- coercion ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "severity"), [
    ("If you do not stop drinking, the children will be removed.", "serious"),
    ("Failure to comply will result in care proceedings.", "serious"),
    ("If Ms Kerr misses a single drug test, we will start care proceedings.", "serious"),
    ("Should Mr Dunn break any part of this agreement, Noah will be taken into care.", "serious"),
    ("Any breach of these rules will lead straight to court.", "serious"),
    ("You must sign this agreement today.", "serious"),
    ("Mr Dunn will not seek legal advice about this plan.", "serious"),
    ("The parents will not complain about the social worker.", "serious"),
    ("Ms Kerr has no choice but to sign this plan.", "serious"),
    ("Mr Dunn will comply with all requests of the social worker.", "warning"),
    ("Ms Kerr will do whatever is asked.", "warning"),
    ("The parents will follow every instruction given by professionals without question.",
     "warning"),
    ("Mum will accept all decisions made by the local authority.", "warning"),
    ("These conditions are non-negotiable and there will be no exceptions.", "warning"),
])
def test_threats_and_blanket_compliance_are_coercion(analyse, sentence, severity):
    flag = flag_of(analyse, sentence, "coercion")
    assert flag is not None, sentence
    assert flag["severity"] == severity


@pytest.mark.parametrize("sentence", [
    # Neutral, two-sided statements of what happens next (LABELS.md), then new ones.
    "If the agreement is not kept to, Paul will arrange a meeting with everyone to review it.",
    "The local authority may seek legal advice about next steps, and will tell you first.",
    "If the plan is not working, Amira Said will meet Ms Kerr and Mr Dunn within a week to talk "
    "about what help would make it work.",
    "If Ms Kerr cannot make a test, she will ring the clinic to rearrange it within two days.",
    "If there are new worries, the social worker will tell the parents what they are and talk "
    "them through before any decision is made.",
    # Rights, and negated pressure.
    "Ms Kerr can get legal advice before she signs this agreement.",
    "You do not have to sign this agreement today.",
    "Mr Dunn can bring an advocate to every meeting about this plan.",
    # Ordinary commitments that mention a test or a rule.
    "Mr Dunn will give a urine sample at the Bridge clinic every Monday at 10am.",
])
def test_neutral_next_steps_are_not_coercion(analyse, sentence):
    assert flag_of(analyse, sentence, "coercion") is None, sentence


# --- victim responsibility ---------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "context"), [
    # LABELS.md examples.
    ("She will not allow him into the house.", DA_SMITH),
    ("Mum will not let Dad have contact with the children.", DA_MUM),
    ("Ms Smith will ensure that Mr Smith does not have contact with the children.", DA_SMITH),
    ("Ms Smith will end her relationship with Mr Smith.", DA_SMITH),
    ("She will not be in contact with him.", DA_SMITH),
    ("Ms Smith will supervise contact and stop it if an argument occurs.", DA_SMITH),
    # New wordings.
    ("Ms Kerr will make sure Mr Dunn stays away from the flat.", DA_KERR),
    ("Ms Kerr must stop Mr Dunn from visiting the children.", DA_KERR),
    ("Ms Kerr will separate from Mr Dunn by the end of the month.", DA_KERR),
    ("Ms Kerr will keep Noah away from Mr Dunn.", DA_KERR),
    ("Ms Kerr will not invite Mr Dunn to the flat.", DA_KERR),
    ("Ms Kerr will make sure that Mr Dunn does not drink when he is with Noah.", DA_KERR),
    ("Mum will not allow Dad to stay the night.", DA_MUM),
])
def test_victim_made_responsible_for_abuser_is_serious(analyse, sentence, context):
    flag = flag_of(analyse, sentence, "victim_responsibility", context)
    assert flag is not None, sentence
    assert flag["severity"] == "serious"


@pytest.mark.parametrize(("sentence", "context"), [
    ("Ms Smith will call the police if Mr Smith comes to the house.", DA_SMITH),
    ("Ms Kerr will phone 999 if Mr Dunn turns up at the flat.", DA_KERR),
    ("Mum will ring the police whenever Dad comes round.", DA_MUM),
])
def test_calling_police_about_him_is_a_warning(analyse, sentence, context):
    flag = flag_of(analyse, sentence, "victim_responsibility", context)
    assert flag is not None, sentence
    assert flag["severity"] == "warning"


@pytest.mark.parametrize(("sentence", "context"), [
    # Obligations on the perpetrator.
    ("Mr Smith will not come within 100 metres of the house.", DA_SMITH),
    ("Mr Dunn will not go to Ms Kerr's flat or send her messages.", DA_KERR),
    ("Mr Dunn will attend the Choices programme for men who have been abusive every Thursday "
     "at 6pm.", DA_KERR),
    # Obligations on professionals.
    ("Police will respond to any call from the address as a priority.", DA_SMITH),
    ("The police will put a marker on Ms Kerr's address so that any 999 call is treated as "
     "urgent.", DA_KERR),
    ("If Mr Dunn comes to the flat, the police will arrest him.", DA_KERR),
    # Support offered to the victim.
    ("The IDVA will meet Ms Smith weekly to plan her safety.", DA_SMITH),
    ("Jo Reed from the domestic abuse service will meet Ms Kerr every Tuesday to make a safety "
     "plan with her.", DA_KERR),
    # Her own care of the child, not his behaviour.
    ("Ms Kerr will take Noah to nursery by 9am each weekday.", DA_KERR),
    ("Ms Kerr will not drink alcohol while she is looking after Noah.", DA_KERR),
    # Negated: nobody puts this on her.
    ("Ms Kerr will not be asked to supervise contact with Mr Dunn.", DA_KERR),
    # Her own steps and wishes: leaving a room is not leaving him.
    ("Ms Kerr will drop Noah at the centre at 10am and leave before Mr Dunn arrives.", DA_KERR),
    ("Ms Kerr does not want Mr Dunn to lose his job.", DA_KERR),
])
def test_obligations_on_others_and_support_are_not_victim_responsibility(analyse, sentence,
                                                                         context):
    assert flag_of(analyse, sentence, "victim_responsibility", context) is None, sentence


@pytest.mark.parametrize("sentence", [
    "Ms Kerr will not let Mr Dunn stay overnight.",
    "Mum will make sure Dad does not have the children on his own.",
    "She will not allow him into the house.",
])
def test_without_abuse_context_a_mothers_clause_is_not_victim_responsibility(analyse, sentence):
    context = "Noah has missed 14 days of nursery this term and his clothes are often dirty."
    assert flag_of(analyse, sentence, "victim_responsibility", context) is None, sentence
    assert flag_of(analyse, sentence, "victim_responsibility") is None, sentence


def test_victim_responsibility_suggestion_moves_the_obligation(analyse):
    flag = flag_of(analyse, "Ms Kerr will make sure Mr Dunn stays away from the flat.",
                   "victim_responsibility", DA_KERR)
    assert flag is not None
    assert re.search(r"causing harm|abuser|professional|police", flag["suggestion"], re.I)


# --- jargon, absolute, no_actor, incomplete ---------------------------------------------------

@pytest.mark.parametrize(("sentence", "cue"), [
    ("CSC will visit the family every two weeks.", "CSC"),
    ("The core group will meet every six weeks to check the plan.", "core group"),
    ("The IRO will chair Kira's review on 5 May.", "IRO"),
    ("Mr Dunn will come to the FGC on 3 June at the library.", "FGC"),
    ("If things do not change by July, the case will go into PLO.", "PLO"),
    ("The S47 enquiry will be finished by Friday.", "S47"),
])
def test_jargon_is_flagged_on_the_term(analyse, sentence, cue):
    flag = flag_of(analyse, sentence, "jargon")
    assert flag is not None, sentence
    assert flag["cue"] == cue and flag["severity"] in ("info", "warning")


@pytest.mark.parametrize("sentence", [
    "The social worker will visit the family every two weeks.",
    "The school nurse will see Kira on Monday at 11am.",
    "Mr Dunn will meet the family group at the library on 3 June.",
])
def test_plain_words_are_not_jargon(analyse, sentence):
    assert flag_of(analyse, sentence, "jargon") is None, sentence


@pytest.mark.parametrize(("sentence", "cue"), [
    ("Mr Dunn will never shout at the children.", "never"),
    ("Ms Kerr will watch the children at all times.", "at all times"),
    ("Under no circumstances will Mr Dunn drink alcohol.", "Under no circumstances"),
    ("Ms Kerr will always answer the door to the social worker.", "always"),
    ("Mr Dunn will be 100% honest with professionals.", "100%"),
])
def test_absolute_standards_are_flagged(analyse, sentence, cue):
    flag = flag_of(analyse, sentence, "absolute")
    assert flag is not None, sentence
    assert flag["cue"].lower() == cue.lower() and flag["severity"] in ("info", "warning")


@pytest.mark.parametrize("sentence", [
    "Mr Dunn will not drink alcohol for 24 hours before each contact.",
    "Ms Kerr will answer the door when the social worker visits on Tuesdays.",
    "Kira has never missed a health appointment.",
])
def test_bounded_demands_and_facts_are_not_absolute(analyse, sentence):
    assert flag_of(analyse, sentence, "absolute") is None, sentence


@pytest.mark.parametrize(("sentence", "verb"), [
    ("Contact will be supervised.", "supervised"),
    ("Checks will be done on Mr Dunn's new partner.", "done"),
    ("Drug tests will be carried out every month.", "carried"),
    ("Contact will happen every Monday.", "happen"),
])
def test_commitment_without_actor_is_flagged_on_the_verb(analyse, sentence, verb):
    result = analyse(document(sentence))
    check_flag_fields(result)
    clause = next(c for c in result["clauses"] if c["text"].startswith(sentence.split()[0]))
    flags = [f for f in clause["flags"] if f["type"] == "no_actor"]
    assert flags, sentence
    assert verb in flags[0]["cue"] and flags[0]["severity"] in ("info", "warning")
    assert clause["subject"] == {"text": None, "role": "unknown"}


@pytest.mark.parametrize("sentence", [
    "Contact will be supervised by Daisy Brown at the family centre.",
    "Ms Kerr will clean the kitchen every evening.",
    "Amira Said will carry out a home visit every Thursday.",
    "This agreement is not legally binding.",
])
def test_named_actor_or_statement_is_not_no_actor(analyse, sentence):
    assert flag_of(analyse, sentence, "no_actor") is None, sentence


@pytest.mark.parametrize("sentence", [
    "Mr Dunn will attend the group on [insert date].",
    "Ms Kerr will go to appointments, groups etc.",
    "The review meeting will be held on TBC.",
    "Amira Said will visit every XX days.",
    "Ms Kerr will ...",
])
def test_placeholders_are_incomplete_and_vague(analyse, sentence):
    types = {f["type"] for f in clause_flags(analyse, sentence)}
    assert {"incomplete", "vagueness"} <= types, sentence


@pytest.mark.parametrize("sentence", [
    "Ms Kerr will bring Noah's red book, his coat and his lunch.",
    "Kira will take her XL coat to school on Monday.",
])
def test_finished_text_is_not_incomplete(analyse, sentence):
    assert flag_of(analyse, sentence, "incomplete") is None, sentence


# --- fields of every flag ----------------------------------------------------------------------

RICH = (
    "What we are worried about\n" + DA_KERR + "\n"
    "What Ms Kerr will do\n"
    "Ms Kerr will make sure Mr Dunn stays away from the flat.\n"
    "Ms Kerr will keep the house in a suitable condition.\n"
    "Ms Kerr will never leave Noah on his own at all.\n"
    "What happens next\n"
    "If Ms Kerr does not follow this plan, Noah will be removed.\n"
    "CSC will visit on [insert date].\n"
    "Checks will be done.\n"
)


def test_every_flag_has_the_contract_fields(analyse):
    result = analyse(RICH)
    check_flag_fields(result)
    found = {f["type"] for c in result["clauses"] for f in c["flags"]}
    assert found == set(FLAG_TYPES)
    counts = result["document"]["flag_counts"]
    assert set(counts) == set(FLAG_TYPES) and all(counts[t] >= 1 for t in FLAG_TYPES)


def test_vagueness_suggestion_asks_for_who_what_when(analyse):
    flag = flag_of(analyse, "Mr Ferris will keep the kitchen in a suitable condition.", "vagueness")
    assert flag is not None
    assert re.search(r"how often|by when|who|what", flag["suggestion"], re.I)


# --- settings ---------------------------------------------------------------------------------

JARGON_AND_VAGUE = (
    "What we are worried about\n" + DA_KERR + "\n"
    "The plan\n"
    "The core group will meet every six weeks.\n"
    "CSC will visit every Monday.\n"
    "Ms Kerr will keep the house in a suitable condition.\n"
    "Ms Kerr will make sure Mr Dunn stays away from the flat.\n"
)


@pytest.fixture(scope="module")
def configured():
    """Full pipelines built from settings, one per distinct settings."""
    cache: dict = {}

    def run(settings: Settings, text: str = JARGON_AND_VAGUE) -> list[dict]:
        if settings not in cache:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cache[settings] = load_pipeline(settings)
        result = analyse_text(cache[settings], text)
        check_flag_fields(result)
        return [f for c in result["clauses"] for f in c["flags"]]

    return run


def test_default_settings_flag_jargon_vagueness_and_victim_responsibility(configured):
    flags = configured(Settings())
    cues = {f["cue"] for f in flags if f["type"] == "jargon"}
    assert {"core group", "CSC"} <= cues
    assert {"vagueness", "victim_responsibility"} <= {f["type"] for f in flags}


def test_allow_list_suppresses_a_term(configured):
    flags = configured(Settings(allow=("core group",)))
    cues = {f["cue"] for f in flags}
    assert "core group" not in cues and "CSC" in cues


def test_disabled_rule_id_suppresses_that_rule_only(configured):
    csc = next(f for f in configured(Settings()) if f["cue"] == "CSC")
    flags = configured(Settings(disabled_rules=(csc["rule"],)))
    assert csc["rule"] not in {f["rule"] for f in flags}
    assert "vagueness" in {f["type"] for f in flags}


def test_disabled_prefix_suppresses_a_whole_type(configured):
    flags = configured(Settings(disabled_rules=("jargon",)))
    types = {f["type"] for f in flags}
    assert "jargon" not in types and {"vagueness", "victim_responsibility"} <= types


def test_min_severity_filters(configured):
    flags = configured(Settings(min_severity="serious"))
    assert flags and {f["severity"] for f in flags} == {"serious"}
    assert {f["type"] for f in flags} == {"victim_responsibility"}


def test_presets_audit_and_draft_differ_as_documented(configured):
    audit, draft = load_settings(preset="audit"), load_settings(preset="draft")
    assert (audit.min_severity, draft.min_severity) == ("info", "warning")
    audit_flags, draft_flags = configured(audit), configured(draft)
    assert "info" in {f["severity"] for f in audit_flags}
    assert {f["severity"] for f in draft_flags} <= {"warning", "serious"}
    # Draft keeps exactly the audit findings of warning and above.
    assert [f for f in audit_flags if f["severity"] != "info"] == draft_flags


def test_config_file_sets_allow_disabled_and_min_severity(tmp_path, capsys):
    import json

    config = tmp_path / "settings.toml"
    config.write_text('[analyser]\nallow = ["suitable"]\n'
                      'disabled_rules = ["victim_responsibility"]\n'
                      'min_severity = "warning"\n', encoding="utf-8")
    settings = load_settings(config)
    assert settings.allow == ("suitable",) and settings.disabled_rules == ("victim_responsibility",)
    plan = tmp_path / "plan.txt"
    plan.write_text(JARGON_AND_VAGUE + "Ms Kerr will keep the children safe.\n", encoding="utf-8")
    assert main(["analyse", str(plan), "--config", str(config)]) == 0
    result = json.loads(capsys.readouterr().out)
    flags = [f for c in result["clauses"] for f in c["flags"]]
    assert "suitable" not in {f["cue"].lower() for f in flags}
    assert "victim_responsibility" not in {f["type"] for f in flags}
    assert "jargon" not in {f["type"] for f in flags}  # info is below the minimum
    assert "vagueness" in {f["type"] for f in flags}  # "safe" is still flagged


def test_unknown_setting_is_a_one_line_error(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text('[analyser]\nallowlist = ["CSC"]\n', encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text("Mum will ring the nursery by 9am.\n", encoding="utf-8")
    assert main(["analyse", str(plan), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.toml" in err and "allowlist" in err


# --- wordings added from the development part written by writer F (dev-d) -----------------------

@pytest.mark.parametrize(("sentence", "flag_type"), [
    ("There will be no second chances.", "coercion"),
    ("Accept that the decisions of the local authority are final.", "coercion"),
    ("Do whatever it takes to get the children back.", "coercion"),
    ("If you miss one more visit, we will be forced to remove the children.", "coercion"),
    ("Any missed session will result in contact being stopped altogether.", "coercion"),
    ("This agreement must be signed before the meeting ends.", "coercion"),
    ("Show that they have changed.", "vagueness"),
    ("Make more of an effort with the housework.", "vagueness"),
    ("Put the children first.", "vagueness"),
    ("Get her life back on track.", "vagueness"),
    ("Go in on most days.", "vagueness"),
    ("Get Aisha seen by the relevant health professionals.", "vagueness"),
    ("Provide a stable and loving home for Theo.", "vagueness"),
])
def test_further_wordings_are_flagged(analyse, sentence, flag_type):
    assert flag_of(analyse, sentence, flag_type) is not None, sentence


@pytest.mark.parametrize(("sentence", "flag_type"), [
    ("Ms Greenhalgh does not have to agree with everything in the assessment.", "coercion"),
    ("Tell Mr Tully that he cannot come to Sunday dinner any more.", "vagueness"),
    ("This agreement will be reviewed on XX/XX/XXXX.", "jargon"),
    ("Contact will take place on Wednesdays at 3.30pm, supervised by family support worker Joanne Pryce.",
     "no_actor"),
])
def test_further_hard_negatives(analyse, sentence, flag_type):
    assert flag_of(analyse, sentence, flag_type) is None, sentence


@pytest.mark.parametrize("sentence", [
    "Apply for a non-molestation order against Mr Dunn within two weeks.",
    "Ring 999 the moment Mr Dunn comes to the door.",
    "Ensure Mr Dunn does not come to any of her hospital appointments.",
    "Report each breach of the restraining order to the police on the day it happens.",
    "Move out of the flat she shares with Mr Dunn before the conference.",
])
def test_further_victim_responsibility(analyse, sentence):
    assert flag_of(analyse, sentence, "victim_responsibility", DA_KERR, "Ms Kerr will:") is not None, sentence


def test_victim_responsibility_when_a_man_is_harmed(analyse):
    context = "Mr Osei has described being slapped and locked out by the boys' mother, Danielle Fry."
    flag = flag_of(analyse, "Dad must stop the boys' mum from getting wound up.", "victim_responsibility", context)
    assert flag is not None
    perpetrator_duty = flag_of(analyse, "Danielle Fry will not go to Mr Osei's house.", "victim_responsibility",
                               context)
    assert perpetrator_duty is None


def test_command_about_him_under_a_heading_naming_nobody_is_victim_responsibility(analyse):
    assert flag_of(analyse, "Not let Mr Dunn into the flat.", "victim_responsibility", DA_KERR) is not None
    assert flag_of(analyse, "Not let Mr Dunn into the flat.", "victim_responsibility") is None  # no abuse shown


def test_ultimatum_on_the_harmed_adult_in_a_letter_is_hers_and_victim_responsibility(analyse):
    text = ("Dear Ms Kerr,\nWhat we are worried about\nOn 2 May Mr Dunn hit you in the kitchen.\n"
            "The plan\nIf you let him back into the flat, we will have to think again about where Noah lives.\n")
    clause = analyse(text)["clauses"][-1]
    assert clause["subject"]["role"] == "victim"
    assert any(f["type"] == "victim_responsibility" for f in clause["flags"])


@pytest.mark.parametrize("sentence", [
    "Get Ben to school on time in order to keep his place.",  # "his" is Ben's; "in order to" is no court order
    "Take Noah to the dentist so that his tooth can be checked.",
])
def test_pronoun_after_a_childs_name_is_not_the_abuser(analyse, sentence):
    assert flag_of(analyse, sentence, "victim_responsibility", DA_KERR, "Ms Kerr will:") is None, sentence


@pytest.mark.parametrize(("sentence", "context"), [
    ("Ms Kerr will get the locks changed by Friday.", DA_KERR),
    ("If Mr Dunn is seen at the flat again, we will start care proceedings.", DA_KERR),
    ("Ms Kerr will keep Noah safe from his temper.", DA_KERR),
])
def test_more_ways_of_making_her_answer_for_him(analyse, sentence, context):
    assert flag_of(analyse, sentence, "victim_responsibility", context) is not None, sentence


@pytest.mark.parametrize("sentence", [
    "Another incident like this will lead to removal.",
    "Non-compliance with this plan will lead to a legal planning meeting.",
    "Missing a session will mean family time is cut to once a month.",
])
def test_more_threat_wordings_are_coercion(analyse, sentence):
    assert flag_of(analyse, sentence, "coercion") is not None, sentence
