"""Language: Danish first, English on request; a logged-in person's choice is kept with their account."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan import i18n
from citizenplan.demo import DEMO_PASSWORD
from citizenplan.domain.vocabulary import LOCALES
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import (
    any_language,
    expect_login_page,
    login,
    logout,
    open_page,
    wait_until_interactive,
)

pytestmark = pytest.mark.e2e

# bo is used by no other e2e test; his language is put back to Danish whatever happens.
USER, NAME = "bo", "Bo Nielsen"
DANISH_HEADING = f"Hej {NAME}"


def _html_lang(page: Page) -> str:
    return page.evaluate("document.documentElement.lang")


def _expect_lang(page: Page, lang: str) -> None:
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang)


def _expect_lang_of_login_page(page: Page) -> None:
    """Whichever language the login page is in, <html lang> says that language (WCAG 3.1.1)."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(any_language("Log ind"))
    shown = heading.inner_text().strip()
    lang = next(locale for locale in LOCALES if i18n.gettext(locale, "Log ind") == shown)
    _expect_lang(page, lang)


@pytest.fixture
def danish_again(app: AppServer) -> Iterator[None]:
    yield
    app.execute("UPDATE user SET locale = 'da' WHERE username = ?", (USER,))


def _expect_english_home(page: Page) -> None:
    _expect_lang(page, "en")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(NAME)
    expect(heading).not_to_have_text(DANISH_HEADING)
    expect(page.get_by_role("banner").get_by_role("button", name="Dansk")).to_be_visible()


def test_a_citizen_who_chooses_english_keeps_it_after_logging_in_again(
        page: Page, new_context: Callable[[], BrowserContext], app_url: str, danish_again: None) -> None:
    login(page, app_url, USER, DEMO_PASSWORD, home="/borger")
    expect(page.get_by_role("heading", level=1)).to_have_text(DANISH_HEADING)
    assert _html_lang(page) == "da"

    page.get_by_role("banner").get_by_role("button", name="English").click()

    _expect_english_home(page)
    english_heading = page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)

    logout(page)
    expect_login_page(page)
    _expect_lang_of_login_page(page)
    assert_accessible(page)

    # Another phone, another tab: the choice comes from the account, not from the browser.
    other = new_context().new_page()
    login(other, app_url, USER, DEMO_PASSWORD, home="/borger")
    _expect_english_home(other)
    expect(other.get_by_role("heading", level=1)).to_have_text(english_heading)
    assert_accessible(other)

    other.get_by_role("banner").get_by_role("button", name="Dansk").click()
    _expect_lang(other, "da")
    expect(other.get_by_role("heading", level=1)).to_have_text(DANISH_HEADING)
    assert_accessible(other)


def test_a_visitor_can_read_the_login_page_in_english(page: Page, app_url: str) -> None:
    open_page(page, app_url, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")

    page.get_by_role("banner").get_by_role("button", name="English").click()

    _expect_lang(page, "en")
    english = i18n.gettext("en", "Log ind")
    assert english != "Log ind", "the English catalogue has no text for the login heading"
    expect(page.get_by_role("heading", level=1)).to_have_text(english)
    assert_accessible(page)

    # The tab keeps its language when the page is loaded again, and <html lang> keeps up with it.
    page.reload()
    wait_until_interactive(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(english)
    _expect_lang(page, "en")
