"""The pieces an answer is built from: the conversation's previous turns, follow-up facts, and the composer that
numbers citations and assembles paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..calls.spec import CallSpec, Rule
from ..cases import CASE_WRITTEN
from ..textnorm import fold
from ..types import Answer, Citation, Profile


@dataclass
class Turn:
    """A previous exchange of the conversation."""

    question: str
    rule_ids: list[str]


def _history_turns(history: list | None) -> list[Turn]:
    """Previous user questions (with the rules their answers rested on), from any reasonable history shape."""
    turns: list[Turn] = []
    if not history:
        return turns
    pending: str | None = None
    for item in history:
        role, content, rule_ids = None, None, []
        if isinstance(item, str):
            role, content = "user", item
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            q, a = item
            turns.append(Turn(str(q), list(getattr(a, "rule_ids", None) or (a.get("rule_ids", []) if isinstance(a, dict) else []))))
            continue
        elif isinstance(item, dict):
            role, content = item.get("role"), item.get("content") or item.get("question") or item.get("answer")
            rule_ids = item.get("rule_ids") or []
        elif isinstance(item, Answer):
            role, content, rule_ids = "assistant", item.answer, item.rule_ids
        if role == "user" and content:
            if pending is not None:
                turns.append(Turn(pending, []))
            pending = str(content)
        elif role == "assistant":
            if pending is not None:
                turns.append(Turn(pending, list(rule_ids)))
                pending = None
            elif turns and rule_ids:
                turns[-1].rule_ids = list(rule_ids)
    if pending is not None:
        turns.append(Turn(pending, []))
    return turns


# a follow-up naming a case by its letter or number alone ("Et pour le C ?", "et la 2 ?")
_BARE_CASE = re.compile(r"^(\W*(?i:(?:et|and)\s+)?(?i:(?:pour|sur|dans|en|for|on|in|about)\s+)?)(?i:le|la|l'|(the))\s*([A-H]|\d{1,2})(\s*[?!.]*\s*)$")


def case_of_follow_up(question: str, turns: list[Turn]) -> str:
    """A follow-up that names a case by its letter or number alone ("Et pour le C ?" after a question on "le volet A")
    with the family the earlier turn named ("Et pour le volet C ?"); any other question as it is."""
    m = _BARE_CASE.match(question)
    if not m or not turns:
        return question
    for t in reversed(turns):
        fam = CASE_WRITTEN.search(t.question)
        if fam:
            word = fam.group(1).lower()
            word = word[:-1] if word.endswith("s") and word not in ("axis",) else word
            article = "the " if m.group(2) or word in ("axis", "strand") else "l'" if word[0] in "aeiou" else "le "
            return f"{m.group(1)}{article}{word} {m.group(3)}{m.group(4)}"
    return question


def joined(spec: CallSpec, answers: list[Answer]) -> Answer:
    """Answers to the asks of one message, one after the other, their [n] markers renumbered over one list of
    citations."""
    comp = Composer(spec)
    for a in answers:
        def ref(m: re.Match, a: Answer = a) -> str:
            n = int(m.group(1))
            return f"[{comp.ref(a.citations[n - 1])}]" if 0 < n <= len(a.citations) else m.group(0)

        comp.add(re.sub(r"\[(\d+)\]", ref, a.answer))
    return Answer(kind="answer", answer=comp.text(), citations=comp.citations, language=answers[0].language, origin="rules",
                  rule_ids=list(dict.fromkeys(r for a in answers for r in a.rule_ids)))


def _last_answer(history: list | None) -> str:
    """The text of the last assistant turn of a history, any reasonable shape."""
    for item in reversed(history or []):
        if isinstance(item, Answer):
            return item.answer
        if isinstance(item, dict) and item.get("role") == "assistant":
            return str(item.get("content") or item.get("answer") or "")
        if isinstance(item, (tuple, list)) and len(item) == 2:
            return str(getattr(item[1], "answer", None) or (item[1].get("answer", "") if isinstance(item[1], dict) else item[1]))
    return ""


_THESE = re.compile(r"\b(?:ces|ce|cette)\s+(\d[\d\s\u00a0\u202f.,]*\s?(?:%|€|euros?|mois|ans))")


def figure_of_follow_up(question: str, history: list | None) -> str:
    """A follow-up naming a figure of the earlier answer ("ça peut compter dans ces 30 % ?" after "… une part minimale
    de cofinancement de 30 %") with the words that figure measured there added; any other question as it is."""
    m = _THESE.search(question)
    said = _last_answer(history)
    if not m or not said:
        return question
    figure = " ".join(m.group(1).split())
    at = " ".join(said.split()).find(figure)
    if at < 0:
        return question
    before = re.split(r"[.;:!?,]", " ".join(said.split())[:at])[-1].split()[-6:]
    if len(before) < 2:
        return question
    return f"{question[:m.end()]} ({' '.join(before)} {figure}){question[m.end():]}"


def merge_facts(previous: Profile, current: Profile) -> Profile:
    """A follow-up's facts: the previous question's, with what the follow-up states put over them."""
    prev, cur = previous.model_dump(exclude_defaults=True), current.model_dump(exclude_defaults=True)
    before, now = previous.project.summary or "", current.project.summary or ""
    for key, value in cur.items():
        if isinstance(value, dict):
            prev.setdefault(key, {}).update(value)
        else:
            prev[key] = value
    cases = [m.group(0) for m in _CASE_NAMED.finditer(fold(before))]
    if cases and now and not _CASE_NAMED.search(fold(now)) and not _SUBJECT_WORDS.search(fold(now)):
        # "et sur 22 mois ?" after "projet axe 1 de 16 mois": the earlier ask's axis still holds; not when the follow-up
        # names one ("et si on bascule sur l'axe 3 ?") or describes another project ("et un projet mobilité … ?")
        prev.setdefault("project", {})["summary"] = f"{now} ({', '.join(cases)})"
    return Profile.model_validate(prev)


# what makes a follow-up about another subject than the earlier ask's: a project, a structure, an action it names
_SUBJECT_WORDS = re.compile(r"\b(?:projets?|actions?|structures?|asso\w*|entreprises?|sarl|scop|scic|ccas|communes?|"
                            r"mission|siae|aci|parcours|chantiers?|ateliers?|formations?|project|company|charity)\b")


_CASE_NAMED = re.compile(r"\b(axe|lot|volet|mesure)s? (?:n[o°] ?)?\d{1,2}(?:(?:, | et | ou )\d{1,2})*\b")



class Composer:
    """Builds answer text and citations, renumbering each rule's [n] markers."""

    def __init__(self, spec: CallSpec) -> None:
        self.spec = spec
        self.citations: list[Citation] = []
        self.parts: list[str] = []

    def ref(self, citation: Citation) -> int:
        """The marker number of a citation (added once)."""
        for i, c in enumerate(self.citations, start=1):
            if c.source == citation.source and c.quote == citation.quote:
                return i
        self.citations.append(citation)
        return len(self.citations)

    def rule_text(self, rule: Rule, lang: str) -> str:
        """A rule's answer in `lang`, its markers mapped to this answer's citations."""
        cites = self.spec.rule_citations(rule.id)
        mapping = {i: self.ref(c) for i, c in enumerate(cites, start=1)}
        return re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", rule.answer.get(lang))

    def case_rows(self, rule: Rule, lang: str, said: str) -> str | None:
        """A drafted rule that is a table with one row per case ("Axe 1 | 8 000 € | 40 000 €", "Axe 2 | …"), cut to the
        header and the rows of the cases the question names ("the maximum grant … under axis 2"); None when the question
        names no case of the table's family or the rule is no such table."""
        from ..calls.drafting import quoted_answer
        from ..cases import CASE_LABEL, named_numbers
        from ..textnorm import fold

        rows = {i: CASE_LABEL.match(fold(q)) for i, q in enumerate(rule.quotes) if " | " in q}
        cased = {i: m for i, m in rows.items() if m}
        if len(cased) < 2 or rule.answer.get(lang) != quoted_answer(rule.quotes, lang) or any(
                " | " not in q and not q.rstrip().endswith(":") for q in rule.quotes):
            return None  # (a rule with sentences beside its table, "Pour les CCAS, le taux est ramené à 50 %", is cut by words)
        family = next(iter(cased.values())).group(1)
        named = set(named_numbers(family, fold(said)))
        keep = [i for i, m in cased.items() if m.group(2) in named]
        if not keep or len(keep) == len(cased):
            return None
        first = min(cased)
        keep += [i for i in rows if i < first and not rows[i] and not re.search(r"\d", rule.quotes[i])]  # the header
        cites = self.spec.rule_citations(rule.id)
        keep = sorted(set(keep))
        return quoted_answer([rule.quotes[i] for i in keep], lang, [self.ref(cites[i]) for i in keep])

    def focused_rule_text(self, rule: Rule, lang: str, stems: set[str] | list[set[str]], settling: list[str] | None = None,
                          said: str = "") -> str:
        """A drafted rule's answer cut to the quotes that hold the question's words ("quand a lieu le webinaire ?"
        gets the webinar's lines of a 24-line calendar, not the whole list); the whole answer when the rule is curated
        (its answer is not its quotes in a row), short, or when no quote stands out."""
        from ..calls.drafting import quoted_answer
        from .passages import quote_stems, shared_stems

        rows = self.case_rows(rule, lang, said) if said and not settling else None
        if rows:  # "quel est le plafond pour l'axe 2 ?": that axis's row of the table, with its header
            return rows
        if len(rule.quotes) < 2 or rule.answer.get(lang) != quoted_answer(rule.quotes, lang) or lang != "fr":
            return self.rule_text(rule, lang)  # an English question's words are not the French quotes' words: all of them
        cites = self.spec.rule_citations(rule.id)
        if settling:  # the quotes a verdict rests on ("Ne sont pas éligibles : l'achat de véhicules")
            keep = [i for i, q in enumerate(rule.quotes) if q in settling]
            if keep:
                return quoted_answer([rule.quotes[i] for i in keep], lang, [self.ref(cites[i]) for i in keep])
        groups = [g for g in (stems if isinstance(stems, list) else [stems]) if g]  # one set of words per ask
        if not groups or any(group <= self._headings(rule) for group in groups):
            return self.rule_text(rule, lang)  # "quelles sont les pièces à fournir ?" under "Pièces à fournir": the whole list
        keep: list[int] = []
        for group in groups:  # the lines that hold most of each ask's words ("combien de pages, et quelle taille ?")
            held = [shared_stems(group, quote_stems(q)) for q in rule.quotes]
            best = max(len(h) for h in held)
            if best >= (1 if len(rule.quotes) >= 5 else 2):  # a short rule is cut only on two words of the question
                keep += [i for i, h in enumerate(held) if len(h) == best and i not in keep]
        if not keep:
            return self.rule_text(rule, lang)
        stems = set().union(*groups)
        holds = [shared_stems(stems, quote_stems(q)) for q in rule.quotes]
        covered = set().union(*(holds[i] for i in keep))
        while len(keep) < 4:  # then the lines that hold another word of the question ("… et comment s'inscrire ?")
            gain = max(range(len(holds)), key=lambda i: len(holds[i] - covered))
            if not holds[gain] - covered:
                break
            keep.append(gain)
            covered |= holds[gain]
        keep = keep[:4]
        if any(rule.quotes[i].rstrip().endswith(":") for i in keep):
            # a line that announces a list or a table ("La subvention est versée en trois tranches :") comes with what it
            # announces, in the document's order, up to the next such line
            order = sorted(range(len(rule.quotes)), key=lambda i: self.spec.find_quote(rule.quotes[i]) or 0)
            for i in list(keep):
                if rule.quotes[i].rstrip().endswith(":"):
                    for j in order[order.index(i) + 1:order.index(i) + 9]:
                        if rule.quotes[j].rstrip().endswith(":"):
                            break
                        if j not in keep:
                            keep.append(j)
        if not keep or len(keep) * 2 > len(rule.quotes):
            return self.rule_text(rule, lang)
        from ..cases import case_columns

        for i in [i for i in keep if " | " in rule.quotes[i]]:  # a header of cases ("Axe 1 | Axe 2 | Axe 3") with its rows
            if case_columns(rule.quotes[i]):
                keep += [j for j in range(i + 1, len(rule.quotes)) if " | " in rule.quotes[j] and j not in keep]
        for i in [i for i in keep if " | " in rule.quotes[i]]:  # a table's row comes with the header naming its columns
            header = next((j for j in range(i - 1, -1, -1) if " | " in rule.quotes[j] and not re.search(r"\d", rule.quotes[j])), None)
            if header is not None and header not in keep and len(rule.quotes[header].split(" | ")) == len(rule.quotes[i].split(" | ")):
                keep.append(header)
        keep = sorted(keep)
        return quoted_answer([rule.quotes[i] for i in keep], lang, [self.ref(cites[i]) for i in keep])

    def _headings(self, rule: Rule) -> set[str]:
        """The stems of the headings the rule's quotes stand under (its list's own title: "Pièces à fournir")."""
        from ..textnorm import tokens

        out: set[str] = set()
        for q in rule.quotes:
            pos = self.spec.find_quote(q)
            sec = self.spec.call_doc.section_at(pos) if pos is not None else None
            if sec is not None and sec.heading_path:
                out |= set(tokens(sec.heading_path[-1]))
        return out

    def quote_refs(self, rule_id: str, lang: str, which: list[int] | None = None) -> str:
        """Markers for some quotes of a rule, e.g. '[2][3]'."""
        cites = self.spec.rule_citations(rule_id)
        idx = which or list(range(1, len(cites) + 1))
        return "".join(f"[{self.ref(cites[i - 1])}]" for i in idx)

    def add(self, text: str) -> None:
        """Append a paragraph."""
        if text:
            self.parts.append(text)

    def text(self) -> str:
        """The answer's Markdown."""
        return "\n\n".join(self.parts)
