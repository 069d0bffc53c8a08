"""SMART probabilities: clear cases per dimension, statements, the score, reproducible training,
and a model file that was changed is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pytest
from invariants import check_contract
from test_flags import DA_KERR, document

from analyser.cli import main
from analyser.labelled import clause_files, load_records
from analyser.model_store import META_FILE, MODEL_FILE, ModelError, load_model, save_model
from analyser.report import SMART_DIMENSIONS
from analyser.settings import MODELS_DIR
from analyser.smart import FEATURE_NAMES
from analyser.train import build_classifier, fit_features, labelled_frame, writer_of


def smart_of(analyse, sentence: str, context: str = "") -> dict:
    """The SMART probabilities of the commitment that is `sentence`."""
    result = analyse(document(sentence, context))
    check_contract(result)
    clause = next(c for c in result["clauses"] if c["text"].rstrip(".") == sentence.rstrip("."))
    assert clause["kind"] == "commitment" and clause["smart"] is not None, clause
    return clause["smart"]


@pytest.mark.parametrize(("sentence", "context", "dimension", "met"), [
    # time_bound: a weekday and a time, a deadline, a duration; none of them.
    ("Ms Kerr will take Noah to nursery every Monday at 9am.", "", "time_bound", True),
    ("Amira Said will visit Ms Kerr at home every Thursday at 4pm until the review on 12 May.", "",
     "time_bound", True),
    ("Kira will be in bed by 9pm on school nights.", "", "time_bound", True),
    ("Mr Dunn will engage with services.", "", "time_bound", False),
    ("Ms Kerr will keep the house tidy.", "", "time_bound", False),
    # specific: who does what, concretely; no vague core action.
    ("Mr Dunn will attend the Tuesday 10am parenting group at Hillside Family Centre.", "",
     "specific", True),
    ("Mr Dunn will engage with services.", "", "specific", False),
    ("Ms Kerr will work with professionals.", "", "specific", False),
    ("Ms Kerr will be a good parent.", "", "specific", False),
    # measurable: an observable act with a number, a record; attitudes are not.
    ("Mr Dunn will give a hair strand sample at the Bridge clinic on 3 occasions before 1 May.", "",
     "measurable", True),
    ("Ms Kerr will take Noah to nursery every Monday at 9am.", "", "measurable", True),
    ("Mr Dunn will engage with services.", "", "measurable", False),
    ("Mr Dunn will be honest with professionals.", "", "measurable", False),
    # achievable: within the person's own control; not another adult's behaviour or perfection.
    ("Ms Kerr will take Noah to nursery every Monday at 9am.", "", "achievable", True),
    ("She will not let him in.", DA_KERR, "achievable", False),
    ("Ms Kerr will make sure Mr Dunn does not come to the flat.", DA_KERR, "achievable", False),
    ("Ms Kerr will keep the children safe at all times.", "", "achievable", False),
    # realistic: proportionate and resourced; no absolute demand over an open period.
    ("Mr Dunn will attend the alcohol service at Bridge House every Wednesday at 2pm with his key "
     "worker.", "", "realistic", True),
    ("Mr Dunn will never drink alcohol again.", "", "realistic", False),
    ("Ms Kerr will keep the children safe at all times.", "", "realistic", False),
])
def test_clear_cases_fall_on_the_right_side(analyse, sentence, context, dimension, met):
    probability = smart_of(analyse, sentence, context)[dimension]
    assert (probability >= 0.5) == met, f"{dimension}={probability} for {sentence!r}"


PLAN = (
    "What this agreement is for\n"
    "This agreement is not legally binding.\n"
    "What Ms Kerr will do\n"
    "Ms Kerr will take Noah to nursery every Monday at 9am.\n"
    "Ms Kerr will keep the house tidy.\n"
    "What Amira Said will do\n"
    "Amira Said will visit Ms Kerr at home every Thursday at 4pm until the review on 12 May.\n"
)


def test_statements_have_no_smart_and_scores_are_means(analyse):
    result = analyse(PLAN)
    check_contract(result)
    kinds = {c["text"]: c["kind"] for c in result["clauses"]}
    assert kinds["This agreement is not legally binding."] == "statement"
    scores = []
    for clause in result["clauses"]:
        if clause["kind"] == "statement":
            assert clause["smart"] is None
            continue
        smart = clause["smart"]
        assert set(smart) == {*SMART_DIMENSIONS, "score"}
        assert all(0.0 <= smart[d] <= 1.0 for d in SMART_DIMENSIONS)
        mean = np.mean([smart[d] for d in SMART_DIMENSIONS])
        assert smart["score"] == pytest.approx(mean, abs=1e-3)
        scores.append(smart["score"])
    assert len(scores) == 3
    assert result["document"]["smart_score"] == pytest.approx(np.mean(scores), abs=1e-3)


# --- reproducible training ----------------------------------------------------------------------

def fit_slice(nlp, records: list[dict], out: Path):
    """Fit features and one calibrated classifier per dimension on a slice, save, load back."""
    frame = labelled_frame(nlp, records)
    features = fit_features(frame)
    x = features.transform(frame)
    models = {d: build_classifier().fit(x, frame[f"y_{d}"].to_numpy()) for d in SMART_DIMENSIONS}
    meta = {"dimensions": list(SMART_DIMENSIONS), "features": list(FEATURE_NAMES)}
    save_model({"features": features, "models": models}, meta, out)
    return load_model(out)


def test_training_twice_on_a_slice_gives_identical_predictions(nlp, tmp_path):
    dev = load_records("dev")
    train_part, probe = dev[::5], dev[2::25]
    first = fit_slice(nlp, train_part, tmp_path / "a")
    second = fit_slice(nlp, train_part, tmp_path / "b")
    rows = labelled_frame(nlp, probe).drop(columns=[f"y_{d}" for d in SMART_DIMENSIONS] + ["id"])
    rows = rows.to_dict("records")
    assert len(rows) >= 10
    one, two = first.predict(rows), second.predict(rows)
    assert one.shape == (len(rows), 5)
    np.testing.assert_array_equal(one, two)
    assert len({tuple(r) for r in one.round(3)}) > 1  # not a constant model


def test_parameters_are_chosen_on_folds_of_whole_writers():
    dev = load_records("dev")
    writers = writer_of(pd.DataFrame({"id": [r["id"] for r in dev]}))
    assert set(writers) == {path.stem for path in clause_files("dev")}
    assert len(set(writers)) >= 4  # leave-one-writer-out needs several writers


# --- a changed model is refused -----------------------------------------------------------------

@pytest.fixture()
def model_copy(tmp_path) -> Path:
    """A copy of the committed model that a test may damage."""
    folder = tmp_path / "models"
    folder.mkdir()
    for name in (MODEL_FILE, META_FILE):
        shutil.copy(MODELS_DIR / name, folder / name)
    return folder


def refusal(folder: Path) -> str:
    with pytest.raises(ModelError) as caught:
        load_model(folder)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300
    return message


def test_committed_model_loads_and_matches_the_code(model_copy):
    model = load_model(model_copy)
    assert tuple(model.meta["features"]) == FEATURE_NAMES
    assert list(model.meta["dimensions"]) == list(SMART_DIMENSIONS)


def test_flipped_bytes_in_the_model_file_are_refused(model_copy):
    path = model_copy / MODEL_FILE
    raw = bytearray(path.read_bytes())
    for i in range(len(raw) // 2, len(raw) // 2 + 8):
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    message = refusal(model_copy)
    assert MODEL_FILE in message and ("hash" in message or "tampered" in message)


@pytest.mark.parametrize(("key", "value", "words"), [
    ("sha256", "0" * 64, "hash"),
    ("format", "smart-0", "format"),
    ("features", list(FEATURE_NAMES[:-1]), "train"),
    ("features", [*FEATURE_NAMES, "sentiment"], "train"),
])
def test_changed_sidecar_is_refused(model_copy, key, value, words):
    path = model_copy / META_FILE
    meta = json.loads(path.read_text())
    meta[key] = value
    path.write_text(json.dumps(meta))
    message = refusal(model_copy)
    assert words in message and str(model_copy) in message


def test_model_with_a_foreign_type_is_refused(tmp_path):
    meta = {"dimensions": list(SMART_DIMENSIONS), "features": list(FEATURE_NAMES)}
    save_model({"features": PurePosixPath("/etc"), "models": {}}, meta, tmp_path)
    assert "not allowed" in refusal(tmp_path)


def test_missing_model_says_how_to_rebuild(tmp_path):
    assert "analyser train" in refusal(tmp_path)


def test_cli_refuses_a_tampered_model_in_one_line(model_copy, tmp_path, capsys):
    meta = json.loads((model_copy / META_FILE).read_text())
    meta["sha256"] = "f" * 64
    (model_copy / META_FILE).write_text(json.dumps(meta))
    config = tmp_path / "analyser.toml"
    config.write_text(f'[analyser]\nmodels_dir = "{model_copy}"\n', encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text("Mum will ring the nursery by 9am.\n", encoding="utf-8")
    assert main(["analyse", str(plan), "--config", str(config)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("analyser: error:") and MODEL_FILE in err and "Traceback" not in err
