"""A well-kept two-level plan for domain tests, written through the domain as the people would: the
municipality's handleplan recorded by the contact person, the citizen's goals each linked to one of its
goals with a delmål she has answered, a follow-up that judged the purpose and holds her own view."""

from datetime import date, datetime, timedelta

from citizenplan.domain import follow_up, provider_plan
from citizenplan.domain.follow_up import FrameInput, GoalInput, GoalPlanInput, RecordInput, ScheduleInput
from citizenplan.models import FollowUpRecord
from tests.support.follow_up_case import NOW, TODAY, Case, share_goal

HANDLEPLAN = {"purpose": "Anna bliver mere selvhjulpen i hverdagen.", "intervention": "Bostøtte efter § 85.",
              "intervention_scope": "To gange om ugen, i alt ca. 4 timer.", "duration_kind": "approximate",
              "duration_text": "ca. 2 år", "case_worker": "Sofie Lund", "municipality": "Testrup Kommune",
              "made_on": (TODAY - timedelta(days=90)).isoformat(), "offer": "accepted",
              "offer_on": (TODAY - timedelta(days=95)).isoformat(), "started_on": (TODAY - timedelta(days=90)).isoformat(),
              "suggestions": "Start med de små ting, som hun selv peger på."}


def record_handleplan(c: Case, goals: tuple[tuple[int | None, str], ...] = ((None, "Klare indkøb selv"),),
                      now: datetime = NOW - timedelta(days=80), **fields: str) -> list[int]:
    """A new handleplan version on top of the newest; returns the keys of its goals."""
    current = follow_up.frame_of(c.db, c.contact, c.citizen)
    follow_up.record_frame(c.db, c.contact, c.citizen, FrameInput(**{**HANDLEPLAN, **fields}, goals=goals),
                           current.version if current else 0, now=now)
    c.db.commit()
    plan = provider_plan.provider_plan(c.db, c.contact, c.citizen)
    return sorted(plan.handleplan_keys)


def plan_goal(c: Case, title: str, key: int | None, **fields) -> int:
    """One of her goals in the indsatsplan: dated, with a horizon and a success criterion, linked to the
    handleplan goal `key`, with who is responsible, the realism answers and one delmål she is with."""
    item = share_goal(c, title, horizon="short", now=NOW - timedelta(days=70), **fields)
    follow_up.assess_goal(c.db, c.contact, c.citizen, item, "developing", key is not None, "",
                          now=NOW - timedelta(days=70),
                          plan=GoalPlanInput(municipal_goal_key=key, responsible="Maria (kontaktperson)",
                                             obstacles="Når der er mange mennesker.", supports="En indkøbsseddel."))
    sub = provider_plan.propose_sub_goal(c.db, c.contact, c.citizen, item, provider_plan.SubGoalInput(
        "Bostøtten går med i Netto", "Maria", "hver tirsdag"), now=NOW - timedelta(days=70))
    provider_plan.answer_sub_goal(c.db, c.me, sub.id, "agrees", "Det vil jeg gerne.", now=NOW - timedelta(days=69))
    c.db.commit()
    return item


def follow_up_on(c: Case, goals: list[int], *, judgement: str = "on_the_way", held_on: date = TODAY - timedelta(days=10),
                 own_view: bool = True, degree: str = "met") -> FollowUpRecord:
    row = follow_up.record(c.db, c.contact, c.citizen, RecordInput(
        held_on=held_on.isoformat(), participants="Anna og Maria", purpose_judgement=judgement,
        goals=tuple(GoalInput(g, degree, "Det går.", "Det går godt." if own_view else "") for g in goals),
        next=ScheduleInput(due_on=(held_on + timedelta(days=60)).isoformat())), now=NOW - (TODAY - held_on))
    c.db.commit()
    return row


def well_kept_plan(c: Case) -> list[int]:
    """Everything the nine questions ask for; returns the goals."""
    keys = record_handleplan(c, ((None, "Klare indkøb selv"), (None, "Mere kontakt med familien")))
    goals = [plan_goal(c, "Jeg vil handle ind selv", keys[0]), plan_goal(c, "Jeg vil se min søster", keys[1])]
    follow_up_on(c, goals)
    return goals
