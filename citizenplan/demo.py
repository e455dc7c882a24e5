"""Demo people for `make run`: one manager, two contact persons, four citizens, one relative."""

from dataclasses import dataclass

from sqlmodel import Session, select

from citizenplan.auth.passwords import hash_password
from citizenplan.clock import utcnow
from citizenplan.domain.vocabulary import Role, ServiceArea
from citizenplan.models import ContactAssignment, ManagedUnit, RelativeGrant, Unit, User

DEMO_PASSWORD = "min-vej-demo"  # noqa: S105 - printed on purpose: demo data only

UNITS = [
    ("Bostedet Lyngen", ServiceArea.HANDICAP),
    ("Socialpsykiatrien Vest", ServiceArea.PSYCHIATRY),
    ("Herberget Havnen", ServiceArea.HOMELESSNESS_AND_ADDICTION),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: Role
    unit: str | None
    follows: tuple[str, ...] = ()


LOGINS = [
    DemoLogin("leder", "Lone Larsen", Role.MANAGER, "Socialpsykiatrien Vest"),
    DemoLogin("maria", "Maria Holm", Role.CONTACT_PERSON, "Bostedet Lyngen", ("anna",)),
    DemoLogin("jonas", "Jonas Berg", Role.CONTACT_PERSON, "Socialpsykiatrien Vest", ("bo", "camilla", "dennis")),
    DemoLogin("anna", "Anna Jensen", Role.CITIZEN, "Bostedet Lyngen"),
    DemoLogin("bo", "Bo Nielsen", Role.CITIZEN, "Socialpsykiatrien Vest"),
    DemoLogin("camilla", "Camilla Sørensen", Role.CITIZEN, "Herberget Havnen"),
    DemoLogin("dennis", "Dennis Hansen", Role.CITIZEN, "Socialpsykiatrien Vest"),
    DemoLogin("karen", "Karen Jensen", Role.RELATIVE, None),
]
RELATIVES = [("karen", "anna", "mor")]
# The demo's stand-in for a municipality's own identifier system (docs/fhir/README.md): plainly not a real one.
DEMO_MUNICIPAL_IDS = "urn:minvej:demo:borger-id"


def load(db: Session) -> list[DemoLogin]:
    """Create what is missing; running it twice creates nothing twice."""
    units = {}
    for name, area in UNITS:
        unit = db.exec(select(Unit).where(Unit.name == name)).first()
        if unit is None:
            unit = Unit(name=name, service_area=area.value)
            db.add(unit)
            db.flush()
        units[name] = unit
    users = {}
    password_hash = None
    for login in LOGINS:
        user = db.exec(select(User).where(User.username == login.username)).first()
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(username=login.username, display_name=login.display_name, role=login.role.value,
                        unit_id=units[login.unit].id if login.unit else None,
                        password_hash=password_hash, activated_at=utcnow())
            db.add(user)
            db.flush()
        if login.role is Role.CITIZEN and not user.municipal_ref:  # the municipality's id for her (FHIR import)
            user.municipal_ref = f"{DEMO_MUNICIPAL_IDS}|{login.username}"
            db.add(user)
        users[login.username] = user
    for login in LOGINS:
        if login.role is Role.MANAGER:
            for unit in units.values():
                if db.get(ManagedUnit, (users[login.username].id, unit.id)) is None:
                    db.add(ManagedUnit(manager_id=users[login.username].id, unit_id=unit.id))
        for citizen in login.follows:
            exists = db.exec(select(ContactAssignment).where(
                ContactAssignment.citizen_id == users[citizen].id,
                ContactAssignment.contact_person_id == users[login.username].id)).first()
            if exists is None:
                db.add(ContactAssignment(citizen_id=users[citizen].id, contact_person_id=users[login.username].id))
    for relative, citizen, relation in RELATIVES:
        exists = db.exec(select(RelativeGrant).where(
            RelativeGrant.citizen_id == users[citizen].id, RelativeGrant.relative_id == users[relative].id)).first()
        if exists is None:
            db.add(RelativeGrant(citizen_id=users[citizen].id, relative_id=users[relative].id,
                                 relation=relation, can_comment=True, duration="open"))
    return LOGINS
