"""End to end in a real headless Chromium: the app served by `streamlit run`, used as each of its users would.

Every page is checked at desktop (1280 px) and phone (390 px) widths, with axe-core injected: a serious or critical
violation fails the test. Screenshots go to test-artifacts/ (gitignored). `make system-deps` installs Chromium
(apt) and axe-core (npm, pinned in package.json) so that a fresh clone runs these tests with `make test`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from pptx import Presentation

from assistant.answerbank import hash_password

from conftest import CALL_DIR, REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
PASSWORD = "équipe-du-dialogue"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ENGLISH = ["Press Enter", "Drag and drop", "Browse files", "per file", "Choose an option", "No results", "Thumbs",
           "Skip to main content", "Show password", "Send message", "Copy to clipboard", "Running...", "DD/MM/YYYY",
           "Add an option", "Clear all", "Main menu", "Collapse sidebar", "Expand sidebar", "Page not found"]
INTERNAL_CODE = re.compile(r"\b(topic:|injection_ignored|too_long:|grounding_fallback|language:)")
expect.set_options(timeout=30_000)  # widgets load their code on first use; the machine is shared
FLAWED_DECK = CALL_DIR / "dossiers" / "exemple-non-conforme-cap-numerique-arras.pptx"
GOOD_DECK = CALL_DIR / "dossiers" / "exemple-tremplin-seniors-lievin.pptx"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"streamlit did not serve within {timeout_s} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def home_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="module")
def server(home_dir, tmp_path_factory):
    """`streamlit run app.py` on a free loopback port, its own AMI_HOME and a staff password; stopped afterwards."""
    port = _free_port()
    env = {**os.environ, "AMI_HOME": str(home_dir), "AMI_AS_OF": "2026-11-27", "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "AMI_STAFF_PASSWORD_HASH": hash_password(PASSWORD, iterations=1000)}
    log = tmp_path_factory.mktemp("streamlit-log") / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        assert "Traceback" not in log.read_text(errors="replace"), log.read_text(errors="replace")[-3000:]


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Chromium missing: run `make system-deps`"
    assert AXE.exists(), "axe-core missing: run `make system-deps` (npm ci)"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server) -> Page:
    """A fresh browser profile (no cookie), desktop width, French locale, clipboard allowed."""
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    p = context.new_page()
    p.set_default_timeout(90_000)
    yield p
    context.close()


# --------------------------------------------------------------------------- helpers

def open_page(page: Page, url: str) -> None:
    page.goto(url)
    settle(page)


def settle(page: Page) -> None:
    """Wait until the page script ran and Streamlit finished the current run."""
    page.wait_for_function("document.documentElement.lang === 'fr' && window.__amiReady === true")
    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=90_000)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)
    # a long answer runs under the app's own spinner; Streamlit's status widget may show up late on a busy machine
    expect(page.locator('[data-testid="stSpinner"]')).to_have_count(0, timeout=120_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=90_000)
    # elements of the previous run are faded (stale) until the new run reaches them: checking contrast then fails
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(300)


def shot(page: Page, name: str) -> None:
    """A screenshot of the whole page (the viewport grown to the height of Streamlit's scrolling main area)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid=stMain], [data-testid=stAppScrollToBottomContainer], [data-testid=stMainBlockContainer]')]
        .map(e => e.scrollHeight), 0)""")
    page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], height + 400), 6000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    page.wait_for_timeout(200)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def axe(page: Page, name: str) -> None:
    """axe-core on the whole page: no serious or critical violation."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — '
              + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 240)).join(' | '))"""
    )
    assert not violations, f"{name}: " + "\n".join(violations)


def french_only(page: Page) -> None:
    """No Streamlit English left in visible text, labels or placeholders; the page says it is French."""
    assert page.evaluate("document.documentElement.lang") == "fr"
    seen = page.evaluate(
        """() => { const out = [document.body.innerText];
            document.querySelectorAll('[aria-label],[placeholder],[title],img').forEach(e =>
              ['aria-label', 'placeholder', 'title', 'alt'].forEach(a => e.getAttribute(a) && out.push(e.getAttribute(a))));
            return out.join('\\n'); }"""
    )
    found = [w for w in ENGLISH if w in seen]
    assert not found, found


def both_widths(page: Page, name: str) -> None:
    """Checks at desktop width, then at phone width (nothing wider than the screen), with screenshots."""
    french_only(page)
    axe(page, name)
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(600)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 2
    axe(page, f"{name} (phone)")
    shot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(400)


def login(page: Page) -> None:
    page.get_by_label("Mot de passe de l'équipe du dialogue").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    settle(page)


# --------------------------------------------------------------------------- applicants

def test_home_says_what_it_is_the_status_and_what_to_ask(page, server):
    open_page(page, server)
    main = page.locator('[data-testid="stMainBlockContainer"]')
    expect(main.get_by_role("heading", level=1)).to_contain_text("AMI Innovation sociale")
    expect(main).to_contain_text("Cet assistant aide les porteurs de projet")
    expect(main).to_contain_text("Appel clos")
    expect(main).to_contain_text("Date limite de dépôt des candidatures : 17 avril 2024")
    starters = main.locator('[data-testid="stButton"] button')
    expect(starters).to_have_count(4)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_contain_text("Candidats")
    expect(nav).to_contain_text("Équipe du dialogue (accès réservé)")
    both_widths(page, "accueil")

    # keyboard: from the top of the page, Tab goes through the menu to a starter question; Enter asks it
    open_page(page, server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText") == "Aller au contenu principal"
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.tagName, document.activeElement.innerText || '']")
        if focused[0] == "BUTTON" and "date limite" in focused[1]:
            break
    else:
        raise AssertionError("no starter question reachable with the keyboard")
    page.keyboard.press("Enter")
    settle(page)
    expect(page.locator('[data-testid="stChatMessage"]').nth(1)).to_contain_text("17 avril 2024")
    open_page(page, server)

    # phone: the menu opens from its French button and shows the roles apart
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Ouvrir le menu").click()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Équipe du dialogue")
    shot(page, "accueil-phone-menu")
    page.set_viewport_size(DESKTOP)

    # the call's text, one click away
    open_page(page, server)
    main.get_by_role("link", name="Lire le texte officiel de l'appel").click()
    settle(page)
    expect(main.get_by_role("heading", name="Calendrier")).to_be_visible()
    assert "## Calendrier" not in main.inner_text()
    both_widths(page, "texte-de-l-appel")


def test_chat_cited_answer_sources_copy_history(page, server):
    open_page(page, server)
    page.get_by_role("button", name=re.compile("date limite")).first.click()
    settle(page)
    answer = page.locator('[data-testid="stChatMessage"]').nth(1)
    expect(answer).to_contain_text("17 avril 2024")
    assert not INTERNAL_CODE.search(page.locator('[data-testid="stMainBlockContainer"]').inner_text())

    # sources named by the call's sections; [1] opens its passage, quote highlighted
    source = answer.locator("details.ami-src").first
    expect(source.locator("summary")).to_contain_text("Texte de l'appel › Calendrier")
    assert source.get_attribute("open") is None
    answer.get_by_role("link", name="[1]").first.click()
    expect(source).to_have_attribute("open", "")
    expect(source.locator("mark")).to_contain_text("17 avril 2024")
    assert "##" not in source.inner_text()

    # copy button: the answer and its sources on the clipboard
    answer.get_by_role("button", name="Copier la réponse").click()
    expect(answer.get_by_role("button", name="Copié ✓")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "17 avril 2024" in copied and "Sources :" in copied and "Texte de l'appel › Calendrier" in copied

    # suggestions differ from what was asked
    suggestions = page.get_by_role("button").filter(has_text="?").all_inner_texts()
    assert suggestions and not any("date limite" in s for s in suggestions), suggestions
    both_widths(page, "questions")

    # greetings answered as such
    box = page.get_by_placeholder("Votre question sur l'appel")
    box.fill("Bonjour")
    box.press("Enter")
    settle(page)
    greeting = page.locator('[data-testid="stChatMessage"]').nth(3)
    expect(greeting).to_contain_text("Bonjour !")
    expect(greeting).not_to_contain_text("17 avril")

    # a commune is named with its intercommunality and reference data
    box.fill("Mon projet à Liévin est-il éligible ?")
    box.press("Enter")
    settle(page)
    commune = page.locator('[data-testid="stChatMessage"]').nth(5)
    expect(commune.locator("details.ami-src summary").filter(has_text="Liévin —")).to_contain_text(
        "Liévin — CA de Lens - Liévin (référentiel Etalab)")
    assert "62510," not in commune.inner_text()

    # history kept across a reload of the same browser, cleared on request
    page.reload()
    settle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Poser une question").click()
    settle(page)
    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(6)
    page.get_by_text("Exporter ou effacer la conversation").click()
    page.get_by_role("button", name="Effacer la conversation").click()
    settle(page)
    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(0)
    page.reload()
    settle(page)
    expect(page.locator('[data-testid="stChatMessage"]')).to_have_count(0)


def test_eligibility_verdict_on_top_french_numbers_bounds_autocomplete(page, server):
    open_page(page, server + "/eligibilite")
    main = page.locator('[data-testid="stMainBlockContainer"]')
    expect(page.get_by_label("Date de démarrage (JJ/MM/AAAA)")).to_have_attribute("placeholder", "JJ/MM/AAAA")
    # commune autocomplete from the territory data
    communes = main.locator('[data-testid="stMultiSelect"]')
    communes.click()
    page.keyboard.type("Liév")
    page.get_by_role("option", name="Liévin", exact=True).click()
    page.keyboard.press("Escape")
    expect(communes).to_contain_text("Liévin")
    page.get_by_label("Titre du projet").fill("Tremplin seniors")
    # a duration out of bounds: a French sentence naming the field as the form does
    page.get_by_label("Durée du projet (mois)").fill("0")
    page.get_by_role("button", name="Vérifier l'éligibilité").click()
    settle(page)
    expect(main).to_contain_text("« Durée du projet (mois) » : indiquez une valeur entre 1 et 120 mois.")
    assert "duration_months" not in main.inner_text()

    page.get_by_label("Durée du projet (mois)").fill("18")
    page.get_by_label("Montant demandé (€)").fill("40000")
    page.get_by_role("button", name="Vérifier l'éligibilité").click()
    settle(page)
    verdict = main.locator('[data-testid="stAlert"]').first
    expect(verdict).to_contain_text("Non éligible en l'état — appel clos depuis le 17 avril 2024")
    expect(verdict).to_contain_text("critère bloquant : durée")
    tabs = main.get_by_role("tab", name="Formulaire")
    assert verdict.bounding_box()["y"] < tabs.bounding_box()["y"]  # the verdict is on top...
    page.wait_for_timeout(500)
    assert 0 <= verdict.bounding_box()["y"] < DESKTOP["height"]  # ...and brought into view after the click
    text = main.inner_text()
    assert len(re.findall(r"\bclos\b", text)) == 1  # the call's status said once, in the verdict
    assert re.search(r"40\s000\s€", text) and "40000.00" not in text and "18 mois" in text
    both_widths(page, "eligibilite")


def test_dossier_draft_preview_and_review_of_several_files(page, server):
    open_page(page, server + "/dossier")
    main = page.locator('[data-testid="stMainBlockContainer"]')
    expect(main).to_contain_text("20 Mo maximum par fichier")
    page.get_by_role("button", name="Préparer le dossier").click()
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger le dossier (.pptx)").click()
    target = ARTIFACTS / "dossier.pptx"
    ARTIFACTS.mkdir(exist_ok=True)
    info.value.save_as(str(target))
    deck = Presentation(str(target))
    assert len(deck.slides) >= 8
    page.get_by_role("button", name="Aperçu des diapositives").click()
    settle(page)
    images = main.locator('[data-testid="stImage"] img')
    expect(images.first).to_be_visible(timeout=180_000)
    alts = images.evaluate_all("els => els.map(e => e.getAttribute('alt'))")
    assert alts and all(a and a.startswith("Aperçu de la diapositive") for a in alts), alts

    page.locator('input[type="file"]').set_input_files([str(FLAWED_DECK), str(GOOD_DECK)])
    settle(page)
    table = main.locator('[data-testid="stTable"]').first
    expect(table).to_contain_text(FLAWED_DECK.name)
    expect(table).to_contain_text(GOOD_DECK.name)
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger le tableau (.csv)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r["Dossier"] for r in rows] == [FLAWED_DECK.name, GOOD_DECK.name]
    assert rows[0]["Complet"] == "non"
    both_widths(page, "dossier")


# --------------------------------------------------------------------------- dialogue team

def test_team_page_behind_login_validation_and_edit_back_to_draft(page, server):
    open_page(page, server + "/equipe")
    main = page.locator('[data-testid="stMainBlockContainer"]')
    expect(main).to_contain_text("Accès réservé à l'équipe du dialogue")
    expect(main.get_by_role("button", name="Proposer une réponse")).to_have_count(0)
    both_widths(page, "equipe-connexion")
    page.get_by_label("Mot de passe de l'équipe du dialogue").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    settle(page)
    expect(main).to_contain_text("Mot de passe incorrect.")
    login(page)

    page.get_by_label("Question du candidat").fill("Peut-on déposer un dossier en format PDF ?")
    page.get_by_role("button", name="Proposer une réponse").click()
    settle(page)
    reply = page.get_by_label("Réponse proposée (modifiable)")
    expect(reply).not_to_be_empty()
    page.get_by_role("button", name="Copier la réponse proposée").click()
    assert page.evaluate("navigator.clipboard.readText()").strip()
    reply.fill("Oui, le PDF est accepté.\nBien cordialement,\nL'équipe du dialogue")
    page.get_by_label("Votre nom (obligatoire pour valider)").fill("Claire")
    page.get_by_role("button", name="Valider et publier").click()
    settle(page)
    expect(main).to_contain_text("validée et publiée")

    # the chat serves it, labelled once, with the signature's line breaks
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Poser une question").click()
    settle(page)
    box = page.get_by_placeholder("Votre question sur l'appel")
    box.fill("peut on deposer le dossier en format pdf")
    box.press("Enter")
    settle(page)
    served = page.locator('[data-testid="stChatMessage"]').nth(1)
    expect(served).to_contain_text("Oui, le PDF est accepté.")
    assert served.inner_text().count("Réponse validée par l'équipe du dialogue") == 1
    assert "Bien cordialement,\nL'équipe du dialogue" in served.inner_text()
    axe(page, "questions (réponse validée)")
    shot(page, "questions-reponse-validee")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Réponses de l'équipe").click()
    settle(page)

    edit = page.get_by_label("Texte de la réponse")
    expect(edit).to_have_value(re.compile("Bien cordialement"))
    edit.fill("Non, seul le format PowerPoint est accepté.")
    edit.press("Tab")
    settle(page)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    settle(page)
    expect(main).to_contain_text("brouillon : pas encore servie aux candidats")
    both_widths(page, "equipe")


def test_evaluation_behind_login_french_metrics_failures_first(page, server, home_dir):
    report = {
        "cases": 3, "passed": False,
        "by_category": {"factual": {"cases": 2, "passed": 1}, "injection": {"cases": 1, "passed": 1}},
        "metrics": {"answer_accuracy": 0.5, "recall_at_5": 1.0},
        "thresholds": {"answer_accuracy": 0.95}, "threshold_kinds": {"answer_accuracy": "min"},
        "threshold_failures": ["answer_accuracy 0.500 < 0.95"],
        "baseline": {"name": "naive", "metrics": {"answer_accuracy": 0.15, "recall_at_5": 0.4},
                     "by_category": {"factual": {"cases": 2, "passed": 0}}},
        "failures": [{"id": "fact-01", "category": "factual", "question": "Quelle est la date limite ?",
                      "reasons": ["réponse sans la date attendue"]}],
    }
    (home_dir / "eval").mkdir(exist_ok=True)
    (home_dir / "eval" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    open_page(page, server + "/evaluation")
    main = page.locator('[data-testid="stMainBlockContainer"]')
    expect(main.get_by_role("button", name="Lancer l'évaluation")).to_have_count(0)
    expect(main).not_to_contain_text("Exactitude des réponses")
    login(page)
    expect(main.get_by_role("button", name="Lancer l'évaluation")).to_be_visible()
    expect(main).to_contain_text("Ce qu'il mesure")
    expect(main).to_contain_text("Cas réussis par catégorie")
    text = main.inner_text()
    assert text.index("Seuil non atteint") < text.index("fact-01") < text.index("Ce qu'il mesure")  # failures first
    assert "Référence naïve" in text and "Rappel à 5 (recherche)" in text
    assert "Exactitude des réponses : 50 % (seuil ≥ 95 %)" in text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "answer_accuracy" not in text
    both_widths(page, "evaluation")
