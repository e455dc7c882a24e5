"""Demo plans for `make run`, written through the domain as the people themselves would: Anna's goals,
shared with Maria, the municipality's handleplan (§ 141) as Maria recorded it, the indsatsplan beside
Anna's goals (delmål she answered, other actors, unmet needs), a signed follow-up and the next date; Bo has
a handleplan and a first delmål, and his follow-up is overdue.
Skipped for a citizen who already has a goal, so running it twice writes nothing twice."""

from datetime import datetime, timedelta

from sqlmodel import Session, select

from citizenplan import synthetic
from citizenplan.clock import danish_today, utcnow
from citizenplan.domain import follow_up, provider_plan, sharing, workbook
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.actors import Actor
from citizenplan.domain.follow_up import SpecialCondition
from citizenplan.domain.vocabulary import Audience, LifeArea, ServiceArea
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import Unit, User, WorkbookItem

ANNA_GOALS = [
    {"title": "Jeg vil handle ind selv en gang om ugen", "why": "Så jeg ikke skal vente på andre",
     "success": "Når jeg har været i Netto alene tre uger i træk", "life_area": LifeArea.DAILY_LIFE.value, "months": 3,
     "step": "Skriv en indkøbsseddel sammen med Maria", "helper": "Maria"},
    {"title": "Jeg vil se min søster oftere", "why": "Hun betyder meget for mig",
     "success": "Når vi har set hinanden hver måned i et halvt år", "life_area": LifeArea.FAMILY.value, "months": 6,
     "step": "Ring til min søster på søndag", "helper": ""},
    {"title": "Jeg vil gå en tur hver dag", "why": "Jeg sover bedre, når jeg har gået",
     "success": "", "life_area": LifeArea.BODY_AND_HEALTH.value, "months": 0, "step": "", "helper": ""},
]
BO_GOALS = [
    {"title": "Jeg vil have min egen lejlighed", "why": "Jeg vil have ro", "success": "Når jeg har nøglen",
     "life_area": LifeArea.HOUSING.value, "months": 12, "step": "Skriv mig op hos boligforeningen", "helper": "Jonas"},
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
            "life_area": goal["life_area"], "target_date": target,
            "horizon": ("short" if goal["months"] <= 6 else "long") if goal["months"] else None}, now=when)
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
        anna_handleplan(db, contact, anna.id, start)
        for goal_id, kind in zip(goals, ("developing", "maintaining", "developing"), strict=True):
            follow_up.assess_goal(db, contact, anna.id, goal_id, kind, goal_id != goals[2], "", now=start)
        anna_indsatsplan(db, contact, load_actor(db, anna.id, start), goals, start)
        follow_up.schedule(db, contact, anna.id, follow_up.ScheduleInput(
            due_on=(danish_today(start) + timedelta(days=60)).isoformat(), at_time="10:00", place="Bostedet",
            participants="Anna og Maria"), now=start)
        meeting = start + timedelta(days=60)
        contact = load_actor(db, maria.id, meeting)
        follow_up.record(db, contact, anna.id, follow_up.RecordInput(
            held_on=danish_today(meeting).isoformat(), participants="Anna Jensen, Maria Holm",
            goals=(follow_up.GoalInput(goals[0], "partly_met", "Anna har handlet ind alene to gange.",
                                       "Det går bedre, end jeg troede.", "met"),
                   follow_up.GoalInput(goals[1], "met", "Anna og søsteren ses hver anden uge."),
                   follow_up.GoalInput(goals[2], "not_met", "Det har regnet meget.", "", "not_met")),
            next=follow_up.ScheduleInput(due_on=(danish_today(meeting) + timedelta(days=45)).isoformat(),
                                         at_time="13:00", place="Bostedet"), purpose_judgement="on_the_way"), now=meeting)
        anna_kept_well(db, anna.id, maria.id, goals, meeting)
    if not _has_goals(db, bo.id):
        start = now - timedelta(days=120)
        bo_goals = _write_goals(db, bo, BO_GOALS, start)
        bo_levels(db, load_actor(db, jonas.id, start), bo.id, bo_goals, start)
        follow_up.schedule(db, load_actor(db, jonas.id, start), bo.id, follow_up.ScheduleInput(
            due_on=(danish_today(start) + timedelta(days=90)).isoformat(), participants="Bo og Jonas"), now=start)


# ------------------------------------------------------------------ the two levels (issue 19)
# One function per level and citizen, so the demo can be made fuller without touching the story above.


def anna_handleplan(db: Session, contact: Actor, anna_id: int, when: datetime) -> None:
    """The municipality's handleplan for Anna, as Maria recorded it from the case worker's plan."""
    follow_up.record_frame(db, contact, anna_id, follow_up.FrameInput(
        purpose="Anna skal blive mere selvhjulpen i hverdagen og have mere kontakt med sin familie.",
        intervention="Socialpædagogisk støtte (§ 85).", intervention_scope="To gange om ugen, i alt ca. 4 timer.",
        duration_kind="approximate", duration_text="ca. 2 år", special={SpecialCondition.HOUSING.value: "Bor i botilbud."},
        started_on=danish_today(when).isoformat(), case_worker="Lene Holm", municipality="Aabenraa Kommune",
        made_on=(danish_today(when) - timedelta(days=14)).isoformat(),
        suggestions="Start med indkøb og madlavning; inddrag søsteren, hvis Anna vil.",
        offer="accepted", offer_on=(danish_today(when) - timedelta(days=14)).isoformat(),
        goals=((None, "Anna klarer flere af hverdagens opgaver selv."),
               (None, "Anna har jævnlig kontakt med sin familie."))), 0, now=when)


def anna_indsatsplan(db: Session, contact: Actor, anna: Actor, goals: list[int], when: datetime) -> None:
    """Beside Anna's own goals: the link to the handleplan, who is responsible, delmål she answered."""
    shopping, sister, _walk = goals
    follow_up.assess_goal(db, contact, anna.user_id, shopping, "developing", True, "", now=when,
                          plan=follow_up.GoalPlanInput(municipal_goal_key=1, responsible="Anna og Maria (bostøtten)",
                                                       obstacles="Mange mennesker i butikken.",
                                                       supports="En fast dag og en indkøbsseddel."))
    follow_up.assess_goal(db, contact, anna.user_id, sister, "maintaining", True, "", now=when,
                          plan=follow_up.GoalPlanInput(municipal_goal_key=2, responsible="Anna",
                                                       supports="At søsteren ringer først."))
    first = provider_plan.propose_sub_goal(db, contact, anna.user_id, shopping, provider_plan.SubGoalInput(
        "Maria går med Anna i Netto de første tre gange; derefter går Anna alene.", "Maria (bostøtten)",
        "en gang om ugen"), now=when)
    provider_plan.answer_sub_goal(db, anna, first.id, "agrees", "Ja, om tirsdagen.", now=when + timedelta(days=1))
    second = provider_plan.propose_sub_goal(db, contact, anna.user_id, sister, provider_plan.SubGoalInput(
        "Maria minder Anna om at ringe til søsteren om lørdagen.", "Maria (bostøtten)", "hver uge"), now=when)
    provider_plan.answer_sub_goal(db, anna, second.id, "disagrees", "Jeg kan selv huske det.",
                                  now=when + timedelta(days=1))
    provider_plan.assess_sub_goal(db, contact, anna.user_id, second.id,
                                  "Anna har glemt opkaldene i perioder. En påmindelse holder kontakten i gang; "
                                  "vi ser på det igen ved opfølgningen.", now=when + timedelta(days=2))
    provider_plan.add_other_actor(db, contact, anna.user_id, provider_plan.ActorInput(
        "Egen læge", "Læge", "Ser Anna hvert kvartal om medicin."), now=when)
    provider_plan.set_unmet_needs(db, contact, anna.user_id, {
        LifeArea.DAILY_LIFE.value: "Anna har brug for støtte til at planlægge indkøb og måltider."}, now=when)


def anna_kept_well(db: Session, anna_id: int, maria_id: int, goals: list[int], meeting: datetime) -> None:
    """After the first follow-up, Anna's plan is kept as seed 002 asks, so that it passes the quality check:
    the walk, which had no date and no success criterion (and 1 of 3 goals met: the 80 % rule), gets both
    from Anna, a link to the handleplan, the realism answers and a delmål; a short follow-up two weeks later
    judges the purpose again and holds her own view of every goal. The next meeting stays where it was."""
    shopping, sister, walk = goals
    anna, maria = load_actor(db, anna_id, meeting), load_actor(db, maria_id, meeting)
    view = workbook.write_fields(db, anna, walk, {
        "success": "Når jeg har gået hver dag i to uger", "horizon": "short",
        "target_date": (danish_today(meeting) + timedelta(days=30)).isoformat()}, via="workbook", now=meeting)
    sharing.approve_change(db, anna, walk, view.version, now=meeting)
    follow_up.assess_goal(db, maria, anna_id, walk, "developing", True, "", now=meeting, plan=follow_up.GoalPlanInput(
        municipal_goal_key=1, responsible="Anna", obstacles="Regnvejr, og når jeg har sovet dårligt.",
        supports="En fast tid efter aftensmaden, og at en medarbejder går med."))
    follow_up.assess_goal(db, maria, anna_id, sister, "maintaining", True, "", now=meeting,
                          plan=follow_up.GoalPlanInput(obstacles="Søsteren har travlt i weekenderne."))
    walking = provider_plan.propose_sub_goal(db, maria, anna_id, walk, provider_plan.SubGoalInput(
        "En medarbejder går med Anna efter aftensmaden de første to uger", "Bostøtten (vagtplanen)", "hver dag"),
        now=meeting)
    provider_plan.answer_sub_goal(db, anna, walking.id, "agrees", "Gerne med Maria.", now=meeting)
    remarks = workbook.create_item(db, anna, ItemKind.REMARKS)  # seed 002 rec. 13: her remarks on the plan
    view = workbook.write_fields(db, anna, remarks.id, {"text": "Jeg vil gerne have, at Maria ringer, før hun "
                                                                "kommer."}, via="workbook", now=meeting)
    sharing.share(db, anna, remarks.id, {Audience.CONTACT_PERSON}, view.version, now=meeting)
    later = meeting + timedelta(days=15)
    nxt = follow_up.next_follow_up(db, maria, anna_id)
    maria = load_actor(db, maria_id, later)
    follow_up.record(db, maria, anna_id, follow_up.RecordInput(
        held_on=danish_today(later).isoformat(), participants="Anna Jensen, Maria Holm", purpose_judgement="on_the_way",
        goals=(follow_up.GoalInput(shopping, "met", "Anna har handlet alene tre uger i træk.",
                                   "Jeg klarer det selv nu.", "met"),
               follow_up.GoalInput(sister, "met", "De ses hver anden uge og ringer sammen.",
                                   "Det er dejligt.", "met"),
               follow_up.GoalInput(walk, "met", "Anna har gået hver dag i to uger.", "Jeg sover bedre.",
                                   "met")),
        note="Kort opfølgning på gåturen. Anna vil gerne tale om madlavning næste gang.",
        next=follow_up.ScheduleInput(due_on=nxt.due_on.isoformat(), at_time=nxt.at_time, place=nxt.place)),
        now=later)


def bo_levels(db: Session, contact: Actor, bo_id: int, goals: list[int], when: datetime) -> None:
    """Bo's handleplan and the start of his indsatsplan: one delmål he has not answered yet."""
    follow_up.record_frame(db, contact, bo_id, follow_up.FrameInput(
        purpose="Bo skal have sin egen bolig og kunne klare sig i den.", intervention="Bostøtte (§ 85).",
        intervention_scope="3 timer om ugen.", duration_kind="minimum", duration_text="mindst 1 år",
        started_on=danish_today(when).isoformat(), close_follow_up=False,  # a continued case: yearly follow-up
        case_worker="Peter Lund", municipality="Aabenraa Kommune",
        made_on=(danish_today(when) - timedelta(days=7)).isoformat(), offer="accepted",
        offer_on=(danish_today(when) - timedelta(days=7)).isoformat(),
        goals=((None, "Bo får en egen bolig."),)), 0, now=when)
    follow_up.assess_goal(db, contact, bo_id, goals[0], "developing", True, "", now=when,
                          plan=follow_up.GoalPlanInput(municipal_goal_key=1, responsible="Bo og Jonas"))
    provider_plan.propose_sub_goal(db, contact, bo_id, goals[0], provider_plan.SubGoalInput(
        "Jonas hjælper Bo med at søge boliger på nettet.", "Jonas (bostøtten)", "hver 14. dag"), now=when)
    provider_plan.add_other_actor(db, contact, bo_id, provider_plan.ActorInput(
        "Jobcentret", "Sagsbehandler", "Boligsøgning og ydelser."), now=when)
