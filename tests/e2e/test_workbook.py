"""The workbook screens (issue 5): goals in the citizen's order with their status, each item's page with
edits, history and the two-device rules of "Bad input".

Each test has a citizen of its own, made the way it happens in real life: the demo contact person
`maria` creates them on /kontaktperson and they activate with the code (tests/e2e/test_invitations.py
covers those screens). Their goals are made through the chat (/samtale?flow=dream_to_goal), so nothing
is written to the database behind the app's back and tests never see each other's data.

The helpers are in tests/support/workbook_page.py, shared with tests/e2e/test_sharing.py and others.
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, open_page, path_pattern, too_small_to_tap
from tests.support.workbook_page import (
    DANISH_DATE_TIME,
    ITEM,
    WORKBOOK,
    People,
    edit_item,
    goal_card,
    goal_link,
    goals_list,
    history,
    item_card,
    make_goal,
    make_people,
    open_item,
    open_workbook,
)

pytestmark = pytest.mark.e2e


EDITED_ELSEWHERE = "Du havde også ændret det et andet sted. Begge tekster er gemt i historikken."
GONE = "Det findes ikke længere."
NO_ACCESS = "Det har du ikke adgang til."


# ------------------------------------------------------------------ people


@pytest.fixture
def people(page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> People:
    return make_people(page, new_context, app_url, "Arbejdsbog")


# ------------------------------------------------------------------ the chat makes a goal


# ------------------------------------------------------------------ the workbook and an item's page


def goal_titles(page: Page) -> list[str]:
    """The goals on /arbejdsbog, top to bottom."""
    return [text.strip() for text in goals_list(page).get_by_role("heading", level=3).all_inner_texts()]


def delete_goal(page: Page, app_url: str, title: str) -> None:
    """"Slet" and "Ja, slet det" on the goal's open page; then the workbook no longer lists it."""
    page.get_by_role("button", name="Slet", exact=True).click()
    page.get_by_role("button", name="Ja, slet det").click()
    expect(page.get_by_role("button", name="Ret", exact=True)).to_have_count(0)
    open_workbook(page, app_url)
    expect(goal_link(page, title)).to_have_count(0)


# ------------------------------------------------------------------ tests


def test_every_edit_is_a_new_version_with_who_and_when_and_the_earlier_texts_stay_in_the_history(
        people: People) -> None:
    page, url = people.citizen, people.app_url
    first, second, third = "Gå en tur hver dag", "Gå en lang tur hver dag", "Gå en tur i skoven hver dag"
    href = make_goal(page, url, first, why="Jeg sover bedre")
    open_item(page, url, href, first)
    from_the_chat = history(page).count()
    assert from_the_chat >= 1

    edit_item(page, **{"Mål": second})
    expect(item_card(page)).to_contain_text(second)
    edit_item(page, **{"Mål": third, "Derfor er det vigtigt": "Jeg sover bedre og er gladere"})
    expect(item_card(page)).to_contain_text(third)
    expect(item_card(page)).not_to_contain_text(second)

    versions = history(page)
    expect(versions).to_have_count(from_the_chat + 2)
    newest, middle, original = versions.nth(0), versions.nth(1), versions.nth(2)
    expect(newest).to_contain_text(third)
    expect(newest).to_contain_text("Jeg sover bedre og er gladere")
    expect(middle).to_contain_text(second)
    expect(middle).to_contain_text("Derfor er det vigtigt: Jeg sover bedre")
    expect(original).to_contain_text(first)
    for version, how in ((newest, "i arbejdsbogen"), (middle, "i arbejdsbogen"), (original, "i samtalen")):
        expect(version).to_contain_text(re.compile(DANISH_DATE_TIME.pattern + r" · skrevet af dig " + how))
    assert_accessible(page)  # with the history open

    page.reload()
    expect(item_card(page)).to_contain_text(third)
    expect(history(page)).to_have_count(from_the_chat + 2)


def test_the_history_shows_when_in_danish_time(people: People) -> None:
    page, url = people.citizen, people.app_url
    href = make_goal(page, url, "Lære at bage brød")
    open_item(page, url, href, "Lære at bage brød")
    edit_item(page, **{"Mål": "Lære at bage rugbrød"})
    shown = DANISH_DATE_TIME.search(history(page).first.inner_text())
    assert shown is not None
    clock = shown.group(0).rsplit(" ", 1)[1]
    now = datetime.now(UTC).astimezone(ZoneInfo("Europe/Copenhagen"))
    allowed = {(now - timedelta(minutes=m)).strftime("%H:%M") for m in range(3)}
    assert clock in allowed, f"the history says {clock}, Danish time is {now:%H:%M}"


def test_the_status_buttons_change_the_status_shown_in_the_workbook(people: People) -> None:
    page, url = people.citizen, people.app_url
    title = "Lære at spille guitar"
    href = make_goal(page, url, title)
    expect(goal_card(page, title)).to_contain_text("I gang")

    for status in ("Nået", "Sat på pause", "Droppet", "I gang"):
        open_item(page, url, href, title)
        button = page.get_by_role("button", name=status, exact=True)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        others = [s for s in ("I gang", "Nået", "Sat på pause", "Droppet") if s != status]
        for other in others:
            expect(page.get_by_role("button", name=other, exact=True)).to_have_attribute("aria-pressed", "false")
        assert_accessible(page)
        open_workbook(page, url)
        card = goal_card(page, title)
        expect(card).to_contain_text(status)
        for other in others:
            expect(card.get_by_text(other, exact=True)).to_have_count(0)


def test_the_arrows_change_the_order_of_the_goals_in_the_workbook(people: People) -> None:
    page, url = people.citizen, people.app_url
    first, second, third = "Finde en ny lejlighed", "Komme ud og svømme", "Ringe til min bror"
    make_goal(page, url, first, area="Bolig")
    make_goal(page, url, second, area="Krop og helbred", first_goal=first)
    make_goal(page, url, third, area="Familie", first_goal=first)
    assert goal_titles(page) == [first, second, third]
    expect(page.get_by_role("button", name=f"Flyt op: {first}")).to_be_disabled()

    page.get_by_role("button", name=f"Flyt ned: {first}").click()
    expect(goals_list(page).get_by_role("heading", level=3).first).to_have_text(second)
    assert goal_titles(page) == [second, first, third]
    page.get_by_role("button", name=f"Flyt op: {third}").click()
    expect(goals_list(page).get_by_role("heading", level=3).nth(1)).to_have_text(third)
    assert goal_titles(page) == [second, third, first]
    expect(page.get_by_role("button", name=f"Flyt op: {second}")).to_be_disabled()
    expect(page.get_by_role("button", name=f"Flyt ned: {first}")).to_be_disabled()  # the last goal
    expect(page.get_by_role("button", name=f"Flyt ned: {third}")).to_be_enabled()
    assert too_small_to_tap(page) == [], "the goals, their steps and every other way in are easy to tap"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, "nothing is wider than the phone"
    assert_accessible(page)
    page.get_by_role("link", name="Til forsiden").hover()
    assert_accessible(page)  # a link under the pointer keeps a readable colour

    page.reload()
    expect(goals_list(page).get_by_role("heading", level=3).first).to_have_text(second)
    assert goal_titles(page) == [second, third, first], "the order is kept"


def test_an_item_that_does_not_exist_shows_a_clear_message_and_no_item(people: People) -> None:
    page, url = people.citizen, people.app_url
    open_page(page, url, f"{ITEM}?id=999999")
    expect(page.get_by_role("alert")).to_have_text(re.compile(f"^({GONE}|{NO_ACCESS})$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Ret", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Vælg, hvem der må se det")).to_have_count(0)
    expect(page.get_by_role("link", name="Tilbage til arbejdsbogen")).to_be_visible()
    assert_accessible(page)


def test_emptying_a_goals_name_is_refused_plainly_and_the_form_keeps_what_was_typed(people: People) -> None:
    page, url = people.citizen, people.app_url
    title, why = "Gå til svømning om tirsdagen", "Så jeg får rørt mig og møder nogen"
    href = make_goal(page, url, title)
    open_item(page, url, href, title)
    page.get_by_role("button", name="Ret", exact=True).click()
    page.get_by_label("Mål", exact=True).fill("")
    page.get_by_label("Derfor er det vigtigt", exact=True).fill(why)
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Skriv noget her. Det må ikke være tomt.")
    expect(page.get_by_label("Derfor er det vigtigt", exact=True)).to_have_value(why)
    expect(page.locator("p", has_text=title).first).to_be_visible()  # the goal still has its name
    assert_accessible(page)
    page.get_by_label("Mål", exact=True).fill(title + " igen")
    link = "https://www.eksempel.dk/" + "svoemmehalogfitness" * 5  # a pasted link: one long word
    page.get_by_label("Sådan kan jeg mærke det", exact=True).fill(link)
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("button", name="Ret", exact=True)).to_be_visible()
    expect(item_card(page)).to_contain_text(title + " igen")
    expect(item_card(page)).to_contain_text(why)
    cut = page.evaluate("""() => Array.from(document.querySelectorAll('main p')).filter(p =>
        p.scrollWidth > p.clientWidth + 1 || p.getBoundingClientRect().right > window.innerWidth
      ).map(p => p.textContent.slice(0, 40))""")
    assert cut == [], "a long word breaks instead of running off the phone's screen"


def test_skriv_bemaerkninger_opens_a_box_to_write_in_and_keeps_what_is_written(people: People) -> None:
    page, url = people.citizen, people.app_url
    open_workbook(page, url)
    page.get_by_role("button", name="Skriv bemærkninger til planen").click()
    expect(page.get_by_role("heading", level=1, name="Mine bemærkninger til planen")).to_be_visible()
    box = page.get_by_label("Tekst", exact=True)
    expect(box).to_be_visible()  # no empty card and a hunt for "Ret" first
    box.fill("Jeg vil gerne have, at min søster er med til møderne.")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("button", name="Ret", exact=True)).to_be_visible()
    expect(item_card(page)).to_contain_text("Jeg vil gerne have, at min søster er med til møderne.")
    assert_accessible(page)


def test_a_goal_lists_its_steps_and_a_step_leads_back_to_its_goal(people: People) -> None:
    page, url = people.citizen, people.app_url
    title, step = "Lære at lave mad", "Købe en kogebog"
    href = make_goal(page, url, title, first_step=step)
    open_item(page, url, href, title)
    steps = page.get_by_role("heading", level=2, name="Skridt").locator("xpath=..")
    steps.get_by_role("link", name=step).click()
    expect(page.get_by_role("heading", level=1, name="Skridt")).to_be_visible()
    expect(page.get_by_text("Til målet:")).to_be_visible()
    assert too_small_to_tap(page, "main a") == []
    assert_accessible(page)
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1, name="Mål")).to_be_visible()
    expect(page.locator("p", has_text=title).first).to_be_visible()


def test_an_edit_saved_from_an_old_form_keeps_both_texts_and_says_so(people: People) -> None:
    page, url = people.citizen, people.app_url
    title = "Spise morgenmad hver dag"
    href = make_goal(page, url, title)
    phone, tablet = page, people.citizen_context.new_page()
    open_item(phone, url, href, title)
    open_item(tablet, url, href, title)

    phone.get_by_role("button", name="Ret", exact=True).click()  # the form holds the text as it was
    on_tablet, on_phone = "Spise morgenmad fem dage om ugen", "Spise morgenmad med min kæreste"
    edit_item(tablet, **{"Mål": on_tablet})
    expect(item_card(tablet)).to_contain_text(on_tablet)

    phone.get_by_label("Mål", exact=True).fill(on_phone)
    phone.get_by_role("button", name="Gem", exact=True).click()
    expect(phone.get_by_role("status")).to_have_text(EDITED_ELSEWHERE)
    expect(item_card(phone)).to_contain_text(on_phone)
    assert_accessible(phone)
    texts = history(phone).all_inner_texts()
    assert on_phone in texts[0] and on_tablet in texts[1], texts[:2]
    assert any(title in text for text in texts[2:])

    tablet.reload()
    expect(item_card(tablet)).to_contain_text(on_phone)
    expect(history(tablet).nth(1)).to_contain_text(on_tablet)


def test_moving_a_goal_deleted_on_another_device_shows_a_clear_message(people: People) -> None:
    page, url = people.citizen, people.app_url
    first, second = "Male stuen", "Sælge den gamle sofa"
    make_goal(page, url, first, area="Bolig")
    href = make_goal(page, url, second, area="Bolig", first_goal=first)
    other = people.citizen_context.new_page()
    open_item(other, url, href, second)
    delete_goal(other, url, second)

    page.get_by_role("button", name=f"Flyt op: {second}").click()  # the open list still has it
    expect(page.get_by_role("alert")).to_have_text(GONE, timeout=5_000)
    assert_accessible(page)


def test_slet_hides_the_goal_and_takes_the_citizen_back_to_the_workbook(people: People) -> None:
    page, url = people.citizen, people.app_url
    title = "Rydde op i kælderen"
    href = make_goal(page, url, title, area="Bolig")
    open_item(page, url, href, title)
    page.get_by_role("button", name="Slet", exact=True).click()
    question = page.get_by_role("alert")
    expect(question).to_contain_text("Vil du slette det?")
    expect(question).to_contain_text("Målets skridt forsvinder også.")
    assert_accessible(page)
    question.get_by_role("button", name="Nej").click()  # a tap by mistake deletes nothing
    expect(question).to_have_count(0)
    page.reload()
    expect(page.locator("p", has_text=title).first).to_be_visible()
    page.get_by_role("button", name="Slet", exact=True).click()
    page.get_by_role("button", name="Ja, slet det").click()
    expect_at(page, WORKBOOK)
    expect(page.get_by_role("heading", level=1, name="Min arbejdsbog")).to_be_visible()
    expect(goal_link(page, title)).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)


def test_sharing_an_item_deleted_on_another_device_shows_a_clear_message(people: People) -> None:
    page, url = people.citizen, people.app_url
    title = "Cykle til arbejde"
    href = make_goal(page, url, title)
    open_item(page, url, href, title)
    other = people.citizen_context.new_page()
    open_item(other, url, href, title)
    delete_goal(other, url, title)

    page.get_by_role("button", name="Vælg, hvem der må se det").click()
    page.get_by_role("checkbox", name="Min kontaktperson").click()
    # The server refuses the tick itself: the box does not stay ticked, and the citizen is told why.
    expect(page.get_by_role("alert")).to_have_text(GONE)
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(0)
    assert_accessible(page)

    open_page(page, url, href)
    expect(page.get_by_role("alert")).to_have_text(GONE)
    expect(page.get_by_role("button", name="Ret", exact=True)).to_have_count(0)
    assert_accessible(page)
    expect(page).to_have_url(path_pattern(ITEM))
