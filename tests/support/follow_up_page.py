"""The contact person's follow-up page for end-to-end tests: log in, open a citizen's follow-up, find a section,
choose and read the notice."""

from playwright.sync_api import Locator, Page, expect

from tests.support.app_server import AppServer
from tests.support.browser import login, open_page
from tests.support.follow_up_data import (
    PASSWORD,
    Person,
)

CONTACT_HOME = "/kontaktperson"
FRAME = "Kommunens handleplan (§ 141)"


FRAME_SAVED = "Kommunens handleplan er gemt."


PHONE = {"width": 390, "height": 844}


def log_in(page: Page, app: AppServer, person: Person, home: str = CONTACT_HOME) -> None:
    login(page, app.base_url, person.username, PASSWORD, home=home)


def open_follow_up(page: Page, app: AppServer, citizen: Person) -> None:
    """The follow-up page, loaded: its heading names the citizen and the frame's form is there."""
    open_page(page, app.base_url, f"/kontaktperson/opfoelgning?id={citizen.id}")
    expect(page.get_by_role("heading", level=1, name=f"Opfølgning: {citizen.name}")).to_be_visible()
    expect(page.get_by_role("button", name="Gem kommunens handleplan")).to_be_visible()


def section(page: Page, name: str) -> Locator:
    """A part of the follow-up page: a <section> named by its heading."""
    return page.get_by_role("region", name=name, exact=True)


def notice(page: Page) -> Locator:
    """The green notice after something was saved, at the top of the section it is about."""
    return page.get_by_role("main").get_by_role("status")


def choose(scope: Locator, question: str, answer: str) -> None:
    """Tick `answer` among the radios of the question (fieldset) `question`."""
    radio = scope.get_by_role("group", name=question, exact=True).get_by_role("radio", name=answer, exact=True)
    radio.check()
    expect(radio).to_be_checked()
