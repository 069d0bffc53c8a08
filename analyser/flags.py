"""Component `agreement_flags`: rule-based flags on `doc.spans["flags"]`.

Rules are data (`patterns/flags.jsonl`): spaCy Matcher or DependencyMatcher patterns, each with
a dotted rule id, a flag label and optional conditions on the clause (its kind, its role, the
document's domestic-abuse context, words that cancel it). Texts shown to users come from
`patterns/flag_texts.yaml`. The few checks that are structural (who acts) are code.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span

from . import flag_checks
from .extensions import register_extensions
from .layout import structure
from .rules import FLAG_TYPES, ROLES, RulesError, flag_rule, load_jsonl
from .settings import PATTERNS_DIR, SEVERITIES

CONDITION_KEYS = frozenset(flag_checks.CHECKS)
MENTIONS = ("perpetrator", "perpetrator_or_relationship")


@dataclass(frozen=True)
class FlagPattern:
    """One validated line of a pattern file."""

    rule_id: str
    label: str
    pattern: list
    dependency: bool
    conditions: dict = field(default_factory=dict)


def load_patterns(path: Path = PATTERNS_DIR / "flags.jsonl") -> list[FlagPattern]:
    """Read and validate a pattern file; errors name the file, line and allowed values."""
    patterns = []
    for row in load_jsonl(path, required=("id", "label")):
        where = f"{path}: rule {row['id']!r}"
        if row["label"] not in FLAG_TYPES:
            raise RulesError(f"{where}: label {row['label']!r} not in {FLAG_TYPES}")
        if not row["id"].startswith(row["label"] + "."):
            raise RulesError(f"{where}: id must start with its label '{row['label']}.'")
        if ("pattern" in row) == ("dependency" in row):
            raise RulesError(f"{where}: give exactly one of 'pattern' or 'dependency'")
        conditions = row.get("conditions", {})
        unknown = set(conditions) - CONDITION_KEYS
        if unknown:
            raise RulesError(f"{where}: unknown conditions {sorted(unknown)}; allowed {sorted(CONDITION_KEYS)}")
        for key in ("roles", "not_roles"):
            bad = set(conditions.get(key, [])) - set(ROLES)
            if bad:
                raise RulesError(f"{where}: roles {sorted(bad)} not in {ROLES}")
        if conditions.get("mentions", MENTIONS[0]) not in MENTIONS:
            raise RulesError(f"{where}: mentions must be one of {MENTIONS}")
        flag_rule(row["id"])  # every rule must have texts
        patterns.append(FlagPattern(
            row["id"], row["label"], row.get("pattern") or row["dependency"], "dependency" in row,
            conditions,
        ))
    return patterns


class FlagDetector:
    """Runs the flag rules over each clause and keeps the spans that pass their conditions."""

    def __init__(self, nlp: Language, *, patterns_path: Path, min_severity: str,
                 allow: list[str], disabled_rules: list[str]) -> None:
        if min_severity not in SEVERITIES:
            raise RulesError(f"min_severity {min_severity!r} not in {SEVERITIES}")
        self.min_rank = SEVERITIES.index(min_severity)
        self.allow = {a.lower() for a in allow}
        self.disabled = tuple(disabled_rules)
        self.patterns = {p.rule_id: p for p in load_patterns(patterns_path)
                         if not p.rule_id.startswith(self.disabled)}
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.dep_matcher = DependencyMatcher(nlp.vocab, validate=True)
        for p in self.patterns.values():
            try:
                if p.dependency:
                    self.dep_matcher.add(p.rule_id, [p.pattern])
                else:
                    self.matcher.add(p.rule_id, [p.pattern])
            except ValueError as err:
                raise RulesError(f"{patterns_path}: rule {p.rule_id!r}: {err}") from None

    def __call__(self, doc: Doc) -> Doc:
        clauses = list(doc.spans.get("clauses", []))
        _lower_commands(doc, clauses)
        starts = [c.start for c in clauses]
        found: dict[tuple[int, str], Span] = {}
        for span in self._matches(doc):
            index = bisect_right(starts, span.start) - 1
            if index < 0 or span.end > clauses[index].end:
                continue
            if flag_checks.passes(span, clauses[index], self.patterns[span.id_].conditions):
                _keep_best(found, (index, span.label_), span)
        for index, clause in enumerate(clauses):
            for span in flag_checks.structural_flags(clause, self.disabled):
                _keep_best(found, (index, span.label_), span)
        doc.spans["flags"] = sorted((s for s in found.values() if self._keep(s)),
                                    key=lambda s: (s.start, s.label_))
        return doc

    def _matches(self, doc: Doc) -> list[Span]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            rule_id = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=self.patterns[rule_id].label, span_id=rule_id))
        for match_id, tokens in (self.dep_matcher(doc) if len(self.dep_matcher) else []):
            rule_id = doc.vocab.strings[match_id]
            i = tokens[self.patterns[rule_id].conditions.get("cue", 0)]
            spans.append(Span(doc, i, i + 1, label=self.patterns[rule_id].label, span_id=rule_id))
        return spans

    def _keep(self, span: Span) -> bool:
        return (SEVERITIES.index(span._.severity) >= self.min_rank
                and span.text.lower() not in self.allow)


def _lower_commands(doc: Doc, clauses: list[Span]) -> None:
    """A bullet that opens with a verb ("Ring 999 ...") is often tagged as a name with the
    capitalised lemma "Ring"; give such a first word its lower-case lemma so that the rules'
    lemmas match ("Phone Kaya's social worker" is even read as a person). Names the registry
    knows keep theirs."""
    names = {w for key in (doc._.aliases or {}) for w in key.split()}
    for clause in clauses:
        first = clause[0]
        if (first.pos_ == "PROPN" and first.is_title and first.lower_ not in names and first.lemma_ == first.text
                and (first.ent_type_ != "PERSON" or first.lower_ in structure().command_verbs)):
            first.lemma_ = first.lower_


def _keep_best(found: dict[tuple[int, str], Span], key: tuple[int, str], span: Span) -> None:
    """One flag per clause and type, as users read them: the most severe, then the earliest cue."""
    def rank(s: Span) -> tuple:
        return (-SEVERITIES.index(s._.severity), s.start, -(s.end - s.start), s.id_)
    if key not in found or rank(span) < rank(found[key]):
        found[key] = span


@Language.factory(
    "agreement_flags",
    assigns=["doc.spans", "span._.severity", "span._.explanation", "span._.suggestion"],
    requires=["doc.spans", "span._.subject"],
    default_config={
        "patterns_path": str(PATTERNS_DIR / "flags.jsonl"),
        "min_severity": "info",
        "allow": [],
        "disabled_rules": [],
    },
)
def make_flags(nlp: Language, name: str, patterns_path: str, min_severity: str,
               allow: list[str], disabled_rules: list[str]) -> FlagDetector:
    """Factory: patterns are read from the file named in the config."""
    register_extensions()
    return FlagDetector(nlp, patterns_path=Path(patterns_path), min_severity=min_severity,
                        allow=allow, disabled_rules=disabled_rules)
