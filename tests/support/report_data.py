"""Data for the manager's report end-to-end tests, written straight into the running app's database.

The demo database already holds a synthetic population in the demo units, so every test makes its own
manager and its own units (one new Unit per service area, each tied to the manager by a ManagedUnit row):
the report then shows exactly the numbers the test put there.

    office = make_office(app, "Rapport")                  # a manager and three new units
    populate(app, office, {ServiceArea.HANDICAP: (22, 45), ...})   # synthetic.generate with exact shapes
    contact = add_person(app, office, ServiceArea.HANDICAP, Role.CONTACT_PERSON, "Kontakt")
    citizen = add_person(app, office, ServiceArea.HANDICAP, Role.CITIZEN, "Borger-navn", follows=contact)
    share_goals(app, citizen, [goal("Lære at cykle")])    # counted in the report (a shared goal is a plan)

Synthetic people are written with a `now` well in the past, so that every goal was shared before today
(synthetic.generate dates a goal up to 30 days after its citizen's start) and all fall in the default period.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from citizenplan import synthetic
from citizenplan.auth.passwords import hash_password
from citizenplan.clock import utcnow
from citizenplan.domain.vocabulary import Role, ServiceArea
from citizenplan.models import ContactAssignment, ManagedUnit, Unit, User
from tests.support.app_server import AppServer
from tests.support.follow_up_data import PASSWORD, Person, app_db, goal, share_goals

__all__ = ["PASSWORD", "Office", "Person", "add_person", "goal", "make_office", "populate", "share_goals"]

SYNTHETIC_AGE = timedelta(days=45)  # > the 30 days synthetic.generate may date a goal after its start


@dataclass(frozen=True)
class Office:
    manager: Person
    units: dict[ServiceArea, int] = field(default_factory=dict)  # unit id per service area (empty: no unit)
    unit_names: dict[ServiceArea, str] = field(default_factory=dict)
    tag: str = ""


def _tag() -> str:
    return uuid.uuid4().hex[:6]


def make_office(app: AppServer, label: str, *, with_units: bool = True) -> Office:
    """A new, activated manager and (unless `with_units` is false) one new unit per service area that
    only this manager leads. Unit names and the manager's name end in a short random id."""
    tag = _tag()
    now = utcnow()
    with app_db(app) as db:
        user = User(username=f"rl.{uuid.uuid4().hex[:10]}", display_name=f"{label} Leder {tag}",
                    role=Role.MANAGER.value, unit_id=None, password_hash=hash_password(PASSWORD),
                    activated_at=now, created_at=now)
        db.add(user)
        db.flush()
        units, names = {}, {}
        if with_units:
            for area in ServiceArea:
                unit = Unit(name=f"{label} {area.value} {tag}", service_area=area.value)
                db.add(unit)
                db.flush()
                db.add(ManagedUnit(manager_id=user.id, unit_id=unit.id))
                units[area], names[area] = unit.id, unit.name
        manager = Person(user.id, user.username, user.display_name)
    return Office(manager, units, names, tag)


def populate(app: AppServer, office: Office, shapes: dict[ServiceArea, tuple[int, int]], *, seed: int = 11) -> dict:
    """Exactly `plans` plans with exactly `goals` shared goals per area, in the office's units (synthetic
    citizens "Borger n", followed by a synthetic contact person per unit who cannot log in)."""
    with app_db(app) as db:
        return synthetic.generate(
            db, 0, seed=seed, now=utcnow() - SYNTHETIC_AGE,
            shapes=[synthetic.PlanShape(area, plans, goals) for area, (plans, goals) in shapes.items()],
            into_units={area: [office.units[area]] for area in ServiceArea})


def add_person(app: AppServer, office: Office, area: ServiceArea, role: Role, name: str, *,
               follows: Person | None = None) -> Person:
    """A new, activated person with PASSWORD in the office's unit for `area`; a citizen made with
    `follows` (a contact person) is followed by them, else nobody follows them."""
    now = utcnow()
    with app_db(app) as db:
        user = User(username=f"rl.{uuid.uuid4().hex[:10]}", display_name=name, role=role.value,
                    unit_id=office.units[area], password_hash=hash_password(PASSWORD), activated_at=now,
                    created_at=now)
        db.add(user)
        db.flush()
        if follows is not None:
            db.add(ContactAssignment(citizen_id=user.id, contact_person_id=follows.id, started_at=now))
        return Person(user.id, user.username, user.display_name)
