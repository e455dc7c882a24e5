"""A page's first data is drawn in a transition, in slices, and what she does afterwards at once, as before
(citizenplan/load_in_slices.py, issue 21: blocking time on /min-plan and /borger).

How it is seen without a clock: React draws a change of its state store synchronously, in the same task as the
websocket message that brought it (in a microtask after socket.io's own); a transition is drawn in later tasks of
React's scheduler (MessageChannel). A script before the page's own (Playwright's init script) notes which kind of
task runs (a websocket message, or a message port, a timer or a frame), and React's DevTools hook records, at
each commit, whether it happened in a websocket message's task and what the page showed. Before the change her whole plan arrived in the message's
task (one long task on a slow phone)."""

import pytest
from playwright.sync_api import Page, expect

from citizenplan import routes
from citizenplan.components.first_data import SLOT_ID
from citizenplan.demo import DEMO_PASSWORD
from tests.support.app_server import AppServer
from tests.support.browser import login, open_page

pytestmark = pytest.mark.e2e

ANNA_WHY = "Så jeg ikke skal vente på andre"  # her words, on Min plan once

COMMITS = """(() => {
  const commits = [];
  let inMessage = false;  // in the task of a websocket message, microtasks included, until another task starts
  window.__commits = commits;
  const wrap = (handler, value) => function (...args) {
    inMessage = value;
    return handler.apply(this, args);
  };
  const mark = (prototype, value) => {
    const onmessage = Object.getOwnPropertyDescriptor(prototype, "onmessage");
    Object.defineProperty(prototype, "onmessage", {
      configurable: true,
      get() { return onmessage.get.call(this); },
      set(handler) { onmessage.set.call(this, typeof handler === "function" ? wrap(handler, value) : handler); },
    });
    const add = prototype.addEventListener;
    prototype.addEventListener = function (type, handler, options) {
      const wrapped = type === "message" && typeof handler === "function" ? wrap(handler, value) : handler;
      return add.call(this, type, wrapped, options);
    };
  };
  mark(WebSocket.prototype, true);
  mark(MessagePort.prototype, false);  // React's scheduler runs its tasks (a transition's slices) through one
  for (const name of ["setTimeout", "requestAnimationFrame"]) {
    const native = window[name];
    window[name] = function (handler, ...rest) {
      return native.call(window, typeof handler === "function" ? wrap(handler, false) : handler, ...rest);
    };
  }
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot() {
      commits.push({
        inMessage,
        livePlan: !!document.querySelector("#my-plan") && !document.getElementById("%(slot)s"),
        meeting: !!document.querySelector(".next-meeting"),
        saved: document.body.innerText.includes("Dine bemærkninger er gemt."),
      });
    },
  };
})();""".replace("%(slot)s", SLOT_ID)


def _first(page: Page, key: str) -> dict:
    commits = page.evaluate("window.__commits")
    return next(commit for commit in commits if commit[key])


@pytest.fixture
def anna(page: Page, app: AppServer) -> Page:
    login(page, app.base_url, "anna", DEMO_PASSWORD, home=routes.CITIZEN_HOME)
    page.add_init_script(COMMITS)
    return page


def test_min_plan_draws_her_plan_in_a_transition_and_her_remarks_at_once(anna: Page, app: AppServer) -> None:
    open_page(anna, app.base_url, routes.MY_PLAN)
    plan = anna.locator("#my-plan")
    expect(anna.locator(f"#{SLOT_ID}")).to_have_count(0)  # the live page has taken over from the server's copy
    expect(plan.get_by_text(ANNA_WHY)).to_have_count(1)
    assert _first(anna, "livePlan")["inMessage"] is False  # drawn by React's scheduler, not in the message's task
    # After the page's load, an answer to what she does is drawn at once, in its message's task, as before
    # (her remarks saved as they are: the session's other tests see the demo data unchanged).
    box = anna.locator("#remarks")
    remarks = box.input_value()
    anna.get_by_role("button", name="Gem bemærkninger").click()
    expect(anna.get_by_text("Dine bemærkninger er gemt.")).to_be_visible()
    expect(box).to_have_value(remarks)
    assert _first(anna, "saved")["inMessage"] is True
    expect(plan.get_by_text(ANNA_WHY)).to_have_count(1)


def test_her_home_draws_her_next_meeting_in_a_transition(anna: Page, app: AppServer) -> None:
    open_page(anna, app.base_url, routes.CITIZEN_HOME)
    expect(anna.locator(".next-meeting")).to_be_visible()
    assert _first(anna, "meeting")["inMessage"] is False
