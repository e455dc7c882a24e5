"""Every chat flow driven from start to end without a browser, on SQLite and on PostgreSQL.

`Chat` (tests/support/chat_engine.py) plays the citizen: it calls the engine (citizenplan.domain.chat) as
the chat page does, one call per event, and commits after each call as the app's unit of work does.
test_chat_rules.py uses it too.
"""

from datetime import timedelta

import pytest
from sqlmodel import update

from citizenplan.domain import shared_view, workbook
from citizenplan.domain.errors import UserError
from citizenplan.domain.workbook import ItemKind
from citizenplan.flows import FLOWS
from citizenplan.models import ContactAssignment, ConversationAnswer, ItemVersion
from tests.support.chat_engine import (
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

# ---------------------------------------------------------------- 1. Kom godt i gang


def test_getting_started_keeps_who_i_am_my_hope_two_dreams_and_the_areas_that_matter(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    assert c.step == "who"
    assert c.asking() == ["Hej! Her laver du din egen plan. Vi tager ét spørgsmål ad gangen.",
                          "Du kan fx skrive, hvad du kan lide, og hvad du er god til.",
                          "Hvem er du? Skriv lidt om dig selv."]
    c.answer("Jeg hedder Sara. Jeg kan lide at tegne.")
    assert c.step == "want"
    c.answer("Jeg vil have mit eget sted at bo.")
    assert c.step == "hope"
    c.answer("Jeg håber, at jeg får det bedre.")
    assert c.step == "dream"
    c.answer("At bo ved havet")
    assert (c.step, c.choices()) == ("more_dreams", ["yes", "no"])
    c.answer("yes")
    assert c.step == "dream"
    c.answer("At få en hund")
    c.answer("no")
    assert c.view.question.input == "multi"
    c.answer(["family", "housing"])

    assert c.view.finished and c.view.question is None
    assert c.bot_says()[-1] == "Tak, fordi du fortalte mig det. Det er gemt i din arbejdsbog."
    me = c.me
    about = only(db, me, ItemKind.ABOUT_ME)
    assert about.content == {"text": "Jeg hedder Sara. Jeg kan lide at tegne.",
                             "wants": "Jeg vil have mit eget sted at bo."}
    assert only(db, me, ItemKind.HOPE).content == {"text": "Jeg håber, at jeg får det bedre."}
    assert [d.content["text"] for d in items(db, me, ItemKind.DREAM)] == ["At bo ved havet", "At få en hund"]
    # the chips' order, whatever order they were tapped in
    assert only(db, me, ItemKind.FOCUS_AREAS).content == {"areas": ["housing", "family"]}
    saved = {s.kind for s in c.view.saved}
    assert saved == {ItemKind.ABOUT_ME, ItemKind.HOPE, ItemKind.DREAM, ItemKind.FOCUS_AREAS}
    assert [b.texts[0].value for b in c.mine("more_dreams")] == ["Ja", "Nej"]


def test_getting_started_refuses_an_area_that_is_not_a_chip(db):
    c, _ = citizen_chat(db)
    c.start("getting_started")
    for _ in range(4):
        c.skip()
    c.skip()  # more dreams: the default, on to the areas
    with pytest.raises(UserError) as refused:
        c.answer(["family", "månen"])
    assert refused.value.message == "Tryk på en knap."
    assert c.step == "areas"


# ---------------------------------------------------------------- 2. Gør en drøm til et mål


def _to_goal(c: Chat, *, title="Jeg vil bo ved havet", when="half_year") -> None:
    """Answer from the goal's title to the end, with clear answers."""
    assert c.step == "title"
    c.answer(title)
    c.answer("Fordi jeg bliver rolig af havet.")
    c.answer("Jeg går en tur ved vandet hver morgen.")
    assert c.step == "when"
    c.answer(when)
    if c.step == "date":
        c.answer((NOW.date() + timedelta(days=30)).isoformat())
    assert c.step == "first_step"
    c.answer("Jeg ringer til boligselskabet.")
    c.answer("Min søster")
    assert c.step == "area"
    c.answer("housing")


def test_dream_to_goal_from_a_chosen_dream_keeps_the_dream_as_the_goals_origin(db):
    c, _ = citizen_chat(db)
    sea = add_item(db, c.me, ItemKind.DREAM, text="At bo ved havet")
    dog = add_item(db, c.me, ItemKind.DREAM, text="At få en hund")
    c.start("dream_to_goal")
    assert c.asking() == ["Lad os gøre en drøm til et mål.", "Hvilken drøm vil du tage fat på?"]
    assert c.choices() == [str(sea), str(dog), "new"]
    assert [ch.label.value for ch in c.view.question.choices] == ["At bo ved havet", "At få en hund", "Noget nyt"]
    c.answer(str(sea))
    _to_goal(c)

    assert c.view.finished
    assert c.bot_says()[-1] == "Godt gået! Dit mål og dit første skridt er gemt."
    goal = only(db, c.me, ItemKind.GOAL)
    assert goal.content == {
        "title": "Jeg vil bo ved havet", "why": "Fordi jeg bliver rolig af havet.",
        "success": "Jeg går en tur ved vandet hver morgen.", "status": "active",
        "target_date": "2026-11-04", "horizon": "short", "life_area": "housing", "who_dimension": "environment",
    }
    assert row(db, goal.item_id).origin_id == sea
    step = only(db, c.me, ItemKind.STEP)
    assert step.content == {"text": "Jeg ringer til boligselskabet.", "helper": "Min søster"}
    assert step.parent_id == goal.item_id
    assert [b.texts[0].value for b in c.mine("pick_dream")] == ["At bo ved havet"]


def test_dream_to_goal_from_something_new_has_no_dream_behind_it(db):
    c, _ = citizen_chat(db)
    add_item(db, c.me, ItemKind.DREAM, text="At bo ved havet")
    c.start("dream_to_goal")
    c.answer("new")
    _to_goal(c, title="Jeg vil lære at lave mad")
    goal = only(db, c.me, ItemKind.GOAL)
    assert goal.content["title"] == "Jeg vil lære at lave mad"
    assert row(db, goal.item_id).origin_id is None
    assert [b.texts[0].value for b in c.mine("pick_dream")] == ["Noget nyt"]


def test_dream_to_goal_without_any_dream_passes_by_the_choice_of_dream(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    assert c.step == "title"
    assert "Hvilken drøm vil du tage fat på?" not in c.bot_says()
    _to_goal(c)
    assert c.view.finished
    assert [a.step_id for a in answer_rows(db, c.view.conversation_id)][0] == "title"


@pytest.mark.parametrize("vague", ["bedre", "Det ved jeg ikke", "måske"])
def test_a_vague_success_answer_gets_one_kind_follow_up_and_never_a_second(db, vague):
    hint = "Tænk på en dag, hvor det er lykkedes. Hvad gør du så, som du ikke gør nu?"
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.answer("Jeg er meget alene.")
    c.answer(vague)
    assert (c.step, c.asking()) == ("success", [hint])
    c.answer(vague)  # just as vague again: no nagging, on to the next question
    assert c.step == "when"
    assert c.bot_says().count(hint) == 1
    assert only(db, c.me, ItemKind.GOAL).content["success"] == vague
    # both answers are kept, the second under the follow-up question
    assert [b.texts[0].value for b in c.mine("success")] == [vague, vague]


def test_a_clear_answer_to_the_follow_up_is_kept_as_the_success_criterion(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.answer("Jeg er meget alene.")
    c.answer("bedre")
    c.answer("Jeg spiser med en ven hver søndag.")
    assert c.step == "when"
    goal = only(db, c.me, ItemKind.GOAL)
    assert goal.content["success"] == "Jeg spiser med en ven hver søndag."
    assert [v.get("success") for v in versions(db, goal.item_id)][-2:] == ["bedre", "Jeg spiser med en ven hver søndag."]


def test_a_clear_success_answer_gets_no_follow_up(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.answer("Jeg er meget alene.")
    c.answer("Jeg spiser med en ven hver søndag.")
    assert c.step == "when"


def test_i_dont_know_yet_gets_one_follow_up_and_then_the_goal_has_no_date(db):
    hint = "Det er helt i orden. Hvis du skal gætte, hvornår kunne det så være?"
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.skip()
    c.answer("unknown")
    assert (c.step, c.asking()) == ("when", [hint])
    assert c.choices() == ["month", "half_year", "year", "date", "unknown"]
    c.answer("unknown")
    assert c.step == "first_step"
    assert c.bot_says().count(hint) == 1
    goal = only(db, c.me, ItemKind.GOAL).content
    assert (goal.get("target_date"), goal.get("horizon")) == (None, None)


def test_a_guess_after_the_follow_up_sets_the_date(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.skip()
    c.answer("unknown")
    c.answer("year")
    assert c.step == "first_step"
    goal = only(db, c.me, ItemKind.GOAL).content
    assert (goal["target_date"], goal["horizon"]) == ("2027-05-04", "long")


@pytest.mark.parametrize(("when", "target", "horizon"), [
    ("month", "2026-06-04", "short"),
    ("half_year", "2026-11-04", "short"),
    ("year", "2027-05-04", "long"),
])
def test_a_time_chip_sets_the_target_date_and_the_horizon(db, when, target, horizon):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.skip()
    c.answer(when)
    assert c.step == "first_step"
    goal = only(db, c.me, ItemKind.GOAL).content
    assert (goal["target_date"], goal["horizon"]) == (target, horizon)


def test_choosing_a_date_asks_for_it_refuses_a_past_day_plainly_and_takes_today(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.skip()
    c.answer("date")
    assert (c.step, c.view.question.input, c.asking()) == ("date", "date", ["Vælg en dato."])
    stored = count(db, ConversationAnswer), count(db, ItemVersion)
    with pytest.raises(UserError) as refused:
        c.answer((NOW.date() - timedelta(days=1)).isoformat())
    assert refused.value.message == "Den dato er allerede gået. Vælg en dag, der kommer."
    assert (count(db, ConversationAnswer), count(db, ItemVersion)) == stored
    assert c.step == "date"
    c.answer(NOW.date().isoformat())
    assert c.step == "first_step"
    assert only(db, c.me, ItemKind.GOAL).content["target_date"] == NOW.date().isoformat()
    assert c.mine("date")[0].texts[0].kind == "date"


def test_a_date_that_is_not_a_date_is_refused(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    c.answer("Jeg vil have flere venner")
    c.skip()
    c.skip()
    c.answer("date")
    with pytest.raises(UserError) as refused:
        c.answer("i morgen")
    assert refused.value.message == "Vælg en dato i kalenderen."


def test_with_one_goal_the_question_of_which_to_start_with_is_passed_by(db):
    c, _ = citizen_chat(db)
    c.start("dream_to_goal")
    _to_goal(c)
    assert c.view.finished
    assert "Du har flere mål nu. Hvad vil du starte med?" not in c.bot_says()


def test_with_two_goals_the_citizen_chooses_which_comes_first(db):
    c, _ = citizen_chat(db)
    walk = add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    c.start("dream_to_goal")
    _to_goal(c)
    assert c.step == "priority"
    assert c.asking() == ["Du har flere mål nu. Hvad vil du starte med?"]
    new = [g.item_id for g in workbook.active_goals(db, c.me) if g.item_id != walk][0]
    assert c.choices() == [str(walk), str(new)]
    c.answer(str(new))
    assert c.view.finished
    assert [g.item_id for g in workbook.active_goals(db, c.me)] == [new, walk]


def test_choosing_the_goal_already_first_keeps_the_order(db):
    c, _ = citizen_chat(db)
    walk = add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    c.start("dream_to_goal")
    _to_goal(c)
    c.answer(str(walk))
    assert [g.content["title"] for g in workbook.active_goals(db, c.me)] == ["Gå en tur hver dag",
                                                                            "Jeg vil bo ved havet"]


# ---------------------------------------------------------------- 3. Hvordan går det?


def test_a_check_in_asks_about_each_active_goal_in_the_citizens_order_naming_the_goal(db):
    c, _ = citizen_chat(db)
    walk = add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    friends = add_item(db, c.me, ItemKind.GOAL, title="Flere venner")
    add_item(db, c.me, ItemKind.GOAL, title="Lære at køre bil", status="paused")
    workbook.put_first(db, c.me, friends)
    db.commit()

    c.start("check_in")
    question = "Hvordan går det med dit mål: {goal}?"
    assert (c.step, c.asking()) == ("score", [question])
    assert c.view.bubbles[-1].texts[0].params == {"goal": "Flere venner"}
    assert c.view.question.input == "scale"
    c.answer(4)
    assert c.step == "note"
    c.answer("Jeg var til fællesspisning.")
    assert c.step == "score"
    assert c.view.bubbles[-1].texts[0].params == {"goal": "Gå en tur hver dag"}
    c.answer("2")
    c.skip()
    assert c.view.finished
    assert c.bot_says()[-1] == "Tak! Nu kan du se, hvordan det går over tid."

    check_ins = items(db, c.me, ItemKind.CHECK_IN)
    assert [(i.parent_id, i.content) for i in check_ins] == [
        (friends, {"score": 4, "note": "Jeg var til fællesspisning."}),
        (walk, {"score": 2}),
    ]
    # each earlier question keeps the goal it was about
    asked = [b.texts[0].params.get("goal") for b in c.view.bubbles if b.who == "bot" and b.step_id == "score"]
    assert asked == ["Flere venner", "Gå en tur hver dag"]
    assert [b.texts[0].value for b in c.mine("score")] == ["🙂 4", "🙁 2"]


def test_a_check_in_refuses_a_score_outside_one_to_five(db):
    c, _ = citizen_chat(db)
    add_item(db, c.me, ItemKind.GOAL, title="Gå en tur hver dag")
    c.start("check_in")
    with pytest.raises(UserError) as refused:
        c.answer(6)
    assert refused.value.message == "Vælg et tal fra 1 til 5."


def test_a_check_in_without_goals_ends_at_once_and_says_so_kindly(db):
    c, _ = citizen_chat(db)
    c.start("check_in")
    assert c.view.finished and c.view.question is None
    assert c.bot_says() == ["Du har ingen mål endnu. Start med at gøre en drøm til et mål."]
    assert c.view.saved == ()


# ---------------------------------------------------------------- 4. Min kriseplan


def test_the_crisis_plan_keeps_signs_what_helps_what_does_not_a_contact_and_practical_things(db):
    c, _ = citizen_chat(db)
    c.start("crisis_plan")
    assert c.asking() == ["Nu laver vi din kriseplan. Den er til en dag, hvor du har det svært.",
                          "Hvordan kan du og andre mærke, at du får det værre?"]
    c.answer("Jeg sover dårligt og går ikke ud.")
    assert c.step == "helps"
    c.answer("At gå en tur med min søster.")
    assert c.step == "not_helps"
    c.answer("At nogen råber.")
    assert c.step == "contact_name"
    c.answer("Mor")
    assert (c.step, c.view.question.input) == ("contact_phone", "phone")
    c.answer("+45 12345678")
    assert c.step == "more_contacts"
    c.answer("no")
    assert c.step == "practical"
    c.answer("Naboen har en nøgle. Katten skal have mad.")
    assert c.step == "share"
    c.answer("no")

    assert c.view.finished
    assert c.bot_says()[-1] == "Din kriseplan er gemt. Du finder den på forsiden. Er det akut, så ring 112."
    plan = only(db, c.me, ItemKind.CRISIS_PLAN)
    assert plan.content == {
        "signs": "Jeg sover dårligt og går ikke ud.", "helps": "At gå en tur med min søster.",
        "not_helps": "At nogen råber.", "contacts": [{"name": "Mor", "phone": "12 34 56 78"}],
        "practical": "Naboen har en nøgle. Katten skal have mad.",
    }
    assert [b.texts[0].value for b in c.mine("contact_phone")] == ["12 34 56 78"]
    assert [s.kind for s in c.view.saved] == [ItemKind.CRISIS_PLAN]


def test_the_crisis_plan_asks_whom_the_staff_may_call_never_whom_we_shall_call(db):
    """The app calls no one: the question is worded for the people the plan is for."""
    c, _ = citizen_chat(db)
    c.start("crisis_plan")
    c.skip()
    c.skip()
    c.skip()
    assert c.asking() == ["Hvem må personalet ringe til, hvis du får det svært? Skriv et navn."]
    about_calling = [m for step in FLOWS["crisis_plan"].steps for m in step.say if "ring" in m]
    assert about_calling and not any("vi" in m.casefold().replace(",", " ").split() for m in about_calling)


def test_at_the_end_of_the_crisis_plan_a_yes_shares_it_with_the_contact_person_as_an_approved_copy(db):
    c, people = citizen_chat(db)
    c.start("crisis_plan")
    c.answer("Jeg sover dårligt.")
    c.skip()
    c.skip()
    c.skip()
    c.answer("Naboen har en nøgle.")
    assert c.asking() == ["Må din kontaktperson se din kriseplan? Så ved hun eller han, hvad du har brug for."]
    c.answer("yes")
    assert c.view.finished
    contact = actor(db, people.contact, NOW)
    (seen,) = shared_view.shared_plan(db, contact, people.citizen)
    assert (seen.kind, seen.content) == ("crisis_plan", {"signs": "Jeg sover dårligt.",
                                                          "practical": "Naboen har en nøgle."})
    db.commit()
    assert shared_view.shared_plan(db, actor(db, people.relative, NOW), people.citizen) == []


def test_a_no_at_the_end_of_the_crisis_plan_shares_nothing(db):
    c, people = citizen_chat(db)
    c.start("crisis_plan")
    c.answer("Jeg sover dårligt.")
    for _ in range(4):
        c.skip()
    c.answer("no")
    assert c.view.finished
    assert shared_view.shared_plan(db, actor(db, people.contact, NOW), people.citizen) == []


def test_without_a_contact_person_the_crisis_plan_does_not_offer_to_share(db):
    c, people = citizen_chat(db)
    db.exec(update(ContactAssignment).where(ContactAssignment.citizen_id == people.citizen)
            .values(ended_at=NOW))
    db.commit()
    c.start("crisis_plan")
    c.answer("Jeg sover dårligt.")
    for _ in range(4):
        c.skip()
    assert c.view.finished


def _to_contact_phone(c: Chat, name: str = "Mor") -> None:
    c.start("crisis_plan")
    c.skip()
    c.skip()
    c.skip()
    c.answer(name)
    assert c.step == "contact_phone"


@pytest.mark.parametrize("typed", ["+45 12345678", "0045 12-34-56-78", "12 34 56 78", "(+45) 1234 5678",
                                   "12345678"])
def test_a_contacts_phone_number_is_kept_in_the_danish_form(db, typed):
    c, _ = citizen_chat(db)
    _to_contact_phone(c)
    c.answer(typed)
    assert only(db, c.me, ItemKind.CRISIS_PLAN).content["contacts"] == [{"name": "Mor", "phone": "12 34 56 78"}]


def test_after_a_contact_the_citizen_may_add_another_and_skipping_the_next_name_ends_the_list(db):
    c, _ = citizen_chat(db)
    _to_contact_phone(c)
    c.answer("+45 12345678")
    assert (c.step, c.asking()) == ("more_contacts", ["Er der en mere, de må ringe til?"])
    c.answer("yes")
    assert c.step == "contact_name"
    c.answer("Ali (nabo)")
    c.answer("0045 87-65-43-21")
    c.answer("yes")
    c.skip()  # no third name: the phone and "one more?" are passed by
    assert c.step == "practical"
    assert only(db, c.me, ItemKind.CRISIS_PLAN).content["contacts"] == [
        {"name": "Mor", "phone": "12 34 56 78"}, {"name": "Ali (nabo)", "phone": "87 65 43 21"}]


@pytest.mark.parametrize("phone", ["1234", "12 34 56 7", "+46 12345678", "ring til mor", "123456789"])
def test_a_phone_number_that_is_not_danish_is_refused_and_nothing_is_added(db, phone):
    c, _ = citizen_chat(db)
    _to_contact_phone(c)
    with pytest.raises(UserError) as refused:
        c.answer(phone)
    assert refused.value.message == ("Skriv et telefonnummer med 8 cifre, fx 12 34 56 78. "
                                     "Du kan også springe over.")
    assert c.step == "contact_phone"
    assert all("contacts" not in plan.content for plan in items(db, c.me, ItemKind.CRISIS_PLAN))


def test_skipping_the_contact_name_passes_by_the_phone_and_more_contacts(db):
    c, _ = citizen_chat(db)
    c.start("crisis_plan")
    c.answer("Jeg sover dårligt.")
    c.skip()
    c.skip()
    assert c.step == "contact_name"
    c.skip()
    assert c.step == "practical"
    assert "Skriv et nummer, de kan ringe på." not in c.bot_says()
    c.skip()
    c.skip()  # "Må din kontaktperson se din kriseplan?"
    assert c.view.finished
    assert "contacts" not in only(db, c.me, ItemKind.CRISIS_PLAN).content


def test_skipping_the_phone_still_keeps_the_contacts_name(db):
    c, _ = citizen_chat(db)
    _to_contact_phone(c)
    c.skip()
    c.answer("no")
    c.skip()
    assert c.step == "share"
    assert only(db, c.me, ItemKind.CRISIS_PLAN).content["contacts"] == [{"name": "Mor", "phone": ""}]


def test_an_empty_phone_answer_keeps_the_contacts_name(db):
    c, _ = citizen_chat(db)
    _to_contact_phone(c)
    c.answer("")
    assert only(db, c.me, ItemKind.CRISIS_PLAN).content["contacts"] == [{"name": "Mor", "phone": ""}]
