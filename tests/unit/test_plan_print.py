"""The printed plan and its PDF (DESIGN section 5): the § 141 frame, the goals with success criteria, dates,
steps and helpers, the latest follow-up with the contact person's degrees and the citizen's own view, and
the citizen's remarks, laid out so each question of the assessment form can be answered from it. Also the
citizen's side: "Forbered mødet" shares the preparation with the contact person on a yes, and the citizen
can say they disagree with a goal. SQLite and PostgreSQL."""

import io
import itertools
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from citizenplan.domain import case_file, chat, follow_up, sharing, workbook
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.follow_up import GoalInput
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import ItemVersion, User
from citizenplan.reports.plan_document import Block, plan_blocks
from citizenplan.reports.plan_pdf import plan_pdf
from tests.unit.test_follow_up import (
    CP,
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    REL,
    TODAY,
    Case,
    change_and_share,
    count,
    make_case,
    plan,
    save_frame,
    share_goal,
    share_item,
    sign,
)

NAME = "Åse Ærø Bøgh"
WALK = "Gå en tur ved åen hver dag"
MONEY = "Lægge et budget for måneden"


def named_case(db) -> Case:
    c = make_case(db)
    db.get(User, c.citizen).display_name = NAME
    db.commit()
    return c


def full_plan(c: Case) -> tuple[int, int]:
    """Everything a printed plan can hold; returns the two goals' ids."""
    db = c.db
    walk = share_goal(c, WALK, why="Jeg sover bedre.", success="Når jeg har gået hver dag i en måned.",
                      target_date="2026-11-01")
    money = share_goal(c, MONEY, why="Så jeg har penge til mad.", success="", target_date=None)
    share_item(c, ItemKind.STEP, {"text": "Købe gode sko", "helper": "Maria"}, CP, parent_id=walk)
    share_item(c, ItemKind.STEP, {"text": "Gå til Netto", "helper": ""}, CP, parent_id=walk)
    share_item(c, ItemKind.REMARKS, {"text": "Jeg vil gerne have mere tid til møderne."}, CP)
    save_frame(c, based_on=0, purpose="Mere overskud i hverdagen.", intervention="Bostøtte (§ 85) to gange om ugen.",
               duration_kind="omtrentlig", duration_text="ca. 2 år", special={"bolig": "Bor i botilbud."},
               started_on="2026-03-01")
    follow_up.assess_goal(db, c.contact, c.citizen, walk, "udviklende", True, "", now=NOW)
    follow_up.assess_goal(db, c.contact, c.citizen, money, "kompenserende", False,
                          "Borgeren har brug for hjælp til regningerne.", now=NOW)
    db.commit()
    sign(c, {walk: GoalInput(walk, PARTLY, description="Tre dage om ugen.", citizen_view="Det går bedre, end jeg "
                             "troede.", citizen_degree=MET),
             money: GoalInput(money, NOT_MET)},
         held_on=date(2026, 4, 20), now=NOW - timedelta(days=14), note="Vi aftalte at tale om penge næste gang.",
         participants="Åse, Contact og Maria", next_due=date(2026, 6, 1))
    plan(c, date(2026, 6, 1), at_time="10:00", place="Bostedet")
    return walk, money


def blocks_of(c: Case) -> list[Block]:
    return plan_blocks(case_file.case_file(c.db, c.contact, c.citizen, now=NOW), "da")


def shown(blocks: list[Block]) -> list[tuple[str, str, str]]:
    return [(b.kind, b.label, b.text) for b in blocks]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


# ---------------------------------------------------------------- the printed plan


def test_the_printed_plan_has_the_frame_the_goals_the_latest_follow_up_and_the_citizens_remarks_in_order(db):
    c = named_case(db)
    full_plan(c)
    assert shown(blocks_of(c)) == [
        ("h1", "", f"Handleplan for {NAME}"),
        ("field", "Kontaktperson", "Contact"),
        ("field", "Enhed", "Bostedet Test · Handicap"),
        ("field", "Udskrevet", "4. maj 2026 12:00"),  # Danish time
        ("h2", "", "Rammen efter § 141"),
        ("field", "Formålet med indsatsen", "Mere overskud i hverdagen."),
        ("field", "Indsatsen", "Bostøtte (§ 85) to gange om ugen."),
        ("field", "Forventet varighed", "Omtrent · ca. 2 år"),
        ("field", "Bolig", "Bor i botilbud."),
        ("field", "Planen begyndte", "1. marts 2026"),
        ("h2", "", "Mål"),
        ("h3", "", WALK),
        ("field", "Derfor er det vigtigt", "Jeg sover bedre."),
        ("field", "Sådan kan borgeren mærke det", "Når jeg har gået hver dag i en måned."),
        ("field", "Hvornår", "1. november 2026"),
        ("field", "Formålstype", "Udviklende"),
        ("text", "", "Målet hører til formålet med indsatsen"),
        ("field", "Skridt", "Købe gode sko · hjælp fra Maria"),
        ("field", "Skridt", "Gå til Netto"),
        ("h3", "", MONEY),  # no success criterion, no date: nothing made up
        ("field", "Derfor er det vigtigt", "Så jeg har penge til mad."),
        ("field", "Formålstype", "Kompenserende"),
        ("field", "Faglig vurdering", "Borgeren har brug for hjælp til regningerne. (4. maj 2026)"),
        ("h2", "", "Opfølgning"),
        ("field", "Næste opfølgning", "1. juni 2026 · 10:00 · Bostedet"),
        ("h3", "", "Seneste opfølgning 20. april 2026"),
        ("field", "Hvem var med", "Åse, Contact og Maria"),
        ("field", WALK, "Delvist opfyldt · Tre dage om ugen."),
        ("field", "Borgerens eget syn", "Opfyldt · Det går bedre, end jeg troede."),
        ("field", MONEY, "Ikke opfyldt"),
        ("field", "Andet fra mødet", "Vi aftalte at tale om penge næste gang."),
        ("h2", "", "Borgerens bemærkninger til planen"),
        ("text", "", "Jeg vil gerne have mere tid til møderne."),
    ]


def test_an_empty_plan_says_what_is_not_there_yet(db):
    c = named_case(db)
    texts = [b.text for b in blocks_of(c)]
    assert "Rammen er ikke skrevet endnu." in texts
    assert "Borgeren har ikke delt et mål endnu." in texts
    assert "Der er ingen opfølgninger endnu." in texts
    assert not any(b.label in ("Næste opfølgning", "Udskrevet") and not b.text for b in blocks_of(c))


def test_an_overdue_follow_up_is_marked_on_the_printed_plan(db):
    c = named_case(db)
    plan(c, TODAY - timedelta(days=2), now=NOW - timedelta(days=10))
    [line] = [b.text for b in blocks_of(c) if b.label == "Næste opfølgning"]
    assert line == "2. maj 2026 (Overskredet)"


def test_the_printed_plan_shows_the_correction_and_not_the_record_it_corrects(db):
    c = named_case(db)
    walk = share_goal(c, WALK)
    wrong = sign(c, {walk: GoalInput(walk, NOT_MET, description="Skrevet forkert.")})
    sign(c, {walk: GoalInput(walk, MET, description="Rettet.")}, corrects=wrong.id, now=NOW + timedelta(hours=1))
    printed = shown(blocks_of(c))
    assert ("field", WALK, "Opfyldt · Rettet.") in printed
    assert not any("Skrevet forkert." in text for _, _, text in printed)


def test_a_goal_the_citizen_disagrees_with_says_so_once_the_citizen_shares_it(db):
    c = named_case(db)
    walk = share_goal(c, WALK)
    view = workbook.set_agreement(db, c.me, walk, False)
    db.commit()
    assert (view.content["agrees"], view.version) == (False, 2)
    assert "Borgeren er ikke enig i dette mål." not in [b.text for b in blocks_of(c)]  # a draft until shared
    sharing.approve_change(db, c.me, walk, view.version, now=NOW)
    db.commit()
    assert "Borgeren er ikke enig i dette mål." in [b.text for b in blocks_of(c)]
    change_and_share(c, walk, {"agrees": True}, now=NOW + timedelta(hours=1))
    assert "Borgeren er ikke enig i dette mål." not in [b.text for b in blocks_of(c)]


def test_disagreeing_is_a_new_version_the_citizens_own_and_only_for_a_goal(db):
    c = named_case(db)
    walk = share_goal(c, WALK)
    hope = share_item(c, ItemKind.HOPE, {"text": "At få det bedre."})
    workbook.set_agreement(db, c.me, walk, False)
    workbook.set_agreement(db, c.me, walk, True)
    db.commit()
    assert [v.content.get("agrees") for v in workbook.history(db, c.me, walk)] == [True, False, None]
    with pytest.raises(UserError) as refused:
        workbook.set_agreement(db, c.me, hope, False)
    assert refused.value.message == "Det findes ikke længere."
    for other in (c.contact, c.relative, c.neighbour):
        with pytest.raises(AccessDenied):
            workbook.set_agreement(db, other, walk, False)
        db.rollback()
    assert count(db, ItemVersion) == 4  # the goal's three and the hope's one


def test_a_goal_title_with_curly_brackets_prints_as_written(db):
    c = named_case(db)
    title = "Spare op til en cykel {helst en rød}"
    walk = share_goal(c, title)
    sign(c, {walk: MET})
    assert ("field", title, "Opfyldt") in shown(blocks_of(c))


# ---------------------------------------------------------------- the PDF


def test_the_pdf_opens_and_holds_the_citizens_name_a_goal_with_danish_letters_and_the_degrees(db):
    c = named_case(db)
    full_plan(c)
    blocks = blocks_of(c)
    data = plan_pdf(blocks, blocks[0].text)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == f"Handleplan for {NAME}"
    text = pdf_text(data)
    for expected in (NAME, WALK, MONEY, "Delvist opfyldt", "Ikke opfyldt", "Borgerens eget syn",
                     "Rammen efter § 141", "Købe gode sko · hjælp fra Maria", "Jeg vil gerne have mere tid"):
        assert expected in text, expected


def test_a_long_plan_runs_over_several_pages_and_loses_nothing(db):
    c = named_case(db)
    titles = [f"Mål nummer {n}: øve mig i at være på arbejde {n} timer" for n in range(1, 41)]
    for title in titles:
        share_goal(c, title, why="Fordi det er vigtigt for mig, og fordi jeg gerne vil kunne klare mig selv. " * 3)
    blocks = blocks_of(c)
    data = plan_pdf(blocks, blocks[0].text)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 2
    text = pdf_text(data).replace("\n", " ")
    assert all(title in text for title in titles)


# ---------------------------------------------------------------- "Forbered mødet" in the chat


def prepare(c: Case, share: str | None) -> int:
    """The citizen runs "Forbered mødet" anew ("Start forfra" once it has been done) and answers the last
    question `share` (None: Spring over)."""
    ids = itertools.count(1)
    view = chat.start_over(c.db, c.me, "prepare_follow_up", now=NOW)
    for text in ("Jeg har gået hver dag.", "At stå tidligt op.", "Om jeg kan få en cykel."):
        view = chat.answer(c.db, c.me, view.conversation_id, view.question.step_id, text, f"c{next(ids)}", now=NOW)
        c.db.commit()
    assert view.question.step_id == "share"
    if share is None:
        view = chat.skip(c.db, c.me, view.conversation_id, "share", f"c{next(ids)}", now=NOW)
    else:
        view = chat.answer(c.db, c.me, view.conversation_id, "share", share, f"c{next(ids)}", now=NOW)
    c.db.commit()
    assert view.finished
    [saved] = view.saved
    return saved.item_id


def test_a_preparation_the_citizen_says_yes_to_is_in_the_contact_persons_case_file(db):
    c = named_case(db)
    item_id = prepare(c, "yes")
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    [prepared] = case.preparations
    assert prepared.item_id == item_id
    assert {k: prepared.content.get(k) for k in ("went_well", "hard", "talk_about")} == {
        "went_well": "Jeg har gået hver dag.", "hard": "At stå tidligt op.", "talk_about": "Om jeg kan få en cykel."}
    assert sharing.state_of(db, c.me, item_id).audiences == {CP}


@pytest.mark.parametrize("share", ["no", None], ids=["no", "skipped"])
def test_a_preparation_the_citizen_does_not_say_yes_to_stays_their_own(db, share):
    c = named_case(db)
    item_id = prepare(c, share)
    assert case_file.case_file(db, c.contact, c.citizen, now=NOW).preparations == ()
    assert workbook.content_of(db, c.me, item_id)["talk_about"] == "Om jeg kan få en cykel."
    assert sharing.state_of(db, c.me, item_id).audiences == frozenset()


def test_a_no_takes_the_preparation_back_from_the_contact_person_and_leaves_other_readers_as_they_were(db):
    c = named_case(db)
    item_id = prepare(c, "yes")
    sharing.share(db, c.me, item_id, {CP, REL}, workbook.item(db, c.me, item_id).version)
    sharing.with_contact_person(db, c.me, item_id, yes=False, now=NOW)
    db.commit()
    assert sharing.state_of(db, c.me, item_id).audiences == {REL}
    assert case_file.case_file(db, c.contact, c.citizen, now=NOW).preparations == ()

    sharing.share(db, c.me, item_id, {CP}, workbook.item(db, c.me, item_id).version)
    sharing.with_contact_person(db, c.me, item_id, yes=False, now=NOW)  # shared with the contact person only: shared with nobody
    db.commit()
    assert sharing.state_of(db, c.me, item_id).audiences == frozenset()


def test_each_meeting_has_its_own_preparation_and_the_newest_comes_first(db):
    c = named_case(db)
    first = prepare(c, "yes")
    second = prepare(c, "yes")
    assert first != second
    case = case_file.case_file(db, c.contact, c.citizen, now=NOW)
    assert [p.item_id for p in case.preparations] == [second, first]
