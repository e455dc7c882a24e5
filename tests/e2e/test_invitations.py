"""Invitations: a professional makes a one-time code; the new person activates with it and is logged in at
once, with the same HttpOnly cookie a login gives (issue 17: she typed her new login twice before)."""

import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.demo import DEMO_PASSWORD
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, login, open_page, wait_until_interactive

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "grøn cykel ved åen"
CODE_FORMAT = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$")
ALREADY_USED = "Koden er allerede brugt"


def _unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def _shown_code(page: Page) -> str:
    card = page.get_by_role("heading", name="Kode til aktivering")
    expect(card).to_be_visible()
    code = page.locator("#handover-code")
    expect(code).to_have_text(CODE_FORMAT)
    return code.inner_text().strip()


def _create_citizen(page: Page, app_url: str, name: str) -> str:
    """As maria (contact person): create a citizen and return the code shown on the card."""
    login(page, app_url, "maria", DEMO_PASSWORD, home="/kontaktperson")
    expect(page.get_by_role("heading", level=1, name="Mine borgere")).to_be_visible()
    page.get_by_label("Borgerens navn").fill(name)
    page.get_by_role("button", name="Opret og lav kode").click()
    code = _shown_code(page)
    expect(page.get_by_text(name, exact=True).first).to_be_visible()
    assert_accessible(page)
    return code


def _enter_code(page: Page, app_url: str, code: str) -> None:
    open_page(page, app_url, "/aktiver")
    expect(page.get_by_role("heading", level=1, name="Aktivér din adgang")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kode").fill(code)
    page.get_by_role("button", name="Videre").click()


def _choose_login(page: Page, display_name: str, username: str, home: str) -> None:
    """Choose a user name and a password; without typing them again she lands on her home, logged in."""
    expect(page.get_by_text(display_name)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vælg et brugernavn").fill(username)
    page.get_by_label("Vælg en adgangskode").fill(NEW_PASSWORD)
    page.get_by_label("Skriv adgangskoden igen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem og aktivér").click()
    expect_at(page, home)
    cookies = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
    assert len(cookies) == 1 and cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(COOKIE_NAME) == -1


def test_a_contact_person_creates_a_citizen_who_activates_with_the_code_and_is_logged_in_at_once(
        page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> None:
    name = "Test Borger"
    code = _create_citizen(page, app_url, name)

    citizen = new_context().new_page()
    username = _unique("test.borger.")
    _enter_code(citizen, app_url, code)
    _choose_login(citizen, name, username, home="/borger")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Hej {name}")
    assert_accessible(citizen)

    citizen.reload()  # a real session: the cookie carries her on
    expect_at(citizen, "/borger")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Hej {name}")

    later = new_context().new_page()  # and the login she chose works on another device
    login(later, app_url, username, NEW_PASSWORD, home="/borger")


def _watch_dialogs(page: Page) -> list[str]:
    """Every alert() the page opens, dismissed: a script that ran would show here."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def _shown_as_text_and_never_run(page: Page, name: str, dialogs: list[str]) -> None:
    """Nothing in the name ran or became an element, and it is on the page as the letters she typed."""
    assert dialogs == [], f"a script in a name ran: {dialogs}"
    assert page.evaluate("() => window.__minvejInjected") is None, "a script in a name ran"
    assert page.locator("img[src=x]").count() == 0, "an element from the name was put in the page"
    assert page.locator("script", has_text="__minvejInjected").count() == 0, "a script from the name is in the page"
    expect(page.get_by_text(name, exact=False).first).to_be_visible()


def test_a_name_with_a_script_is_shown_as_text_and_nothing_in_it_runs(
        page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> None:
    """What tests/app/test_state_handlers.py stores, seen where the name is rendered: the contact person's list
    and the code's card (also after a reload), the activation page and the citizen's own home."""
    name = (f'<script>window.__minvejInjected = 1</script><img src=x onerror="window.__minvejInjected = 2; '
            f'alert(2)"> {_unique("Ida ")}')
    dialogs = _watch_dialogs(page)
    login(page, app_url, "maria", DEMO_PASSWORD, home="/kontaktperson")
    page.get_by_label("Borgerens navn").fill(name)
    page.get_by_role("button", name="Opret og lav kode").click()
    code = _shown_code(page)
    _shown_as_text_and_never_run(page, name, dialogs)
    expect(page.get_by_text(name, exact=True).first).to_be_visible()
    assert_accessible(page)
    page.reload()
    wait_until_interactive(page)
    _shown_as_text_and_never_run(page, name, dialogs)

    citizen = new_context().new_page()
    citizen_dialogs = _watch_dialogs(citizen)
    _enter_code(citizen, app_url, code)
    _shown_as_text_and_never_run(citizen, name, citizen_dialogs)
    _choose_login(citizen, name, _unique("ida."), home="/borger")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Hej {name}")
    _shown_as_text_and_never_run(citizen, name, citizen_dialogs)
    assert_accessible(citizen)


def test_a_code_works_only_once(page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> None:
    name = "Engang Borger"
    code = _create_citizen(page, app_url, name)
    first = new_context().new_page()
    _enter_code(first, app_url, code)
    _choose_login(first, name, _unique("engang."), home="/borger")

    second = new_context().new_page()
    _enter_code(second, app_url, code)
    expect(second.get_by_role("alert")).to_contain_text(ALREADY_USED)
    expect(second.get_by_label("Vælg en adgangskode")).to_have_count(0)
    assert_accessible(second)


def test_the_link_on_the_card_opens_activation_with_the_code_filled_in(
        page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> None:
    name = "Link Borger"
    code = _create_citizen(page, app_url, name)
    link = f"{app_url}/aktiver?kode={code.replace('-', '')}"  # CITIZENPLAN_PUBLIC_URL is the test server
    expect(page.locator("#handover-link")).to_have_attribute("href", link)

    citizen = new_context().new_page()
    citizen.goto(link)
    wait_until_interactive(citizen)
    _choose_login(citizen, name, _unique("link."), home="/borger")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Hej {name}")

    again = new_context().new_page()
    again.goto(link)
    wait_until_interactive(again)
    expect(again.get_by_role("alert")).to_contain_text(ALREADY_USED)
    assert_accessible(again)


def test_a_manager_invites_a_contact_person_who_activates_and_logs_in(
        page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> None:
    login(page, app_url, "leder", DEMO_PASSWORD, home="/leder")
    expect(page.get_by_role("heading", level=1, name="Min enhed")).to_be_visible()
    name = "Test Kontaktperson"
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_label("Enhed", exact=True).select_option(label="Bostedet Lyngen")
    page.get_by_role("button", name="Invitér og lav kode").click()
    code = _shown_code(page)
    assert_accessible(page)

    colleague = new_context().new_page()
    username = _unique("kontakt.")
    _enter_code(colleague, app_url, code)
    _choose_login(colleague, name, username, home="/kontaktperson")
    expect(colleague.get_by_role("heading", level=1, name="Mine borgere")).to_be_visible()
    assert_accessible(colleague)
