"""People for domain tests, made in one call: units, a manager, contact persons, citizens and a relative.

    unit_a (Handicap)            led by `manager`
        contact      follows citizen
        other_contact follows neighbour
        citizen      granted `relative` access (relative may comment unless told otherwise)
        neighbour
    unit_b (Psykiatri)           led by `other_manager`
        far_contact  follows stranger
        stranger
    unit_c (Forsorg og misbrug)  led by nobody

Every person is activated, has the user name of their field name and the password PASSWORD.
"""

from dataclasses import dataclass, fields
from datetime import datetime

from sqlmodel import Session

from citizenplan.auth.passwords import hash_password
from citizenplan.clock import utcnow
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.actors import Actor
from citizenplan.domain.vocabulary import Role, ServiceArea
from citizenplan.models import ContactAssignment, ManagedUnit, RelativeGrant, Unit, User

PASSWORD = "grøn cykel ved åen"


@dataclass(frozen=True)
class People:
    """Ids. A person's user name is the name of their field."""

    unit_a: int
    unit_b: int
    unit_c: int
    manager: int
    other_manager: int
    contact: int
    other_contact: int
    far_contact: int
    citizen: int
    neighbour: int
    stranger: int
    relative: int

    def username(self, user_id: int) -> str:
        for f in fields(self):
            if getattr(self, f.name) == user_id and not f.name.startswith("unit"):
                return f.name
        raise KeyError(user_id)


def make_people(db: Session, *, relative_may_comment: bool = True, now: datetime | None = None) -> People:
    """Create everyone above and commit."""
    now = now or utcnow()
    password_hash = hash_password(PASSWORD)
    units = {}
    for key, name, area in [("unit_a", "Bostedet Test", ServiceArea.HANDICAP),
                            ("unit_b", "Psykiatrien Test", ServiceArea.PSYCHIATRY),
                            ("unit_c", "Herberget Test", ServiceArea.HOMELESSNESS_AND_ADDICTION)]:
        unit = Unit(name=name, service_area=area.value)
        db.add(unit)
        db.flush()
        units[key] = unit.id

    def person(username: str, role: Role, unit_key: str | None) -> int:
        user = User(username=username, display_name=username.replace("_", " ").title(), role=role.value,
                    unit_id=units[unit_key] if unit_key else None, password_hash=password_hash,
                    activated_at=now, created_at=now)
        db.add(user)
        db.flush()
        return user.id

    ids = {
        "manager": person("manager", Role.MANAGER, "unit_a"),
        "other_manager": person("other_manager", Role.MANAGER, "unit_b"),
        "contact": person("contact", Role.CONTACT_PERSON, "unit_a"),
        "other_contact": person("other_contact", Role.CONTACT_PERSON, "unit_a"),
        "far_contact": person("far_contact", Role.CONTACT_PERSON, "unit_b"),
        "citizen": person("citizen", Role.CITIZEN, "unit_a"),
        "neighbour": person("neighbour", Role.CITIZEN, "unit_a"),
        "stranger": person("stranger", Role.CITIZEN, "unit_b"),
        "relative": person("relative", Role.RELATIVE, None),
    }
    db.add(ManagedUnit(manager_id=ids["manager"], unit_id=units["unit_a"]))
    db.add(ManagedUnit(manager_id=ids["other_manager"], unit_id=units["unit_b"]))
    for contact, citizen in [("contact", "citizen"), ("other_contact", "neighbour"), ("far_contact", "stranger")]:
        db.add(ContactAssignment(citizen_id=ids[citizen], contact_person_id=ids[contact], started_at=now))
    db.add(RelativeGrant(citizen_id=ids["citizen"], relative_id=ids["relative"], relation="søster",
                         can_comment=relative_may_comment, created_at=now))
    db.commit()
    return People(**units, **ids)


def actor(db: Session, user_id: int, now: datetime | None = None) -> Actor:
    """The acting person as the app loads them (citizenplan.domain.accounts.load_actor)."""
    loaded = load_actor(db, user_id, now)
    assert loaded is not None, f"user {user_id} is not an activated user"
    return loaded
