"""AMI assistant: grounded answers, eligibility checks, dossier drafting and review for a call for projects.

`Assistant` is the one facade the CLI, the Streamlit app and the eval suite use; see INTERFACES.md.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .config import Settings, get_settings
from .errors import AssistantError
from .types import Answer, Citation, DossierReview, Eligibility, Profile, SearchHit

if TYPE_CHECKING:
    from .answerbank import AnswerBank
    from .calls.spec import CallSpec
    from .conversations import Conversations
    from .db import Database
    from .index import CorpusIndex
    from .territory import Territory

__all__ = ["Assistant", "Answer", "Citation", "DossierReview", "Eligibility", "Profile", "SearchHit", "AssistantError"]

Progress = Callable[[str, float], None]
log = logging.getLogger(__name__)


class Assistant:
    """Everything an applicant, a dialogue contact or an evaluator does, for one call."""

    def __init__(
        self,
        call: str | None = None,
        as_of: date | None = None,
        chroma_url: str | None = None,
        settings: Settings | None = None,
        home: Path | None = None,
        embeddings: Any | None = None,
        progress: Progress | None = None,
    ) -> None:
        base = settings or get_settings()
        updates: dict[str, Any] = {}
        if call is not None:
            updates["call"] = call
        if as_of is not None:
            updates["as_of"] = as_of
        if chroma_url is not None:
            updates["chroma_url"] = chroma_url
        if home is not None:
            updates["home"] = Path(home)
        self.settings = base.model_copy(update=updates) if updates else base
        self._embeddings = embeddings
        self._progress = progress
        self._asking = 0  # questions being answered now (the warm-up's later steps let them go first)
        self._asking_lock = threading.Lock()

    # ------------------------------------------------------------------ components (built once, lazily)
    @cached_property
    def spec(self) -> CallSpec:
        """The call's rules (verified against the call text)."""
        from .calls.spec import load_callspec

        return load_callspec(self.settings.corpus_dir, self.settings.call)

    @property
    def as_of(self) -> date:
        """The date taken as today."""
        return self.settings.today()

    @cached_property
    def territory(self) -> Territory:
        """Commune resolution for the call's territory."""
        from .territory import Territory

        return Territory(self.spec, cache_dir=Path(self.settings.home) / "territory-cache")

    @cached_property
    def index(self) -> CorpusIndex:
        """The hybrid index of the call's documents (its store refreshed, if the corpus changed, on first need)."""
        from .index import CorpusIndex

        idx = CorpusIndex(self.spec, self.settings, embeddings=self.embeddings, progress=self._progress,
                          database=self.database)
        # the store is opened and brought up to date on first need (a dense search), or ahead by `warm_up`: the
        # chunks, the keyword index and the documents' metadata need no store
        return idx

    @cached_property
    def embeddings(self):
        """The embedding model (loaded on first use), shared by the index and the answer bank."""
        if self._embeddings is not None:
            return self._embeddings
        from .embeddings import LazyEmbeddings

        return LazyEmbeddings(self.settings.model_path(), threads=self.settings.torch_threads)

    @cached_property
    def database(self) -> Database:
        """The shared database: AMI_DATABASE_URL (PostgreSQL), else an SQLite file under AMI_HOME."""
        from .db import database_for

        return database_for(self.settings)

    @cached_property
    def bank(self) -> AnswerBank:
        """The dialogue team's answer bank, matched by words and meaning with the index's embeddings."""
        from .answerbank import AnswerBank

        return AnswerBank(self.database, call_id=self.spec.id, embeddings=self.embeddings)

    @cached_property
    def conversations(self) -> Conversations:
        """Applicants' chat histories and feedback for this call, in the shared database (files of earlier versions
        under AMI_HOME imported once)."""
        from .conversations import Conversations

        return Conversations(self.database, self.spec.id, legacy_home=self.settings.home)

    @cached_property
    def _engine(self):
        from .answer.engine import AnswerEngine

        return AnswerEngine(self)

    def at(self, as_of: date) -> Assistant:
        """The same assistant taking `as_of` as today, sharing its call, index, territory and answer bank."""
        other = Assistant(settings=self.settings.model_copy(update={"as_of": as_of}), embeddings=self.embeddings,
                          progress=self._progress)
        for name in ("spec", "territory", "index", "bank", "database", "conversations"):
            if name in self.__dict__:
                other.__dict__[name] = self.__dict__[name]
        return other

    def warm_up(self) -> threading.Thread:
        """Load in a background thread what questions need (call, answer bank, territory, keyword index, model,
        then the store), so that the first applicant does not wait for them; a question asked meanwhile loads
        what it needs itself (each part is built once); the steps a rule's answer does not need (keyword index,
        model, store) wait, up to a few seconds, while a question is being answered. Returns the thread (the app
        does not wait for it)."""
        def run() -> None:
            for n, step in enumerate((lambda: self._engine, lambda: self.bank.find_approved("chauffe"),
                                      lambda: self.territory, lambda: self.index.keyword_index, self._load_model,
                                      self._open_store)):
                deadline = time.monotonic() + 5
                while n >= 3 and self._asking and time.monotonic() < deadline:
                    time.sleep(0.02)
                try:
                    step()
                except Exception as exc:  # the question that needs it meets the error and says it
                    log.info("warm-up step failed: %s", exc)

        thread = threading.Thread(target=run, name="ami-warm-up", daemon=True)
        thread.start()
        return thread

    def _open_store(self) -> None:
        self.index.open_in_background()  # a search asked meanwhile waits for this opening, not another one
        self.index.ready()

    def _load_model(self) -> None:
        load = getattr(self.embeddings, "load", None)
        if load is not None:
            load()
        else:
            self.embeddings.embed_query("chauffe")

    # ------------------------------------------------------------------ public API
    def search(self, query: str, k: int = 5, doc_types: list[str] | None = None) -> list[SearchHit]:
        """The k best passages for a query (hybrid keyword + dense), with scores and metadata."""
        return self.index.search(query, k=k, doc_types=doc_types, boost=self._engine.rule_quotes(query))

    def ask(self, question: str, history: list | None = None) -> Answer:
        """A grounded, cited answer to an applicant's question."""
        with self._asking_lock:
            self._asking += 1
        try:
            return self._engine.ask(question, history=history)
        finally:
            with self._asking_lock:
                self._asking -= 1

    def check(self, profile: dict | Profile) -> Eligibility:
        """Eligibility of a project profile, criterion by criterion."""
        from .eligibility import check_profile

        return check_profile(_as_profile(profile), self.spec, self.territory, self.as_of)

    def check_text(self, description: str) -> Eligibility:
        """Eligibility of a project described in free French or English text."""
        from .eligibility import check_text

        return check_text(description, self.spec, self.territory, self.as_of)

    def draft_deck(self, profile: dict | Profile, template: Path | None = None, format: str | None = None) -> bytes:
        """A skeleton of the dossier filled from the profile: .pptx bytes (the contract's default), or .docx bytes
        with `format="docx"` or a .docx template. `dossier_format()` says which one the call asks for: the app and
        `ami deck` without an explicit extension follow it."""
        from .dossier import draft_deck

        fmt = format or ("docx" if template is not None and Path(template).suffix.lower() == ".docx" else "pptx")
        return draft_deck(_as_profile(profile), self.spec, template=template, as_of=self.as_of, format=fmt)

    def dossier_format(self, template: Path | None = None) -> str:
        """The format `draft_deck` writes: "pptx", or "docx" when the call asks for Word (or PDF) and not PowerPoint."""
        from .dossier import dossier_format

        return dossier_format(self.spec, template)

    def review_dossier(self, dossier: Path | bytes | Any, name: str | None = None,
                       submitted: date | None = None) -> DossierReview:
        """Review of a dossier (.pptx, .docx or .pdf: a path, its bytes or an uploaded file) against the call.

        `name` is the file's name when `dossier` is bytes (shown in messages); `submitted`, the date it was sent
        (the call's status is given on that date). An unreadable file raises LoaderError naming it.
        """
        from .dossier import review_dossier

        return review_dossier(dossier, self.spec, self.territory, self.as_of, name=name, embeddings=self.embeddings,
                              submitted=submitted)

    def review_dossiers(self, folder: Path, progress: Progress | None = None, submitted: date | None = None,
                        workers: int | None = None) -> list[DossierReview]:
        """Every dossier of a folder reviewed (files read in parallel worker processes), in file-name order; a bad
        file is a row with its error.

        `progress(file_name, fraction_done)` is called after each dossier. Without `submitted`, each file's
        modification date is taken as its submission date. `workers=1` reads in this process.
        """
        from .dossier import review_folder

        return review_folder(Path(folder), self.review_dossier, progress=progress, submitted=submitted, workers=workers)


def _as_profile(profile: dict | Profile) -> Profile:
    """The profile validated the same way for every use (fields, then years, durations and amounts)."""
    from .profile_io import check_sane, parse_profile

    if isinstance(profile, Profile):
        check_sane(profile)
        return profile
    return parse_profile(profile)
