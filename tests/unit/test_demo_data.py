"""The demo people: loading them twice creates nothing twice, and they cover every role and area."""

from collections import Counter

from sqlmodel import SQLModel, func, select

import citizenplan.models  # noqa: F401 - every table on the metadata
from citizenplan import demo
from citizenplan.auth import sessions
from citizenplan.db import session_scope
from citizenplan.domain.vocabulary import Role, ServiceArea
from citizenplan.models import RelativeGrant, Unit, User


def _row_counts() -> dict[str, int]:
    with session_scope() as work:
        return {name: work.exec(select(func.count()).select_from(table)).one()
                for name, table in SQLModel.metadata.tables.items()}


def test_loading_the_demo_twice_creates_nothing_twice(app_db):
    with session_scope() as work:
        demo.load(work)
    first = _row_counts()
    with session_scope() as work:
        demo.load(work)
    assert _row_counts() == first
    assert first["user"] == len(demo.LOGINS) and first["unit"] == len(demo.UNITS)


def test_the_demo_has_one_manager_two_contact_persons_four_citizens_and_one_relative(app_db):
    with session_scope() as work:
        demo.load(work)
    with session_scope() as work:
        roles = Counter(work.exec(select(User.role)).all())
        assert roles == {Role.MANAGER.value: 1, Role.CONTACT_PERSON.value: 2, Role.CITIZEN.value: 4,
                         Role.RELATIVE.value: 1}
        citizen_areas = set(work.exec(
            select(Unit.service_area).join(User, User.unit_id == Unit.id).where(User.role == Role.CITIZEN.value)
        ).all())
        assert citizen_areas == {area.value for area in ServiceArea}
        grants = work.exec(select(RelativeGrant)).all()
        assert len(grants) == 1
        assert work.get(User, grants[0].citizen_id).role == Role.CITIZEN.value
        assert work.get(User, grants[0].relative_id).role == Role.RELATIVE.value


def test_every_demo_person_can_log_in_with_the_printed_password(app_db):
    with session_scope() as work:
        logins = demo.load(work)
    with session_scope() as work:
        for login in logins:
            assert sessions.begin_login(work, login.username, demo.DEMO_PASSWORD).ticket, login.username
