"""Demo plans for `make run`, written through the domain as the people themselves would: Anna's goals,
shared with Maria, a § 141 frame, a signed follow-up and the next date; Bo's follow-up is overdue.
Skipped for a citizen who already has a goal, so running it twice writes nothing twice."""

from datetime import datetime, timedelta

from sqlmodel import Session, select

from citizenplan import synthetic
from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import follow_up, sharing, workbook
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.vocabulary import Audience, ServiceArea
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import Unit, User, WorkbookItem

ANNA_GOALS = [
    {"title": "Jeg vil handle ind selv en gang om ugen", "why": "Så jeg ikke skal vente på andre",
     "success": "Når jeg har været i Netto alene tre uger i træk", "life_area": "hverdagen", "months": 3,
     "step": "Skriv en indkøbsseddel sammen med Maria", "helper": "Maria"},
    {"title": "Jeg vil se min søster oftere", "why": "Hun betyder meget for mig",
     "success": "Når vi har set hinanden hver måned i et halvt år", "life_area": "familie", "months": 6,
     "step": "Ring til min søster på søndag", "helper": ""},
    {"title": "Jeg vil gå en tur hver dag", "why": "Jeg sover bedre, når jeg har gået",
     "success": "", "life_area": "krop_og_helbred", "months": 0, "step": "", "helper": ""},
]
BO_GOALS = [
    {"title": "Jeg vil have min egen lejlighed", "why": "Jeg vil have ro", "success": "Når jeg har nøglen",
     "life_area": "bolig", "months": 12, "step": "Skriv mig op hos boligforeningen", "helper": "Jonas"},
]


def _user(db: Session, username: str) -> User | None:
    return db.exec(select(User).where(User.username == username)).first()


def _has_goals(db: Session, citizen_id: int) -> bool:
    return db.exec(select(WorkbookItem.id).where(WorkbookItem.citizen_id == citizen_id,
                                                 WorkbookItem.kind == ItemKind.GOAL.value)).first() is not None


def _write_goals(db: Session, citizen: User, goals: list[dict], when: datetime) -> list[int]:
    actor = load_actor(db, citizen.id, when)
    ids = []
    for goal in goals:
        item = workbook.create_item(db, actor, ItemKind.GOAL)
        target = (danish_today(when) + timedelta(days=30 * goal["months"])).isoformat() if goal["months"] else None
        view = workbook.write_fields(db, actor, item.id, {
            "title": goal["title"], "why": goal["why"], "success": goal["success"],
            "life_area": goal["life_area"], "target_date": target}, now=when)
        sharing.share(db, actor, item.id, {Audience.CONTACT_PERSON}, view.version, now=when)
        if goal["step"]:
            step = workbook.create_item(db, actor, ItemKind.STEP, parent_id=item.id)
            step_view = workbook.write_fields(db, actor, step.id, {"text": goal["step"], "helper": goal["helper"]},
                                              now=when)
            sharing.share(db, actor, step.id, {Audience.CONTACT_PERSON}, step_view.version, now=when)
        ids.append(item.id)
    return ids


DEMO_POPULATION = 240  # so the manager's report has figures to show, not only "< 5"


def load_population(db: Session, now: datetime | None = None) -> None:
    """Synthetic citizens ("Borger n") in the demo units, followed by synthetic contact persons who cannot log in."""
    if db.exec(select(User.id).where(User.display_name.like("Borger %"))).first() is not None:
        return
    units: dict[ServiceArea, list[int]] = {}
    for unit in db.exec(select(Unit)).all():
        units.setdefault(ServiceArea(unit.service_area), []).append(unit.id)
    if len(units) == len(ServiceArea):
        synthetic.generate(db, DEMO_POPULATION, goals_per_citizen=2.0, seed=7, now=now, into_units=units)


def load(db: Session, now: datetime | None = None) -> None:
    now = now or utcnow()
    anna, maria, bo, jonas = (_user(db, name) for name in ("anna", "maria", "bo", "jonas"))
    if None in (anna, maria, bo, jonas):
        return
    if not _has_goals(db, anna.id):
        start = now - timedelta(days=80)
        goals = _write_goals(db, anna, ANNA_GOALS, start)
        contact = load_actor(db, maria.id, start)
        follow_up.record_frame(db, contact, anna.id, follow_up.FrameInput(
            purpose="Anna skal blive mere selvhjulpen i hverdagen og have mere kontakt med sin familie.",
            intervention="Socialpædagogisk støtte (§ 85) to gange om ugen, i alt ca. 4 timer.",
            duration_kind="omtrentlig", duration_text="ca. 2 år", special={"bolig": "Bor i botilbud."},
            started_on=danish_today(start).isoformat()), 0, now=start)
        for goal_id, kind in zip(goals, ("udviklende", "vedligeholdende", "udviklende"), strict=True):
            follow_up.assess_goal(db, contact, anna.id, goal_id, kind, goal_id != goals[2], "", now=start)
        follow_up.schedule(db, contact, anna.id, follow_up.ScheduleInput(
            due_on=(danish_today(start) + timedelta(days=60)).isoformat(), at_time="10:00", place="Bostedet",
            participants="Anna og Maria"), now=start)
        meeting = start + timedelta(days=60)
        contact = load_actor(db, maria.id, meeting)
        follow_up.record(db, contact, anna.id, follow_up.RecordInput(
            held_on=danish_today(meeting).isoformat(), participants="Anna Jensen, Maria Holm",
            goals=(follow_up.GoalInput(goals[0], "delvist_opfyldt", "Anna har handlet ind alene to gange.",
                                       "Det går bedre, end jeg troede.", "opfyldt"),
                   follow_up.GoalInput(goals[1], "opfyldt", "Anna og søsteren ses hver anden uge."),
                   follow_up.GoalInput(goals[2], "ikke_opfyldt", "Det har regnet meget.", "", "ikke_opfyldt")),
            next=follow_up.ScheduleInput(due_on=(danish_today(meeting) + timedelta(days=45)).isoformat(),
                                         at_time="13:00", place="Bostedet")), now=meeting)
    if not _has_goals(db, bo.id):
        start = now - timedelta(days=120)
        _write_goals(db, bo, BO_GOALS, start)
        follow_up.schedule(db, load_actor(db, jonas.id, start), bo.id, follow_up.ScheduleInput(
            due_on=(danish_today(start) + timedelta(days=90)).isoformat(), participants="Bo og Jonas"), now=start)
