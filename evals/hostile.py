"""`python -m evals.hostile`: hostile inputs regenerated from scratch, each run through `ami` in its own process.

Every file is generated small on disk (a deck whose slide XML inflates to ~200 MB, a zip member that lies about
its size, an undeclared macro project, profiles nested 100,000 deep or holding NaN, ...). Each case records the
exit code, the lines on stderr, the wall time and the peak memory (max RSS) of its process; `--write` puts the
table in the "Hostile input" section of docs/benchmarks.md. The tests (tests/test_hardening.py) use the same
generators and the same measure.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"
SECTION = "hostile"
TIME_LIMIT_S = 60.0
MEMORY_LIMIT_MB = 1536.0

_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')


# --------------------------------------------------------------------------- generators (bytes, small on disk)

def base_deck(text: str = "Projet d'insertion : atelier numérique", slides: int = 1) -> bytes:
    """A plain deck of `slides` slides (a title and a text box each) made with python-pptx."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    for _ in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = "Présentation de la structure"
        slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(3)).text_frame.text = text
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def rewrite_zip(data: bytes, replace: dict[str, object] | None = None, add: dict[str, bytes] | None = None,
                method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of a zip with members replaced (bytes, or a callable writing chunks to a file) and members added."""
    replace, add = replace or {}, add or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as dst:
        for info in src.infolist():
            new = replace.get(info.filename, None)
            if callable(new):
                zi = zipfile.ZipInfo(info.filename, info.date_time)
                zi.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(zi, "w", force_zip64=True) as f:
                    new(f)
            elif new is not None:
                dst.writestr(info.filename, new)
            else:
                dst.writestr(info, src.read(info.filename))
        for name, blob in add.items():
            dst.writestr(name, blob)
    return out.getvalue()


def inflating_slide_deck(inflated_mb: int = 200) -> bytes:
    """A deck whose first slide's XML inflates to `inflated_mb` MB of text runs, from well under 1 MB on disk."""
    run = ('<a:r><a:rPr lang="fr-FR"/><a:t>Atelier d\'insertion, démarrage en novembre 2024, '
           'budget 30 000 euros. </a:t></a:r>').encode()
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld {_NS}><p:cSld><p:spTree>'
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Texte"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/>'
            '<p:txBody><a:bodyPr/><a:lstStyle/><a:p>').encode()
    tail = b"</a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    block = run * (1024 * 1024 // len(run))

    def write(f) -> None:
        f.write(head)
        for _ in range(inflated_mb):
            f.write(block)
        f.write(tail)

    return rewrite_zip(base_deck(), {"ppt/slides/slide1.xml": write})


def dense_xml_deck(slides: int = 2, mb_per_slide: int = 15) -> bytes:
    """A deck whose slides each hold `mb_per_slide` MB of tiny text runs that compress only ~5x: the heaviest
    XML the budgets let through (one run per ~30 bytes, the worst case for the XML parser's memory)."""
    import random

    rnd = random.Random(5)
    runs = "".join(f"<a:r><a:t>{rnd.choice(['emploi', 'Lens', 'jeunes', 'atelier', 'budget'])}{rnd.randint(0, 99999)} "
                   "</a:t></a:r>" for _ in range(40_000)).encode()
    block = runs[: 1024 * 1024]
    block = block[: block.rindex(b"</a:r>") + len(b"</a:r>")]
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld {_NS}><p:cSld><p:spTree>'
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Texte"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/>'
            '<p:txBody><a:bodyPr/><a:lstStyle/><a:p>').encode()
    tail = b"</a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"

    def write(f) -> None:
        f.write(head)
        for _ in range(mb_per_slide):
            f.write(block)
        f.write(tail)

    return rewrite_zip(base_deck(slides=slides), {f"ppt/slides/slide{n}.xml": write for n in range(1, slides + 1)})


def _patch_sizes(data: bytes, member: str, declared: int, crc: int) -> bytes:
    """The zip with one member's declared uncompressed size and CRC rewritten (local header and central directory)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    info = z.getinfo(member)
    b = bytearray(data)
    off = info.header_offset
    b[off + 14:off + 18] = crc.to_bytes(4, "little")
    b[off + 22:off + 26] = declared.to_bytes(4, "little")
    name = member.encode()
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        n = int.from_bytes(data[pos + 28:pos + 30], "little")
        if data[pos + 46:pos + 46 + n] == name:
            b[pos + 16:pos + 20] = crc.to_bytes(4, "little")
            b[pos + 24:pos + 28] = declared.to_bytes(4, "little")
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(b)


def lying_member_deck(inflated_mb: int = 64, method: int = zipfile.ZIP_BZIP2) -> bytes:
    """A deck holding a member of `inflated_mb` MB of zeros that declares 1 KB (size and CRC of its first 1 KB)."""
    member = "ppt/media/image9.bin"
    out = io.BytesIO()
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        src = zipfile.ZipFile(io.BytesIO(base_deck()))
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        zi = zipfile.ZipInfo(member, (2024, 1, 1, 0, 0, 0))
        zi.compress_type = method
        with dst.open(zi, "w") as f:
            for _ in range(inflated_mb):
                f.write(zeros)
    return _patch_sizes(out.getvalue(), member, 1024, zlib.crc32(b"\0" * 1024))


def undeclared_macro_deck() -> bytes:
    """A plain deck holding ppt/vbaProject.bin, which [Content_Types].xml does not declare."""
    return rewrite_zip(base_deck(), add={"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048})


def long_slide_deck(chars: int = 300_000) -> bytes:
    """A deck whose one text box holds `chars` characters of varied words (an ordinary compression ratio)."""
    import random

    rnd = random.Random(12)
    words = ["insertion", "emploi", "atelier", "jeunes", "accompagnement", "industrie", "mentorat", "Lens", "Avion",
             "formation", "entreprise", "seniors", "quartier", "mobilité", "numérique", "budget", "calendrier"]
    text, n = [], 0
    while n < chars:
        w = rnd.choice(words) + str(rnd.randint(0, 999))
        text.append(w)
        n += len(w) + 1
    lines = [" ".join(text[i:i + 12]) for i in range(0, len(text), 12)]
    return base_deck("\n".join(lines))


# --------------------------------------------------------------------------- running one case

@dataclass
class Result:
    """What one run of a command gave."""

    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool = False
    stderr_lines: list[str] = field(default_factory=list)


def ami_argv(*args: str) -> list[str]:
    """The command line running `ami` with this interpreter (the worktree's code first on the path)."""
    return [sys.executable, "-m", "assistant.cli", *args]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a run: offline, its own AMI_HOME, this checkout first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMI_")}
    # corpus/ holds several calls: the hostile cases run on the first one (CASES_FILE's), named as users must
    from .harness import CASES_FILE

    env["AMI_CALL"] = os.environ.get("AMI_CALL") or CASES_FILE.parent.parent.name
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False", TOKENIZERS_PARALLELISM="false",
               AMI_HOME=str(home), PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p))
    env.update(extra)
    return env


def measure(argv: list[str], env: dict[str, str], stdin: bytes | None = None, timeout: float = 2 * TIME_LIMIT_S,
            cwd: Path | None = None) -> Result:
    """Run argv in its own process; its exit code, output, wall time and peak memory (its own max RSS)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        t0 = time.perf_counter()
        # A small launcher forks the command: Linux counts in a child's max RSS the memory of the process it was
        # forked from, so forking from this (large) process would report this process's size, not the command's.
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, rss.name, *map(os.fsdecode, argv)], env=env,
                                cwd=cwd or REPO, stdout=out, stderr=err, start_new_session=True,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, 9)
            except OSError:
                proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if stdin is not None:
                try:
                    proc.stdin.write(stdin)
                    proc.stdin.close()
                except BrokenPipeError:
                    pass
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        try:
            rss.seek(0)
            usage_kb = float(rss.read().strip() or usage.ru_maxrss)
        except ValueError:
            usage_kb = float(usage.ru_maxrss)
    peak = usage_kb / 1024 if sys.platform != "darwin" else usage_kb / (1024 * 1024)
    return Result(argv, proc.returncode, stdout, stderr, seconds, peak, killed.is_set(),
                  [ln for ln in stderr.splitlines() if ln.strip()])


# --------------------------------------------------------------------------- the cases

@dataclass
class Case:
    """One hostile input: how to make it, the command, and what a user must see."""

    id: str
    what: str
    make: object  # callable(folder) -> (argv args, stdin bytes or None)
    exit: tuple[int, ...] = (2,)
    says: str = ""


def _file(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


def cases() -> list[Case]:
    """Every hostile case of the issue, with the command that reads it."""
    return [
        Case("slide-xml-200mb", "deck (<1 MB) whose slide XML inflates to ~200 MB: `ami review`",
             lambda d: (["review", str(_file(d, "bombe.pptx", inflating_slide_deck(200)))], None), says="démesuré"),
        Case("bzip2-lying-size", "deck with a bzip2 member of 64 MB declaring 1 KB: `ami review`",
             lambda d: (["review", str(_file(d, "bzip2.pptx", lying_member_deck(64, zipfile.ZIP_BZIP2)))], None),
             says="compression non standard"),
        Case("deflate-lying-size", "deck with a deflate member of 256 MB declaring 1 KB: `ami review`",
             lambda d: (["review", str(_file(d, "deflate.pptx", lying_member_deck(256, zipfile.ZIP_DEFLATED)))], None),
             says="démesuré"),
        Case("undeclared-vba", "deck holding ppt/vbaProject.bin not declared in its content types: `ami review`",
             lambda d: (["review", str(_file(d, "macro.pptx", undeclared_macro_deck()))], None), says="macros"),
        Case("xml-at-budget", "deck (~6 MB) with 2 slides of 15 MB of tiny text runs each, under the XML budgets: `ami review`",
             lambda d: (["review", str(_file(d, "dense.pptx", dense_xml_deck(2, 15)))], None), exit=(0,)),
        Case("long-slide", "deck with 300,000 characters on one slide (read up to the cap): `ami review`",
             lambda d: (["review", str(_file(d, "long.pptx", long_slide_deck()))], None), exit=(0,)),
        Case("folder-named-pptx", "a folder named x.pptx: `ami review`",
             lambda d: (["review", str((d / "x.pptx").mkdir() or d / "x.pptx")], None), exit=(2,)),
        Case("json-100k-deep", "profile JSON nested 100,000 deep: `ami check`",
             lambda d: (["check", str(_file(d, "deep.json", "[" * 100_000 + "]" * 100_000))], None), says="imbriqué"),
        Case("yaml-100k-deep", "profile YAML nested 100,000 deep: `ami deck`",
             lambda d: (["deck", str(_file(d, "deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000)), "-o",
                         str(d / "o.pptx")], None), says="imbriqué"),
        Case("nan-profile", "profile with NaN duration: `ami check`",
             lambda d: (["check", str(_file(d, "nan.json", '{"project": {"duration_months": NaN}}'))], None), says="NaN"),
        Case("inf-profile", "profile with an infinite amount (YAML .inf): `ami deck`",
             lambda d: (["deck", str(_file(d, "inf.yaml", "budget:\n  requested_eur: .inf\n")), "-o", str(d / "o.pptx")],
                        None), says="non finie"),
        Case("year-9999", "profile starting in 9999: `ami deck` (as `ami check`)",
             lambda d: (["deck", str(_file(d, "y.json", '{"project": {"start_date": "9999-01-01"}}')), "-o",
                         str(d / "o.pptx")], None), says="9999"),
        Case("negative-duration", "profile lasting -3 months: `ami deck` (as `ami check`)",
             lambda d: (["deck", str(_file(d, "neg.json", '{"project": {"duration_months": -3}}')), "-o",
                         str(d / "o.pptx")], None), says="Durée invalide"),
        Case("output-is-folder", "`ami deck -o` naming a folder",
             lambda d: (["deck", str(_file(d, "ok.json", "{}")), "-o", str(d)], None), says="dossier"),
        Case("output-under-file", "`ami deck -o` naming a path under a file",
             lambda d: (["deck", str(_file(d, "ok2.json", "{}")), "-o", str(d / "ok2.json" / "x.pptx")], None),
             says="est un fichier"),
        Case("hash-password-no-tty", "`ami hash-password` without a terminal, nothing on stdin",
             lambda d: (["hash-password"], b""), says="Mot de passe vide"),
        Case("hash-password-stdin", "`ami hash-password` without a terminal, password on stdin",
             lambda d: (["hash-password"], b"s3cret\n"), exit=(0,)),
        Case("check-text-bad-utf8", "`ami check --text` with bytes that are not UTF-8",
             lambda d: ([b"check", b"--text", b"\xff\xfe projet \xc3("], None), says="UTF-8"),
        Case("ask-bad-utf8", "`ami ask` with bytes that are not UTF-8",
             lambda d: ([b"ask", b"\xffquelle date \xe9"], None), says="UTF-8"),
        Case("check-text-gibberish", "`ami check --text` with gibberish (verdict incomplete, French questions)",
             lambda d: (["check", "--text", "qsdf lkjh zert poiu wxcv mlkj azer tyui ghjk"], None), exit=(0,)),
    ]


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    import httpx

    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"chroma run did not start at {url}")


def frozen_chroma(folder: Path) -> list[tuple[Case, Result]]:
    """`ami index` and `ami ask` against a Chroma server stopped with SIGSTOP (default store timeout)."""
    import signal
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(folder / "srv"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = clean_env(folder / "home", AMI_CHROMA_URL=url)
    try:
        _wait_for(url, proc)
        os.kill(proc.pid, signal.SIGSTOP)
        index = measure(ami_argv("index"), env)
        ask = measure(ami_argv("ask", "Quelle est la date limite de candidature ?"), env)
    finally:
        os.kill(proc.pid, signal.SIGCONT)
        proc.terminate()
        proc.wait(timeout=30)
    return [(Case("frozen-chroma-index", "`ami index` with AMI_CHROMA_URL on a server frozen by SIGSTOP", None,
                  says="pas de réponse"), index),
            (Case("frozen-chroma-ask", "`ami ask` with the same frozen server (answers do not need the store)", None,
                  exit=(0,)), ask)]


_LAUNCHER = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execvp(sys.argv[2], sys.argv[2:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status) % 256)\n"
)


def run_case(case: Case, folder: Path) -> Result:
    """Generate the case's input under folder and run its command."""
    folder.mkdir(parents=True, exist_ok=True)
    args, stdin = case.make(folder)
    argv = [os.fsencode(a) if isinstance(a, str) else a for a in ami_argv()] + [
        a if isinstance(a, bytes) else os.fsencode(a) for a in args]
    return measure(argv, clean_env(folder / "home"), stdin=stdin)


# --------------------------------------------------------------------------- report

def render(results: list[tuple[Case, Result]]) -> str:
    """The "Hostile input" section of docs/benchmarks.md."""
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = []
    for case, r in results:
        line = (r.stderr_lines[-1] if r.stderr_lines else r.stdout.strip().splitlines()[0] if r.stdout.strip() else "")
        line = re.sub(r"/\S*/ami-hostile-[^/]+/[^/ ]+/", "", line).replace("|", "\\|")
        if len(line) > 110:
            line = line[:109] + "…"
        rows.append(f"| {case.what} | {r.returncode} | {r.seconds:.1f} s | {r.peak_mb:.0f} MB | {line} |")
    return (
        f"<!-- section:{SECTION} -->\n## Hostile input\n\n"
        f"Measured on {when} with `python -m evals.hostile --write`, on {os.cpu_count()} CPU ({platform.machine()}). "
        "Every input is generated afresh (small on disk) and run through `ami` in its own process; peak memory is\n"
        f"that process's max RSS. Bound: {TIME_LIMIT_S:.0f} s and {MEMORY_LIMIT_MB / 1024:.1f} GB, exit 0 or exit 2 "
        "with one line, never a traceback (tests/test_hardening.py asserts the same). Before these guards, the\n"
        "200 MB slide took `ami review` 9 min at 6.2 GB and the bzip2 member 6.2 GB before a CRC error; a frozen\n"
        "Chroma server hung `ami index` for minutes.\n\n"
        "| case | exit | time | peak memory | what the user reads (last line of stderr, or first of stdout) |\n"
        "|---|---|---|---|---|\n" + "\n".join(rows) + f"\n<!-- /section:{SECTION} -->\n"
    )


def write_section(text: str, doc: Path = DOC) -> None:
    """Put (or replace) the section in docs/benchmarks.md, leaving the rest as it is."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    start, end = f"<!-- section:{SECTION} -->", f"<!-- /section:{SECTION} -->"
    if start in old and end in old:
        new = old[: old.index(start)] + text.rstrip("\n") + old[old.index(end) + len(end):]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    doc.write_text(new if new.endswith("\n") else new + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run every hostile case; print the table; with --write, update docs/benchmarks.md. Exit 1 if one breaks a bound."""
    p = argparse.ArgumentParser(prog="python -m evals.hostile", description="Entrées hostiles : temps, mémoire, message.")
    p.add_argument("--write", action="store_true", help="écrire la section « Hostile input » de docs/benchmarks.md")
    p.add_argument("--only", help="identifiant d'un seul cas")
    args = p.parse_args(argv)
    results, failed = [], []

    def report(case: Case, r: Result) -> None:
        results.append((case, r))
        ok = (r.returncode in case.exit and "Traceback" not in r.stderr and r.seconds <= TIME_LIMIT_S
              and r.peak_mb <= MEMORY_LIMIT_MB and (r.returncode == 0 or len(r.stderr_lines) == 1))
        if not ok:
            failed.append(case.id)
        print(f"{'ok  ' if ok else 'FAIL'} {case.id}: exit {r.returncode}, {r.seconds:.1f} s, {r.peak_mb:.0f} MB"
              f" — {r.stderr_lines[-1] if r.stderr_lines else ''}", flush=True)

    with tempfile.TemporaryDirectory(prefix="ami-hostile-") as tmp:
        for case in cases():
            if args.only and case.id != args.only:
                continue
            report(case, run_case(case, Path(tmp) / case.id))
            shutil.rmtree(Path(tmp) / case.id, ignore_errors=True)
        if not args.only or args.only.startswith("frozen-chroma"):
            for case, r in frozen_chroma(Path(tmp) / "frozen-chroma"):
                report(case, r)
    text = render(results)
    if args.write and not args.only:
        write_section(text)
    print("\n" + text)
    if failed:
        print(f"Cas hors limites : {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
