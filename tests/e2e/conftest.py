"""End-to-end fixtures: one real app server and one Chromium for the whole session.

  app           the running app (tests/support/app_server.py): .base_url, .data_dir, .db_path,
                .query(sql, params), .execute(sql, params), .user_id(username), .log_path
  app_url       its base URL, e.g. http://localhost:41234
  app_data_dir  the folder with the app's SQLite database (citizenplan.db)
  browser       Debian's Chromium, headless (tests/support/browser.py)
  context       a fresh browser profile for this test, phone-sized (390x844), Danish
  page          a tab in `context`
  new_context   a factory for more independent profiles in the same test (another person, another
                phone); each is closed at the end of the test

The app server starts once per session on the demo data (citizenplan/demo.py); tests share it, so a
test that changes a demo person's state (a lock-out, a language) uses a person no other test relies on,
or restores it. Run the suite with `pytest tests/e2e` or `pytest -m e2e`.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.support import app_server
from tests.support.browser import chromium
from tests.support.browser import new_context as make_context

# The first test pays for the build of the app (up to START_TIMEOUT_S) on top of its own time.
E2E_TIMEOUT_S = app_server.START_TIMEOUT_S + 180
# A browser test that fails is run once more, and fails the suite only if it fails again: on a shared 2-core CI
# machine a click can meet a page that is still hydrating under load (about one e2e test in a thousand per run,
# a different one each time). A broken feature fails both tries; every second try is listed at the end of the
# run (`-rR`, "RERUN") so that a flaky test is seen and mended, not hidden.
E2E_RERUNS = 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(E2E_TIMEOUT_S))
        if item.get_closest_marker("flaky") is None:
            item.add_marker(pytest.mark.flaky(reruns=E2E_RERUNS, reruns_delay=2))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[app_server.AppServer]:
    root = tmp_path_factory.mktemp("e2e-app")
    try:
        with app_server.running_app(root) as server:
            yield server
    except app_server.AppStartFailed as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def app_url(app: app_server.AppServer) -> str:
    return app.base_url


@pytest.fixture(scope="session")
def app_data_dir(app: app_server.AppServer) -> Path:
    return app.data_dir


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as (_playwright, launched):
        yield launched


@pytest.fixture
def new_context(browser: Browser, app_url: str) -> Iterator[Callable[[], BrowserContext]]:
    made: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = make_context(browser, app_url)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(new_context: Callable[[], BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
