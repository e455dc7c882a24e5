"""The chat on a small phone (issue 17): every step of every flow fits the screen at 320 and 390 px, with
the citizen's own long words in chips and bubbles; the 1-5 faces are named by the number they show; the
answer box holds the real limit and says how much room is left, counted in the browser."""

import re
from datetime import UTC, datetime

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import Page, WebSocket, expect

from citizenplan.domain.chat import LONGEST_ANSWER
from citizenplan.domain.flow import InputKind
from citizenplan.flows import FLOWS
from tests.support import chat_page
from tests.support.app_server import AppServer
from tests.support.axe import _axe, assert_accessible, format_violations
from tests.support.browser import open_page
from tests.support.chat_page import (
    GETTING_STARTED,
    SAVED,
    WANT,
    WHO,
    _box,
    _expect_question,
    _give_dream,
    _log_in,
    give_goal,
)

pytestmark = pytest.mark.e2e

citizen = chat_page.citizen  # the same fixture: a new citizen with an empty workbook

WIDTHS = (320, 390)
SKAGEN = "Jeg drømmer om at tage toget til Skagen alene."
# Danish makes long words, and a pasted link is one: either must wrap, not push the page wider.
LONG_WORD_DREAM = "At få en plads på Arbejdsmarkedsuddannelsescenteret i Frederikshavn"
LONG_GOAL = "Jeg vil kunne tage toget helt alene til Skagen og besøge min moster i sommerferien"
LONG_ANSWER = ("Jeg vil gerne kunne klare mig selv på Sygehusapotekerforeningsmedlemsmødet "
               "og se https://www.rejseplanen.dk/webapp/index.html#!P|TP!histId|0 uden hjælp fra nogen.")
CHOSEN = {"pick_dream": SKAGEN, "when": "Jeg vil vælge en dato", "priority": LONG_GOAL}

# The widest thing on the page: each visible element's right edge, and the document's own width.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  let widest = {right: 0, what: ''};
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > widest.right) {
      widest = {right: Math.round(box.right * 10) / 10,
                what: element.tagName.toLowerCase() + ': ' + (element.textContent || '').trim().slice(0, 50)};
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, widest};
}"""

def _overflow(page: Page, where: str) -> list[str]:
    """Where the page is wider than the screen at 320 and at 390 px ("Læs op" shown, as where it can speak)."""
    found = []
    page.evaluate("() => document.documentElement.classList.add('can-speak')")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        seen = page.evaluate(MEASURE)
        if seen["scroll"] > seen["width"] or seen["widest"]["right"] > seen["width"] + 0.5:
            found.append(f"{where} at {width} px: the page is {seen['scroll']} px wide, "
                         f"{seen['widest']['what']!r} ends at {seen['widest']['right']} px")
    page.evaluate("() => document.documentElement.classList.remove('can-speak')")
    page.set_viewport_size({"width": 390, "height": 844})
    return found


def _asked(page: Page) -> tuple[str, str]:
    """The step the chat asks now and its answer key, from "Spring over" ("", "" when finished)."""
    skip = page.get_by_role("button", name="Spring over")
    if skip.count() == 0:
        return "", ""
    return skip.get_attribute("data-step") or "", skip.get_attribute("data-key") or ""


def _answer_step(page: Page, flow: str, step_id: str) -> None:
    """A full answer, in the citizen's long words where she writes, a long chip where she chooses."""
    step = FLOWS[flow].step(step_id)
    if step.input is InputKind.TEXT:
        _box(page).fill(LONG_ANSWER)
    elif step.input is InputKind.DATE:
        _box(page).fill((datetime.now(UTC).date() + relativedelta(months=3)).isoformat())
    elif step.input is InputKind.PHONE:
        _box(page).fill("12 34 56 78")
    elif step.input is InputKind.MULTI:
        page.get_by_role("checkbox").first.check()
    elif step.input is InputKind.SCALE:
        page.locator("button.face").nth(3).click()
        return
    else:
        label = "Nej" if step.input is InputKind.YES_NO else CHOSEN.get(step_id, step.choices[0].label if
                                                                        step.choices else "")
        page.get_by_role("button", name=label, exact=True).click()
        return
    page.get_by_role("button", name="Send", exact=True).click()


def test_every_step_of_every_flow_fits_a_320_and_a_390_px_phone(page: Page, app: AppServer, citizen: str) -> None:
    _give_dream(app, citizen, SKAGEN)
    _give_dream(app, citizen, LONG_WORD_DREAM)
    give_goal(app, citizen, LONG_GOAL)
    _log_in(page, app.base_url, citizen)
    overflow: list[str] = []
    for flow in FLOWS:
        open_page(page, app.base_url, f"/samtale?flow={flow}")
        expect(page.get_by_role("heading", level=1, name=FLOWS[flow].title)).to_be_visible()
        for _ in range(30):
            expect(page.get_by_role("button", name="Spring over").or_(page.get_by_role("heading", name=SAVED))
                   .first).to_be_visible()
            step_id, key = _asked(page)
            overflow += _overflow(page, f"{flow}/{step_id or 'the summary'}")
            if not step_id:
                break
            _answer_step(page, flow, step_id)
            page.wait_for_function("""key => {
              const skip = document.querySelector('[data-outbox-action=skip]');
              return !skip || skip.getAttribute('data-key') !== key; }""", arg=key)
        else:
            raise AssertionError(f"{flow} never finished")
    assert overflow == [], "\n".join(overflow)


def test_each_face_is_named_by_the_number_it_shows(page: Page, app: AppServer, citizen: str) -> None:
    give_goal(app, citizen, "Gå en tur hver dag")
    _log_in(page, app.base_url, citizen)
    open_page(page, app.base_url, "/samtale?flow=check_in")
    names = {"1": "Meget dårligt", "2": "Dårligt", "3": "Midt imellem", "4": "Godt", "5": "Rigtig godt"}
    expect(page.locator("button.face")).to_have_count(5)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        # axe's rule for what a speech-input user says (WCAG 2.5.3), experimental and so run by name.
        found = _axe.run(page, options={"runOnly": {"type": "rule", "values": ["label-content-name-mismatch"]},
                                        "resultTypes": ["violations"]}).response["violations"]
        assert found == [], format_violations(found, page.url)
        for number, words in names.items():
            face = page.get_by_role("button", name=f"{number} – {words}", exact=True)
            expect(face).to_be_visible()
            expect(face).to_contain_text(number)
        assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^4\b")).click()
    _expect_question(page, FLOWS["check_in"].step("note").say[-1])
    expect(page.get_by_role("log")).to_contain_text("🙂 4")


def _socket_events(page: Page) -> list[str]:
    """Every Socket.IO event the page sends (not the engine's pings and pongs), from now on."""
    sent: list[str] = []

    def watch(socket: WebSocket) -> None:
        socket.on("framesent", lambda frame: sent.append(frame) if str(frame).startswith("42") else None)

    page.on("websocket", watch)
    return sent


def test_the_box_holds_the_real_limit_and_says_how_much_is_left_counted_in_the_browser(
        page: Page, app_url: str, citizen: str) -> None:
    _log_in(page, app_url, citizen)
    sent = _socket_events(page)
    open_page(page, app_url, f"/samtale?flow={GETTING_STARTED}")
    _expect_question(page, WHO)
    box = _box(page)
    expect(box).to_have_attribute("maxlength", str(LONGEST_ANSWER))
    left = page.locator("[data-chars-left]")  # the line she sees
    heard = page.locator("[data-chars-left-status]")  # the same words, for a screen reader
    expect(heard).to_have_attribute("aria-live", "polite")
    expect(heard).to_have_attribute("role", "status")

    box.click()
    page.wait_for_timeout(300)
    before = len(sent)
    page.keyboard.type("Jeg hedder Sofie")  # far from the limit: nothing to say
    expect(left).to_be_hidden()
    page.wait_for_timeout(1500)
    expect(heard).to_have_text("")

    near = "Jeg kan lide at gå ture. " * 74  # 1,850 characters
    box.fill(near)
    expect(left).to_be_visible()
    expect(left).to_have_text("Du kan skrive 150 tegn mere.")
    page.keyboard.type("abc")
    expect(left).to_have_text("Du kan skrive 147 tegn mere.")
    expect(heard).to_have_text("Du kan skrive 147 tegn mere.")  # once she pauses
    box.fill("x" * (LONGEST_ANSWER - 1))
    expect(left).to_have_text("Du kan skrive ét tegn mere.")
    page.keyboard.type("yz")
    expect(box).to_have_value("x" * (LONGEST_ANSWER - 1) + "y")
    expect(left).to_have_text(f"Der er ikke plads til mere. Dit svar må højst have {LONGEST_ANSWER} tegn.")
    assert_accessible(page)
    assert sent[before:] == [], "typing sent events to the server"

    page.get_by_role("button", name="Send", exact=True).click()
    _expect_question(page, WANT)
    expect(box).to_have_value("")
    expect(left).to_be_hidden()
