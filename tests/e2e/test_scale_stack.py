"""`make run-scale`'s stack, for real: PostgreSQL, Redis, nginx and two supervised workers on free loopback
ports. A citizen logs in through nginx; a worker killed with SIGKILL is started again and the page keeps
working without a new login; Ctrl-C leaves no process behind, and `make run`'s `.web/` is never touched."""

import os
import signal
import urllib.request

import pytest
from playwright.sync_api import Browser, expect

from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import PROJECT_DIR
from tests.support.browser import expect_at, login, new_context
from tests.support.stack import running_stack

pytestmark = pytest.mark.e2e


def _ready(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        assert response.status == 200
        return response.read()


def _web_folder_stamp():
    web = PROJECT_DIR / ".web"
    return web.stat().st_mtime_ns if web.exists() else None


@pytest.mark.timeout(900)  # a cold build of the frontend, four servers, a restart: minutes on a slow machine
def test_the_stack_serves_through_nginx_and_restarts_a_killed_worker(browser: Browser) -> None:
    web_before = _web_folder_stamp()
    with running_stack(workers=2) as stack:
        assert b'"db":true' in _ready(stack.url + "/_ready") and b'"redis":true' in _ready(stack.url + "/_ready")
        context = new_context(browser, stack.url)
        page = context.new_page()
        login(page, stack.url, "anna", DEMO_PASSWORD, home="/borger")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hej Anna Jensen")

        victim = stack.service("worker-1")
        os.killpg(victim["pid"], signal.SIGKILL)  # the worker and its Granian process, no goodbye
        status = stack.wait_for(
            lambda s: any(w["name"] == "worker-1" and w["pid"] != victim["pid"] and w["ready"]
                          for w in s["services"]),
            "restarted worker-1", timeout=180)
        restarted = next(w for w in status["services"] if w["name"] == "worker-1")
        assert restarted["restarts"] == 1 and restarted["port"] == victim["port"]
        _ready(f"http://127.0.0.1:{restarted['port']}/_ready")

        page.reload()  # the same login, whichever worker the new websocket reaches
        expect_at(page, "/borger")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hej Anna Jensen")
        context.close()

    assert stack.process.returncode == 0
    assert len(stack.groups_seen) >= 6  # PostgreSQL, Redis, nginx, two workers and the restarted one
    assert stack.leftovers == []
    assert _web_folder_stamp() == web_before
