"""Chromium for end-to-end tests, and the few steps every test repeats.

Debian's chromium, started by Playwright (Playwright cannot download its own browser on these machines). Pages are
found the way a person finds them: by role and accessible name (`get_by_role`, `get_by_label`), never by
CSS classes. The phone viewport is the design's first target (DESIGN.md section 9).

Reflex pages arrive as prerendered HTML and become interactive when React has hydrated them (Reflex
queues the events sent before its websocket is up). A test that submits a form before hydration would
send the plain HTML form (the password in the URL), so `open_page` and `expect_at` wait for hydration,
and `login` uses them. Each of them, once the page is interactive, also checks that everything that can be
tapped on it is at least 44 x 44 px (tests/support/tap.py), so every page a test visits is checked.

`any_language(msgid)` matches a text in Danish or English (from the app's own catalogues), for the steps
that must work whichever language a tab or a user has chosen (logging in and out).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from citizenplan import i18n
from citizenplan.domain.vocabulary import LOCALES
from tests.support.axe import assert_accessible
from tests.support.tap import assert_easy_to_tap, too_small_to_tap  # noqa: F401 (tests import it from here)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
LOCALE = "da-DK"
TIMEOUT_MS = 15_000
# Assertions wait as long as actions do: on a loaded two-core CI machine an event's answer has taken more
# than Playwright's default 5 s (a contact person's "Opret og lav kode" card, once, in a clean-clone run).
expect.set_options(timeout=TIMEOUT_MS)

# Hydrated means committed: React runs the first render (hydration) in a transition, in 5 ms slices, and marks
# each element with its fiber as it goes, before anything is committed; the document's root stays "dehydrated"
# until the commit, after which every handler is in place.
HYDRATED = """() => {
  const heading = document.querySelector('main h1');
  if (!heading || !Object.keys(heading).some(key => key.startsWith('__reactFiber'))) return false;
  const key = Object.keys(document).find(k => k.startsWith('__reactContainer'));
  const root = key && document[key] && document[key].stateNode;
  return !!(root && root.current && root.current.memoizedState && root.current.memoizedState.isDehydrated === false);
}"""


@contextmanager
def chromium() -> Iterator[tuple[Playwright, Browser]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield playwright, browser
        finally:
            browser.close()


def new_context(browser: Browser, base_url: str) -> BrowserContext:
    """A fresh, independent browser profile: own cookies, own storage, phone-sized."""
    context = browser.new_context(viewport=PHONE, locale=LOCALE, base_url=base_url)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(30_000)
    return context


def path_pattern(path: str) -> re.Pattern[str]:
    """The URL of `path` on any host; Reflex's static export may add a trailing slash."""
    if path == "/":
        return re.compile(r"^https?://[^/]+/(\?.*)?$")
    return re.compile(r"^https?://[^/]+" + re.escape(path.rstrip("/")) + r"/?(\?.*)?$")


def wait_until_interactive(page: Page) -> None:
    """Wait for hydration, then check the page's touch targets as they are now."""
    page.wait_for_function(HYDRATED)
    assert_easy_to_tap(page)


def open_page(page: Page, base_url: str, path: str) -> None:
    """Go to `path` and wait until the page is hydrated (it may redirect first)."""
    page.goto(base_url.rstrip("/") + path)
    wait_until_interactive(page)


def expect_at(page: Page, path: str) -> None:
    """The browser ends up at `path` (after any redirects), hydrated."""
    expect(page).to_have_url(path_pattern(path))
    wait_until_interactive(page)


def expect_login_page(page: Page) -> None:
    expect_at(page, "/")
    expect(page.get_by_role("heading", level=1, name=any_language("Log ind"))).to_be_visible()


def any_language(msgid: str) -> re.Pattern[str]:
    """The whole text `msgid` (a Danish catalogue id) in any of the app's languages: for the steps
    every test shares, which must work whichever language the tab or the user has chosen."""
    texts = sorted({i18n.gettext(locale, msgid) for locale in LOCALES} | {msgid}, key=len, reverse=True)
    return re.compile("^(" + "|".join(re.escape(text) for text in texts) + ")$")


def fill_login(page: Page, username: str, password: str) -> None:
    page.get_by_label(any_language("Brugernavn")).fill(username)
    page.get_by_label(any_language("Adgangskode")).fill(password)
    page.get_by_role("button", name=any_language("Log ind")).click()


def login(page: Page, base_url: str, username: str, password: str, home: str | None = None) -> None:
    """Log in from the login page and wait until the browser has left it for the role's home
    (`home`, if given, must be that path). The login page is checked with axe on the way."""
    open_page(page, base_url, "/")
    expect_login_page(page)
    # Checked once React has taken over: the page now paints before its scripts (citizenplan/first_paint.py), and
    # until then "Log ind" is disabled on purpose (a plain form post would put the password in a URL); axe could
    # meet it mid-hydration in its disabled colours.
    wait_until_interactive(page)
    # ... and until the websocket has hydrated the state, which enables "Log ind": under load it comes later.
    expect(page.get_by_role("button", name=any_language("Log ind"))).to_be_enabled()
    assert_accessible(page)
    fill_login(page, username, password)
    if home is None:
        expect(page).not_to_have_url(path_pattern("/"))
    else:
        expect_at(page, home)
    wait_until_interactive(page)


def logout(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name=any_language("Log ud")).click()
    expect_at(page, "/")


def until_true(page: Page, promise: str, tries: int = 100) -> None:
    """Wait until the script's promise resolves to true. page.wait_for_function does not wait for a promise:
    a promise is an object, so it counts as true at once and the wait checks nothing."""
    for _ in range(tries):
        if page.evaluate(promise) is True:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {promise}")
