"""`ami`: the command line, thin over the Assistant. Bad input exits 2 with one clear line, never a traceback.

Any other failure prints one line and exits 1 (the traceback goes to the debug log, shown with -v). Progress
bars and library warnings stay off stderr unless -v is given.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings
from datetime import date
from pathlib import Path

from .errors import AssistantError, InputError

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and still exit 2)."""

    def error(self, message: str):  # type: ignore[override]
        """Print one line naming the mistake and where help is, then exit 2."""
        self.exit(2, f"{self.prog}: {message} (aide : {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ami", description="Assistant des appels à projets et à manifestation d'intérêt.")
    p.add_argument("--call", help="identifiant de l'appel (dossier de corpus/)")
    p.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("index", help="construire ou rafraîchir l'index (incrémental ; tous les appels sans --call)")
    s.add_argument("--rebuild", action="store_true", help="tout ré-indexer")
    s.add_argument("--call", default=argparse.SUPPRESS, help="n'indexer que cet appel")

    s = sub.add_parser("ask", help="poser une question")
    s.add_argument("question", nargs="?", help="la question (ou --jsonl pour lire l'entrée standard)")
    s.add_argument("--json", action="store_true", help="imprimer la réponse au format JSON")
    s.add_argument("--jsonl", action="store_true", help="une question par ligne sur l'entrée standard, une réponse JSON par ligne")
    s.add_argument("--as-of", help="date prise comme aujourd'hui (AAAA-MM-JJ)")

    s = sub.add_parser("check", help="vérifier l'éligibilité d'un projet")
    s.add_argument("profile", nargs="?", type=Path, help="profil JSON ou YAML")
    s.add_argument("--text", help="description libre du projet")
    s.add_argument("--json", action="store_true")
    s.add_argument("--as-of", help="date prise comme aujourd'hui (AAAA-MM-JJ)")

    s = sub.add_parser("deck", help="rédiger le squelette du dossier (PowerPoint, ou Word si l'appel le demande)")
    s.add_argument("profile", type=Path)
    s.add_argument("-o", "--output", type=Path, required=True,
                   help="fichier écrit ; son extension suit le format du dossier (.pptx ou .docx)")
    s.add_argument("--template", type=Path, help="modèle .pptx ou .docx (son format l'emporte)")
    s.add_argument("--format", choices=["pptx", "docx"], help="forcer le format (par défaut : celui que l'appel demande)")

    s = sub.add_parser("review", help="relire un dossier (.pptx, .docx, .pdf) ou tous les dossiers d'un répertoire")
    s.add_argument("deck", type=Path, help="un dossier, ou un répertoire de dossiers (avec --csv et/ou --html)")
    s.add_argument("--json", action="store_true")
    s.add_argument("--as-of", help="date prise comme aujourd'hui (AAAA-MM-JJ)")
    s.add_argument("--csv", type=Path, help="répertoire : tableau CSV, une ligne par dossier")
    s.add_argument("--html", type=Path, help="répertoire : rapport HTML, une ligne par dossier")
    s.add_argument("--submitted", help="date de dépôt (AAAA-MM-JJ) ; par défaut, la date du fichier pour un répertoire")

    s = sub.add_parser("new-call", help="rédiger le dossier d'un nouvel appel depuis son document (.md, .txt, .docx, .pdf)")
    s.add_argument("document", type=Path)
    s.add_argument("--id", required=True, help="identifiant de l'appel (nom du dossier sous AMI_CORPUS_DIR)")
    s.add_argument("--force", action="store_true", help="remplacer un dossier existant")

    # listed for --help only: main() hands `ami eval ...` to evals.run.main with its own options
    sub.add_parser("eval", help="lancer la suite d'évaluation (options : ami eval --help)", add_help=False)

    s = sub.add_parser("hash-password", help="hacher le mot de passe de l'équipe du dialogue (AMI_STAFF_PASSWORD_HASH)")
    s.add_argument("password", nargs="?", help="le mot de passe (sinon demandé)")
    return p


def _as_of(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"Date invalide pour --as-of : {value!r} (format attendu AAAA-MM-JJ).") from exc


def _assistant(args, as_of: date | None = None):
    from . import Assistant

    return Assistant(call=args.call, as_of=as_of)


def _print_answer(ans) -> None:
    print(ans.answer)
    if ans.citations:
        print("\nSources :")
        for i, c in enumerate(ans.citations, start=1):
            print(f"  [{i}] {c.source} — {c.locator}\n      « {c.quote} »")


def _cmd_index(args) -> int:
    from . import Assistant
    from .index import CorpusIndex

    from .config import get_settings
    from .corpus import list_calls

    settings = get_settings()
    # without --call (nor AMI_CALL), every call of the corpus is indexed
    calls = [args.call or settings.call] if (args.call or settings.call) else list_calls(settings.corpus_dir)
    embeddings = None
    for call in calls or [None]:
        a = Assistant(call=call, embeddings=embeddings)
        idx = CorpusIndex(a.spec, a.settings, embeddings=a.embeddings, progress=lambda m, f: None, database=a.database)
        embeddings = a.embeddings
        result = idx.ensure(rebuild=args.rebuild)
        for s in idx.skipped:
            print(f"attention : {s}", file=sys.stderr)
        who = f"{a.spec.id} : " if len(calls) > 1 else ""
        if not args.rebuild and result.get("num_added", 0) == 0 and result.get("num_updated", 0) == 0 and result.get("num_deleted", 0) == 0:
            print(f"{who}Index à jour : rien à faire ({result.get('num_skipped', 0)} passages inchangés).")
        else:
            print(
                f"{who}Index mis à jour : {result.get('num_added', 0)} ajoutés, {result.get('num_updated', 0)} mis à jour, "
                f"{result.get('num_deleted', 0)} supprimés, {result.get('num_skipped', 0)} inchangés."
            )
    return 0


def _stdin_lines():
    """Lines of standard input as text; InputError naming the first line that is not UTF-8."""
    for n, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            yield raw.decode("utf-8-sig" if n == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise InputError(f"Ligne {n} de l'entrée standard illisible : ce n'est pas du texte UTF-8. "
                             "Enregistrez les questions en UTF-8.") from exc


def _cmd_ask(args) -> int:
    a = _assistant(args, _as_of(args.as_of))
    if args.jsonl:
        for q in _stdin_lines():
            if not q.strip():
                continue
            print(json.dumps(a.ask(q).model_dump(mode="json"), ensure_ascii=False), flush=True)
        return 0
    if args.question is None or not args.question.strip():
        raise InputError("Question vide : écrivez une question, par ex. ami ask \"Quelle est la date limite ?\"")
    ans = a.ask(args.question)
    if args.json:
        print(json.dumps(ans.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print_answer(ans)
    return 0


def _print_eligibility(e) -> None:
    icons = {"pass": "✅", "fail": "❌", "warn": "⚠️", "unknown": "❓"}
    verdicts = {"eligible": "éligible", "not_eligible": "non éligible", "incomplete": "incomplet (informations manquantes)"}
    print(f"Verdict : {verdicts.get(e.verdict, e.verdict)}")
    cs = e.call_status
    print(f"Appel {'ouvert' if cs.open else 'clos'} (date limite {cs.deadline.isoformat()}, au {cs.as_of.isoformat()})")
    for c in e.criteria:
        print(f"  {icons.get(c.status, '?')} {c.id} : {c.explanation}")
        for cit in c.citations:
            print(f"      « {cit.quote} » ({cit.locator})")
    if e.questions:
        print("Questions à préciser :")
        for q in e.questions:
            print(f"  - {q}")


def _cmd_check(args) -> int:
    a = _assistant(args, _as_of(args.as_of))
    if args.text is not None:
        if not args.text.strip():
            raise InputError("Description vide : décrivez le projet (structure, communes, publics, dates, montant).")
        e = a.check_text(args.text)
    elif args.profile is not None:
        from .profile_io import load_profile

        e = a.check(load_profile(args.profile))
    else:
        raise InputError("Donnez un fichier de profil (JSON/YAML) ou --text \"description\".")
    if args.json:
        print(json.dumps(e.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print_eligibility(e)
    return 0


def _check_output(out: Path) -> None:
    """InputError when `out` cannot be a file to write: a folder, or a path under an existing file."""
    if out.is_dir():
        raise InputError(f"-o {out} : c'est un dossier ; donnez un nom de fichier, par ex. -o {out / 'dossier.pptx'}")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"-o {out} : {parent} est un fichier, pas un dossier ; choisissez un autre chemin de sortie.")
            break


def _write_output(out: Path, data: bytes) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise InputError(f"-o {out} : écriture impossible ({exc.strerror or type(exc).__name__}) ; "
                         "choisissez un autre chemin de sortie.") from exc


def _cmd_deck(args) -> int:
    from .profile_io import load_profile

    _check_output(args.output)
    profile = load_profile(args.profile)
    if args.template is not None and not args.template.is_file():
        raise InputError(f"Modèle introuvable : {args.template}")
    a = _assistant(args)
    named = args.output.suffix.lower().lstrip(".")
    # --format, else the extension asked for (-o dossier.pptx is a deck), else the format the call asks for
    fmt = args.format or (named if named in ("pptx", "docx") and args.template is None else a.dossier_format(args.template))
    out = args.output
    if out.suffix.lower() != "." + fmt:  # the file's extension follows the dossier's format
        out = out.with_suffix("." + fmt)
        _check_output(out)
    data = a.draft_deck(profile, template=args.template, format=fmt)
    _write_output(out, data)
    print(f"Dossier écrit : {out}" + ("" if out == args.output else f" (format {fmt} demandé par l'appel)" if not args.format else ""))
    return 0


def _cmd_review(args) -> int:
    as_of = _as_of(args.as_of)
    submitted = None
    if args.submitted:
        try:
            submitted = date.fromisoformat(args.submitted)
        except ValueError as exc:
            raise InputError(f"Date invalide pour --submitted : {args.submitted!r} (format attendu AAAA-MM-JJ).") from exc
    if args.deck.is_dir():
        return _review_folder(args, as_of, submitted)
    if not args.deck.is_file():
        raise InputError(f"Fichier introuvable : {args.deck}")
    if args.csv or args.html:
        raise InputError("--csv et --html s'emploient avec un répertoire de dossiers.")
    a = _assistant(args, as_of)
    r = a.review_dossier(args.deck, submitted=submitted)
    if args.json:
        print(json.dumps(r.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return 0
    print(f"{r.file} : {r.headline} ({r.slide_count} {r.unit}s)")
    for s in r.sections:
        where = f" ({r.unit}{'s' if len(s.slides) > 1 else ''} {', '.join(map(str, s.slides))})" if s.slides else ""
        mark = "✅" if s.present and s.filled else ("✏️" if s.present else "❌")
        print(f"  {mark} {s.id}{where}")
    for pb in r.problems:
        where = f" ({r.unit}{'s' if len(pb.slides) > 1 else ''} {', '.join(map(str, pb.slides))})" if pb.slides else ""
        print(f"  {'❌' if pb.severity == 'error' else '⚠️'} {pb.id} : {pb.message}{where}")
    return 0


def _review_folder(args, as_of: date | None, submitted: date | None) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .dossier import inbox_files, write_reports

    if not (args.csv or args.html or args.json):
        raise InputError("Pour un répertoire, indiquez --csv FICHIER et/ou --html FICHIER (ou --json).")
    files = inbox_files(args.deck)
    if not files:
        raise InputError(f"{args.deck} : aucun fichier à relire dans ce répertoire.")
    a = _assistant(args, as_of)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("Relecture des dossiers", total=len(files))
        reviews = a.review_dossiers(args.deck, progress=lambda name, frac: bar.update(task, completed=round(frac * len(files))),
                                    submitted=submitted)
    write_reports(reviews, csv_path=args.csv, html_path=args.html)
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in reviews], ensure_ascii=False, indent=2))
    ok = sum(r.complete for r in reviews)
    bad = sum(1 for r in reviews if r.error)
    written = ", ".join(str(p) for p in (args.csv, args.html) if p)
    print(f"{len(reviews)} dossiers relus : {ok} complets, {len(reviews) - ok - bad} incomplets, {bad} illisibles"
          + (f" — {written}" if written else ""), file=sys.stderr if args.json else sys.stdout)
    return 0


def _read_password() -> str:
    """The password typed in a terminal (not echoed), or the first line of standard input when it is not one."""
    import getpass

    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        try:
            return getpass.getpass("Mot de passe : ")
        except EOFError:
            return ""
    if stdin is None:
        return ""
    line = stdin.buffer.readline(64 * 1024)
    try:
        return line.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise InputError("Mot de passe illisible sur l'entrée standard : ce n'est pas du texte UTF-8.") from exc


def _cmd_hash(args) -> int:
    from .answerbank import hash_password

    pw = args.password if args.password is not None else _read_password()
    if not pw:
        raise InputError("Mot de passe vide : tapez-le dans un terminal (ami hash-password), ou passez-le sur "
                         "l'entrée standard (printf '%s\\n' \"$MOT_DE_PASSE\" | ami hash-password).")
    print(hash_password(pw))
    return 0


def _cmd_new_call(args) -> int:
    from .config import get_settings
    from .calls.write import new_call

    report = new_call(args.document, args.id, get_settings().corpus_dir, force=args.force)
    print("\n".join(report.lines))
    return 0


COMMANDS = {"index": _cmd_index, "ask": _cmd_ask, "check": _cmd_check, "deck": _cmd_deck, "review": _cmd_review,
            "hash-password": _cmd_hash, "new-call": _cmd_new_call}


def _quiet_libraries() -> None:
    """No model-loading progress bars nor library warnings on stderr (each can still be turned on by its variable)."""
    for var, value in (("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TQDM_DISABLE", "1"), ("TRANSFORMERS_VERBOSITY", "error"),
                       ("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")):
        os.environ.setdefault(var, value)
    warnings.filterwarnings("ignore")


def _one_line(exc: BaseException, limit: int = 500) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_text_args(args: argparse.Namespace) -> None:
    """InputError when a text argument holds bytes that are not UTF-8 (the shell passed them through undecoded)."""
    for key, value in vars(args).items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                what = {"question": "la question", "text": "--text", "password": "le mot de passe"}.get(key, f"--{key}")
                raise InputError(f"{what} : texte illisible (octets qui ne sont pas de l'UTF-8) ; "
                                 "réécrivez-le en UTF-8.") from exc


def _run(argv: list[str]) -> int:
    if "eval" in argv and all(a.startswith("-") for a in argv[: argv.index("eval")]):
        from evals.run import main as eval_main  # its own options: ami eval --json r.json --html r.html

        return int(eval_main(argv[argv.index("eval") + 1 :]))
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    if args.verbose:
        logging.getLogger("assistant").setLevel(logging.DEBUG)
    for noisy in ("chromadb", "httpx", "sentence_transformers", "bm25s", "transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    _check_text_args(args)
    return COMMANDS[args.command](args)


def main(argv: list[str] | None = None) -> int:
    """Run one `ami` command; returns the exit code (0 done, 2 bad input, 1 unexpected failure, 130 interrupted)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "-v" not in argv and "--verbose" not in argv:
        _quiet_libraries()
    try:
        return _run(argv)
    except AssistantError as exc:
        print(f"ami: {_one_line(exc)}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"ami: fichier introuvable : {exc.filename}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ami: interrompu", file=sys.stderr)
        return 130
    except BrokenPipeError:
        try:  # the reader went away: silence the final flush of stdout
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except OSError as exc:
        log.debug("system error", exc_info=True)
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"ami: erreur système{where} : {exc.strerror or _one_line(exc)}", file=sys.stderr)
        return 2 if exc.filename else 1
    except Exception as exc:  # never a traceback on the terminal
        log.debug("unexpected error", exc_info=True)
        print(f"ami: erreur inattendue ({type(exc).__name__} : {_one_line(exc, 300)}) ; relancez avec -v pour le détail.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
