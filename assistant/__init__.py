"""AMI assistant: grounded answers, eligibility checks, dossier drafting and review for a call for projects.

`Assistant` is the one facade the CLI, the Streamlit app and the eval suite use; see INTERFACES.md.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .config import Settings, get_settings
from .errors import AssistantError
from .types import Answer, Citation, DossierReview, Eligibility, Profile, SearchHit

if TYPE_CHECKING:
    from .answerbank import AnswerBank
    from .callspec import CallSpec
    from .index import CorpusIndex
    from .territory import Territory

__all__ = ["Assistant", "Answer", "Citation", "DossierReview", "Eligibility", "Profile", "SearchHit", "AssistantError"]

Progress = Callable[[str, float], None]


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

    # ------------------------------------------------------------------ components (built once, lazily)
    @cached_property
    def spec(self) -> CallSpec:
        """The call's rules (verified against the call text)."""
        from .callspec import load_callspec

        return load_callspec(self.settings.corpus_dir, self.settings.call)

    @property
    def as_of(self) -> date:
        """The date taken as today."""
        return self.settings.today()

    @cached_property
    def territory(self) -> Territory:
        """Commune resolution for the call's territory."""
        from .territory import Territory

        return Territory(self.spec)

    @cached_property
    def index(self) -> CorpusIndex:
        """The hybrid index of the call's documents, refreshed if the corpus changed."""
        from .index import CorpusIndex

        idx = CorpusIndex(self.spec, self.settings, embeddings=self._embeddings, progress=self._progress)
        idx.ensure()
        return idx

    @cached_property
    def bank(self) -> AnswerBank:
        """The dialogue team's answer bank (SQLite under AMI_HOME)."""
        from .answerbank import AnswerBank

        return AnswerBank(self.settings.home / "answerbank.sqlite3", call_id=self.spec.id)

    @cached_property
    def _engine(self):
        from .answer import AnswerEngine

        return AnswerEngine(self)

    def at(self, as_of: date) -> Assistant:
        """The same assistant taking `as_of` as today, sharing its call, index, territory and answer bank."""
        other = Assistant(settings=self.settings.model_copy(update={"as_of": as_of}), embeddings=self._embeddings,
                          progress=self._progress)
        for name in ("spec", "territory", "index", "bank"):
            if name in self.__dict__:
                other.__dict__[name] = self.__dict__[name]
        return other

    # ------------------------------------------------------------------ public API
    def search(self, query: str, k: int = 5, doc_types: list[str] | None = None) -> list[SearchHit]:
        """The k best passages for a query (hybrid keyword + dense), with scores and metadata."""
        return self.index.search(query, k=k, doc_types=doc_types, boost=self._engine.rule_quotes(query))

    def ask(self, question: str, history: list | None = None) -> Answer:
        """A grounded, cited answer to an applicant's question."""
        return self._engine.ask(question, history=history)

    def check(self, profile: dict | Profile) -> Eligibility:
        """Eligibility of a project profile, criterion by criterion."""
        from .eligibility import check_profile

        return check_profile(_as_profile(profile), self.spec, self.territory, self.as_of)

    def check_text(self, description: str) -> Eligibility:
        """Eligibility of a project described in free French or English text."""
        from .eligibility import check_text

        return check_text(description, self.spec, self.territory, self.as_of)

    def draft_deck(self, profile: dict | Profile, template: Path | None = None) -> bytes:
        """A PowerPoint skeleton of the dossier (.pptx bytes), filled from the profile."""
        from .deck import draft_deck

        return draft_deck(_as_profile(profile), self.spec, template=template, as_of=self.as_of)

    def review_dossier(self, pptx: Path | bytes) -> DossierReview:
        """Review of a draft dossier deck against the call's requirements."""
        from .deck import review_dossier

        return review_dossier(pptx, self.spec, self.territory, self.as_of)


def _as_profile(profile: dict | Profile) -> Profile:
    """The profile validated the same way for every use (fields, then years, durations and amounts)."""
    from .profile_io import check_sane, parse_profile

    if isinstance(profile, Profile):
        check_sane(profile)
        return profile
    return parse_profile(profile)
