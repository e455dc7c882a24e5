"""The workbook's pages for end-to-end tests: people of the test's own, a goal made through the chat's store,
and the steps that open an item, edit it and read its history and cards."""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import BrowserContext, Locator, Page, expect

from citizenplan.demo import DEMO_PASSWORD
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, login, open_page

PASSWORD = "grøn cykel ved åen"
CONTACT_NAME = "Maria Holm"  # the demo contact person `maria`

WORKBOOK = "/arbejdsbog"
ITEM = "/arbejdsbog/punkt"
ACCESS_LOG = "/hvem-har-set"
CONTACT_HOME = "/kontaktperson"
SHARED_PLAN = "/kontaktperson/borger"

# The chat's questions for "Gør en drøm til et mål" (citizenplan/flows/dream_to_goal.py).
TITLE_Q = "Hvad vil du gerne nå?"
WHY_Q = "Hvorfor er det vigtigt for dig?"
SUCCESS_Q = "Hvordan kan du mærke, at du er nået i mål?"
WHEN_Q = "Hvornår vil du gerne være nået dertil?"
FIRST_STEP_Q = "Hvad er det første lille skridt?"
HELPER_Q = "Hvem kan hjælpe dig med det?"
AREA_Q = "Hvad i dit liv handler målet om?"
PRIORITY_Q = "Du har flere mål nu. Hvad vil du starte med?"
GOAL_DONE = "Godt gået! Dit mål og dit første skridt er gemt."


# "24. november 2026 14:05": the app's date and time (citizenplan/i18n.py date_time), in Danish.
DANISH_DATE_TIME = re.compile(r"\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober"
                              r"|november|december) \d{4} \d{2}:\d{2}")


@dataclass(frozen=True)
class People:
    """A fresh citizen followed by maria, both logged in, each in their own browser profile."""

    app_url: str
    name: str
    username: str
    citizen: Page
    citizen_context: BrowserContext
    contact: Page  # maria


def make_people(contact: Page, new_context: Callable[[], BrowserContext], app_url: str, label: str) -> People:
    """maria creates a citizen on /kontaktperson; the citizen activates with the code and logs in."""
    name = f"{label} {uuid.uuid4().hex[:6]}"
    login(contact, app_url, "maria", DEMO_PASSWORD, home=CONTACT_HOME)
    expect(contact.get_by_role("heading", level=1, name="Mine borgere")).to_be_visible()
    contact.get_by_label("Borgerens navn").fill(name)
    contact.get_by_role("button", name="Opret og lav kode").click()
    code = contact.locator("#handover-code")
    expect(code).to_have_text(re.compile(r"^\w{4}-\w{3}-\w{3}$"))
    code_text = code.inner_text().strip()

    citizen_context = new_context()
    citizen = citizen_context.new_page()
    open_page(citizen, app_url, "/aktiver")
    citizen.get_by_label("Kode").fill(code_text)
    citizen.get_by_role("button", name="Videre").click()
    username = f"wb.{uuid.uuid4().hex[:10]}"
    citizen.get_by_label("Vælg et brugernavn").fill(username)
    citizen.get_by_label("Vælg en adgangskode").fill(PASSWORD)
    citizen.get_by_label("Skriv adgangskoden igen").fill(PASSWORD)
    citizen.get_by_role("button", name="Gem og aktivér").click()
    expect_at(citizen, "/borger")  # logged in at once
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Hej {name}")
    return People(app_url, name, username, citizen, citizen_context, contact)


def _expect_question(page: Page, question: str) -> None:
    expect(page.get_by_role("log").locator(":scope > *").last).to_contain_text(question)


def _answer(page: Page, text: str, then: str) -> None:
    page.get_by_label("Dit svar", exact=True).fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    _expect_question(page, then)


def _chip(page: Page, label: str) -> Locator:
    return page.get_by_role("button", name=label, exact=True)


def again_if_finished(page: Page, first_question: str, done: str) -> None:
    """A goal made before leaves the flow finished: the chat shows how it ended, and "Start forfra" begins
    the next goal."""
    last = page.get_by_role("log").locator(":scope > *").last
    expect(last).to_contain_text(re.compile(f"{re.escape(first_question)}|{re.escape(done)}"))
    if done in last.inner_text():
        page.get_by_role("button", name="Start forfra", exact=True).click()


def make_goal(page: Page, app_url: str, title: str, *, why: str = "Så får jeg det bedre",
              success: str = "Jeg gør det uden at tænke over det", first_step: str = "Skrive det i kalenderen",
              area: str = "Fritid", first_goal: str | None = None) -> str:
    """A goal made in the chat, as a citizen without dreams makes it; returns its page (path and query).
    `first_goal`: the title to start with when the chat asks which goal comes first (from the second goal)."""
    open_page(page, app_url, "/samtale?flow=dream_to_goal")
    expect(page.get_by_role("heading", level=1, name="Gør en drøm til et mål")).to_be_visible()
    again_if_finished(page, TITLE_Q, GOAL_DONE)
    _expect_question(page, TITLE_Q)
    _answer(page, title, then=WHY_Q)
    _answer(page, why, then=SUCCESS_Q)
    _answer(page, success, then=WHEN_Q)
    _chip(page, "Om et år").click()
    _expect_question(page, FIRST_STEP_Q)
    _answer(page, first_step, then=HELPER_Q)
    page.get_by_role("button", name="Spring over").click()
    _expect_question(page, AREA_Q)
    _chip(page, area).click()
    if first_goal is not None:
        _expect_question(page, PRIORITY_Q)
        _chip(page, first_goal).click()
    _expect_question(page, GOAL_DONE)
    assert_accessible(page)
    open_workbook(page, app_url)
    href = goal_link(page, title).get_attribute("href")
    assert href and href.startswith(ITEM + "?id="), href
    return href


def open_workbook(page: Page, app_url: str) -> None:
    open_page(page, app_url, WORKBOOK)
    expect(page.get_by_role("heading", level=1, name="Min arbejdsbog")).to_be_visible()
    assert_accessible(page)


def goals_list(page: Page) -> Locator:
    return page.get_by_role("list", name="Mine mål")


def goal_link(page: Page, title: str) -> Locator:
    return goals_list(page).get_by_role("link", name=title, exact=True)


def goal_card(page: Page, title: str) -> Locator:
    return goals_list(page).get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def open_item(page: Page, app_url: str, href: str, expect_text: str) -> None:
    open_page(page, app_url, href)
    expect(page.get_by_role("heading", level=1, name="Mål")).to_be_visible()
    expect(item_card(page)).to_contain_text(expect_text)
    assert_accessible(page)


def item_card(page: Page) -> Locator:
    """The item's own words at the top of its page: the block around its first line (a paragraph)."""
    return page.get_by_role("main").get_by_role("paragraph").first.locator("xpath=..")


def edit_item(page: Page, **fields: str) -> None:
    """"Ret", change the fields by their labels ({label: text}), "Gem"; wait until the form has closed."""
    page.get_by_role("button", name="Ret", exact=True).click()
    for label, text in fields.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("button", name="Ret", exact=True)).to_be_visible()


def history(page: Page) -> Locator:
    """The versions under "Tidligere udgaver", newest first (the list is opened if it is closed)."""
    details = page.locator("details").filter(has=page.get_by_text("Tidligere udgaver", exact=True))
    if details.get_attribute("open") is None:
        page.get_by_text("Tidligere udgaver", exact=True).click()
    expect(details).to_have_attribute("open", "")
    return details.locator(":scope > div > div")
