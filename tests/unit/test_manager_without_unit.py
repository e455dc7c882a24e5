"""What a manager without a unit sees is decided once, by policy.manages_no_unit: no figures (not three
zeros), no people, no codes, no report; the pages only say so (ReportState.no_unit, the counts on
/leder left out). SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

import pytest

from citizenplan.domain import account_codes, accounts, assignments, report
from citizenplan.domain.errors import AccessDenied
from citizenplan.domain.policy import manages_no_unit
from citizenplan.domain.vocabulary import Role
from citizenplan.models import User
from tests.support.people import actor, make_people

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def test_a_manager_without_a_unit_sees_no_figures_no_people_no_codes_and_no_report(db):
    people = make_people(db, now=NOW)
    newcomer = User(username="ny_leder", display_name="Ny Leder", role=Role.MANAGER.value, created_at=NOW,
                    activated_at=NOW)
    db.add(newcomer)
    db.commit()
    lonely = actor(db, newcomer.id)

    assert manages_no_unit(lonely)
    assert [manages_no_unit(actor(db, getattr(people, who))) for who in ("manager", "contact", "citizen")] == [
        False, False, False]
    assert assignments.counts(db, lonely) is None
    assert assignments.counts(db, actor(db, people.manager)) is not None
    assert accounts.managed_units(db, lonely) == []
    assert accounts.unit_contact_persons(db, lonely) == []
    assert assignments.citizens_without_contact_person(db, lonely) == []
    assert account_codes.uses_in_my_units(db, lonely, now=NOW) == []
    with pytest.raises(AccessDenied):
        report.unit_report(db, lonely, report.period_from("", "", date(2026, 5, 4)), now=NOW)
