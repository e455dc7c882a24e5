"""Logins are limited per client address, across any number of made-up user names: the address is the one
the browser's websocket really comes from, and at the limit even a right password from there must wait."""

import time

import pytest
from playwright.sync_api import Page, expect

from citizenplan.auth import throttle
from citizenplan.clock import utcnow
from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer, db_time
from tests.support.browser import expect_login_page, fill_login, open_page

pytestmark = pytest.mark.e2e

WRONG_LOGIN = "Forkert brugernavn eller adgangskode."
COUNTED_WITHIN_S = 30


def _counts(app: AppServer) -> dict[str, int]:
    return dict(app.query("SELECT address, failures FROM login_address_throttle"))


def _address_counted(app: AppServer, before: dict[str, int], more: int) -> str:
    """The one address whose count went up by `more` since `before` (waits until the server has counted)."""
    deadline = time.monotonic() + COUNTED_WITHIN_S
    while True:
        grown = [address for address, failures in _counts(app).items() if failures - before.get(address, 0) == more]
        if grown or time.monotonic() > deadline:
            assert len(grown) == 1, f"expected one address counted {more} more times: {_counts(app)}"
            return grown[0]
        time.sleep(0.2)


def test_made_up_names_from_one_browser_count_against_its_address_until_it_must_wait(page: Page, app: AppServer,
                                                                                      app_url: str) -> None:
    before = _counts(app)
    open_page(page, app_url, "/")
    alert = page.get_by_role("alert")
    for n in range(3):
        fill_login(page, f"opdigtet-e2e-{n}", "gæt-gæt-gæt")
        expect(alert).to_have_text(WRONG_LOGIN)
    address = _address_counted(app, before, 3)
    assert address in ("127.0.0.1", "::/64")  # the browser's own (loopback) address, not a header's
    try:
        # as if this browser had tried all but one of the free attempts with made-up names just now
        app.execute("UPDATE login_address_throttle SET failures = ?, counting_since = ? WHERE address = ?",
                    (throttle.ADDRESS_FREE_ATTEMPTS - 1, db_time(utcnow()), address))
        fill_login(page, "opdigtet-e2e-sidste", "gæt-gæt-gæt")
        expect(alert).to_contain_text("Vent")

        fill_login(page, "anna", DEMO_PASSWORD)  # a right password, from the same address
        expect(alert).to_contain_text("for mange gange")
        expect_login_page(page)
    finally:  # the other tests log in from this address too
        app.execute("DELETE FROM login_address_throttle WHERE address = ?", (address,))
