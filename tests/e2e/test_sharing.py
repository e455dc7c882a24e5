"""Sharing with approval (issue 5, DESIGN section 3), with the citizen and the contact person each in
their own browser profile on a phone: others see the approved snapshot and nothing else, "Del ændringen"
passes an edit on, "Stop deling" takes effect on an open page, comments and proposed rewordings reach the
citizen, and "Hvem har set min plan" lists the contact person's views.

People and goals are made as in tests/e2e/test_workbook.py (tests/support/workbook_page.py: a fresh citizen
of maria's per test, goals through the chat).
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.support.axe import assert_accessible
from tests.support.browser import expect_at, open_page, wait_until_interactive
from tests.support.chat_page import _hold_replies as hold_replies
from tests.support.sharing_page import open_shared_plan, preview_card, share, shared_item, shared_items, tick
from tests.support.workbook_page import (
    ACCESS_LOG,
    CONTACT_NAME,
    DANISH_DATE_TIME,
    People,
    edit_item,
    goal_card,
    history,
    item_card,
    make_goal,
    make_people,
    open_item,
    open_workbook,
)

pytestmark = pytest.mark.e2e

UNSHARED = "Du har ændret det, efter du delte det. De andre ser stadig det gamle."
NOT_SHARED_ANY_MORE = "Det er ikke længere delt med dig."
CHANGED_MEANWHILE = "Teksten er lige blevet ændret. Se den igen, før du deler."
NOTHING_SHARED = "Borgeren har ikke delt noget med dig endnu."
PROPOSAL_SENT = "Dit forslag er sendt. Borgeren bestemmer, om det skal bruges."
PROPOSAL_WAITING = "Din kontaktperson har foreslået andre ord. Åbn målet for at svare."
OFFER_STEPS = "Vil du også dele målets skridt?"


@pytest.fixture
def people(page: Page, new_context: Callable[[], BrowserContext], app_url: str) -> People:
    return make_people(page, new_context, app_url, "Deling")


# ------------------------------------------------------------------ the citizen's side


def unshared_box(page: Page) -> Locator:
    return page.get_by_text(UNSHARED, exact=True).locator("xpath=..")


# ------------------------------------------------------------------ the contact person's side


def record_frames(page: Page) -> list[str]:
    """Everything the server sends this tab over its websockets from now on (Reflex's state updates)."""
    frames: list[str] = []

    def on_socket(socket) -> None:
        socket.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))

    page.on("websocket", on_socket)
    return frames


def new_tab_on_shared_plan(contact: Page) -> tuple[Page, list[str]]:
    """The contact person's open plan in a second tab, with its websocket recorded. A new tab starts with
    an empty list (a reload first shows the list it had, until the page's load event has run), so once an
    item shows, everything the load sent is in: the right moment to look for what must not be there."""
    tab = contact.context.new_page()
    frames = record_frames(tab)
    tab.goto(contact.url)
    wait_until_interactive(tab)
    return tab, frames


def reload_shared_plan(contact: Page, name: str) -> None:
    contact.reload()
    expect(contact.get_by_role("heading", level=1, name=f"Delt af {name}")).to_be_visible()
    expect(contact.get_by_role("main")).to_contain_text("Du ser kun det, borgeren har valgt at dele med dig")


# ------------------------------------------------------------------ tests


def test_the_contact_person_sees_the_approved_words_only_until_del_aendringen_and_loses_the_goal_on_stop_deling(
        people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    # ASCII only, so the words are found the same in HTML and in the JSON the websocket carries.
    approved, draft = "Cykle til Odense hver fredag", "Cykle til Roskilde hver fredag"
    href = make_goal(citizen, url, approved)
    expect(goal_card(citizen, approved)).to_contain_text("Privat")

    open_item(citizen, url, href, approved)
    share(citizen, approved, check_accessible=True)
    open_workbook(citizen, url)
    expect(goal_card(citizen, approved).get_by_text("Delt", exact=True)).to_be_visible()

    frames = record_frames(contact)
    open_shared_plan(contact, url, people.name)
    expect(shared_item(contact, approved)).to_have_count(1)
    assert_accessible(contact)
    assert any("Odense" in frame for frame in frames), "the websocket recorder sees the shared words"

    # The citizen edits: others keep the approved words; not one character of the draft reaches them.
    open_item(citizen, url, href, approved)
    edit_item(citizen, **{"Mål": draft})
    box = unshared_box(citizen)
    expect(box).to_be_visible()
    expect(box.get_by_role("deletion")).to_have_text(approved)
    expect(box.get_by_role("insertion")).to_have_text(draft)
    assert_accessible(citizen)
    open_workbook(citizen, url)
    expect(goal_card(citizen, draft).get_by_text("Delt, men ændret siden", exact=True)).to_be_visible()

    reload_shared_plan(contact, people.name)
    expect(shared_item(contact, approved)).to_have_count(1)
    tab, tab_frames = new_tab_on_shared_plan(contact)
    expect(shared_item(tab, approved)).to_have_count(1)
    expect(shared_items(tab)).to_have_count(1)
    for page_, seen in ((tab, tab_frames), (contact, frames)):
        assert "Roskilde" not in page_.content()
        assert not [frame for frame in seen if "Roskilde" in frame], "the draft went over the contact's websocket"
    assert_accessible(contact)
    tab.close()

    # "Del ændringen": now the contact person sees the new words.
    open_item(citizen, url, href, draft)
    citizen.get_by_role("button", name="Del ændringen").click()
    expect(citizen.get_by_text(UNSHARED)).to_have_count(0)
    expect(citizen.get_by_text("Delt med: din kontaktperson")).to_be_visible()
    reload_shared_plan(contact, people.name)
    expect(shared_item(contact, draft)).to_have_count(1)
    expect(shared_items(contact)).to_have_count(1)
    assert "Odense" not in contact.get_by_role("main").inner_text()

    # "Stop deling": the contact person's open page loses it at the next thing they do, and on reload.
    citizen.get_by_role("button", name="Stop deling").click()
    expect(citizen.get_by_text("Privat. Kun du kan se det.")).to_be_visible()
    item = shared_item(contact, draft)
    item.get_by_label("Skriv en kommentar").fill("Godt skrevet!")
    item.get_by_role("button", name="Send kommentar").click()
    expect(contact.get_by_role("alert")).to_have_text(NOT_SHARED_ANY_MORE)
    expect(shared_items(contact)).to_have_count(0)
    expect(contact.get_by_text(NOTHING_SHARED)).to_be_visible()
    assert_accessible(contact)
    reload_shared_plan(contact, people.name)
    expect(contact.get_by_text(NOTHING_SHARED)).to_be_visible()
    expect(shared_items(contact)).to_have_count(0)
    assert "Roskilde" not in contact.content()
    open_item(citizen, url, href, draft)
    expect(citizen.get_by_text("Godt skrevet!")).to_have_count(0)  # the refused comment is not stored

    # "Hvem har set min plan": the contact person's visits, with name, role, when and the words seen then.
    open_page(citizen, url, ACCESS_LOG)
    expect(citizen.get_by_role("heading", level=1, name="Hvem har set min plan?")).to_be_visible()
    views = citizen.get_by_role("main").get_by_role("listitem")
    expect(views.first).to_contain_text(f"{CONTACT_NAME} (kontaktperson)")
    # Opened, reloaded and opened in a second tab: one visit, with the approved words (not the words the
    # goal has now). After "Del ændringen" the new words: a line of their own. The refused comment is no
    # viewing. (Issue 17: four lines, each with the goal's newest title.)
    expect(views).to_have_count(2)
    texts = views.all_inner_texts()
    assert f"Mål: {draft}" in texts[0] and f"Mål: {approved}" in texts[1], texts
    for text in texts:
        assert re.search(re.escape(f"{CONTACT_NAME} (kontaktperson) · ") + DANISH_DATE_TIME.pattern, text), text
        assert people.name not in text, "the citizen's own views are not listed"
    assert_accessible(citizen)


def test_hvem_har_set_min_plan_lists_one_line_for_each_time_the_contact_person_opened_the_plan(
        people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    title = "Sove otte timer hver nat"
    href = make_goal(citizen, url, title)
    open_item(citizen, url, href, title)
    share(citizen, title)
    open_shared_plan(contact, url, people.name)
    expect(shared_item(contact, title)).to_have_count(1)

    open_page(citizen, url, ACCESS_LOG)
    views = citizen.get_by_role("main").get_by_role("listitem")
    expect(views.first).to_contain_text(f"{CONTACT_NAME} (kontaktperson)")
    expect(views).to_have_count(1)


def test_a_private_goal_and_a_goal_shared_only_with_relatives_never_reach_the_contact_person(
        people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    private, for_contact, for_relatives = "Spare op til en cykel", "Komme op klokken otte", "Holde jul hos mor"
    make_goal(citizen, url, private)
    contact_href = make_goal(citizen, url, for_contact, first_goal=private)
    relatives_href = make_goal(citizen, url, for_relatives, first_goal=private)

    open_item(citizen, url, relatives_href, for_relatives)
    share(citizen, for_relatives, contact=False, relative=True)
    open_item(citizen, url, contact_href, for_contact)
    share(citizen, for_contact)
    open_workbook(citizen, url)
    expect(goal_card(citizen, private).get_by_text("Privat", exact=True)).to_be_visible()
    expect(goal_card(citizen, for_relatives).get_by_text("Delt", exact=True)).to_be_visible()

    frames = record_frames(contact)
    open_shared_plan(contact, url, people.name)
    expect(shared_item(contact, for_contact)).to_have_count(1)
    expect(shared_items(contact)).to_have_count(1)
    for hidden in (private, for_relatives):
        assert hidden not in contact.content()
        assert not [frame for frame in frames if hidden in frame], f"{hidden!r} went over the contact's websocket"
    assert_accessible(contact)


def test_a_comment_from_the_contact_person_reaches_the_citizen_with_name_and_role(people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    title, comment, reply = "Lave mad to gange om ugen", "Godt mål! Skal vi handle ind sammen?", "Ja, gerne"
    href = make_goal(citizen, url, title)
    open_item(citizen, url, href, title)
    share(citizen, title)

    open_shared_plan(contact, url, people.name)
    item = shared_item(contact, title)
    item.get_by_label("Skriv en kommentar").fill(comment)
    item.get_by_role("button", name="Send kommentar").click()
    expect(item).to_contain_text(comment)
    expect(item.get_by_label("Skriv en kommentar")).to_have_value("")
    expect(item).to_contain_text(f"{CONTACT_NAME} (kontaktperson)")
    assert_accessible(contact)

    open_item(citizen, url, href, title)
    comments = citizen.get_by_role("heading", name="Kommentarer").locator("xpath=..")
    expect(comments).to_contain_text(comment)
    author = comments.get_by_text(re.compile(re.escape(f"{CONTACT_NAME} (kontaktperson) · ")))
    expect(author).to_have_text(re.compile(DANISH_DATE_TIME.pattern + "$"))
    expect(citizen.get_by_role("heading", name="Med din kontaktperson")).to_be_visible()
    citizen.get_by_label("Skriv til din kontaktperson").fill(reply)
    citizen.get_by_role("button", name="Send til din kontaktperson").click()
    expect(comments).to_contain_text(reply)
    expect(comments.get_by_text(f"{people.name} (dig)", exact=False)).to_be_visible()
    text = comments.inner_text()
    assert text.index(comment) < text.index(reply), "newest last"
    assert_accessible(citizen)

    reload_shared_plan(contact, people.name)
    item = shared_item(contact, title)
    expect(item).to_contain_text(reply)
    shown = item.inner_text()
    assert shown.index(comment) < shown.index(reply), "newest last"


def test_the_contact_person_sees_the_citizens_reply_signed_as_borger(people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    title, reply = "Gå til tandlæge", "Jeg har ringet i dag"
    href = make_goal(citizen, url, title)
    open_item(citizen, url, href, title)
    share(citizen, title)
    citizen.get_by_label("Skriv til din kontaktperson").fill(reply)
    citizen.get_by_role("button", name="Send til din kontaktperson").click()
    expect(citizen.get_by_text(reply, exact=True)).to_be_visible()

    open_shared_plan(contact, url, people.name)
    item = shared_item(contact, title)
    expect(item).to_contain_text(reply)
    expect(item).not_to_contain_text(f"{people.name} (dig)")
    expect(item).to_contain_text(f"{people.name} (borger)")


def test_a_note_the_citizen_wrote_while_the_goal_was_private_never_reaches_the_contact_person(
        people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    title, note, reply = "Tage bussen alene", "Jeg er bange for at gå i panik i bussen", "Jeg prøver på fredag"
    href = make_goal(citizen, url, title)
    open_item(citizen, url, href, title)
    expect(citizen.get_by_role("heading", name="Med din kontaktperson")).to_have_count(0)  # private: notes only
    citizen.get_by_label("Skriv en note til dig selv").fill(note)
    citizen.get_by_role("button", name="Send note til dig selv").click()
    expect(citizen.get_by_text(note, exact=True)).to_be_visible()
    expect(citizen.get_by_label("Skriv en note til dig selv")).to_have_value("")
    share(citizen, title)
    citizen.get_by_label("Skriv til din kontaktperson").fill(reply)
    citizen.get_by_role("button", name="Send til din kontaktperson").click()
    to_contact = citizen.get_by_role("heading", name="Med din kontaktperson").locator("xpath=..")
    expect(to_contact).to_contain_text(reply)
    expect(to_contact).not_to_contain_text(note)
    assert_accessible(citizen)

    frames = record_frames(contact)
    open_shared_plan(contact, url, people.name)
    item = shared_item(contact, title)
    expect(item).to_contain_text(reply)
    assert note not in contact.content()
    assert not [frame for frame in frames if note in frame], "the note went over the contact's websocket"

    # Stop deling: the thread stays for the citizen to read, but there is no box to write to them in.
    open_item(citizen, url, href, title)
    citizen.get_by_role("button", name="Stop deling").click()
    expect(citizen.get_by_text("Du deler ikke punktet med din kontaktperson nu.", exact=False)).to_be_visible()
    expect(citizen.get_by_label("Skriv til din kontaktperson")).to_have_count(0)
    expect(citizen.get_by_text(reply, exact=True)).to_be_visible()


def test_writing_to_the_contact_person_after_sharing_stopped_on_another_device_is_refused_and_kept(
        people: People) -> None:
    citizen, url = people.citizen, people.app_url
    title, words = "Ringe til lægen", "Jeg har fået en tid på mandag"
    href = make_goal(citizen, url, title)
    open_item(citizen, url, href, title)
    share(citizen, title)
    other = citizen.context.new_page()  # the same citizen on another device
    open_item(other, url, href, title)
    other.get_by_role("button", name="Stop deling").click()
    expect(other.get_by_text("Privat. Kun du kan se det.")).to_be_visible()
    other.close()

    citizen.get_by_label("Skriv til din kontaktperson").fill(words)
    citizen.get_by_role("button", name="Send til din kontaktperson").click()
    thread = citizen.get_by_role("heading", name="Med din kontaktperson").locator("xpath=..")
    expect(thread.get_by_role("alert")).to_have_text(
        "Du deler ikke punktet med din kontaktperson nu. Del det først, eller skriv en note til dig selv.")
    expect(citizen.get_by_label("Skriv til din kontaktperson")).to_have_value(words)
    assert_accessible(citizen)


def test_a_comment_that_is_too_long_is_refused_under_its_own_box_and_stays_there(people: People) -> None:
    citizen, url = people.citizen, people.app_url
    title = "Rydde op i køkkenet"
    href = make_goal(citizen, url, title)
    open_item(citizen, url, href, title)
    box = citizen.get_by_label("Skriv en note til dig selv")
    long_note = "Det er svært. " * 150  # 2,100 characters
    box.fill(long_note)
    citizen.get_by_role("button", name="Send note til dig selv").click()
    notes = citizen.get_by_role("heading", name="Noter til dig selv").locator("xpath=..")
    expect(notes.get_by_role("alert")).to_contain_text("Teksten er for lang")
    expect(box).to_have_value(long_note)


def test_a_proposed_rewording_is_shown_beside_the_citizens_words_and_ja_tak_makes_it_the_shared_goal(
        people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    mine, proposed = "Blive bedre til penge", "Lægge et budget for hver måned"
    href = make_goal(citizen, url, mine, area="Økonomi")
    open_item(citizen, url, href, mine)
    share(citizen, mine)

    open_shared_plan(contact, url, people.name)
    item = shared_item(contact, mine)
    item.get_by_label("Foreslå andre ord for målet").fill(proposed)
    item.get_by_role("button", name="Send forslag").click()
    expect(contact.get_by_role("status")).to_have_text(PROPOSAL_SENT)
    expect(item.get_by_label("Foreslå andre ord for målet")).to_have_value("")
    assert_accessible(contact)

    open_workbook(citizen, url)
    expect(citizen.get_by_text(PROPOSAL_WAITING)).to_be_visible()
    citizen.get_by_role("link", name=mine, exact=True).click()
    expect_at(citizen, "/arbejdsbog/punkt")
    card = citizen.get_by_role("heading", name=f"Forslag fra {CONTACT_NAME}").locator("xpath=..")
    expect(card.get_by_text("Dine ord:", exact=True).locator("xpath=..")).to_have_text(f"Dine ord: {mine}")
    expect(card.get_by_text("Forslag:", exact=True).locator("xpath=..")).to_have_text(f"Forslag: {proposed}")
    assert_accessible(citizen)
    card.get_by_role("button", name="Ja tak").click()

    expect(citizen.get_by_role("heading", name=f"Forslag fra {CONTACT_NAME}")).to_have_count(0)
    expect(item_card(citizen)).to_contain_text(proposed)
    expect(item_card(citizen)).not_to_contain_text(mine)
    newest = history(citizen).first
    expect(newest).to_contain_text(proposed)
    expect(newest).to_contain_text("skrevet af dig forslag, som du sagde ja til")
    expect(citizen.get_by_text(UNSHARED)).to_have_count(0)
    open_workbook(citizen, url)
    expect(citizen.get_by_text(PROPOSAL_WAITING)).to_have_count(0)
    expect(goal_card(citizen, proposed).get_by_text("Delt", exact=True)).to_be_visible()

    reload_shared_plan(contact, people.name)
    expect(shared_item(contact, proposed)).to_have_count(1)
    expect(shared_items(contact)).to_have_count(1)


def test_del_from_a_tab_that_shows_an_older_version_is_refused_and_shares_nothing(people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    old, new = "Tage bussen alene", "Tage bussen alene til byen"
    href = make_goal(citizen, url, old)
    first_tab, second_tab = citizen, people.citizen_context.new_page()
    open_item(first_tab, url, href, old)
    open_item(second_tab, url, href, old)

    first_tab.get_by_role("button", name="Vælg, hvem der må se det").click()
    tick(first_tab, "Min kontaktperson")
    first_tab.get_by_role("button", name="Videre").click()
    expect(preview_card(first_tab)).to_contain_text(old)
    edit_item(second_tab, **{"Mål": new})
    expect(item_card(second_tab)).to_contain_text(new)

    first_tab.get_by_role("button", name="Del", exact=True).click()
    expect(first_tab.get_by_role("alert")).to_have_text(CHANGED_MEANWHILE)
    assert_accessible(first_tab)
    open_shared_plan(contact, url, people.name)
    expect(contact.get_by_text(NOTHING_SHARED)).to_be_visible()
    second_tab.reload()
    expect(second_tab.get_by_text("Privat. Kun du kan se det.")).to_be_visible()


def test_after_a_refused_del_the_preview_shows_the_new_text_and_del_shares_it(people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    old, new = "Ringe til lægen selv", "Ringe til lægen selv om mandagen"
    href = make_goal(citizen, url, old)
    first_tab, second_tab = citizen, people.citizen_context.new_page()
    open_item(first_tab, url, href, old)
    open_item(second_tab, url, href, old)
    first_tab.get_by_role("button", name="Vælg, hvem der må se det").click()
    tick(first_tab, "Min kontaktperson")
    first_tab.get_by_role("button", name="Videre").click()
    edit_item(second_tab, **{"Mål": new})
    expect(item_card(second_tab)).to_contain_text(new)
    first_tab.get_by_role("button", name="Del", exact=True).click()
    expect(first_tab.get_by_role("alert")).to_have_text(CHANGED_MEANWHILE)

    expect(preview_card(first_tab)).to_contain_text(new, timeout=5_000)
    first_tab.get_by_role("button", name="Del", exact=True).click()
    expect(first_tab.get_by_text("Delt med: din kontaktperson")).to_be_visible(timeout=5_000)
    open_shared_plan(contact, url, people.name)
    expect(shared_item(contact, new)).to_have_count(1)


def test_axe_finds_nothing_on_the_workbook_the_item_page_while_sharing_and_changed_the_access_log_and_the_shared_plan(
        people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    title, changed = "Gå til fodbold om tirsdagen", "Gå til fodbold om torsdagen"
    href = make_goal(citizen, url, title)  # axe on /arbejdsbog on the way

    open_item(citizen, url, href, title)
    citizen.get_by_role("button", name="Ret", exact=True).click()
    expect(citizen.get_by_label("Mål", exact=True)).to_have_value(title)
    assert_accessible(citizen)  # the edit form
    citizen.get_by_role("button", name="Fortryd").click()
    citizen.get_by_role("button", name="Vælg, hvem der må se det").click()
    expect(citizen.get_by_role("checkbox", name="Min kontaktperson")).to_be_visible()
    assert_accessible(citizen)  # the choice of audience
    tick(citizen, "Min kontaktperson")
    tick(citizen, "Mine pårørende")
    citizen.get_by_role("button", name="Videre").click()
    expect(preview_card(citizen)).to_contain_text("Med: din kontaktperson · dine pårørende")
    assert_accessible(citizen)  # the preview of what is shared
    citizen.get_by_role("button", name="Del", exact=True).click()
    expect(citizen.get_by_text("Delt med: din kontaktperson, dine pårørende")).to_be_visible()
    edit_item(citizen, **{"Mål": changed})
    expect(unshared_box(citizen)).to_be_visible()
    assert_accessible(citizen)  # the unshared changes
    history(citizen)
    assert_accessible(citizen)  # the history open
    open_workbook(citizen, url)
    expect(goal_card(citizen, changed).get_by_text("Delt, men ændret siden", exact=True)).to_be_visible()
    assert_accessible(citizen)

    open_shared_plan(contact, url, people.name)
    expect(shared_item(contact, title)).to_have_count(1)
    assert_accessible(contact)

    open_page(citizen, url, ACCESS_LOG)
    expect(citizen.get_by_role("main").get_by_role("listitem").first).to_contain_text(CONTACT_NAME)
    assert_accessible(citizen)


# ------------------------------------------------------------------ a slow phone, and a goal's steps


def test_a_tick_shows_at_once_while_the_servers_answer_is_still_on_its_way(people: People) -> None:
    citizen, url = people.citizen, people.app_url
    title = "Gå i svømmehallen om lørdagen"
    href = make_goal(citizen, url, title)
    hold = hold_replies(citizen)  # from the next page's websocket on
    open_item(citizen, url, href, title)
    citizen.get_by_role("button", name="Vælg, hvem der må se det").click()
    box = citizen.get_by_role("checkbox", name="Min kontaktperson")
    expect(box).not_to_be_checked()

    release = hold()  # a slow line: nothing the server says reaches the phone until released
    box.click()
    expect(box).to_be_checked()  # the tap shows before any answer
    release("pick_contact")  # the server's answer to the tick has come, and is let through
    expect(box).to_be_checked()
    citizen.get_by_role("button", name="Videre").click()
    expect(preview_card(citizen)).to_contain_text("Med: din kontaktperson")


def test_the_preview_of_a_goal_offers_its_steps_unticked_and_a_ticked_step_reaches_the_contact_person(
        people: People) -> None:
    citizen, contact, url = people.citizen, people.contact, people.app_url
    title, step = "Lære at cykle igen", "Pumpe cyklen op"
    href = make_goal(citizen, url, title, first_step=step)
    open_item(citizen, url, href, title)

    # Shared without its step: the preview offers the step, not ticked, and an unticked step stays private.
    citizen.get_by_role("button", name="Vælg, hvem der må se det").click()
    tick(citizen, "Min kontaktperson")
    citizen.get_by_role("button", name="Videre").click()
    offer = preview_card(citizen).get_by_role("group", name=OFFER_STEPS)
    expect(offer.get_by_role("checkbox", name=step)).not_to_be_checked()
    assert_accessible(citizen)
    citizen.get_by_role("button", name="Del", exact=True).click()
    expect(citizen.get_by_text("Delt med: din kontaktperson")).to_be_visible()
    open_shared_plan(contact, url, people.name)
    expect(shared_item(contact, title)).to_have_count(1)
    expect(shared_items(contact)).to_have_count(1)

    # The next time the step is still offered; ticked, it goes with the goal.
    citizen.get_by_role("button", name="Vælg, hvem der må se det").click()
    tick(citizen, "Min kontaktperson")
    citizen.get_by_role("button", name="Videre").click()
    tick(citizen, step)
    citizen.get_by_role("button", name="Del", exact=True).click()
    expect(citizen.get_by_role("button", name="Vælg, hvem der må se det")).to_be_visible()
    reload_shared_plan(contact, people.name)
    expect(shared_items(contact)).to_have_count(2)
    expect(shared_item(contact, step)).to_have_count(1)

    # Now both are shared, nothing is offered.
    citizen.get_by_role("button", name="Vælg, hvem der må se det").click()
    tick(citizen, "Min kontaktperson")
    citizen.get_by_role("button", name="Videre").click()
    expect(preview_card(citizen)).to_contain_text("Med: din kontaktperson")
    expect(citizen.get_by_role("group", name=OFFER_STEPS)).to_have_count(0)
