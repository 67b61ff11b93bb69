"""Answers from passages: the call's own words when no rule fits, and the example dossiers when an example is asked.

Example dossiers are fictional and said so; the one marked `flawed` is shown only as a counter-example, with its flaws,
every figure of which is quoted from the dossier itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..calls.spec import CallSpec
from .composing import Composer
from ..facts import call_words, recognise_theme
from ..messages import msg
from .passages import (MIN_COVERAGE, Passage, best_sentences, body_excerpt, cite_hit, dossier_title, example_meta, figures,
                       names_flawed, rank_passages)
from ..types import Answer, Citation
from .typed import states
from .understand import is_yes_no

if TYPE_CHECKING:
    from . import Assistant


def retrieval_answer(spec: CallSpec, found: list[Passage], lang: str, lead: tuple[str, str, Citation] | None = None) -> Answer:
    """The call's own words on a point no rule covers: its best passages, quoted verbatim. `lead` (a sentence, the kind
    of value it states, its citation: `value_sentence`) comes first when no passage's sentence states that kind of
    value ("jusqu'à combien ?" answered by lines without an amount)."""
    c = Composer(spec)
    lines = [msg("answer.retrieval_head", lang)]
    best = found[0].coverage if found else 1.0
    picked = [(sent, p.hit) for p in found[:2] if p.coverage >= max(MIN_COVERAGE, best - 0.2)
              for sent in best_sentences(p.hit.text, p.matched)]
    if lead is not None and not any(states(lead[1], sent) for sent, _h in picked):
        lines.append(f"- « {lead[0]} » [{c.ref(lead[2])}]")
    for sent, hit in picked:
        lines.append(f"- « {sent} » [{c.ref(cite_hit(hit, sent))}]")
    c.add("\n".join(lines))
    return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="retrieval")

def example_answer(a: Assistant, question: str, folded: str, lang: str, ignore: set[str]) -> Answer | None:
    """The matching part of the most relevant example dossier(s), quoted with file and slide; flawed ones as counter-examples."""
    c = Composer(a.spec)
    flawed = names_flawed(a, folded)
    yes_no = False
    if flawed is not None:
        title = str(flawed.get("title") or flawed["file"])
        flaws = "; ".join(str(f).rstrip(".") for f in flawed.get("flaws", []) or []) or "—"
        yes_no = is_yes_no(folded)
        c.add(("**No.** " if lang == "en" else "**Non.** ") * yes_no + msg("answer.flawed_head", lang, title=title, flaws=flaws))
        # the flawed dossier's own lines that hold the figures its flaws name, so every figure is quoted
        wanted = figures(flaws)
        for d in a.index.chunks():
            if Path(d.metadata.get("source", "")).name != flawed["file"]:
                continue
            for line in d.page_content.split("\n"):
                if figures(line) & wanted:
                    wanted -= figures(line)
                    c.ref(Citation(source=d.metadata["source"], locator=d.metadata.get("locator", ""), quote=line.strip()))
        for con in a.spec.effective_constraints():
            for ci in a.spec.constraint_citations(con)[:1]:
                c.ref(ci)
    found = [p for p in rank_passages(a, question, ["example"], k=8, ignore=ignore)
             if not p.hit.metadata.get("flawed")]
    theme, _w, _i = recognise_theme(question, call_words(a.spec))
    meta = example_meta(a)
    if theme:  # dossiers of the theme asked about first
        found.sort(key=lambda p: (meta.get(Path(p.hit.source).name, {}).get("theme") != theme, -p.coverage))
    items: list[str] = []
    seen: set[str] = set()
    for p in found:
        if p.hit.source in seen or len(items) >= 2 or p.coverage <= 0:
            continue
        seen.add(p.hit.source)
        quote = body_excerpt(p.hit.text)
        n = c.ref(cite_hit(p.hit, quote))
        head = msg("answer.example_item", lang, title=dossier_title(p.hit, quote), locator=p.hit.locator, ref=n)
        items.append(head + "\n" + "\n".join(f"  > {ln}" for ln in quote.split("\n") if ln.strip()))
    if items:
        c.add(msg("answer.examples_head", lang))
        c.add("\n".join(items))
    elif flawed is not None:
        good = sorted(n for n, m in meta.items() if not m.get("flawed"))
        if good:
            c.add(msg("answer.good_examples", lang, files=", ".join(good)))
    shown = len(items)
    if flawed is None and not shown:
        return None
    return Answer(kind="answer", answer=c.text(), citations=c.citations, language=lang, origin="retrieval",
                  verdict="no" if flawed is not None and yes_no else None)
