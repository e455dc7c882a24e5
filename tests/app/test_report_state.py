"""The manager's report page and the assigning on /leder, driven without a browser (ReportState,
ManagerHomeState): the eight figures for the last 12 months, choosing a period, the CSV download, no
citizen's name anywhere in the state, a manager with no unit, and who is sent away.

The data is the demo (citizenplan.demo, demo_plans) with its 240 synthetic citizens ("Borger n"): the
manager "leder" leads all three demo units.
"""

import base64
import copy
import csv
import io
import re

import pytest
from sqlmodel import select

from citizenplan import demo, demo_plans, i18n, routes
from citizenplan.auth.passwords import hash_password
from citizenplan.clock import danish_today, utcnow
from citizenplan.db import session_scope
from citizenplan.domain import report
from citizenplan.domain.accounts import load_actor
from citizenplan.domain.assignments import UnitCounts
from citizenplan.domain.vocabulary import Role, ServiceArea
from citizenplan.models import ContactAssignment, Unit, User
from citizenplan.reports import management
from citizenplan.state.manager_home import ManagerHomeState
from citizenplan.state.report import FIGURES, NO_UNIT, ReportState, series_of
from tests.support.states import redirect_of, state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio

BACKWARDS = "Perioden slutter, før den begynder. Vælg en slutdato efter startdatoen."
ASSIGNED = "Borgeren har fået en kontaktperson."
FROM_MY_UNIT = "Vælg en kontaktperson fra din enhed."


@pytest.fixture
def demo_people(app_db):
    """The demo's people and plans, without the synthetic population (tests that add people use this: see
    tests/unit/test_report.py for why new rows after the population fail on PostgreSQL)."""
    with session_scope() as db:
        demo.load(db)
    with session_scope() as db:
        demo_plans.load(db)


@pytest.fixture
def demo_data(demo_people):
    with session_scope() as db:
        demo_plans.load_population(db)


def _unit(name: str) -> int:
    with session_scope() as db:
        return db.exec(select(Unit.id).where(Unit.name == name)).one()


def _citizen_names() -> list[str]:
    with session_scope() as db:
        return list(db.exec(select(User.display_name).where(User.role == Role.CITIZEN.value)).all())


def _add_user(name: str, role: Role, unit_id: int | None, username: str | None = None) -> int:
    with session_scope() as db:
        user = User(username=username, display_name=name, role=role.value, unit_id=unit_id,
                    password_hash=hash_password(demo.DEMO_PASSWORD) if username else None, activated_at=utcnow())
        db.add(user)
        db.flush()
        return user.id


async def _report_page(username: str = "leder") -> ReportState:
    page = state_of(ReportState, cookie_token=token_for(username))
    await ReportState.load.fn(page)
    return page


async def _manager_home() -> ManagerHomeState:
    page = state_of(ManagerHomeState, cookie_token=token_for("leder"))
    await ManagerHomeState.load.fn(page)
    return page


def _download(event) -> tuple[str, str]:
    """(file name, text) of an rx.download event."""
    args = {key._js_expr: getattr(value, "_var_value", None) for key, value in event.args}
    url = args["url"]
    assert url.startswith("data:") and ";base64," in url
    return args["filename"], base64.b64decode(url.split(";base64,", 1)[1]).decode("utf-8")


def _all_text(value) -> str:
    return repr(value)


# ---------------------------------------------------------------- loading the report


async def test_the_manager_sees_the_eight_figures_for_the_last_twelve_months(demo_data):
    page = await _report_page()
    assert page.error == "" and not page.no_unit and not page.empty
    assert list(page.tables) == [key for key, _, _ in FIGURES]
    assert len(page.tables) == 8
    for key, table in page.tables.items():
        assert table.key == key
        assert table.title and table.columns[0] == "Område"
        assert [row[0] for row in table.rows] == ["Handicap", "Psykiatri", "Forsorg og misbrug", "I alt"]
        assert len(table.chart) == 3
    plans = page.tables["plans_and_goals"]
    assert plans.columns == ["Område", "Planer", "Mål (delmål)"]
    assert int(plans.rows[-1][1].replace(".", "")) >= 100  # the synthetic population is in it
    today = danish_today()
    period = report.default_period(today)
    assert (page.period_start, page.period_end) == (period.start.isoformat(), today.isoformat())
    assert page.period_line == f"{i18n.long_date(period.start, 'da')} – {i18n.long_date(today, 'da')}"
    assert re.fullmatch(r"\d{1,2}\. \w+ \d{4} \d{2}:\d{2}", page.computed_line), page.computed_line
    assert page.computed_line.startswith(i18n.long_date(today, "da") + " ")  # computed just now
    assert page.units_line == "Bostedet Lyngen, Herberget Havnen, Socialpsykiatrien Vest"
    assert page.display_name == "Lone Larsen"


def test_each_chart_draws_the_published_table_s_series_by_key_with_its_labels(demo_people):
    """The page's bars and legend come from FIGURES, the numbers from the published tables: matched by the
    table's key and each series' data key, never by position, with the management report's own labels."""
    with session_scope() as db:
        leader = load_actor(db, user_id_of("leder"))
        published = {t.key: t for t in management.tables(
            report.unit_report(db, leader, report.default_period(danish_today())), "en")}
    assert set(published) == {key for key, _, _ in FIGURES}
    for key, keys, _percent in FIGURES:
        assert [(k, i18n.translate(label, "en")) for k, label in series_of(keys)] == published[key].series, key


async def test_no_citizen_s_name_is_anywhere_in_the_report_state(demo_data):
    page = await _report_page()
    names = _citizen_names()
    assert "Anna Jensen" in names and "Borger 1" in names and len(names) > 200
    root = page
    while root.parent_state is not None:
        root = root.parent_state
    every_var = _all_text(root.dict()) + _all_text(page.dict())
    downloads = " ".join(page._csv.values())
    for text in (every_var, downloads):
        assert "Borger " not in text
        for name in names:
            assert name not in text, name
    for var in ReportState.base_vars:
        assert not any(name in _all_text(page.get_value(var)) for name in names), var


# ---------------------------------------------------------------- choosing a period


async def test_a_period_that_ends_before_it_begins_shows_the_danish_message_and_keeps_the_tables(demo_data):
    page = await _report_page()
    before = copy.deepcopy(page.tables)
    line = page.period_line
    assert await ReportState.choose_period.fn(page, {"start": "2026-05-01", "end": "2026-04-01"}) is None
    assert page.error == BACKWARDS
    assert page.tables == before and page.period_line == line


async def test_choosing_a_period_shows_its_figures_and_clears_an_earlier_error(demo_data):
    page = await _report_page()
    await ReportState.choose_period.fn(page, {"start": "2026-05-01", "end": "2026-04-01"})
    await ReportState.choose_period.fn(page, {"start": "2019-01-01", "end": "2019-12-31"})
    assert page.error == ""
    assert (page.period_start, page.period_end) == ("2019-01-01", "2019-12-31")
    assert page.period_line == "1. januar 2019 – 31. december 2019"
    assert page.empty
    assert page.tables["plans_and_goals"].rows[-1] == ["I alt", "0", "0"]


async def test_a_date_that_is_not_a_date_shows_the_danish_message(demo_data):
    page = await _report_page()
    await ReportState.choose_period.fn(page, {"start": "i går", "end": ""})
    assert page.error == "Skriv datoerne som dato, fx 2026-01-31."
    assert len(page.tables) == 8


# ---------------------------------------------------------------- the CSV download


async def test_the_download_is_the_table_as_csv_for_danish_excel(demo_data):
    page = await _report_page()
    event = ReportState.download.fn(page, "plans_and_goals")
    filename, data = _download(event)
    assert filename == f"plans_and_goals-{page.period_start}-{page.period_end}.csv"
    args = {key._js_expr: getattr(value, "_var_value", None) for key, value in event.args}
    assert args["url"].startswith("data:text/csv")
    assert data == page._csv["plans_and_goals"]
    assert data.startswith("\ufeffOmråde;Planer;Mål (delmål)\r\n")
    rows = list(csv.reader(io.StringIO(data.encode("utf-8").decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [page.tables["plans_and_goals"].columns, *page.tables["plans_and_goals"].rows]


async def test_every_figure_can_be_downloaded_and_an_unknown_one_gives_nothing(demo_data):
    page = await _report_page()
    for table in page.tables.values():
        _, data = _download(ReportState.download.fn(page, table.key))
        assert data.splitlines()[0] == "\ufeff" + ";".join(table.columns)
    assert ReportState.download.fn(page, "names") is None


# ---------------------------------------------------------------- who may open it


async def test_a_manager_with_no_unit_is_told_so(demo_people):
    _add_user("Leder Uden Enhed", Role.MANAGER, None, username="ny_leder")
    page = await _report_page("ny_leder")
    assert page.no_unit
    assert page.error == NO_UNIT
    assert page.error.startswith("Du er ikke leder for en enhed endnu")
    assert page.tables == {} and page._csv == {}
    assert ReportState.download.fn(page, "plans_and_goals") is None


async def test_a_contact_person_is_sent_to_their_own_home(demo_data):
    page = state_of(ReportState, cookie_token=token_for("maria"))
    assert redirect_of(await ReportState.load.fn(page)) == routes.home_for(Role.CONTACT_PERSON)
    assert page.tables == {} and page.period_line == ""


async def test_a_citizen_is_sent_to_their_own_home_and_nobody_logged_in_to_login(demo_data):
    page = state_of(ReportState, cookie_token=token_for("anna"))
    assert redirect_of(await ReportState.load.fn(page)) == routes.home_for(Role.CITIZEN)
    assert page.tables == {}
    nobody = state_of(ReportState)
    assert redirect_of(await ReportState.load.fn(nobody)) == routes.LOGIN
    assert redirect_of(await ReportState.choose_period.fn(nobody, {"start": "", "end": ""})) == routes.LOGIN
    assert nobody.tables == {}


# ---------------------------------------------------------------- assigning on /leder


async def test_the_manager_assigns_a_contact_person_and_sees_the_notice(demo_people):
    newcomer = _add_user("Ny Borger Uden Kontakt", Role.CITIZEN, _unit("Bostedet Lyngen"))
    page = await _manager_home()
    assert [row.name for row in page.unassigned] == ["Ny Borger Uden Kontakt"]
    assert page.unassigned[0].unit == "Bostedet Lyngen"
    assert page.counts == UnitCounts(citizens=5, without_contact_person=1, without_plan=3)
    await ManagerHomeState.assign.fn(page, {"citizen_id": str(newcomer), "contact_person_id": str(user_id_of("maria"))})
    assert page.error == "" and page.notice == ASSIGNED
    assert page.unassigned == [] and page.counts == UnitCounts(citizens=5, without_contact_person=0, without_plan=3)
    maria = next(row for row in page.contact_persons if row.name == "Maria Holm")
    assert maria.count == 2
    with session_scope() as db:
        assert newcomer in load_actor(db, user_id_of("maria")).citizen_ids


async def test_assigning_a_contact_person_from_a_unit_the_manager_does_not_lead_is_refused(demo_people):
    with session_scope() as db:
        unit = Unit(name="Andet Sted", service_area=ServiceArea.HANDICAP.value)
        db.add(unit)
        db.flush()
        other_unit = unit.id
    stranger = _add_user("Fremmed Kontakt", Role.CONTACT_PERSON, other_unit)
    newcomer = _add_user("Ny Borger Uden Kontakt", Role.CITIZEN, _unit("Bostedet Lyngen"))
    page = await _manager_home()
    await ManagerHomeState.assign.fn(page, {"citizen_id": str(newcomer), "contact_person_id": str(stranger)})
    assert page.error == FROM_MY_UNIT
    assert [row.name for row in page.unassigned] == ["Ny Borger Uden Kontakt"]
    await ManagerHomeState.assign.fn(page, {"citizen_id": "", "contact_person_id": str(user_id_of("maria"))})
    assert page.error == FROM_MY_UNIT
    with session_scope() as db:
        assert db.exec(select(ContactAssignment).where(ContactAssignment.citizen_id == newcomer)).all() == []


async def test_a_refusal_after_an_assignment_does_not_keep_the_earlier_notice(demo_people):
    first = _add_user("Første Borger", Role.CITIZEN, _unit("Bostedet Lyngen"))
    second = _add_user("Anden Borger", Role.CITIZEN, _unit("Bostedet Lyngen"))
    page = await _manager_home()
    await ManagerHomeState.assign.fn(page, {"citizen_id": str(first), "contact_person_id": str(user_id_of("maria"))})
    assert page.notice == ASSIGNED
    await ManagerHomeState.assign.fn(page, {"citizen_id": str(second), "contact_person_id": str(user_id_of("anna"))})
    assert page.error == FROM_MY_UNIT
    assert page.notice == ""
