"""Saving and loading the SMART model safely: skops (no code runs on load) plus a sidecar.

The sidecar records the model format, the feature names, the file's SHA-256, the data hash and
the metrics; a model whose file or format does not match is refused with a clear message.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np

MODEL_FORMAT = "smart-3"  # bump when features or the model's input change
MODEL_FILE = "smart.skops"
META_FILE = "smart.json"
# Types the model may contain; anything else in a file is refused before loading.
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "collections.", "re.")


class ModelError(RuntimeError):
    """The SMART model is missing, changed, foreign or from another version of the code."""


class SmartModel:
    """Shared fitted features plus one calibrated classifier per SMART dimension."""

    def __init__(self, parts: dict, meta: dict) -> None:
        self.features = parts["features"]
        self.models = parts["models"]
        self.meta = meta

    def predict(self, rows: list[dict]) -> np.ndarray:
        """Probability that each row meets each dimension, shape (n_rows, 5)."""
        import pandas as pd

        x = self.features.transform(pd.DataFrame(rows))
        return np.column_stack([self.models[d].predict_proba(x)[:, 1] for d in self.meta["dimensions"]])


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, used to detect a model changed after training."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_model(parts: dict, meta: dict, directory: str | Path) -> None:
    """Write the fitted parts with skops and the sidecar with the file's hash."""
    import skops.io as sio

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    sio.dump(parts, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)  # vocabularies compress 10x
    meta = {**meta, "format": MODEL_FORMAT, "sha256": file_sha256(path)}
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def load_model(directory: str | Path) -> SmartModel:
    """Load and verify the model; raise ModelError saying what is wrong and how to fix it."""
    import skops.io as sio

    from .smart import FEATURE_NAMES

    directory = Path(directory)
    path, meta_path = directory / MODEL_FILE, directory / META_FILE
    if not path.is_file() or not meta_path.is_file():
        raise ModelError(f"SMART model not found in {directory}; run 'analyser train' to build it")
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, json.JSONDecodeError) as err:
        raise ModelError(f"{meta_path}: unreadable model metadata ({err})") from None
    if meta.get("format") != MODEL_FORMAT or tuple(meta.get("features", ())) != FEATURE_NAMES:
        raise ModelError(
            f"{path}: model format {meta.get('format')!r} with {len(meta.get('features', ()))} features does "
            f"not match this code ({MODEL_FORMAT}, {len(FEATURE_NAMES)} features); "
            "run 'analyser train' to rebuild it"
        )
    if file_sha256(path) != meta.get("sha256"):
        raise ModelError(f"{path}: file does not match its recorded hash (changed or tampered); refusing to load")
    try:
        untrusted = sio.get_untrusted_types(file=path)
        foreign = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
        if foreign:
            raise ModelError(f"{path}: contains types that are not allowed: {foreign[:5]}")
        parts = sio.load(path, trusted=untrusted)
    except ModelError:
        raise
    except Exception as err:  # skops raises many types on a damaged file
        raise ModelError(f"{path}: cannot load model ({type(err).__name__}: {err})") from None
    if not isinstance(parts, dict) or set(parts) != {"features", "models"}:
        raise ModelError(f"{path}: not a SMART model file of this project")
    return SmartModel(parts, meta)
