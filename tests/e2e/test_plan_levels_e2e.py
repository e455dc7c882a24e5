"""The two levels of the plan in Chromium (issue 19), at 390x844: the contact person records the
municipality's handleplan from its plan (a date in the future is refused and nothing typed is lost), links
the citizen's goal to one of its goals, proposes a delmål (refused without anyone responsible, then saved);
the citizen disagrees with it on her goal's page, in her own words; the contact person writes the dated
professional assessment, and both stay visible, to both of them.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan.clock import danish_today
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import login, open_page
from tests.support.follow_up_data import PASSWORD, goal, make_team, share_goals
from tests.support.follow_up_page import (
    FRAME,
    FRAME_SAVED,
    PHONE,
    choose,
    log_in,
    notice,
    open_follow_up,
    section,
)

pytestmark = pytest.mark.e2e

PLAN = "Indsatsplan"
CHILDREN = "Se mine børn hver anden uge"
MUNICIPAL_GOAL = "Et tættere forhold til børnene"
WHAT = "Bostøtten hjælper med en aftale om tid, sted og aktivitet med børnene"
HER_WORDS = "Hver 14. dag er for tit lige nu."
ASSESSMENT = "En fast rytme gør samværet lettere for børnene."
SHOTS = Path("/tmp/plan19a-shots")


def goal_card(page: Page, title: str):
    return section(page, PLAN).get_by_role("heading", level=3, name=title, exact=True).locator("xpath=..")


def test_handleplan_delmål_disagreement_and_assessment(app: AppServer, page: Page,
                                                       new_context: Callable[[], BrowserContext]) -> None:
    team = make_team(app, "Niveauer")
    (goal_id,) = share_goals(app, team.citizen, [goal(CHILDREN, life_area="family")])
    page.set_viewport_size(PHONE)
    log_in(page, app, team.contact)
    open_follow_up(page, app, team.citizen)

    # The municipality's handleplan: a date in the future is refused; what was typed stays.
    frame = section(page, FRAME)
    frame.get_by_label("Sagsbehandler", exact=True).fill("Lene Holm")
    frame.get_by_label("Kommune", exact=True).fill("Aabenraa Kommune")
    frame.get_by_label("Handleplanens dato", exact=True).fill((danish_today() + timedelta(days=2)).isoformat())
    frame.get_by_label("Formålet med indsatsen", exact=True).fill("Et godt forhold til børnene.")
    frame.get_by_label("Nyt mål i handleplanen").first.fill(MUNICIPAL_GOAL)
    choose(frame, "Er borgeren tilbudt en handleplan?", "Tilbudt og taget imod")
    frame.get_by_role("button", name="Gem kommunens handleplan").click()
    expect(frame.get_by_role("alert")).to_contain_text("Handleplanens dato kan ikke ligge i fremtiden.")
    expect(frame.get_by_label("Sagsbehandler", exact=True)).to_have_value("Lene Holm")
    expect(frame.get_by_label("Nyt mål i handleplanen").first).to_have_value(MUNICIPAL_GOAL)
    frame.get_by_label("Handleplanens dato", exact=True).fill((danish_today() - timedelta(days=5)).isoformat())
    frame.get_by_role("button", name="Gem kommunens handleplan").click()
    expect(notice(page)).to_have_text(FRAME_SAVED)
    expect(frame.get_by_label("Mål i handleplanen", exact=True)).to_have_value(MUNICIPAL_GOAL)

    # The indsatsplan: her goal in her words, linked to the handleplan's goal.
    card = goal_card(page, CHILDREN)
    choose(card, "Hører til handleplanens mål", MUNICIPAL_GOAL)
    card.get_by_label("Hvem er ansvarlig for målet", exact=True).fill("Erik og bostøtten")
    card.get_by_role("button", name="Gem indsatsplanen for målet").click()
    expect(notice(page)).to_have_text("Indsatsplanen for målet er gemt.")

    # A delmål without anyone responsible is refused; the words stay; then it is saved.
    card = goal_card(page, CHILDREN)
    card.get_by_text("Foreslå et delmål", exact=True).click()
    card.get_by_label("Hvad skal der gøres?").fill(WHAT)
    card.get_by_label("Hvor tit? (kan udelades)").fill("hver 14. dag")
    card.get_by_role("button", name="Gem delmålet").click()
    expect(card.get_by_role("alert")).to_contain_text("Skriv, hvem der er ansvarlig for delmålet.")
    expect(card.get_by_label("Hvad skal der gøres?")).to_have_value(WHAT)
    card.get_by_label("Hvem er ansvarlig?", exact=True).fill("Bostøtten")
    card.get_by_role("button", name="Gem delmålet").click()
    expect(notice(page)).to_contain_text("Delmålet er gemt.")
    expect(goal_card(page, CHILDREN)).to_contain_text("Borgeren har ikke svaret endnu.")
    assert_accessible(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "contact.png"), full_page=True)

    # The citizen disagrees on her goal's page, in her own words.
    her = new_context().new_page()
    her.set_viewport_size(PHONE)
    login(her, app.base_url, team.citizen.username, PASSWORD, home="/borger")
    open_page(her, app.base_url, "/arbejdsbog")
    expect(her.get_by_role("heading", name="Kommunens plan for dig")).to_be_visible()
    expect(her.get_by_text("Lavet af kommunen: Lene Holm, Aabenraa Kommune", exact=False)).to_be_visible()
    expect(her.get_by_text("Din kontaktperson har foreslået, hvem der gør hvad.", exact=False)).to_be_visible()
    assert_accessible(her)
    open_page(her, app.base_url, f"/arbejdsbog/punkt?id={goal_id}")
    expect(her.get_by_role("heading", name="Hvem gør hvad")).to_be_visible()
    expect(her.get_by_text(f"Kommunens mål for dig: {MUNICIPAL_GOAL}")).to_be_visible()
    agreement = her.get_by_role("listitem").filter(has_text=WHAT)
    choose(agreement, "Er du med på det?", "Nej, det er jeg ikke enig i")
    agreement.get_by_label("Skriv gerne med dine egne ord").fill(HER_WORDS)
    agreement.get_by_role("button", name="Send svar").click()
    expect(agreement).to_contain_text("Du har sagt, at du ikke er enig.")
    assert_accessible(her)
    her.screenshot(path=str(SHOTS / "citizen.png"), full_page=True)

    # The contact person writes the dated assessment; her words stay beside it.
    open_follow_up(page, app, team.citizen)
    card = goal_card(page, CHILDREN)
    expect(card).to_contain_text("Borgeren er ikke enig")
    expect(card).to_contain_text(HER_WORDS)
    card.get_by_label("Din faglige vurdering", exact=True).fill(ASSESSMENT)
    card.get_by_role("button", name="Gem vurderingen").click()
    expect(notice(page)).to_have_text("Din faglige vurdering er gemt.")
    card = goal_card(page, CHILDREN)
    expect(card).to_contain_text(ASSESSMENT)
    expect(card).to_contain_text(HER_WORDS)

    her.reload()
    agreement = her.get_by_role("listitem").filter(has_text=WHAT)
    expect(agreement).to_contain_text(ASSESSMENT)
    expect(agreement).to_contain_text(HER_WORDS)
    her.context.close()
