"""Issue 20 in Chromium at 390x844: the citizen reads her whole plan on "Min plan", writes her remarks there,
downloads her own PDF (opened here, her texts found in it), and reaches her crisis plan from the home screen in
one tap, offline too; at logout the offline copy goes. Anna (the demo) reads her plan in its two levels (issue
19): the municipality's handleplan with its case worker and the indsatsplan with a delmål, on the page and in
her PDF; Bo follows the link to where he answers a delmål that waits for him. Screenshots go to MINPLAN_SHOTS
(if set).
"""

import io
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from citizenplan.clock import utcnow
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.domain import follow_up, workbook
from citizenplan.domain.workbook import ItemKind
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, login, logout, until_true
from tests.support.follow_up_data import (
    PASSWORD,
    _actor,
    app_db,
    goal,
    make_team,
    share_goals,
    sign_record,
    write_frame,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
WALK = "Gå en tur ved åen hver morgen"
PURPOSE = "Mere ro og overskud i hverdagen."
ASSESSMENT = "Vi arbejder med målet, fordi det giver bedre søvn."
REMARKS = "Jeg vil gerne have møderne om formiddagen."
SIGNS = "Jeg sover dårligt og lukker ikke op."


def _story(app: AppServer):
    team = make_team(app, "Minplan")
    (walk,) = share_goals(app, team.citizen, [goal(WALK)])
    write_frame(app, team.contact, team.citizen, purpose=PURPOSE)
    with app_db(app) as db:
        follow_up.assess_goal(db, _actor(db, team.contact.id), team.citizen.id, walk, "developing", True, ASSESSMENT)
    sign_record(app, team.contact, team.citizen, {walk: "partly_met"})
    with app_db(app) as db:
        workbook.create_with_fields(db, _actor(db, team.citizen.id), ItemKind.CRISIS_PLAN,
                                    {"signs": SIGNS, "contacts": [{"name": "Søs", "phone": "12 34 56 78"}]},
                                    now=utcnow())
    return team


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("MINPLAN_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _pdf_text(body: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).replace("\n", " ")


def test_anna_reads_her_whole_plan_writes_remarks_downloads_her_pdf_and_opens_her_crisis_plan_offline(
        app: AppServer, context: BrowserContext, tmp_path: Path) -> None:
    team = _story(app)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    login(page, app.base_url, team.citizen.username, PASSWORD, home="/borger")

    page.get_by_role("link", name="Min plan", exact=True).click()
    expect_at(page, "/min-plan")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
    for text in (WALK, PURPOSE, ASSESSMENT, f"Skrevet af {team.contact.name} (kontaktperson)", "Delvist opfyldt",
                 "Det, hjælpen skal føre dig hen imod på lang sigt."):
        expect(main).to_contain_text(text)
    expect(main.get_by_role("list", name="Det har du delt").get_by_role("listitem")).to_have_count(1)
    assert_accessible(page)
    _shot(page, "min-plan.png")

    page.get_by_label("Skriv det, du vil have med i planen. Fx hvis du er uenig i noget.").fill(REMARKS)
    page.get_by_label("Min kontaktperson må læse dem").check()
    page.get_by_role("button", name="Gem bemærkninger").click()
    expect(page.get_by_role("alert")).to_have_text("Dine bemærkninger er gemt.")
    expect(main.get_by_role("list", name="Det har du delt").get_by_role("listitem")).to_have_count(2)

    with page.expect_download() as info:
        page.get_by_role("link", name="Hent som PDF").click()
    download = info.value
    assert download.suggested_filename == "min-plan.pdf"
    path = tmp_path / "min-plan.pdf"
    download.save_as(path)
    text = _pdf_text(path.read_bytes())
    for expected in ("Min plan", WALK, PURPOSE, ASSESSMENT, REMARKS):
        assert expected in text, f"{expected!r} not in her PDF"

    page.get_by_role("link", name="Til forsiden").click()
    expect_at(page, "/borger")
    assert_accessible(page)
    _shot(page, "borger.png")
    page.get_by_role("link", name="Har du det svært? Se din kriseplan").click()
    expect(page).to_have_url(app.base_url.rstrip("/") + "/kriseplan")
    expect(page.get_by_role("heading", level=1, name="Min kriseplan")).to_be_visible()
    expect(page.get_by_role("link", name="Ring 112")).to_have_attribute("href", "tel:112")
    expect(page.get_by_role("main")).to_contain_text(SIGNS)
    expect(page.get_by_role("main")).to_contain_text("akuttelefonen i din region")
    assert_accessible(page)
    _shot(page, "kriseplan.png")

    # The service worker keeps her crisis plan: offline it still opens.
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    until_true(page, "caches.has('minvej-crisis-plan')")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("main")).to_contain_text(SIGNS)
    context.set_offline(False)

    page.get_by_role("link", name="Til forsiden").click()
    expect_at(page, "/borger")
    logout(page)
    assert page.evaluate("caches.has('minvej-crisis-plan')") is False


# A stand-in for the browser's speech: headless Chromium has no voice, so "Læs op" would stay hidden.
FAKE_SPEECH = """
window.__spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
const fake = { speaking: false, getVoices: () => [{ lang: "da-DK", name: "Dansk" }],
  speak: (u) => { window.__spoken.push(u.text); }, cancel: () => {}, addEventListener: () => {} };
Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
"""


def test_laes_op_reads_her_whole_plan_aloud(app: AppServer, new_context) -> None:
    team = _story(app)
    context = new_context()
    context.add_init_script(FAKE_SPEECH)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    login(page, app.base_url, team.citizen.username, PASSWORD, home="/borger")
    page.get_by_role("link", name="Min plan", exact=True).click()
    expect_at(page, "/min-plan")
    expect(page.get_by_role("main")).to_contain_text(PURPOSE)
    page.get_by_role("button", name="Læs op").click()
    page.wait_for_function("window.__spoken.length > 0")
    spoken = page.evaluate("window.__spoken.join('\\n')")  # in short pieces (assets/minvej.js)
    for text in (WALK, PURPOSE, ASSESSMENT, "Mine mål"):
        assert text in spoken
    assert "Gem bemærkninger" not in spoken  # the plan, not the page's buttons


# The demo (citizenplan/demo_plans.py): Anna's handleplan and indsatsplan, Bo's delmål he has not answered.
CASE_WORKER = "Lene Holm"
DELMAAL = "Maria går med Anna i Netto de første tre gange; derefter går Anna alene."
HER_ANSWER = "Jeg kan selv huske det."
BO_DELMAAL = "Jonas hjælper Bo med at søge boliger på nettet."


def test_anna_reads_her_handleplan_and_indsatsplan_on_min_plan_and_in_her_pdf(
        app: AppServer, new_context, tmp_path: Path) -> None:
    context = new_context()
    page = context.new_page()
    page.set_viewport_size(PHONE)
    login(page, app.base_url, "anna", DEMO_PASSWORD, home="/borger")
    page.get_by_role("link", name="Min plan", exact=True).click()
    expect_at(page, "/min-plan")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name="Kommunens handleplan")).to_be_visible()
    expect(main.get_by_role("heading", level=2, name="Indsatsplan")).to_be_visible()
    for text in (CASE_WORKER, "Aabenraa Kommune", f"Skrevet af {CASE_WORKER} (sagsbehandler)", "Tilbudt og taget imod",
                 "Anna har jævnlig kontakt med sin familie.", DELMAAL, "Hvem gør det", HER_ANSWER,
                 "Anna har glemt opkaldene i perioder.", "Egen læge", "Et lille trin på vejen mod et mål."):
        expect(main).to_contain_text(text)
    expect(main).not_to_contain_text("Rammen efter § 141")
    assert_accessible(page)
    _shot(page, "min-plan-anna.png")

    with page.expect_download() as info:
        page.get_by_role("link", name="Hent som PDF").click()
    path = tmp_path / "anna.pdf"
    info.value.save_as(path)
    text = _pdf_text(path.read_bytes())
    for expected in ("Kommunens handleplan", CASE_WORKER, "Indsatsplan", "Maria går med Anna i Netto", HER_ANSWER):
        assert expected in text, f"{expected!r} not in her PDF"
    context.close()


def test_bo_follows_the_link_from_min_plan_to_where_he_answers_his_delmaal(app: AppServer, new_context) -> None:
    context = new_context()
    page = context.new_page()
    page.set_viewport_size(PHONE)
    login(page, app.base_url, "bo", DEMO_PASSWORD, home="/borger")
    page.get_by_role("link", name="Min plan", exact=True).click()
    expect_at(page, "/min-plan")
    main = page.get_by_role("main")
    expect(main).to_contain_text(BO_DELMAAL)
    expect(main).to_contain_text("Du har ikke svaret endnu.")
    _shot(page, "min-plan-bo.png")
    main.get_by_role("link", name="Gå til målet og svar").click()
    expect(page).to_have_url(re.compile(r"/arbejdsbog/punkt\?id=\d+#agreements$"))
    expect(page.get_by_role("heading", level=2, name="Hvem gør hvad")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(BO_DELMAAL)
    expect(page.get_by_role("group", name="Er du med på det?")).to_be_visible()
    context.close()
