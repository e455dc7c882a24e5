"""The look (issue 21): Det Fælles Designsystem's patterns as inspiration, in our own CSS (assets/styles.css).

What a person sees is checked as the browser draws it: the heading scale, the form field (label above, hint
under the label and tied to the box, then the box), an error with a red bar and "Fejl:" before its words,
one clear focus ring, primary and secondary buttons, and a calm header in the page's own colours.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

from citizenplan import routes
from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer
from tests.support.axe import violations
from tests.support.browser import LOCALE, PHONE, fill_login, login, open_page

pytestmark = pytest.mark.e2e

NOBODY = "ingen-med-det-navn"  # a wrong login that locks out no one another test relies on


def _style(page: Page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.locator(selector).first.evaluate(
        "(e, [prop, pseudo]) => getComputedStyle(e, pseudo).getPropertyValue(prop)", [prop, pseudo])


def test_the_login_page_has_the_scale_the_field_pattern_the_error_and_the_focus_ring(page: Page, app_url: str) -> None:
    open_page(page, app_url, "/")
    assert _style(page, "body", "font-family").startswith('"IBM Plex Sans"')
    assert _style(page, "main h1", "font-size") == "28px" and _style(page, "main h1", "line-height") == "36px"
    # The header is calm: the page's own white, a thin accent line on top.
    assert _style(page, "header", "background-color") == "rgb(255, 255, 255)"
    assert _style(page, "header", "border-top-width") == "4px"

    label, box = page.locator("label[for=field-username]"), page.locator("#field-username")
    label_box, field_box = label.bounding_box(), box.bounding_box()
    assert label_box["y"] + label_box["height"] <= field_box["y"], "the label stands above the box"
    assert abs(label_box["x"] - field_box["x"]) < 2, "and starts where the box starts"
    assert _style(page, "label[for=field-username]", "font-weight") == "600"

    box.focus()
    ring = page.locator(".form-field:has(#field-username) .rt-TextFieldRoot")
    assert ring.evaluate("e => getComputedStyle(e).outlineWidth") == "3px"
    assert ring.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"

    fill_login(page, NOBODY, "forkert-kode-1")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Forkert brugernavn eller adgangskode.")  # the words are the server's, unchanged
    assert _style(page, "[role=alert]", "content", "::before") == '"Fejl: "'
    assert _style(page, "[role=alert]", "border-left-width") == "4px"
    assert _style(page, "[role=alert]", "border-left-style") == "solid"

    # In English the prefix is English (it comes from the catalogue, like every text).
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1, name="Log in")).to_be_visible()
    fill_login(page, NOBODY, "forkert-kode-2")
    expect(page.get_by_role("alert")).to_be_visible()
    assert _style(page, "[role=alert]", "content", "::before") == '"Error: "'


def test_a_hint_stands_between_the_label_and_the_box_and_the_box_is_described_by_it(app: AppServer,
                                                                                    page: Page) -> None:
    login(page, app.base_url, "maria", DEMO_PASSWORD, home=routes.CONTACT_PERSON_HOME)
    open_page(page, app.base_url, routes.follow_up(app.user_id("anna")))
    box = page.locator("#frame-scope")
    expect(box).to_be_attached()
    hint = page.locator(f"#{box.get_attribute('aria-describedby')}")
    expect(hint).to_have_text('Fx "bostøtte 4 timer om ugen".')
    label = page.locator("label[for=frame-scope]")
    box.scroll_into_view_if_needed()
    tops = [part.bounding_box()["y"] for part in (label, hint, box)]
    assert tops == sorted(tops), "label, then hint, then box"


def test_primary_and_secondary_buttons_differ_and_the_secondary_has_a_border(page: Page, app_url: str) -> None:
    login(page, app_url, "anna", DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    primary = page.locator("main .rt-Button.rt-variant-solid").first
    secondary = page.get_by_role("banner").get_by_role("button", name="Log ud")
    assert primary.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(31, 95, 91)"
    assert secondary.evaluate("e => getComputedStyle(e).boxShadow").endswith("0px 0px 0px 2px inset")
    assert secondary.evaluate("e => getComputedStyle(e).backgroundColor") != "rgb(31, 95, 91)"


def test_an_error_passes_axe_in_dark_mode(browser: Browser, app: AppServer) -> None:
    context = browser.new_context(viewport=PHONE, locale=LOCALE, base_url=app.base_url, color_scheme="dark")
    try:
        page = context.new_page()
        open_page(page, app.base_url, "/")
        fill_login(page, NOBODY, "forkert-kode-3")
        expect(page.get_by_role("alert")).to_be_visible()
        assert page.evaluate("document.documentElement.classList.contains('dark')")
        assert violations(page) == []
    finally:
        context.close()
