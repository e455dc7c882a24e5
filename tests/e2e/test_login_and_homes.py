"""Logging in: each role lands on its own home; a wrong login says as little as possible; guessing is slowed."""

import pytest
from playwright.sync_api import Page, expect

from citizenplan.demo import DEMO_PASSWORD
from tests.support.axe import assert_accessible
from tests.support.browser import expect_login_page, fill_login, login, open_page

pytestmark = pytest.mark.e2e

WRONG_LOGIN = "Forkert brugernavn eller adgangskode."


@pytest.mark.parametrize(("username", "home", "heading"), [
    ("leder", "/leder", "Min enhed"),
    ("maria", "/kontaktperson", "Mine borgere"),
    ("anna", "/borger", "Hej Anna Jensen"),
    ("karen", "/paarorende", "Hej Karen Jensen"),
])
def test_each_role_logs_in_and_lands_on_its_own_home(page: Page, app_url: str, username: str, home: str,
                                                      heading: str) -> None:
    open_page(page, app_url, "/")
    expect(page.get_by_role("heading", level=1, name="Log ind")).to_be_visible()
    assert_accessible(page)

    login(page, app_url, username, DEMO_PASSWORD, home=home)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_a_wrong_password_is_refused_and_the_user_name_stays_in_the_box(page: Page, app_url: str) -> None:
    open_page(page, app_url, "/")
    fill_login(page, "dennis", "forkert-kodeord")

    expect(page.get_by_role("alert")).to_have_text(WRONG_LOGIN)
    expect(page.get_by_label("Brugernavn")).to_have_value("dennis")
    expect_login_page(page)
    assert_accessible(page)


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(page: Page, app_url: str) -> None:
    open_page(page, app_url, "/")
    fill_login(page, "ingen-saadan-bruger", DEMO_PASSWORD)

    expect(page.get_by_role("alert")).to_have_text(WRONG_LOGIN)
    expect_login_page(page)
    assert_accessible(page)


def test_after_five_wrong_passwords_even_the_right_one_must_wait(page: Page, app_url: str) -> None:
    # camilla is used by no other e2e test: her lock-out cannot disturb them.
    open_page(page, app_url, "/")
    alert = page.get_by_role("alert")
    for attempt in range(1, 5):
        fill_login(page, "camilla", f"forkert-{attempt}")
        expect(alert).to_have_text(WRONG_LOGIN)
        expect(alert).not_to_contain_text("Vent")

    fill_login(page, "camilla", "forkert-5")
    expect(alert).to_contain_text("Vent")
    assert_accessible(page)

    fill_login(page, "camilla", DEMO_PASSWORD)
    expect(alert).to_contain_text("Vent")
    expect(alert).to_contain_text("for mange gange")
    expect_login_page(page)
