"""Who may read and write the follow-up (DESIGN sections 1 and 5): the contact person assigned to the
citizen, and nobody else; the citizen reads their own records. Only goals the citizen shared with the
contact person can be assessed or followed up, and no draft ever reaches the case file, the printed plan
or the PDF. Every refusal is in the audit log. SQLite and PostgreSQL."""

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from citizenplan.db import session_scope
from citizenplan.domain import case_file, follow_up, sharing, workbook
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.follow_up import FrameInput, GoalInput, RecordInput, ScheduleInput
from citizenplan.domain.policy import Action
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import (
    AuditEvent,
    ContactAssignment,
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    PlanFrame,
)
from citizenplan.reports.plan_document import plan_blocks
from citizenplan.reports.plan_pdf import plan_pdf
from tests.support.follow_up_case import (
    CP,
    MET,
    NOW,
    REL,
    TODAY,
    Case,
    count,
    goal_content,
    make_case,
    refusal,
    save_frame,
    share_goal,
    share_item,
    sign,
)
from tests.support.people import actor, make_people

DRAFT = "UDKAST7f3a9hemmeligt"
NOT_SHARED_WITH_YOU = "Et af målene er ikke længere delt med dig. Se siden igen."
OUTSIDERS = ["other_contact", "far_contact", "relative", "manager", "neighbour"]


def full_case(db: Session) -> tuple[Case, int]:
    """A citizen with a shared goal, a frame, an assessment, a signed record and the next date."""
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    save_frame(c, based_on=0)
    follow_up.assess_goal(db, c.contact, c.citizen, walk, "developing", True, "", now=NOW)
    db.commit()
    sign(c, {walk: MET}, held_on=TODAY - timedelta(days=1))
    return c, walk


def written(db: Session) -> dict[str, int]:
    return {m.__name__: count(db, m) for m in (PlanFrame, GoalAssessment, FollowUp, FollowUpRecord, GoalFulfilment)}


# Each operation on the follow-up of citizen `c.citizen` as `who`, and the action its refusal is logged as.
OPERATIONS: dict[str, tuple[Action, Callable[[Case, Actor, int], Any]]] = {
    "case_file": (Action.READ_FOLLOW_UP, lambda c, who, goal: case_file.case_file(c.db, who, c.citizen, now=NOW)),
    "print_plan": (Action.PRINT_PLAN, lambda c, who, goal: case_file.case_file(
        c.db, who, c.citizen, now=NOW, action=Action.PRINT_PLAN)),
    "frame_of": (Action.READ_FOLLOW_UP, lambda c, who, goal: follow_up.frame_of(c.db, who, c.citizen)),
    "frame_history": (Action.READ_FOLLOW_UP, lambda c, who, goal: follow_up.frame_history(c.db, who, c.citizen)),
    "record_frame": (Action.RECORD_FRAME, lambda c, who, goal: follow_up.record_frame(
        c.db, who, c.citizen, FrameInput(purpose="Mit formål."), 1, now=NOW)),
    "assess_goal": (Action.RECORD_FRAME, lambda c, who, goal: follow_up.assess_goal(
        c.db, who, c.citizen, goal, "developing", True, "", now=NOW)),
    "goal_assessments": (Action.READ_FOLLOW_UP, lambda c, who, goal: follow_up.goal_assessments(
        c.db, who, c.citizen)),
    "proposal_for": (Action.RECORD_FOLLOW_UP, lambda c, who, goal: follow_up.proposal_for(
        c.db, who, c.citizen, TODAY)),
    "schedule": (Action.RECORD_FOLLOW_UP, lambda c, who, goal: follow_up.schedule(
        c.db, who, c.citizen, ScheduleInput(due_on=(TODAY + timedelta(days=7)).isoformat()), now=NOW)),
    "record": (Action.RECORD_FOLLOW_UP, lambda c, who, goal: follow_up.record(c.db, who, c.citizen, RecordInput(
        held_on=TODAY.isoformat(), participants="Mig", goals=(GoalInput(goal, MET),),
        next=ScheduleInput(due_on=(TODAY + timedelta(days=7)).isoformat())), now=NOW)),
    "next_follow_up": (Action.READ_FOLLOW_UP, lambda c, who, goal: follow_up.next_follow_up(c.db, who, c.citizen)),
    "records_of": (Action.READ_FOLLOW_UP, lambda c, who, goal: follow_up.records_of(c.db, who, c.citizen)),
}
CITIZEN_MAY = {"frame_of", "frame_history", "goal_assessments", "next_follow_up", "records_of"}


def refusals_logged(db: Session, who: int, citizen_id: int, action: Action) -> int:
    return len(db.exec(select(AuditEvent).where(
        AuditEvent.actor_id == who, AuditEvent.citizen_id == citizen_id, AuditEvent.action == action.value,
        AuditEvent.allowed.is_(False))).all())


# ---------------------------------------------------------------- people


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_only_the_assigned_contact_person_reads_or_writes_the_follow_up_and_each_refusal_is_logged(db, operation):
    c, walk = full_case(db)
    action, call = OPERATIONS[operation]
    before = written(db)
    for name in OUTSIDERS:
        who: Actor = getattr(c, name)
        with pytest.raises(AccessDenied):
            call(c, who, walk)
        db.commit()  # what the app keeps after a refusal: the audit record
        assert refusals_logged(db, who.user_id, c.citizen, action) == 1, name
    assert written(db) == before
    call(c, c.contact, walk)  # and the assigned contact person may
    db.rollback()


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_the_citizen_reads_their_own_follow_up_but_does_not_write_the_professionals_part(db, operation):
    c, walk = full_case(db)
    action, call = OPERATIONS[operation]
    if operation in CITIZEN_MAY:
        call(c, c.me, walk)
        return
    with pytest.raises(AccessDenied):
        call(c, c.me, walk)


def test_a_contact_person_whose_assignment_has_ended_is_refused(db):
    c, walk = full_case(db)
    assignment = db.exec(select(ContactAssignment).where(ContactAssignment.citizen_id == c.citizen)).one()
    assignment.ended_at = NOW
    db.add(assignment)
    db.commit()
    former = actor(db, c.people.contact)
    for operation in ("case_file", "print_plan", "record", "schedule", "record_frame"):
        with pytest.raises(AccessDenied):
            OPERATIONS[operation][1](c, former, walk)
        db.rollback()


def test_a_refusal_is_kept_in_the_audit_log_even_when_the_unit_of_work_rolls_back(app_db):
    with session_scope() as db:
        p = make_people(db)
    with pytest.raises(AccessDenied), session_scope() as db:
        case_file.case_file(db, actor(db, p.far_contact), p.citizen, now=NOW, action=Action.PRINT_PLAN)
    with session_scope() as db:
        assert refusals_logged(db, p.far_contact, p.citizen, Action.PRINT_PLAN) == 1


# ---------------------------------------------------------------- only what was shared with the contact person


def _unshared_goals(c: Case) -> dict[str, int]:
    """A private goal, one shared with relatives only, one whose sharing was stopped, and the neighbour's."""
    stopped = share_goal(c, "Stoppet mål")
    sharing.stop_sharing(c.db, c.me, stopped, now=NOW)
    c.db.commit()
    return {
        "private": share_item(c, ItemKind.GOAL, goal_content("Privat mål")),
        "relatives_only": share_goal(c, "Kun til min søster", REL),
        "stopped": stopped,
        "another_citizens": share_item(c, ItemKind.GOAL, goal_content("Naboens mål"), CP, who=c.neighbour),
    }


def test_a_goal_not_shared_with_the_contact_person_cannot_be_assessed(db):
    c = make_case(db)
    for name, goal in _unshared_goals(c).items():
        with pytest.raises(AccessDenied):
            follow_up.assess_goal(db, c.contact, c.citizen, goal, "developing", True, "Vurdering.", now=NOW)
        db.rollback()
        assert count(db, GoalAssessment) == 0, name


def test_a_goal_not_shared_with_the_contact_person_cannot_be_in_a_record(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    for name, goal in _unshared_goals(c).items():
        error = refusal(lambda goal=goal: sign(c, {walk: MET, goal: MET}))
        db.rollback()
        assert (error.field, error.message) == ("goals", NOT_SHARED_WITH_YOU), name
        assert count(db, FollowUpRecord) == 0


def test_a_private_goal_is_not_asked_for_in_the_record(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    _unshared_goals(c)
    row = sign(c, {walk: MET})
    assert [g.item_id for g in follow_up.records_of(db, c.contact, c.citizen)[0].goals] == [walk]
    assert row.id is not None


def test_a_goal_the_citizen_stops_sharing_after_the_meeting_was_prepared_is_refused_in_the_record(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur hver dag")
    sharing.stop_sharing(db, c.me, walk, now=NOW)
    db.commit()
    error = refusal(lambda: sign(c, {walk: MET}))
    assert error.message == NOT_SHARED_WITH_YOU


# ---------------------------------------------------------------- no draft reaches the case file or the print


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_case_file_the_printed_plan_and_the_pdf_never_contain_a_draft(db):
    c = make_case(db)
    walk = share_goal(c, "Gå en tur ved åen")
    step = share_item(c, ItemKind.STEP, {"text": "Købe gode sko", "helper": "Maria"}, CP, parent_id=walk)
    remarks = share_item(c, ItemKind.REMARKS, {"text": "Jeg vil gerne have mere tid."}, CP)
    # the drafts: private items, items shared with others only, and unshared changes of shared items
    share_item(c, ItemKind.GOAL, goal_content(f"Privat {DRAFT}", why=DRAFT))
    share_item(c, ItemKind.HOPE, {"text": DRAFT})
    share_item(c, ItemKind.PREPARATION, {"went_well": DRAFT, "hard": DRAFT, "talk_about": DRAFT})
    share_item(c, ItemKind.GOAL, goal_content(f"Til søsteren {DRAFT}"), REL)
    workbook.write_fields(db, c.me, walk, {"title": f"Ændret {DRAFT}", "success": DRAFT}, via="workbook", now=NOW)
    workbook.write_fields(db, c.me, step, {"text": DRAFT}, via="workbook", now=NOW)
    workbook.write_fields(db, c.me, remarks, {"text": DRAFT}, via="workbook", now=NOW)
    workbook.set_agreement(db, c.me, walk, False)
    db.commit()
    save_frame(c, based_on=0, purpose="Mere overskud i hverdagen.")
    sign(c, {walk: GoalInput(walk, MET, citizen_view="Det går godt.")}, held_on=TODAY - timedelta(days=1))

    for how in (Action.READ_FOLLOW_UP, Action.PRINT_PLAN):
        case = case_file.case_file(db, c.contact, c.citizen, now=NOW, action=how)
        assert "Gå en tur ved åen" in repr(case) and "Købe gode sko" in repr(case)  # the check sees text at all
        assert DRAFT not in repr(case)
        assert "agrees" not in repr(case)  # the disagreement is a draft until shared
    blocks = plan_blocks(case, "da")
    printed = "\n".join(f"{b.label} {b.text}" for b in blocks)
    assert "Gå en tur ved åen" in printed and "Jeg vil gerne have mere tid." in printed
    assert DRAFT not in printed and "ikke enig" not in printed
    pdf = _pdf_text(plan_pdf(blocks, blocks[0].text))
    assert "Gå en tur ved åen" in pdf
    assert DRAFT not in pdf
