"""`python -m evals.bench_index [--dossiers N]`: indexing and search at scale, beside their naive peers.

Copies the call's folder to a temporary corpus and adds N generated dossiers (`vary`: every example dossier in turn,
numbers shifted and words swapped, in its own format), then measures in one process, with one torch thread, in this
order: a cold index (ours); a refresh with nothing changed; opening a new `Assistant`; a refresh after one dossier
changed; search p50/p95 (`Assistant.search`, and the index alone) against a plain similarity search over the same
vectors; a plain `Chroma.from_documents` over the same chunks (the naive build); the model's raw encode rate on an even
sample of the chunks. Wall and CPU seconds, as the machine may be shared. Results are saved after each phase
(`--save`), so an interrupted run can still be rendered (`--render`). Writes its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant import Assistant
from assistant.config import Settings
from assistant.index import CorpusIndex, LazyEmbeddings

from .harness import load_cases
from .mdsection import write_section
from .metrics import percentile

REPO = Path(__file__).resolve().parent.parent


_TEXT_NODE = re.compile(r"(<(?:a|w):t(?:\s[^>]*)?>)([^<]*)(</(?:a|w):t>)")
_WORD = re.compile(r"\b([^\W\d_]{5,}|\d+)\b")


def _vocabulary(call_dir: Path) -> list[str]:
    """Words of the call's own text, the pool the generated dossiers draw their substitutions from."""
    text = (call_dir / "call.md").read_text(encoding="utf-8")
    return sorted({w for w in re.findall(r"[^\W\d_]{5,}", text)})


def vary(text: str, i: int, vocab: list[str]) -> str:
    """Text of generated dossier i: numbers shifted, about one long word in three swapped for a word of the pool."""

    def swap(m: re.Match) -> str:
        w = m.group(1)
        if w.isdigit():
            return str(int(w) + i % 97 + 1) if len(w) < 9 else w
        h = zlib.crc32(f"{i}:{w}:{m.start()}".encode())
        return vocab[h % len(vocab)] if h % 3 == 0 else w

    return _WORD.sub(swap, text)


def vary_ooxml(src: Path, dst: Path, i: int, vocab: list[str]) -> None:
    """A .pptx/.docx copy of src whose every text run went through `vary` (package otherwise unchanged)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith(".xml") and item.filename.startswith(("ppt/slides/", "word/document")):
                xml = data.decode("utf-8")
                xml = _TEXT_NODE.sub(lambda m: m.group(1) + vary(m.group(2), i, vocab) + m.group(3), xml)
                data = xml.encode("utf-8")
            zout.writestr(item, data)


def make_corpus(root: Path, call_id: str, dossiers: int) -> Path:
    """A copy of the call's folder plus `dossiers` generated example dossiers (never written under corpus/).

    Dossier i is example i mod 5 with its numbers shifted and words swapped (`vary`), in its own format (Markdown,
    Word, PowerPoint), so nearly every chunk differs from the examples' and from the other generated dossiers'.
    """
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus" / call_id, corpus / call_id)
    folder = corpus / call_id / "dossiers"
    vocab = _vocabulary(corpus / call_id)
    examples = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".pptx", ".docx"))
    for i in range(dossiers):
        src = examples[i % len(examples)]
        dst = folder / f"genere-{i:04d}-{src.name}"
        if src.suffix == ".md":
            dst.write_text(vary(src.read_text(encoding="utf-8"), i, vocab), encoding="utf-8")
        else:
            vary_ooxml(src, dst, i, vocab)
    return corpus


def say(line: str) -> None:
    """Progress on stderr (the run takes minutes)."""
    print(f"[{time.strftime('%H:%M:%S')}] {line}", file=sys.stderr, flush=True)


def timed(fn):
    """(wall seconds, CPU seconds of this process and its finished children, result) of fn()."""

    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    t0, c0 = time.perf_counter(), cpu()
    out = fn()
    return time.perf_counter() - t0, cpu() - c0, out


def settings_for(base: Settings, workdir: Path, call_id: str) -> Settings:
    """The bench's settings: its generated corpus, its own home, embedded store and SQLite database."""
    return base.model_copy(update={"home": workdir / "home", "corpus_dir": workdir / "corpus", "call": call_id,
                                   "chroma_url": None, "database_url": None})


def _search(r: dict, tmp: Path, settings: Settings, emb: Embeddings, questions: list[str], note) -> dict:
    """Search p50/p95: `Assistant.search`, the index alone, a plain similarity search over a copy of the vectors."""
    from langchain_chroma import Chroma

    opened = Assistant(settings=settings, embeddings=emb)
    fresh = opened.index
    # the naive search runs over the very vectors of our collection, copied into a plain Chroma collection
    stored = fresh.vector_store._collection.get(include=["embeddings", "documents", "metadatas"])
    shutil.rmtree(tmp / "plain", ignore_errors=True)
    naive = Chroma(collection_name="naive-search", embedding_function=emb, persist_directory=str(tmp / "plain"),
                   collection_metadata={"hnsw:space": "cosine"})
    for i in range(0, len(stored["ids"]), 2000):
        naive._collection.add(ids=stored["ids"][i:i + 2000], embeddings=stored["embeddings"][i:i + 2000],
                              documents=stored["documents"][i:i + 2000], metadatas=stored["metadatas"][i:i + 2000])
    for q in questions[:5]:
        opened.search(q, k=5)
        naive.similarity_search(q, k=5)
    ours, index_only, plain = [], [], []
    for q in questions:
        emb.embed_query(q)  # every side gets the question's embedding from the cache
        t0 = time.perf_counter()
        opened.search(q, k=5)
        ours.append((time.perf_counter() - t0) * 1000)
        boost = opened._engine.rule_quotes(q)
        t0 = time.perf_counter()
        fresh.search(q, k=5, boost=boost)
        index_only.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        naive.similarity_search(q, k=5)
        plain.append((time.perf_counter() - t0) * 1000)
    r.update(search_p50=percentile(ours, 50), search_p95=percentile(ours, 95),
             index_p50=percentile(index_only, 50), index_p95=percentile(index_only, 95),
             naive_p50=percentile(plain, 50), naive_p95=percentile(plain, 95), queries=len(questions))
    note(f"search p95 {r['search_p95']:.1f} ms, naive {r['naive_p95']:.1f} ms")
    return r


class StandInEmbeddings(Embeddings):
    """Unit vectors drawn from each text's hash: stores thousands of chunks in seconds where the model would take an
    hour on a busy machine. For the measures that do not depend on what vectors mean (refresh, opening, search
    latency), never for the model's cost."""

    dim = 384

    def _vector(self, text: str) -> list[float]:
        rng = np.random.default_rng(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little"))
        v = rng.standard_normal(self.dim)
        return (v / np.linalg.norm(v)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One vector per text."""
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """The query's vector."""
        return self._vector(text)


def _builds(r: dict, prefix: str, workdir: Path, base: Settings, call_id: str, dossiers: int, emb: Embeddings,
            note) -> tuple[Assistant, list]:
    """Cold index (ours) then `Chroma.from_documents` over the same chunks, timed (wall and CPU)."""
    from langchain_chroma import Chroma

    make_corpus(workdir, call_id, dossiers)
    a = Assistant(settings=settings_for(base, workdir, call_id), embeddings=emb)
    idx = CorpusIndex(a.spec, a.settings, embeddings=emb, database=a.database)
    r[f"{prefix}cold_s"], r[f"{prefix}cold_cpu"], _ = timed(idx.ensure)
    chunks = idx.chunks()
    r[f"{prefix}chunks"], r[f"{prefix}unique"] = len(chunks), len({d.page_content for d in chunks})
    note(f"{prefix}cold index {r[f'{prefix}cold_s']:.1f} s ({len(chunks)} chunks)")
    r[f"{prefix}naive_s"], r[f"{prefix}naive_cpu"], _ = timed(lambda: Chroma.from_documents(
        chunks, emb, collection_name="naive", persist_directory=str(workdir / "naive"),
        collection_metadata={"hnsw:space": "cosine"}))
    note(f"{prefix}naive build {r[f'{prefix}naive_s']:.1f} s")
    return a, chunks


def _refreshes(r: dict, scale: Path, base: Settings, call_id: str, emb: Embeddings, stand_in: Embeddings, which: int,
               note) -> None:
    """A refresh with nothing changed, opening an `Assistant`, a refresh after generated dossier `which` changed."""
    settings = settings_for(base, scale, call_id)
    a = Assistant(settings=settings, embeddings=stand_in)

    def index() -> CorpusIndex:
        return CorpusIndex(a.spec, a.settings, embeddings=stand_in, database=a.database)

    index().ensure()  # a kept work folder may hold a change not yet indexed
    again = index()
    r["noop_s"], r["noop_cpu"], noop = timed(again.ensure)
    r["noop_embedded"] = noop["num_added"] + noop["num_updated"]
    r["noop_parsed"] = len(again.parsed)
    opened = Assistant(settings=settings, embeddings=stand_in)
    r["open_s"], r["open_cpu"], _ = timed(lambda: opened.index.ready())  # the store opened and checked
    # the first question loads the chunks (from the cache) and builds the keyword index
    r["first_search_s"], r["first_search_cpu"], _ = timed(lambda: opened.search("calendrier et budget du projet"))
    generated = sorted((scale / "corpus" / call_id / "dossiers").glob("genere-*.md"))
    target = generated[which % len(generated)]
    target.write_text(target.read_text(encoding="utf-8") + "\nUn paragraphe modifié.\n", encoding="utf-8")
    one = index()
    one.embeddings = emb  # the changed file's chunks go through the model, as they would in use
    r["one_change_s"], r["one_change_cpu"], changed = timed(one.ensure)
    r["one_change_added"], r["one_change_deleted"] = changed["num_added"], changed["num_deleted"]
    note(f"no-op refresh {r['noop_s']:.2f} s, open {r['open_s']:.2f} s, one change {r['one_change_s']:.2f} s")


def run(dossiers: int, model_dossiers: int, queries: int = 100, save: Path | None = None,
        workdir: Path | None = None, search_only: bool = False, repeat: int = 1) -> dict:
    """Every measure, in a fresh work folder; the results so far are saved after each phase.

    At `dossiers` generated dossiers, with stand-in vectors: our cold index against the naive build (the model left
    out), then a refresh with nothing changed, opening an `Assistant`, a refresh after one dossier changed, search.
    At `model_dossiers`, with the model: our cold index against the naive build (`repeat` times, medians kept), and
    the model's raw encode.
    """
    base = Settings()
    call_id = base.call or os.environ.get("AMI_CALL") or "ami-innovation-sociale-emploi-pas-de-calais-2024"
    emb = LazyEmbeddings(base.model_path(), threads=base.torch_threads or 1)
    emb.embed_documents(["chauffe"])  # the encoder of questions and small batches (NumPy)
    emb.impl.embed_documents(["chauffe"])  # and torch, which embeds the builds' large batches: both loaded before the clocks
    stand_in = StandInEmbeddings()
    questions = [c["question"] for c in load_cases() if c.get("question")][:queries]
    r: dict = {"dossiers": dossiers, "model_dossiers": model_dossiers,
               "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "load_start": os.getloadavg()[0]}

    def note(line: str) -> None:
        say(line)
        r["load_end"] = os.getloadavg()[0]
        if save:
            save.write_text(json.dumps(r, indent=1), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="ami-bench-index-") as scratch:
        tmp = Path(workdir or scratch)
        scale, model = tmp / "scale", tmp / "model"
        if search_only:  # a kept run's corpus and stores: measure refreshes and search again, build nothing
            _refreshes(r, scale, base, call_id, emb, stand_in, 1, note)
            return _search(r, scale, settings_for(base, scale, call_id), stand_in, questions, note)
        a, _chunks = _builds(r, "", scale, base, call_id, dossiers, stand_in, note)

        _refreshes(r, scale, base, call_id, emb, stand_in, 0, note)
        _search(r, scale, a.settings, stand_in, questions, note)

        runs = []
        for i in range(max(1, repeat)):  # ours then naive, again in new folders: the machine's load varies
            _a, chunks = _builds(r, "model_", model / str(i), base, call_id, model_dossiers, emb, note)
            runs.append({k: r[f"model_{k}"] for k in ("cold_s", "cold_cpu", "naive_s", "naive_cpu")})
        if len(runs) > 1:
            r["model_runs"] = runs
            for k in runs[0]:
                r[f"model_{k}"] = statistics.median(x[k] for x in runs)
        texts = [d.page_content for d in chunks]
        r["encode_n"] = len(texts)
        r["encode_s"], r["encode_cpu"], _ = timed(lambda: emb.impl.embed_documents(texts))
        note(f"raw encode {r['encode_s']:.1f} s for {len(texts)} chunks")
    return r


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def _builds_row(r: dict, prefix: str, what: str) -> str:
    if f"{prefix}naive_s" not in r:
        return f"| {what} | not reached | | |"
    cold, naive, cc, nc = (r[f"{prefix}{k}"] for k in ("cold_s", "naive_s", "cold_cpu", "naive_cpu"))
    return (f"| {what} | {cold:.1f} s (CPU {cc:.1f} s) | `Chroma.from_documents` over the parsed chunks: {naive:.1f} s "
            f"(CPU {nc:.1f} s) | ≤ naive: {_verdict(cold <= naive)} on wall time ({cold / naive:.2f}×), "
            f"{_verdict(cc <= nc)} on CPU time ({cc / nc:.2f}×) |")


def render(r: dict) -> str:
    """The Markdown section: every measure beside its peer and its target, met or not (a phase the run did not
    reach says so)."""
    n, m = r["dossiers"], r.get("model_dossiers", 0)
    rows = ["| what | ours | naive peer / reference | target |", "|---|---|---|---|",
            f"| **at {n:,} dossiers, {r.get('chunks', 0):,} chunks ({r.get('unique', 0):,} distinct texts), stand-in "
            "vectors** | | | |",
            _builds_row(r, "", "cold index without the model (parse, store, record; vectors from a hash)")]
    if "noop_s" in r:
        rows += [
            f"| refresh, nothing changed | {r['noop_s']:.2f} s (CPU {r.get('noop_cpu', 0):.2f} s; embedded {r['noop_embedded']}, parsed "
            f"{r['noop_parsed']} files) | – | ≤ 2 s: {_verdict(r['noop_s'] <= 2)} |",
            f"| opening an `Assistant` (files hashed against the manifest, store check) | {r['open_s']:.2f} s (CPU {r.get('open_cpu', 0):.2f} s) | – "
            f"| ≤ 8 s: {_verdict(r['open_s'] <= 8)} |",
            f"| then its first search (loads the chunks from the cache, builds the keyword index) | "
            f"{r.get('first_search_s', 0):.2f} s (CPU {r.get('first_search_cpu', 0):.2f} s) | – | open + first "
            f"search ≤ 8 s: {_verdict(r['open_s'] + r.get('first_search_s', 0) <= 8)} |",
            f"| refresh after one dossier changed (its chunks through the model) | {r['one_change_s']:.2f} s (CPU "
            f"{r.get('one_change_cpu', 0):.2f} s; "
            f"{r['one_change_added']} chunks embedded, {r['one_change_deleted']} old removed) | – "
            f"| ≤ 7 s: {_verdict(r['one_change_s'] <= 7)} |",
        ]
    if "search_p95" in r:
        ratio, alone = r["search_p95"] / r["naive_p95"], r["index_p95"] / r["naive_p95"]
        rows += [
            f"| search p50 / p95 over {r['queries']} eval questions, `Assistant.search` (understanding the question, "
            f"keywords + vectors fused, rule quotes boosted) | {r['search_p50']:.1f} / {r['search_p95']:.1f} ms | "
            f"plain similarity search, same vectors: {r['naive_p50']:.1f} / {r['naive_p95']:.1f} ms | p95 ≤ 1.3× "
            f"naive: {_verdict(ratio <= 1.3)} ({ratio:.2f}×) |",
            f"| of which the index alone (`CorpusIndex.search`, the rule quotes given) | {r['index_p50']:.1f} / "
            f"{r['index_p95']:.1f} ms | | {_verdict(alone <= 1.3)} ({alone:.2f}×) |",
        ]
    rows += [f"| **at {m:,} dossiers, {r.get('model_chunks', 0):,} chunks ({r.get('model_unique', 0):,} distinct "
             "texts), the model** | | | |",
             _builds_row(r, "model_", "cold index (parse, embed, store, record)")]
    if r.get("model_runs"):
        rows.append(f"| each of the {len(r['model_runs'])} runs (ours / naive, wall s; the row above: medians) | "
                    + ", ".join(f"{x['cold_s']:.1f} / {x['naive_s']:.1f}" for x in r["model_runs"]) + " | | |")
    if "encode_s" in r:
        rows.append(f"| raw encode of the same chunks (model only, one call) | – | {r['encode_s']:.1f} s, "
                    f"{r['encode_n'] / r['encode_s']:.1f} chunks/s ({r['encode_n'] / r['encode_cpu']:.1f} per "
                    f"CPU-second) | – |")
    return "\n".join([
        f"## Indexing and search at scale (`python -m evals.bench_index --dossiers {n} --model-dossiers {m}`)",
        "",
        f"Measured on {r['when']}. The call plus N generated example dossiers (`vary`: each an example dossier of the "
        "call with its numbers shifted and about a third of its long words swapped, in its own format: Markdown, "
        "Word, PowerPoint). One process, one torch thread, embedded Chroma, SQLite database; our cold build parses "
        "the files while a second thread runs the model on the chunks parsed so far (one encode at a time, "
        "`assistant/ahead.py`), the naive build is handed the chunks parsed. The machine (2 cores) "
        f"was shared with other jobs while measured (load average {r.get('load_start', 0):.1f} at the start, "
        f"{r.get('load_end', 0):.1f} at the end), at which the model encodes a few tens of chunks a second at best: "
        "a build of the 1,000-dossier corpus through the model would take most of an hour per side. So the "
        "1,000-dossier corpus is stored with stand-in vectors (a unit vector drawn from each text's hash) for the "
        "measures that do not depend on what the vectors mean, and the model's cost is measured on a smaller "
        "corpus in the same run. Wall times of rows taken minutes apart saw different loads: the CPU seconds of "
        "the process are the fairer comparison of two builds.",
        "",
        *rows,
        *([""] + r["notes"] if r.get("notes") else []),
    ])


def main(argv: list[str] | None = None) -> int:
    """Run (or render a saved run) and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=200, help="generated dossiers to add (default 200)")
    parser.add_argument("--model-dossiers", type=int, default=40,
                        help="generated dossiers of the builds that run the model (default 40)")
    parser.add_argument("--save", type=Path, help="JSON file the results so far are written to after each phase")
    parser.add_argument("--render", type=Path, help="render a saved JSON (possibly of an interrupted run), not run")
    parser.add_argument("--workdir", type=Path, help="work (and keep the corpus and stores) here, not in a temp folder")
    parser.add_argument("--search-only", action="store_true", help="measure refreshes and search again over a kept --workdir")
    parser.add_argument("--repeat", type=int, default=1, help="model builds (ours, then naive) this many times; medians")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.render:
        r = json.loads(args.render.read_text(encoding="utf-8"))
    else:
        if args.search_only and args.save and args.save.exists():  # the kept run's other measures, search renewed
            again = run(args.dossiers, args.model_dossiers, save=None, workdir=args.workdir, search_only=True)
            r = json.loads(args.save.read_text(encoding="utf-8"))
            r.update({k: v for k, v in again.items() if k.startswith(("search_", "index_", "naive_p", "queries", "noop",
                                                                          "open_", "one_change", "first_search"))})
            r["search_when"] = again["when"]
            args.save.write_text(json.dumps(r, indent=1), encoding="utf-8")
        else:
            r = run(args.dossiers, args.model_dossiers, save=args.save, workdir=args.workdir, repeat=args.repeat)
        say(repr(r))
    md = render(r)
    print(md)
    if not args.no_write:
        write_section("bench-index", md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
