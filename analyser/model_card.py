"""MODEL_CARD.md, written from the metadata `analyser train` records, so the numbers it states
are always the ones the saved model was measured at."""

from __future__ import annotations

from pathlib import Path


def metrics_table(meta: dict) -> str:
    """Markdown table: per dimension, CV and test F1 against the two baselines."""
    head = ("| dimension | positives dev / test | C | w | classes | CV F1 (dev) | test F1 | test P / R | test Brier "
            "| majority F1 | rules-only F1 |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
    rows = []
    for dim, m in meta["metrics"].items():
        t = m.get("test", {})
        rows.append(
            f"| {dim} | {m['dev_positive_rate']:.0%} / {m.get('test_positive_rate', 0):.0%} "
            f"| {m['C']} | {m.get('cue_weight', 1.0)} | {m.get('class_weight', 'balanced')} "
            f"| {m['cv']['f1']:.3f} | {t.get('f1', float('nan')):.3f} "
            f"| {t.get('precision', float('nan')):.3f} / {t.get('recall', float('nan')):.3f} "
            f"| {t.get('brier', float('nan')):.3f} | {m.get('majority', {}).get('f1', float('nan')):.3f} "
            f"| {m.get('rules', {}).get('f1', float('nan')):.3f} |"
        )
    return head + "\n".join(rows) + "\n" + _below_baselines(meta)


def _below_baselines(meta: dict) -> str:
    """Say plainly where the model does not beat a baseline on the test part."""
    short = []
    for dim, m in meta["metrics"].items():
        f1 = m.get("test", {}).get("f1")
        for name in ("majority", "rules"):
            base = m.get(name, {}).get("f1")
            if f1 is not None and base is not None and f1 <= base:
                short.append(f"{dim} ({f1:.3f} against {base:.3f} for the {name} baseline)")
    return f"\nNot above a baseline on the test part: {'; '.join(short)}.\n" if short else ""


def write_model_card(meta: dict, path: Path) -> None:
    """Write the card: data, features, scores, baselines, limits, intended use."""
    path.write_text(f"""# Model card: SMART clause scorer

Written by `analyser train` on {meta['trained']}; do not edit by hand (retrain instead).

## What it does
For each commitment clause of a written agreement it gives the probability that the clause is
**specific, measurable, achievable, realistic and time-bound** (definitions in
`shared/LABELS.md`, labelling decisions in `data/LABELLING.md`). A clause's `score` is the mean
of the five. Probabilities are calibrated (Platt scaling, 5-fold) so 0.5 is a meaningful line.

## Intended use
Feedback on drafts and audit of historic agreements, alongside professional judgement. It is not
a decision about a family and must not be used as one. It has seen only fictitious agreements
written by the project team.

## Data
- Development part: {meta['n_dev']} labelled commitments (`data/clauses/dev*.jsonl`), used for
  fitting and for choosing the regularisation strength by leave-one-writer-out cross-validation
  (each development file is one writer's).
- Test part: {meta['n_test']} labelled commitments (`data/clauses/test*.jsonl`), written by other
  writers before any rule existed, frozen (hashes in `data/FROZEN.md`), never used for fitting or
  choosing features.
- SHA-256 of the labelled files (dev then test): `{meta['data_sha256']}`.

## Model
One scikit-learn pipeline per dimension: TF-IDF word 1-2-grams + character 2-5-grams of the
clause, plus {len(meta['features'])} features from the spaCy parse and the analyser's own output
(dates and times, weekdays, frequency words, numbers, resolved actor and role, modal strength,
negation, passive voice, named places and people, the clause's flags, and the rules-only
judgement of each dimension), weighted against the n-grams, into a logistic regression with sigmoid
calibration, its classes evened out ("balanced") or left as the development part has them ("none").
Each dimension's C, cue weight and class weighting (columns "C", "w" and "classes") are
chosen by leave-one-writer-out cross-validation on the development part only (column "CV F1"),
since the test part is by writers the model has never seen.
Seed {meta['seed']}; scikit-learn
{meta['sklearn']}; Python {meta['python']}; spaCy model `{meta['spacy_model']}`.
Saved with skops (`models/smart.skops`; no code runs on load), with its SHA-256 and format in
`models/smart.json`; a file that does not match is refused.

## Scores
F1 of the positive class ("meets the dimension") at probability 0.5. Baselines: the majority
class of the development part, and rules only (the same cue features combined by hand:
e.g. time-bound = any date, time, weekday, frequency or time preposition).

{metrics_table(meta)}
## Known limits
- Labels are one team's judgement on fictitious clauses; `achievable` and `realistic` are the
  most subjective dimensions.
- The features depend on the analyser's flags and roles: a missed domestic-abuse context makes
  a victim-responsibility clause look achievable.
- Clauses much longer than 45 words, and non-English text, are outside the training data.
""", encoding="utf-8")
