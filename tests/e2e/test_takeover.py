"""No silent takeover by staff (issue 16, section 2), in the browser: Maria cannot use her fresh start's code
in her own logged-in browser; the citizen who uses it is told on her home and in "Hvem har set min plan";
the manager sees the code's use on /leder."""

import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from citizenplan.demo import DEMO_PASSWORD
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, login, logout, open_page, too_small_to_tap

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "grøn cykel ved åen"
SECOND_PASSWORD = "rød bil ved søen"
# Where to keep the 390 px screenshot of the notice, when asked (CITIZENPLAN_SCREENSHOTS=folder).
SCREENSHOTS = os.environ.get("CITIZENPLAN_SCREENSHOTS", "")


def _shown_code(page: Page) -> str:
    code = page.locator("#handover-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{3}-[A-Z2-9]{3}$"))
    return code.inner_text().strip()


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def _set_up(page: Page, app_url: str, code: str, password: str, username: str = "", home: str = "/borger") -> None:
    """In a browser where nobody is logged in: use the code, choose a password (and a name the first time);
    the person is then logged in at once, on her home."""
    open_page(page, app_url, f"/aktiver?kode={code.replace('-', '')}")
    if username:
        page.get_by_label("Vælg et brugernavn").fill(username)
    page.get_by_label("Vælg en adgangskode").fill(password)
    page.get_by_label("Skriv adgangskoden igen").fill(password)
    page.get_by_role("button", name="Gem og aktivér").click()
    expect_at(page, home)


def test_a_fresh_start_is_refused_in_the_makers_browser_and_told_to_the_citizen_and_the_manager(
        page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> None:
    name = f"Sofie {uuid.uuid4().hex[:6]}"
    username = f"sofie.{uuid.uuid4().hex[:8]}"
    login(page, app_url, "maria", DEMO_PASSWORD, home="/kontaktperson")
    page.get_by_label("Borgerens navn").fill(name)
    page.get_by_role("button", name="Opret og lav kode").click()
    citizen = new_context().new_page()
    _set_up(citizen, app_url, _shown_code(page), NEW_PASSWORD, username)

    # Maria makes a fresh start for her and tries the code herself, in her own browser: "Log ud først".
    page.get_by_role("button", name="Luk").click()
    page.get_by_role("button", name=f"Ny kode til {name}").click()
    code = _shown_code(page)
    expect(page.get_by_text("Den udløber", exact=False)).to_contain_text(re.compile(r"\d\d:\d\d"))
    open_page(page, app_url, f"/aktiver?kode={code.replace('-', '')}")
    expect(page.get_by_role("alert")).to_contain_text("Log ud først")
    expect(page.get_by_label("Vælg en adgangskode")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("button", name="Log ud")).to_be_visible()
    assert_accessible(page)
    _screenshot(page, "activation-log-out-first")

    # The code works in a browser where nobody is logged in; her home then says what happened.
    logout(citizen)
    _set_up(citizen, app_url, code, SECOND_PASSWORD)
    notice = citizen.get_by_role("region", name="Din adgang er sat op igen")
    expect(notice).to_contain_text(re.compile(
        r"Din adgang blev sat op igen den \d+\. \w+ \d{4} med en kode fra Maria Holm \(kontaktperson\)\."))
    expect(notice).to_contain_text("Var det ikke dig, så sig det til Lone Larsen (leder).")
    assert_accessible(citizen)
    assert too_small_to_tap(citizen, "#fresh-start-notice button") == []
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling at 390 px
    _screenshot(citizen, "citizen-fresh-start-notice")

    # "Hvem har set min plan" has it too.
    notice.get_by_role("link", name="Se, hvem der har set din plan").click()
    expect_at(citizen, "/hvem-har-set")
    expect(citizen.get_by_role("main")).to_contain_text("Maria Holm")
    expect(citizen.get_by_role("main")).to_contain_text("Den, der brugte koden, kunne se alt i din plan.")
    assert_accessible(citizen)
    _screenshot(citizen, "access-log-fresh-start")

    # She says she has seen it: it stays away, also after a reload.
    open_page(citizen, app_url, "/borger")
    citizen.get_by_role("button", name="Jeg har set det").click()
    expect(citizen.get_by_role("region", name="Din adgang er sat op igen")).to_have_count(0)
    open_page(citizen, app_url, "/borger")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Hej {name}")
    expect(citizen.get_by_role("region", name="Din adgang er sat op igen")).to_have_count(0)

    # The manager sees both codes' use: names and dates, nothing of her plan.
    manager = new_context().new_page()
    login(manager, app_url, "leder", DEMO_PASSWORD, home="/leder")
    uses = manager.locator("#code-uses")
    expect(uses).to_contain_text(
        f"{name} (borger) fik sin adgang sat op igen med en kode fra Maria Holm (kontaktperson).")
    expect(uses).to_contain_text(f"{name} (borger) aktiverede sin adgang med en kode fra Maria Holm (kontaktperson).")
    assert_accessible(manager)
    _screenshot(manager, "manager-code-uses")


def test_a_colleague_confirms_the_new_access_that_the_manager_made_the_code_for(
        page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> None:
    name = f"Kollega {uuid.uuid4().hex[:6]}"
    login(page, app_url, "leder", DEMO_PASSWORD, home="/leder")
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_label("Enhed", exact=True).select_option(label="Bostedet Lyngen")
    page.get_by_role("button", name="Invitér og lav kode").click()
    _set_up(new_context().new_page(), app_url, _shown_code(page), NEW_PASSWORD, f"kollega.{uuid.uuid4().hex[:8]}",
            home="/kontaktperson")

    open_page(page, app_url, "/leder")
    waiting = page.get_by_role("list", name="Bekræft en ny adgang").get_by_role("listitem").filter(has_text=name)
    expect(waiting).to_contain_text("Du lavede koden, så en anden skal bekræfte.")
    expect(waiting.get_by_role("button")).to_have_count(0)
    assert_accessible(page)

    colleague = new_context().new_page()
    login(colleague, app_url, "maria", DEMO_PASSWORD, home="/kontaktperson")
    confirm = colleague.get_by_role("button", name=f"Bekræft {name}")
    expect(confirm).to_be_visible()
    assert_accessible(colleague)
    _screenshot(colleague, "contact-confirm-access")
    confirm.click()
    expect(confirm).to_have_count(0)
    open_page(page, app_url, "/leder")
    expect(page.get_by_role("heading", name="Kontaktpersoner")).to_be_visible()
    expect(page.get_by_role("list", name="Bekræft en ny adgang").get_by_role("listitem").filter(has_text=name)
           ).to_have_count(0)
