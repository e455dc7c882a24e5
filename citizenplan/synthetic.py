"""A synthetic population for the management report: citizens, plans, goals, assessments, follow-ups and
records, dates spread over two years, with a fixed random seed. Written with bulk inserts so that
100,000 citizens and 1,000,000 goals take minutes, not hours. Never used for real people: every name
is "Borger n", and it refuses to write into a database that has real (non-synthetic) citizens.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from citizenplan.clock import utcnow
from citizenplan.domain import report_facts
from citizenplan.domain.vocabulary import WHO_DIMENSION_OF, Audience, LifeArea, Role, ServiceArea
from citizenplan.models import (
    ContactAssignment,
    FollowUp,
    FollowUpRecord,
    GoalAssessment,
    GoalFulfilment,
    ItemVersion,
    PlanFrame,
    SharedSnapshot,
    Unit,
    User,
    WorkbookItem,
)

# The pilot's shares of plans per area (seed 000: 22, 16 and 29 of 67 plans).
AREA_WEIGHTS = {ServiceArea.HANDICAP: 22, ServiceArea.PSYCHIATRY: 16, ServiceArea.HOMELESSNESS_AND_ADDICTION: 29}
PURPOSE_WEIGHTS = {"developing": 50, "maintaining": 30, "compensating": 20}
DEGREE_WEIGHTS = {"met": 55, "partly_met": 30, "not_met": 15}
OFFER_WEIGHTS = {"accepted": 80, "declined": 10, "": 10}  # "": the offer is not on record
CHUNK = 20_000


@dataclass(frozen=True)
class PlanShape:
    """Exactly this many plans with exactly this many goals in one area (for a test that must match)."""

    area: ServiceArea
    plans: int
    goals: int


class _Ids:
    """Hands out primary keys for bulk inserts, continuing after what the table already holds."""

    def __init__(self, db: Session, table) -> None:
        self.next = (db.exec(select(func.max(table.id))).scalar() or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


ORDER = (Unit, User, ContactAssignment, WorkbookItem, ItemVersion, SharedSnapshot, GoalAssessment, PlanFrame,
         FollowUpRecord, FollowUp, GoalFulfilment)  # a row's references are written before it


class _Writer:
    def __init__(self, db: Session) -> None:
        self.db, self.pending = db, {t: [] for t in ORDER}

    def add(self, table, row: dict[str, Any]) -> None:
        self.pending[table].append(row)
        if len(self.pending[table]) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        for table in ORDER:
            if self.pending[table]:
                self.db.execute(insert(table), self.pending[table])
                self.pending[table] = []


def generate(db: Session, citizens: int, *, goals_per_citizen: float = 2.0, seed: int = 1,
             now: datetime | None = None, shapes: list[PlanShape] | None = None,
             into_units: dict[ServiceArea, list[int]] | None = None) -> dict[str, int]:
    """Write the population and return how many of each thing were made.

    With `shapes`, exactly those plans and goals are made (every goal shared, one goal per plan
    minimum) and `citizens`/`goals_per_citizen` are ignored. With `into_units` (the demo), the people are
    placed in those existing units beside the demo people; otherwise the database must hold no real citizen.
    """
    rng = random.Random(seed)
    offers = random.Random(seed + 1)  # its own stream: the other draws stay what they were before offers
    now = now or utcnow()
    today = now.date()
    real = db.exec(select(func.count()).select_from(User).where(
        User.role == Role.CITIZEN.value, ~User.display_name.like("Borger %"))).scalar()
    if real and into_units is None:
        raise SystemExit("Databasen har rigtige borgere. Syntetiske data skrives kun i en tom eller syntetisk database.")
    ids = {t: _Ids(db, t) for t in (Unit, User, WorkbookItem, ItemVersion, SharedSnapshot, FollowUpRecord, FollowUp)}
    out = _Writer(db)
    made = dict.fromkeys(("units", "citizens", "plans", "goals", "records"), 0)
    made_ids: list[int] = []
    units_by_area: dict[ServiceArea, list[int]] = dict(into_units or {})
    unit_count = 0 if into_units else max(1, (citizens if not shapes else sum(s.plans for s in shapes)) // 5000)
    for area in ServiceArea:
        for n in range(unit_count):
            unit_id = ids[Unit].take()
            out.add(Unit, {"id": unit_id, "name": f"Syntetisk {area.value} {n + 1}", "service_area": area.value})
            units_by_area.setdefault(area, []).append(unit_id)
            made["units"] += 1
    out.flush()
    contacts: dict[int, int] = {}
    for unit_list in units_by_area.values():
        for unit_id in unit_list:
            contacts[unit_id] = ids[User].take()
            out.add(User, _user(contacts[unit_id], f"Kontaktperson {unit_id}", Role.CONTACT_PERSON, unit_id, now))
    out.flush()

    if shapes:
        plans = [(s.area, goals) for s in shapes for goals in _spread(s.goals, s.plans)]
    else:
        areas = rng.choices(list(AREA_WEIGHTS), weights=list(AREA_WEIGHTS.values()), k=citizens)
        plans = [(area, max(0, round(rng.expovariate(1 / goals_per_citizen)))) for area in areas]
    for number, (area, goal_count) in enumerate(plans, start=1):
        unit_id = rng.choice(units_by_area[area])
        citizen_id = ids[User].take()
        started = now - timedelta(days=rng.randint(0, 730))
        out.add(User, _user(citizen_id, f"Borger {number}", Role.CITIZEN, unit_id, started))
        out.add(ContactAssignment, {"citizen_id": citizen_id, "contact_person_id": contacts[unit_id],
                                    "started_at": started})
        made["citizens"] += 1
        made_ids.append(citizen_id)
        goals = _goals(rng, out, ids, citizen_id, goal_count, started, now, shared_all=bool(shapes))
        made["goals"] += len(goals)
        if not goals:
            if not shapes and offers.random() < 0.5:  # a handleplan with no indsatsplan yet (figure II)
                out.add(PlanFrame, _handleplan(citizen_id, contacts[unit_id], started, "accepted", ""))
            continue
        made["plans"] += 1
        if shapes or rng.random() < 0.8:
            offer = "accepted" if shapes else offers.choices(list(OFFER_WEIGHTS), list(OFFER_WEIGHTS.values()))[0]
            out.add(PlanFrame, _handleplan(citizen_id, contacts[unit_id], started, offer,
                                           "ca. 2 år" if rng.random() < 0.8 else ""))
        made["records"] += _follow_ups(rng, out, ids, citizen_id, contacts[unit_id], goals, started, today)
    out.flush()
    report_facts.rebuild(db, made_ids)
    _move_sequences(db)
    db.commit()
    return made


def _move_sequences(db: Session) -> None:
    """Rows were written with explicit ids; on PostgreSQL the id sequences must be moved past them, or the
    app's next ordinary insert would collide."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for table in ORDER:
        name = table.__tablename__
        statement = (f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "  # noqa: S608 - our own table names
                     f"COALESCE((SELECT MAX(id) FROM \"{name}\"), 0) + 1, false)")
        db.execute(text(statement))


def _spread(goals: int, plans: int) -> list[int]:
    """Split `goals` over `plans`, each at least one, as evenly as possible."""
    base, extra = divmod(goals, plans)
    return [base + (1 if i < extra else 0) for i in range(plans)]


def _handleplan(citizen_id: int, author_id: int, started: datetime, offer: str, duration: str) -> dict[str, Any]:
    return {"citizen_id": citizen_id, "version": 1, "purpose": "Syntetisk formål", "intervention": "Syntetisk indsats",
            "duration_kind": "approximate", "duration_text": duration, "special": {}, "close_follow_up": True,
            "started_on": started.date(), "author_id": author_id, "created_at": started, "made_on": started.date(),
            "offer": offer, "offer_on": started.date() if offer else None}


def _user(user_id: int, name: str, role: Role, unit_id: int, at: datetime) -> dict[str, Any]:
    return {"id": user_id, "username": None, "display_name": name, "role": role.value, "unit_id": unit_id,
            "locale": "da", "password_hash": None, "created_at": at, "activated_at": at}


def _goals(rng, out, ids, citizen_id, count, started, now, shared_all) -> list[tuple[int, str]]:
    """Write `count` goals; return (item id, title) of those shared with the contact person."""
    shared = []
    for n in range(count):
        item_id = ids[WorkbookItem].take()
        area = rng.choice(list(LifeArea))
        created = min(started + timedelta(days=rng.randint(0, 30)), now)
        content = {"title": f"Mål {n + 1}", "life_area": area.value, "who_dimension": WHO_DIMENSION_OF[area].value,
                   "status": "active"}
        if rng.random() < 0.7:
            content["success"] = "Det kan jeg mærke"
        if rng.random() < 0.75:
            content["target_date"] = (created.date() + timedelta(days=rng.randint(60, 400))).isoformat()
        out.add(WorkbookItem, {"id": item_id, "citizen_id": citizen_id, "kind": "goal", "position": n, "version": 1,
                               "created_at": created, "updated_at": created, "parent_id": None,
                               "origin_id": None, "deleted_at": None})
        out.add(ItemVersion, {"id": ids[ItemVersion].take(), "item_id": item_id, "number": 1, "content": content,
                              "author_id": citizen_id, "via": "chat", "created_at": created})
        if shared_all or rng.random() < 0.9:
            out.add(SharedSnapshot, {"id": ids[SharedSnapshot].take(), "citizen_id": citizen_id, "item_id": item_id,
                                     "audience": Audience.CONTACT_PERSON.value, "kind": "goal",
                                     "parent_item_id": None, "position": n, "approved_version": 1,
                                     "content": content, "approved_at": created, "revoked_at": None})
            shared.append((item_id, content["title"]))
            if rng.random() < 0.85:
                out.add(GoalAssessment, {"citizen_id": citizen_id, "item_id": item_id, "linked_to_purpose": True,
                                         "purpose_type": rng.choices(list(PURPOSE_WEIGHTS),
                                                                     list(PURPOSE_WEIGHTS.values()))[0],
                                         "assessment": "", "author_id": citizen_id, "created_at": created})
    return shared


def _follow_ups(rng, out, ids, citizen_id, contact_id, goals, started, today: date) -> int:
    """Follow-ups every 3-12 months from the start; a past one is recorded or left overdue."""
    records, due = 0, started.date() + timedelta(days=rng.randint(60, 360))
    while True:
        follow_up_id = ids[FollowUp].take()
        row = {"id": follow_up_id, "citizen_id": citizen_id, "due_on": due, "at_time": "", "place": "",
               "participants": "", "reason_later": "", "scheduled_by": contact_id,
               "created_at": started, "cancelled_at": None, "done_by_record_id": None}
        if due >= today or rng.random() < 0.35:  # upcoming, or overdue: left without a record
            out.add(FollowUp, row)
            return records
        record_id = ids[FollowUpRecord].take()
        signed = datetime.combine(due, datetime.min.time(), UTC) + timedelta(hours=12)
        out.add(FollowUpRecord, {"id": record_id, "citizen_id": citizen_id, "held_on": due, "participants": "Borger",
                                 "note": "", "author_id": contact_id, "signed_at": signed, "corrects_id": None})
        out.add(FollowUp, {**row, "done_by_record_id": record_id})
        for item_id, title in goals:
            degree = rng.choices(list(DEGREE_WEIGHTS), list(DEGREE_WEIGHTS.values()))[0]
            voice = rng.random() < 0.4
            out.add(GoalFulfilment, {"record_id": record_id, "citizen_id": citizen_id, "item_id": item_id,
                                     "goal_title": title, "description": "", "degree": degree,
                                     "citizen_view": "Det gik" if voice else "",
                                     "citizen_degree": degree if voice else None})
        records += 1
        due = due + timedelta(days=rng.randint(90, 365))
