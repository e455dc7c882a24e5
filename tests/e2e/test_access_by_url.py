"""Typing another role's address leads back to your own home; the server logs the refusal."""

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer
from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, expect_login_page, login, open_page

pytestmark = pytest.mark.e2e


def _eventually(condition: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    """True as soon as `condition` holds (the audit write and the redirect may race by milliseconds)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _refusals(app: AppServer, username: str, page_path: str) -> int:
    return app.query(
        "SELECT COUNT(*) FROM audit_event WHERE actor_id = ? AND action = 'open_page' AND allowed = 0 "
        "AND detail = ?", (app.user_id(username), page_path))[0][0]


@pytest.mark.parametrize("forbidden", ["/kontaktperson", "/leder", "/paarorende"])
def test_a_citizen_who_opens_a_staff_page_by_url_ends_on_their_own_home_and_the_attempt_is_logged(
        page: Page, app: AppServer, forbidden: str) -> None:
    login(page, app.base_url, "anna", DEMO_PASSWORD, home="/borger")
    before = _refusals(app, "anna", forbidden)

    open_page(page, app.base_url, forbidden)

    expect_at(page, "/borger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Anna Jensen")
    assert_accessible(page)
    assert _eventually(lambda: _refusals(app, "anna", forbidden) == before + 1), (
        f"expected one audit_event (open_page, allowed=0, {forbidden}) for anna, "
        f"found {_refusals(app, 'anna', forbidden) - before}")


def test_a_relative_who_opens_the_citizen_page_ends_on_the_relative_home(page: Page, app_url: str) -> None:
    login(page, app_url, "karen", DEMO_PASSWORD, home="/paarorende")

    open_page(page, app_url, "/borger")

    expect_at(page, "/paarorende")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Karen Jensen")
    assert_accessible(page)


@pytest.mark.parametrize("private", ["/borger", "/kontaktperson", "/leder", "/paarorende"])
def test_someone_not_logged_in_who_opens_a_private_page_ends_on_the_login_page(page: Page, app_url: str,
                                                                               private: str) -> None:
    open_page(page, app_url, private)

    expect_login_page(page)
    assert_accessible(page)
