"""Routing a question to the call's rules or to the topics the call does not settle.

Each rule and each not-in-call topic of call.yaml is a small "document" made of its keywords, title and example
questions. A question is normalised (accents, SMS spellings, typos corrected against the rules' vocabulary,
English terms given their French equivalents), then scored by the idf of the matched words, plus a bonus for
whole keyword phrases and for the kind of answer the question expects (when, who, how many...).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

from ..calls.spec import CallSpec
from ..dictionary import is_french
from ..textnorm import expand_sms, fold, hypernyms, lexicon, stem, stop_words, tokens, translate_en, words

log = logging.getLogger(__name__)


@dataclass
class Target:
    """A rule (kind 'rule') or a not-in-call topic (kind 'nic')."""

    kind: str
    id: str
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    bag: set[str] = field(default_factory=set)
    asks: set[str] = field(default_factory=set)


@dataclass
class Match:
    """A scored target."""

    target: Target
    score: float
    matched: set[str]


def detect_language(text: str) -> str:
    """'en', 'fr', or another code ('es', 'de', 'it', 'pt') from function-word hints; French by default."""
    lx = lexicon()
    ws = words(text)
    if not ws:
        return "fr"
    en = sum(w in lx["hints_en"] for w in ws)
    # an accent counts for French, but not in a proper name ("Riom-ès-Montagnes", "Megève" in an English question)
    common = re.sub(r"\b[A-ZÀ-Ý][\w'-]*", " ", text)
    # ("a" is English too: half a French hint)
    fr = sum((0.5 if w == "a" else 1) for w in ws if w in lx["hints_fr"]) + (2 if re.search(r"[éèêàçùâîô]", common.lower()) else 0)
    scores = {"en": en, "fr": fr}
    for code, hints in lx["hints_other"].items():
        scores[code] = sum(w in hints for w in ws)
    best = max(scores, key=lambda k: (scores[k], k == "fr"))
    if scores[best] == 0:
        return "fr"
    if best not in ("fr", "en") and scores[best] <= max(fr, en):
        best = "fr" if fr >= en else "en"
    if best == "en" and en <= fr:
        return "fr"
    return best


_CLEAR_INTENTS = {"who", "when", "where", "how_much", "how_many", "how_long"}
# Bonus of a rule one of whose quotes holds two of the question's content words in a row, shared by at most two rules
QUOTED_PAIR = 2.5
_CLAUSE = re.compile(r"[,;:.!?()«»\n]")


def pairs(text: str) -> set[tuple[str, str]]:
    """Two content stems that follow each other within a clause ("frais de structure" → frais, structur)."""
    out: set[tuple[str, str]] = set()
    for part in _CLAUSE.split(text):
        st = tokens(part)
        out.update((a, b) for a, b in zip(st, st[1:]) if not (a.isdigit() or b.isdigit()))  # ("axe 2" is no term)
    return out


class Router:
    """Scores a question against the call's rules and not-in-call topics."""

    def __init__(self, spec: CallSpec) -> None:
        self.spec = spec
        self.targets: list[Target] = []
        for r in spec.rules:
            t = self._target("rule", r.id, r.keywords + [r.title.fr, r.title.en], r.questions)
            t.asks = set(r.asks)
            self.targets.append(t)
        for t in spec.not_in_call:  # a generic topic is found by its keywords only (its label and questions are phrasing)
            self.targets.append(self._target("nic", t.id, t.keywords + ([] if t.generic else [t.label.fr]),
                                             [] if t.generic else t.questions))
        # the topics drafted from the generic list (what calls often leave open) leave the call's own scores as they are
        generic = self.generic_topics = {t.id for t in spec.not_in_call if t.generic}
        own = [t for t in self.targets if t.id not in generic]
        n = len(own)
        df: dict[str, int] = {}
        for t in own:
            for s in t.bag:
                df[s] = df.get(s, 0) + 1
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self.domain = {stem(w) for term in spec.domain_terms for w in words(str(term))} | set(self.idf)
        for t in self.targets:
            if t.id in generic:
                self.idf.update({s: math.log(1 + n) for s in t.bag if s not in df})
        self.vocab_words = self._vocab_words()
        # two content words that follow each other in a rule's quotes ("frais de structure"): the call's own term
        owners: dict[tuple[str, str], set[str]] = {}
        for r in spec.rules:
            for q in r.quotes:
                for pair in pairs(q):
                    owners.setdefault(pair, set()).add(r.id)
        self.quote_pairs = {pair: ids for pair, ids in owners.items() if len(ids) <= 2}

    @staticmethod
    def _target(kind: str, tid: str, phrases: list[str], questions: list[str]) -> Target:
        tp = []
        bag: set[str] = set()
        for p in phrases:
            st = tuple(tokens(str(p)))
            if st:
                tp.append(st)
                bag |= set(st)
        for q in questions:
            bag |= set(tokens(translate_en(q)))
        return Target(kind, tid, tp, list(questions), bag)

    def _vocab_words(self) -> set[str]:
        out: set[str] = set()
        for r in self.spec.rules:
            for p in r.keywords + r.questions + [r.title.fr]:
                out.update(w for w in words(str(p)) if len(w) >= 4)
        for t in self.spec.not_in_call:  # (a generic topic's example questions are phrasing)
            for p in t.keywords + ([] if t.generic else t.questions):
                out.update(w for w in words(str(p)) if len(w) >= 4)
        for term in self.spec.domain_terms:
            out.update(w for w in words(str(term)) if len(w) >= 4)
        out.update(w for w in lexicon()["glossary_en_fr"] if len(w) >= 4)
        return out

    # ------------------------------------------------------------------ normalisation
    def normalise(self, question: str) -> str:
        """SMS spellings expanded, typos corrected against the rules' vocabulary, English glossed in French."""
        text = expand_sms(question)
        proper = {fold(w) for w in re.findall(r"(?<!^)(?<![.?!]\s)\b[A-ZÀ-Ý][\w-]+", question)}
        fixed = []
        sw = stop_words()
        for w in words(text):
            if len(w) >= 5 and not w.isdigit() and w not in self.vocab_words and w not in sw and w not in proper:
                fixed.append(self._closest(w) or w)
            else:
                fixed.append(w)
        text = translate_en(" ".join(fixed))
        t = " " + " ".join(words(text)) + " "
        from ..conditions import _kinds

        # "un ACI" is a SIAE, the name a call uses for it
        extra = [fr for en, fr in self.spec.glossary_en_fr.items() if f" {' '.join(words(en))} " in t] + hypernyms(text) + [
            wider for short, wider in _kinds().items() if f" {short} " in t]
        return text + (" " + " ".join(extra) if extra else "")

    def _closest(self, w: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if stem(w) in self.idf:
            return None
        best = process.extractOne(w, self.vocab_words, scorer=Levenshtein.distance, score_cutoff=2 if len(w) >= 9 else 1)
        if best and is_french(w) and not re.fullmatch(rf"{re.escape(w)}[sxe]{{1,2}}|{re.escape(best[0])}[sxe]{{1,2}}",
                                                       f"{best[0]}" if len(best[0]) > len(w) else w):
            return None  # a word of the language is no typo ("notre" is not "note"), only another form of the word ("exclu")
        return best[0] if best else None

    # ------------------------------------------------------------------ scoring
    def domain_overlap(self, normalised: str) -> int:
        """How many content stems of the question belong to the call's vocabulary."""
        return sum(1 for s in set(tokens(normalised)) if s in self.domain)

    @staticmethod
    def asks(normalised: str) -> set[str]:
        """Kinds of answer the question expects (when, who, where, how_much...)."""
        t = (" " + " ".join(words(normalised)) + " ").replace(" ce qui ", " ce_qui ")
        return {kind for kind, cues in lexicon()["asks"].items() if any(f" {' '.join(words(c))} " in t for c in cues)}

    def score(self, normalised: str, intent: str | None = None, quoted: float = 1.0) -> list[Match]:
        """Targets by decreasing score.

        `intent` (from understand.intent_of) sharpens the kind of answer expected: a rule that answers other kinds
        of question ("when" for a "who" question) loses ground to one that answers this kind.
        """
        q = set(tokens(normalised))
        if not q:
            return []
        wants = self.asks(normalised)
        asked_pairs = pairs(normalised) if quoted else set()
        clear = {intent} & _CLEAR_INTENTS if intent else set()
        wants |= clear
        out = []
        for t in self.targets:
            # a generic topic is found by one of its keywords whole ("commissaire aux comptes"), not by one of its words
            matched = q & t.bag if t.id not in self.generic_topics else set().union(*(set(p) for p in t.phrases if set(p) <= q))
            s = sum(self.idf.get(x, 0.0) for x in sorted(matched))  # sorted: the same sum, to the bit, in every process
            if s > 0 and wants & t.asks:
                s += 1.5
            elif s > 0 and clear and t.asks and not (clear & t.asks):
                s -= 2.5
            for p in t.phrases:
                if len(p) > 1 and set(p) <= q:
                    s += 1.2 * (len(p) - 1)
                    matched |= set(p)
            if t.kind == "rule":
                for pair in asked_pairs:
                    owners = self.quote_pairs.get(pair)
                    if owners and t.id in owners and not set(pair) <= t.bag:  # a term of its quotes its keywords miss
                        s += quoted * QUOTED_PAIR / len(owners)
                        matched |= set(pair)
            if s > 0:
                out.append(Match(t, round(s, 6), matched))
        out.sort(key=lambda m: -m.score)  # stable: a tie goes to the target listed first
        return out
