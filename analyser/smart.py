"""Component `agreement_smart`: SMART probabilities per commitment from the trained model.

Features come from the one spaCy pass (time expressions, frequencies, numbers, the resolved
actor, modal strength, vague and absolute cues, negation, length); the model is a scikit-learn
pipeline saved with skops and checked against its metadata before it is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import register_extensions
from .flag_checks import lexicon
from .model_store import load_model
from .party_words import lexicon as party_lexicon
from .report import SMART_DIMENSIONS
from .subjects import subject_of

_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "weekday", "weekdays", "weekend", "weekends", "fortnight", "fortnightly", "daily",
             "weekly", "monthly", "nightly", "morning", "evening", "afternoon", "night", "week",
             "month", "day", "days", "weeks", "months", "hour", "hours", "minutes", "term", "year"}
_TIME_PREPS = {"by", "until", "before", "within", "from", "after", "during", "till", "for"}
_FREQUENCY = {"every", "each", "once", "twice", "weekly", "daily", "fortnightly", "monthly"}
_STRONG_MODALS = {"must", "will", "shall", "'ll", "wo"}
_WEAK_MODALS = {"should", "may", "might", "could", "can", "try", "aim", "hope", "consider"}
_CLOCK_RE = re.compile(r"\b\d{1,2}([.:]\d{2})?\s*(am|pm)\b|\b\d{1,2}[.:]\d{2}\b", re.I)
_DATE_RE = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
FEATURE_NAMES = (
    "n_tokens", "has_date_ent", "has_time_ent", "clock", "date", "weekday", "time_prep",
    "frequency", "number", "actor_known", "role_family", "role_professional", "role_child",
    "role_victim", "role_perpetrator", "strong_modal", "weak_modal", "negated", "passive",
    "flag_vagueness", "flag_coercion", "flag_victim_responsibility", "flag_jargon",
    "flag_absolute", "flag_no_actor", "flag_incomplete", "named_place", "named_person",
    "has_object", "conditional", "controls_other",
    "rule_specific", "rule_measurable", "rule_achievable", "rule_realistic", "rule_time_bound",
)


def _entity_labels(clause: Span) -> set[str]:
    """Labels of the entities wholly inside the clause, as `clause.ents` gives them.

    `Span.ents` walks every entity of the document, which made long documents quadratic.
    """
    doc, labels = clause.doc, set()
    for token in clause:
        if token.ent_iob_ == "B":
            end = token.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if end <= clause.end:
                labels.add(token.ent_type_)
    return labels


def clause_features(clause: Span, flags: list[Span]) -> dict[str, float]:
    """Numeric features of one clause from its parse, its role and its flags."""
    words = {t.lower_ for t in clause}
    role = (clause._.subject or {}).get("role", "unknown")
    ents = _entity_labels(clause)
    kinds = {f.label_ for f in flags}
    text = clause.text
    values = {
        "n_tokens": min(len(clause), 60) / 60,
        "has_date_ent": float("DATE" in ents),
        "has_time_ent": float("TIME" in ents),
        "clock": float(bool(_CLOCK_RE.search(text))),
        "date": float(bool(_DATE_RE.search(text))),
        "weekday": float(bool(words & _WEEKDAYS)),
        "time_prep": float(any(t.lower_ in _TIME_PREPS and any(
            c.ent_type_ in ("DATE", "TIME") or c.lower_ in _WEEKDAYS for c in t.subtree) for t in clause)),
        "frequency": float(bool(words & _FREQUENCY)),
        "number": float(any(t.like_num for t in clause)),
        "actor_known": float(role != "unknown"),
        **{f"role_{r}": float(role == r) for r in ("family", "professional", "child", "victim", "perpetrator")},
        "strong_modal": float(bool(words & _STRONG_MODALS)),
        "weak_modal": float(bool(words & _WEAK_MODALS)),
        "negated": float(any(t.dep_ == "neg" for t in clause)),
        "passive": float(any(t.dep_ in ("nsubjpass", "auxpass") for t in clause)),
        **{f"flag_{k}": float(k in kinds) for k in (
            "vagueness", "coercion", "victim_responsibility", "jargon", "absolute", "no_actor", "incomplete")},
        "named_place": float(bool(ents & {"FAC", "ORG", "GPE", "LOC"})),
        "named_person": float("PERSON" in ents),
        "has_object": float(any(t.dep_ in ("dobj", "pobj") for t in clause)),
        "conditional": float(any(t.lower_ in ("if", "unless", "when") for t in clause)),
        "controls_other": float(controls_other(clause)),
    }
    values |= {f"rule_{dim}": float(met) for dim, met in rule_cues(values).items()}
    return {name: values[name] for name in FEATURE_NAMES}


def controls_other(clause: Span) -> bool:
    """A verb of control ("make sure", "let", "stop") governing another adult: whether the
    obligation is met depends on someone else's behaviour, not on the obligated person."""
    words = lexicon()
    subject, _passive = subject_of(clause)
    own = set(range(subject.start, subject.end)) if subject is not None else set()
    aliases = clause.doc._.aliases or {}
    for verb in clause:
        if verb.lemma_.lower() not in words["control_verbs"]:
            continue
        for token in verb.subtree:
            if token.i == verb.i or token.i in own or not clause.start <= token.i < clause.end:
                continue
            if token.dep_ == "poss":
                continue
            if (token.lower_ in words["other_adults"] or token.lower_ in party_lexicon().intimate
                    or (token.pos_ == "PROPN" and aliases.get(token.lower_) not in (None, "child"))):
                return True
    return False


def rule_cues(f: dict[str, float]) -> dict[str, bool]:
    """Each dimension judged from the cue features alone, combined by hand. The rules-only
    baseline is exactly these; the model sees them as features too."""
    timed = any(f[k] for k in ("has_date_ent", "has_time_ent", "clock", "date", "weekday", "frequency",
                               "time_prep"))
    concrete = any(f[k] for k in ("number", "frequency", "weekday", "clock", "named_place", "named_person"))
    unvague = not (f["flag_vagueness"] or f["flag_incomplete"])
    fair = not (f["flag_victim_responsibility"] or f["flag_absolute"])
    return {
        "specific": bool(f["actor_known"]) and unvague,
        "measurable": unvague and (concrete or bool(f["has_object"])),
        "achievable": fair,
        "realistic": fair and not f["flag_coercion"],
        "time_bound": timed,
    }


def clause_rows(doc: Doc) -> list[dict]:
    """One feature row (text plus features) per commitment clause, in order."""
    flags = list(doc.spans.get("flags", []))
    rows = []
    for clause in doc.spans.get("clauses", []):
        if clause.label_ != "commitment":
            continue
        own = [f for f in flags if clause.start <= f.start and f.end <= clause.end]
        rows.append({"text": clause.text, **clause_features(clause, own)})
    return rows


def features_at(doc: Doc, start: int, end: int) -> dict | None:
    """The feature row of the clause that overlaps [start, end) most (for labelled data)."""
    best, overlap = None, 0
    for clause in doc.spans.get("clauses", []):
        shared = min(clause.end_char, end) - max(clause.start_char, start)
        if shared > overlap:
            best, overlap = clause, shared
    if best is None:
        return None
    flags = [f for f in doc.spans.get("flags", []) if best.start <= f.start and f.end <= best.end]
    return {"text": best.text, **clause_features(best, flags)}


class SmartScorer:
    """Predicts the five SMART probabilities for each commitment of a Doc."""

    def __init__(self, model_dir: str) -> None:
        self.model = load_model(model_dir)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Score a batch of documents with one model call: the per-call overhead of the five
        calibrated classifiers is paid once per batch, not once per document."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._score(batch)
                batch = []
        yield from self._score(batch)

    def _score(self, docs: list[Doc]) -> list[Doc]:
        commitments = [c for doc in docs for c in doc.spans.get("clauses", []) if c.label_ == "commitment"]
        if commitments:
            rows = [row for doc in docs for row in clause_rows(doc)]
            for clause, probs in zip(commitments, self.model.predict(rows)):
                smart = {d: round(float(p), 4) for d, p in zip(SMART_DIMENSIONS, probs)}
                smart["score"] = round(sum(smart.values()) / len(SMART_DIMENSIONS), 4)
                clause._.smart = smart
        return docs


@Language.factory("agreement_smart", assigns=["span._.smart"],
                  requires=["doc.spans", "span._.subject"],
                  default_config={"model_dir": ""})
def make_smart(nlp: Language, name: str, model_dir: str) -> SmartScorer:
    """Factory: an empty model_dir means the project's `models/` folder."""
    from .settings import MODELS_DIR

    register_extensions()
    return SmartScorer(model_dir or str(MODELS_DIR))
