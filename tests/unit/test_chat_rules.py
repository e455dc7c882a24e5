"""The chat's rules, whatever the flow: skip, back, change, bad input, double sends, resuming on another
device, who may see a conversation, and which flow is suggested next. SQLite and PostgreSQL."""

import itertools

import pytest
from sqlmodel import Session

from citizenplan.db import engine_for
from citizenplan.domain import chat, workbook
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.chat import ChatView
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.flow import InputKind
from citizenplan.domain.workbook import ItemKind
from citizenplan.flows import FLOWS
from citizenplan.models import Conversation, ConversationAnswer, ItemVersion, WorkbookItem
from tests.support.chat_engine import (
    ASK_AGAIN,
    NOW,
    Chat,
    add_item,
    answer_rows,
    citizen_chat,
    count,
    items,
    only,
    row,
    versions,
)
from tests.support.people import actor


def _stored(db: Session) -> tuple[int, int, int]:
    return count(db, ConversationAnswer), count(db, WorkbookItem), count(db, ItemVersion)


def _to_more_dreams(c: Chat) -> None:
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    c.answer("Jeg vil have mit eget sted at bo.")
    c.answer("Jeg håber, at jeg får det bedre.")
    c.answer("At bo ved havet")
    assert c.step == "more_dreams"


# ---------------------------------------------------------------- skipping


SKIPPED_PATHS = {
    "getting_started": ["who", "want", "hope", "dream", "more_dreams", "areas"],
    "dream_to_goal": ["title", "why", "success", "when", "first_step", "helper", "area"],
    "check_in": ["score", "note"],
    "crisis_plan": ["signs", "helps", "not_helps", "contact_name", "practical"],
    "prepare_follow_up": ["went_well", "hard", "talk_about", "share"],
}


@pytest.mark.parametrize("flow_id", list(FLOWS))
def test_every_question_of_every_flow_may_be_skipped_and_skipping_stores_nothing_in_the_workbook(db, flow_id):
    c, _ = citizen_chat(db)
    if flow_id == "check_in":
        add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    before = count(db, WorkbookItem)
    c.start(flow_id)
    visited = []
    while not c.view.finished:
        visited.append(c.step)
        c.skip()
        assert len(visited) < 20, "skipping never ends"
    assert visited == SKIPPED_PATHS[flow_id]
    assert c.bot_says()[-1] == FLOWS[flow_id].done
    assert all(a.skipped and a.value is None for a in answer_rows(db, c.view.conversation_id))
    assert {b.texts[0].value for b in c.view.bubbles if b.who == "me"} == {"Sprunget over"}
    assert count(db, WorkbookItem) == before


def test_every_flow_is_covered_by_the_skip_test():
    assert set(SKIPPED_PATHS) == set(FLOWS)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("empty", ["", "   \n  ", None])
def test_an_empty_answer_to_a_required_question_is_asked_again_gently_and_nothing_is_stored(db, empty):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    stored = _stored(db)
    with pytest.raises(UserError) as refused:
        c.answer(empty)
    assert (refused.value.message, refused.value.field) == (ASK_AGAIN, "answer")
    assert _stored(db) == stored
    assert c.step == "who"


def test_no_chip_chosen_on_a_required_question_is_asked_again_gently(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    for _ in range(5):
        c.skip()
    assert c.step == "areas"
    stored = _stored(db)
    with pytest.raises(UserError) as refused:
        c.answer([])
    assert refused.value.message == ASK_AGAIN
    assert _stored(db) == stored


def test_an_empty_answer_to_an_optional_question_goes_on_like_a_skip(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.skip()
    c.answer("unknown")
    c.answer("unknown")
    c.answer("Jeg spørger på biblioteket.")
    assert c.step == "helper"
    c.answer("")
    assert c.step == "area"
    assert "helper" not in only(db, c.me, ItemKind.STEP).content
    assert c.mine("helper")[0].texts[0].value == "Sprunget over"


def test_an_answer_over_2000_characters_is_refused_naming_the_limit_and_nothing_is_stored(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    stored = _stored(db)
    with pytest.raises(UserError) as refused:
        c.answer("å" * 2001)
    error = refused.value
    assert error.field == "answer"
    assert error.params == {"count": 2000}
    assert "2000" in error.message.format(**error.params)
    assert _stored(db) == stored
    assert c.step == "who"


def test_an_answer_of_exactly_2000_characters_is_kept_whole(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer("å" * 2000)
    assert only(db, c.me, ItemKind.ABOUT_ME).content["text"] == "å" * 2000


def test_html_or_script_is_stored_and_shown_as_the_plain_text_it_is(db):
    script = "<script>alert(1)</script>"
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer(script)
    assert only(db, c.me, ItemKind.ABOUT_ME).content["text"] == script
    (bubble,) = c.mine("who")
    assert (bubble.texts[0].value, bubble.texts[0].kind) == (script, "literal")
    assert bubble.value == script


# ---------------------------------------------------------------- double sends and late answers


def test_the_same_answer_sent_twice_is_stored_once(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer("Jeg hedder Sara.", client_id="tap-1")
    again = c.answer("Jeg hedder Sara.", step_id="who", client_id="tap-1")
    assert again.question.step_id == "want"
    assert [a.step_id for a in answer_rows(db, c.view.conversation_id)] == ["who"]
    assert len(versions(db, only(db, c.me, ItemKind.ABOUT_ME).item_id)) == 1


def test_the_same_skip_sent_twice_skips_one_question(db):
    c, _ = citizen_chat(db)
    view = c.start("getting_started")
    for _ in range(2):
        c._done(chat.skip(db, c.me, view.conversation_id, "who", "tap-1", now=NOW))
    assert c.step == "want"
    assert len(answer_rows(db, view.conversation_id)) == 1


def test_the_same_change_sent_twice_makes_one_new_version(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    (first,) = c.mine("who")
    for _ in range(2):
        c._done(chat.change(db, c.me, c.view.conversation_id, first.answer_id, "Jeg hedder Sara Jensen.",
                            "change-1", now=NOW))
    assert [v["text"] for v in versions(db, only(db, c.me, ItemKind.ABOUT_ME).item_id)] == [
        "Jeg hedder Sara.", "Jeg hedder Sara Jensen."]


def test_an_answer_to_a_question_no_longer_asked_is_ignored(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    stored = _stored(db)
    late = c.answer("Et svar fra en anden fane", step_id="who")
    assert late.question.step_id == "want"
    assert _stored(db) == stored
    assert only(db, c.me, ItemKind.ABOUT_ME).content["text"] == "Jeg hedder Sara."


def test_an_answer_to_a_finished_conversation_is_ignored(db):
    c, _ = citizen_chat(db)
    c.start("crisis_plan")
    while not c.view.finished:
        c.skip()
    stored = _stored(db)
    late = c.answer("For sent", step_id="practical")
    assert late.finished
    assert _stored(db) == stored


# ---------------------------------------------------------------- back


def test_going_back_asks_the_last_question_again_and_keeps_the_old_answer_in_history(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    c.answer("Jeg vil have et job.")
    assert c.step == "hope"
    c.back()
    assert c.step == "want"
    assert c.asking() == ["Hvad vil du gerne? Skriv det med dine egne ord."]
    assert [b.step_id for b in c.view.bubbles if b.who == "me"] == ["who"]
    rows = answer_rows(db, c.view.conversation_id)
    assert [(a.step_id, a.value, a.superseded_at is not None) for a in rows] == [
        ("who", "Jeg hedder Sara.", False), ("want", "Jeg vil have et job.", True)]


def test_going_back_before_anything_is_answered_changes_nothing(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    assert not c.view.can_go_back
    c.back()
    assert c.step == "who"
    assert answer_rows(db, c.view.conversation_id) == []


def test_going_back_takes_the_answer_out_of_the_workbook_as_a_new_version_and_keeps_it_in_history(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    c.answer("Jeg vil have et job.")
    about = only(db, c.me, ItemKind.ABOUT_ME)
    assert about.content == {"text": "Jeg hedder Sara.", "wants": "Jeg vil have et job."}
    c.back()
    assert c.step == "want"
    assert only(db, c.me, ItemKind.ABOUT_ME).content == {"text": "Jeg hedder Sara."}
    assert versions(db, about.item_id) == [
        {"text": "Jeg hedder Sara."},
        {"text": "Jeg hedder Sara.", "wants": "Jeg vil have et job."},
        {"text": "Jeg hedder Sara."},
    ]
    c.answer("Jeg vil have en hund.")
    assert only(db, c.me, ItemKind.ABOUT_ME).content == {"text": "Jeg hedder Sara.", "wants": "Jeg vil have en hund."}


def test_going_back_over_the_answer_that_made_a_dream_deletes_that_dream_and_keeps_its_history(db):
    c, _ = citizen_chat(db)
    _to_more_dreams(c)
    (dream,) = items(db, c.me, ItemKind.DREAM)
    c.back()
    assert c.step == "dream"
    assert items(db, c.me, ItemKind.DREAM) == []
    assert row(db, dream.item_id).deleted_at is not None
    assert versions(db, dream.item_id) == [{"text": "At bo ved havet"}]
    c.answer("At bo ved en sø")
    c.answer("yes")
    c.answer("At få en hund")
    assert [d.content["text"] for d in items(db, c.me, ItemKind.DREAM)] == ["At bo ved en sø", "At få en hund"]


def _answer_for(c: Chat) -> object:
    """A plain answer to whatever the chat asks: words that are not vague, the first chip, a yes-or-no
    that goes on, a number."""
    question = c.view.question
    if question.input in (InputKind.CHOICE, InputKind.MULTI):
        first = question.choices[0].value
        return [first] if question.input is InputKind.MULTI else first
    return {InputKind.TEXT: "Jeg går en tur i parken hver morgen.", InputKind.YES_NO: "no", InputKind.SCALE: "4",
            InputKind.PHONE: "12345678", InputKind.DATE: "2027-01-01"}[question.input]


def _workbook_as_shown(db: Session, c: Chat) -> list[tuple]:
    """What the citizen's workbook holds, item by item (ids aside: an item made again is a new one)."""
    return sorted((i.kind.value, repr(sorted(i.content.items())), i.parent_id)
                  for i in workbook.items(db, c.me))


@pytest.mark.parametrize("flow_id", list(FLOWS))
def test_after_tilbage_on_any_question_of_any_flow_the_workbook_is_as_before_that_answer(db, flow_id):
    c, _ = citizen_chat(db)
    add_item(db, c.me, ItemKind.DREAM, text="At bo ved havet")
    add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    add_item(db, c.me, ItemKind.CRISIS_PLAN, signs="Jeg sover dårligt.", contacts=[{"name": "Bo", "phone": "11 22 33 44"}])
    c.start(flow_id)
    asked = 0
    while not c.view.finished:
        before, step = _workbook_as_shown(db, c), c.step
        value = _answer_for(c)
        c.answer(value)
        asked += 1
        if c.view.finished:
            break
        assert _workbook_as_shown(db, c) != before or step in ("pick_dream", "more_dreams", "contact_name",
                                                               "more_contacts"), f"{step} wrote nothing"
        c.back()
        assert c.step == step
        assert _workbook_as_shown(db, c) == before, f"Tilbage after {step!r} left the answer in the workbook"
        c.answer(value)
        assert asked < 30, "the flow never ends"
    assert asked >= 2


def test_an_action_that_tilbage_cannot_take_back_only_ends_a_flow():
    """An order or a share is not taken back by Tilbage; a finished flow has no Tilbage, so such a step
    must be the last."""
    for flow in FLOWS.values():
        for step in flow.steps:
            if step.action in chat.FINAL_ACTIONS:
                assert step.next.default == "" and not step.next.cases, (flow.id, step.id)
                assert not any(s.for_each for s in flow.steps), (flow.id, step.id)


def test_going_back_over_a_yes_asks_it_again_and_a_no_takes_the_other_way(db):
    c, _ = citizen_chat(db)
    _to_more_dreams(c)
    c.answer("yes")
    assert c.step == "dream"
    c.back()
    assert c.step == "more_dreams"
    c.answer("no")
    assert c.step == "areas"
    assert len(items(db, c.me, ItemKind.DREAM)) == 1


def test_going_back_into_the_vague_follow_up_asks_the_follow_up_again(db):
    hint = "Tænk på en dag, hvor det er lykkedes. Hvad gør du så, som du ikke gør nu?"
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.answer("bedre")
    c.answer("Jeg ser en ven hver uge.")
    assert c.step == "when"
    c.back()
    assert (c.step, c.asking()) == ("success", [hint])
    c.answer("bedre")  # the follow-up was already asked: no second one
    assert c.step == "when"


def test_going_back_from_a_time_chip_to_i_dont_know_yet_takes_the_date_off_the_goal(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.skip()
    c.answer("half_year")
    c.back()
    assert c.step == "when"
    c.answer("unknown")
    c.answer("unknown")
    goal = only(db, c.me, ItemKind.GOAL).content
    assert (goal.get("target_date"), goal.get("horizon")) == (None, None)


def test_going_back_to_choose_another_dream_links_the_goal_to_that_dream(db):
    c, _ = citizen_chat(db)
    sea = add_item(db, c.me, ItemKind.DREAM, text="At bo ved havet")
    dog = add_item(db, c.me, ItemKind.DREAM, text="At få en hund")
    c.start("dream_to_goal")
    c.answer(str(sea))
    c.answer("Jeg vil bo ved havet")
    c.back()
    c.back()
    assert c.step == "pick_dream"
    c.answer(str(dog))
    c.answer("Jeg vil have en hund")
    goal = only(db, c.me, ItemKind.GOAL)
    assert goal.content["title"] == "Jeg vil have en hund"
    assert row(db, goal.item_id).origin_id == dog


def test_correcting_a_contacts_number_after_going_back_keeps_one_contact(db):
    c, _ = citizen_chat(db)
    c.start("crisis_plan")
    c.skip()
    c.skip()
    c.skip()
    c.answer("Mor")
    c.answer("12345678")
    c.back()
    assert c.step == "contact_phone"
    c.answer("87654321")
    assert only(db, c.me, ItemKind.CRISIS_PLAN).content["contacts"] == [{"name": "Mor", "phone": "87 65 43 21"}]


def test_a_note_after_a_skipped_score_still_belongs_to_the_goal(db):
    c, _ = citizen_chat(db)
    walk = add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    c.start("check_in")
    c.skip()
    c.answer("Jeg var syg hele ugen.")
    assert [(i.parent_id, i.content) for i in items(db, c.me, ItemKind.CHECK_IN)] == [
        (walk, {"note": "Jeg var syg hele ugen."})]


# ---------------------------------------------------------------- change


def _at_hope(c: Chat) -> int:
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    c.answer("Jeg vil have et job.")
    assert c.step == "hope"
    (who,) = c.mine("who")
    assert who.editable
    return who.answer_id


def test_changing_an_earlier_answer_writes_a_new_version_keeps_the_old_and_stays_at_the_question(db):
    c, _ = citizen_chat(db)
    who = _at_hope(c)
    about = only(db, c.me, ItemKind.ABOUT_ME).item_id
    c.change(who, "Jeg hedder Sara Jensen.")
    assert c.step == "hope"
    assert c.asking() == ["Hvad håber du på?"]
    assert versions(db, about) == [
        {"text": "Jeg hedder Sara."},
        {"text": "Jeg hedder Sara.", "wants": "Jeg vil have et job."},
        {"text": "Jeg hedder Sara Jensen.", "wants": "Jeg vil have et job."},
    ]
    rows = [a for a in answer_rows(db, c.view.conversation_id) if a.step_id == "who"]
    assert [(a.value, a.superseded_at is not None, a.item_id) for a in rows] == [
        ("Jeg hedder Sara.", True, about), ("Jeg hedder Sara Jensen.", False, about)]


def test_a_changed_answer_is_shown_in_the_transcript_instead_of_the_old_one(db):
    c, _ = citizen_chat(db)
    who = _at_hope(c)
    c.change(who, "Jeg hedder Sara Jensen.")
    mine = [(b.step_id, b.texts[0].value) for b in c.view.bubbles if b.who == "me"]
    assert mine == [("who", "Jeg hedder Sara Jensen."), ("want", "Jeg vil have et job.")]
    assert "Jeg hedder Sara." not in [t.value for b in c.view.bubbles for t in b.texts]


def test_a_question_says_whether_the_next_one_is_typed_too_so_the_box_may_keep_the_focus(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    assert c.view.question.next_input is InputKind.TEXT  # who -> want: both typed
    _to_more_dreams(c)
    assert c.view.question.next_input is InputKind.MULTI  # more dreams (chips) -> the life areas (chips)
    c.answer("yes")
    assert c.step == "dream" and c.view.question.next_input is InputKind.YES_NO  # a dream -> "one more?" with chips


def test_a_page_that_shows_the_conversation_as_stored_gets_only_the_answer_and_the_next_question(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    shown = c.view
    after = chat.answer(db, c.me, shown.conversation_id, "who", "Jeg hedder Sara.", "a-1", now=NOW,
                        shown=shown.delta.mark)
    assert after.delta.appended
    assert [(b.who, b.step_id) for b in after.bubbles] == [("me", "who"), ("bot", "want")]
    assert after.delta.mark != shown.delta.mark
    # A skip is the same: the skipped answer's bubble and the next question, nothing before.
    skipped = chat.skip(db, c.me, shown.conversation_id, "want", "a-2", now=NOW, shown=after.delta.mark)
    assert skipped.delta.appended
    assert [(b.who, b.step_id) for b in skipped.bubbles] == [("me", "want"), ("bot", "hope")]


@pytest.mark.parametrize("elsewhere", ["change", "back", "answer"])
def test_a_page_behind_what_another_tab_did_gets_the_whole_conversation(db, elsewhere):
    c, _ = citizen_chat(db)
    who = _at_hope(c)
    stale = c.view
    other = Chat(db, c.me, view=stale, _client_ids=itertools.count(100))  # the same citizen in a second tab
    if elsewhere == "change":
        other.change(who, "Jeg hedder Sara Jensen.")
    elif elsewhere == "back":
        other.back()
        other.answer("Jeg vil have et job.")  # back at the same question, as the stale tab shows it
    else:
        other.answer("Jeg håber, at jeg får det bedre.")
        other.back()
    assert other.step == "hope"
    after = chat.answer(db, c.me, stale.conversation_id, "hope", "At få det godt.", "stale-1", now=NOW,
                        shown=stale.delta.mark)
    assert not after.delta.appended
    assert after == chat.view(db, c.me, stale.conversation_id)
    if elsewhere == "change":
        assert [b.texts[0].value for b in after.bubbles if b.step_id == "who" and b.who == "me"] == [
            "Jeg hedder Sara Jensen."]


def test_the_answer_that_ends_a_flow_shows_the_whole_conversation_with_what_was_saved(db):
    c, _ = citizen_chat(db)
    _to_more_dreams(c)
    c.answer("no")
    shown = c.view
    done = chat.skip(db, c.me, shown.conversation_id, shown.question.step_id, "last", now=NOW, shown=shown.delta.mark)
    assert done.finished and done.saved and not done.delta.appended
    assert done.bubbles[:len(shown.bubbles)] == shown.bubbles


def test_a_changed_answer_is_checked_like_a_new_one(db):
    c, _ = citizen_chat(db)
    who = _at_hope(c)
    stored = _stored(db)
    with pytest.raises(UserError) as empty:
        c.change(who, " ")
    with pytest.raises(UserError) as too_long:
        c.change(who, "x" * 2001)
    assert empty.value.message == ASK_AGAIN
    assert too_long.value.params == {"count": 2000}
    assert _stored(db) == stored


def test_an_answer_that_chose_the_way_on_is_changed_by_going_back_not_in_place(db):
    c, _ = citizen_chat(db)
    _to_more_dreams(c)
    c.answer("no")
    (yes_no,) = c.mine("more_dreams")
    assert not yes_no.editable
    with pytest.raises(UserError) as refused:
        c.change(yes_no.answer_id, "yes")
    assert refused.value.message == "Det svar kan ikke ændres her. Brug Tilbage."


def test_a_changed_dream_changes_that_dream_only(db):
    c, _ = citizen_chat(db)
    _to_more_dreams(c)
    c.answer("yes")
    c.answer("At få en hund")
    first = c.mine("dream")[0]
    c.change(first.answer_id, "At bo ved en sø")
    assert [d.content["text"] for d in items(db, c.me, ItemKind.DREAM)] == ["At bo ved en sø", "At få en hund"]


# ---------------------------------------------------------------- resuming


def test_starting_a_flow_that_is_under_way_resumes_it_at_the_same_question_with_every_earlier_message(
        db, db_url):
    c, people = citizen_chat(db)
    first = c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    c.answer("Jeg vil have et job.")
    on_phone = c.view
    # another device: a new connection, the person loaded afresh after login
    with Session(engine_for(db_url)) as other:
        me = load_actor(other, people.citizen)
        resumed = chat.start(other, me, "getting_started")
        assert resumed.conversation_id == first.conversation_id
        assert resumed.question == on_phone.question
        assert resumed.bubbles == on_phone.bubbles
        chat.answer(other, me, resumed.conversation_id, "hope", "At få det bedre.", "tablet-1")
        other.commit()
    db.expire_all()
    back_on_phone = chat.view(db, c.me, first.conversation_id)
    assert back_on_phone.question.step_id == "dream"
    assert [b.texts[0].value for b in back_on_phone.bubbles if b.who == "me"][-1] == "At få det bedre."


def _finish_crisis_plan(c: Chat) -> ChatView:
    first = c.start("crisis_plan")
    c.answer("Jeg sover dårligt.")
    while not c.view.finished:
        c.skip()
    return first


def test_opening_a_finished_flow_again_shows_how_it_ended_and_starts_nothing(db):
    """A reload of the summary, the browser's Back button to it, or its address opened again."""
    c, _ = citizen_chat(db)
    first = _finish_crisis_plan(c)
    ended = c.view
    runs = count(db, Conversation)
    for _ in range(3):
        again = c.start("crisis_plan")
        assert again.conversation_id == first.conversation_id
        assert again.finished and again.question is None and not again.can_go_back
        assert again == ended
    assert count(db, Conversation) == runs
    assert _statuses(db, c)["crisis_plan"] == ("finished", False)


def test_start_forfra_begins_a_new_conversation_and_the_finished_one_stays(db):
    c, _ = citizen_chat(db)
    first = _finish_crisis_plan(c)
    plan = only(db, c.me, ItemKind.CRISIS_PLAN)
    again = c.start_over("crisis_plan")
    assert again.conversation_id != first.conversation_id
    assert (again.question.step_id, again.finished) == ("signs", False)
    assert chat.start_over(db, c.me, "crisis_plan", now=NOW).conversation_id == again.conversation_id  # a double tap
    assert c.start("crisis_plan").conversation_id == again.conversation_id  # a reload resumes it
    assert chat.view(db, c.me, first.conversation_id).finished
    c.answer("Jeg bliver stille.")
    assert only(db, c.me, ItemKind.CRISIS_PLAN).item_id == plan.item_id  # the one crisis plan, a new version


def test_a_check_in_that_found_no_goal_looks_again_when_opened(db):
    c, _ = citizen_chat(db)
    assert c.start("check_in").finished
    add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    assert c.start("check_in").question.step_id == "score"


# ---------------------------------------------------------------- who may


def test_a_citizen_can_never_read_or_answer_another_citizens_conversation(db):
    c, people = citizen_chat(db)
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    (who,) = c.mine("who")
    run = c.view.conversation_id
    neighbour = actor(db, people.neighbour, NOW)
    stored = _stored(db)
    attempts = [
        lambda: chat.view(db, neighbour, run),
        lambda: chat.answer(db, neighbour, run, "want", "Hacket", "n-1", now=NOW),
        lambda: chat.skip(db, neighbour, run, "want", "n-2", now=NOW),
        lambda: chat.back(db, neighbour, run, now=NOW),
        lambda: chat.change(db, neighbour, run, who.answer_id, "Hacket", "n-3", now=NOW),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            attempt()
    db.rollback()
    assert _stored(db) == stored
    assert chat.view(db, c.me, run).question.step_id == "want"


def test_a_conversation_that_does_not_exist_is_refused_not_a_crash(db):
    c, _ = citizen_chat(db)
    with pytest.raises(AccessDenied):
        chat.view(db, c.me, 987654)


@pytest.mark.parametrize("who", ["contact", "relative", "manager"])
def test_no_one_but_the_citizen_can_start_a_flow_or_open_the_citizens_conversation(db, who):
    c, people = citizen_chat(db)
    run = c.start("getting_started").conversation_id
    other = actor(db, getattr(people, who), NOW)
    for flow_id in FLOWS:
        with pytest.raises(AccessDenied):
            chat.start(db, other, flow_id, now=NOW)
    with pytest.raises(AccessDenied):
        chat.view(db, other, run)
    with pytest.raises(AccessDenied):
        chat.flows_for(db, other)


def test_an_unknown_flow_is_refused_plainly(db):
    c, _ = citizen_chat(db)
    with pytest.raises(UserError) as refused:
        c.start("not_a_flow")
    assert refused.value.message == "Vi kan ikke finde den samtale."


# ---------------------------------------------------------------- the home screen's list


def _statuses(db: Session, c: Chat) -> dict[str, tuple[str, bool]]:
    return {f.flow_id: (f.status, f.suggested) for f in chat.flows_for(db, c.me)}


def test_a_new_citizen_sees_every_flow_as_new_and_getting_started_suggested(db):
    c, _ = citizen_chat(db)
    assert _statuses(db, c) == {
        "getting_started": ("new", True), "dream_to_goal": ("new", False),
        "check_in": ("new", False), "crisis_plan": ("new", False), "prepare_follow_up": ("new", False),
    }
    assert [f.title for f in chat.flows_for(db, c.me)] == [f.title for f in FLOWS.values()]


def test_a_flow_under_way_is_started_and_getting_started_stays_suggested_until_finished(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    c.answer("Jeg hedder Sara.")
    assert _statuses(db, c)["getting_started"] == ("started", True)


def test_after_getting_started_a_citizen_without_a_goal_is_offered_to_turn_a_dream_into_one(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    while not c.view.finished:
        c.skip()
    assert _statuses(db, c) == {
        "getting_started": ("finished", False), "dream_to_goal": ("new", True),
        "check_in": ("new", False), "crisis_plan": ("new", False), "prepare_follow_up": ("new", False),
    }


def test_with_a_goal_the_crisis_plan_is_suggested_and_after_it_the_check_in(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    while not c.view.finished:
        c.skip()
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    assert _statuses(db, c)["dream_to_goal"] == ("started", False)
    assert _statuses(db, c)["crisis_plan"] == ("new", True)
    c.start("crisis_plan")
    while not c.view.finished:
        c.skip()
    statuses = _statuses(db, c)
    assert statuses["crisis_plan"] == ("finished", False)
    assert statuses["check_in"] == ("new", True)
    assert [flow for flow, (_, suggested) in statuses.items() if suggested] == ["check_in"]


def test_a_flow_done_before_counts_as_started_once_a_new_round_is_answered(db):
    c, _ = citizen_chat(db)
    add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    c.start("check_in")
    while not c.view.finished:
        c.skip()
    assert _statuses(db, c)["check_in"][0] == "finished"
    c.start("check_in")  # opened again: the round that was done
    assert _statuses(db, c)["check_in"][0] == "finished"
    c.start_over("check_in")
    assert _statuses(db, c)["check_in"][0] == "finished"  # "Ny runde" pressed, nothing answered yet
    c.answer("4")
    assert _statuses(db, c)["check_in"][0] == "started"


def test_a_flow_opened_but_not_answered_is_still_new(db):
    c, _ = citizen_chat(db)
    c.start("crisis_plan")
    assert _statuses(db, c)["crisis_plan"] == ("new", False)
    c.skip()
    assert _statuses(db, c)["crisis_plan"] == ("started", False)


def test_a_finished_check_in_is_begun_again_as_a_new_round_and_the_others_from_the_start():
    assert {flow.id: flow.again for flow in FLOWS.values()} == {
        "getting_started": "Start forfra", "dream_to_goal": "Start forfra", "check_in": "Ny runde",
        "crisis_plan": "Start forfra", "prepare_follow_up": "Start forfra"}


def test_another_citizens_check_in_never_sees_this_citizens_goals(db):
    """The goals a check-in goes round are the acting citizen's own, never anyone else's."""
    c, people = citizen_chat(db)
    add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    neighbour = actor(db, people.neighbour, NOW)
    assert workbook.active_goals(db, neighbour) == []
    n = Chat(db, neighbour)
    n.start("check_in")
    assert n.view.finished


@pytest.mark.parametrize("page_is_current", [True, False], ids=["only_what_follows", "whole_conversation"])
def test_the_chips_of_the_answered_question_are_read_once_per_answer(db, monkeypatch, page_is_current):
    """The same chips check the answer and label its bubble: the workbook is read for them once."""
    c, _ = citizen_chat(db)
    dream = add_item(db, c.me, ItemKind.DREAM, text="At bo ved havet")
    add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    c.start("dream_to_goal")
    assert c.step == "pick_dream"
    reads = {"dreams": 0, "goals": 0}
    items, active_goals = workbook.items, workbook.active_goals

    def counted_items(db, actor, kinds=None):
        reads["dreams"] += kinds == (ItemKind.DREAM,)
        return items(db, actor, kinds)

    def counted_goals(db, actor):
        reads["goals"] += 1
        return active_goals(db, actor)

    monkeypatch.setattr(workbook, "items", counted_items)
    monkeypatch.setattr(workbook, "active_goals", counted_goals)
    shown = c.view.delta.mark if page_is_current else ""
    after = chat.answer(db, c.me, c.view.conversation_id, "pick_dream", str(dream), "pick-1", now=NOW, shown=shown)
    assert reads["dreams"] == 1
    assert after.delta.appended is page_is_current
    assert [t.value for b in after.bubbles if b.who == "me" for t in b.texts] == ["At bo ved havet"]
    db.commit()
    c.view = chat.view(db, c.me, after.conversation_id)
    for value in ("Jeg går en tur i skoven hver morgen.", "Så får jeg det bedre om dagen.",
                  "Jeg går ud af døren hver morgen kl. 8.", "month", "Jeg køber gode sko.", "Min søster",
                  "body_and_health"):
        c.answer(value)
    assert c.step == "priority"
    goal = c.choices()[0]
    reads["goals"] = 0
    shown = c.view.delta.mark if page_is_current else ""
    done = chat.answer(db, c.me, c.view.conversation_id, "priority", goal, "priority-1", now=NOW, shown=shown)
    assert done.finished  # the last answer shows the whole conversation, every chip's label with it
    assert reads["goals"] == 1
