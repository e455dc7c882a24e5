""""Let at læse" without a browser (issue 21): her choice is stored on her user, so every page load on any
device, and the login itself, tell the browser to keep it; logout takes the browser's copy away. Her Min plan
marks each life area so the page can show its picture."""

import pytest
from sqlmodel import select

from citizenplan import demo, routes
from citizenplan.auth import sessions
from citizenplan.db import session_scope
from citizenplan.domain.vocabulary import LifeArea
from citizenplan.models import User
from citizenplan.state.citizen_home import CitizenHomeState
from citizenplan.state.login import LoginState
from citizenplan.state.my_plan import MyPlanState
from citizenplan.state.session import LOGOUT_SCRIPT, SessionState
from tests.support.fuzz import live_token, state_at
from tests.support.states import script_of, user_id_of

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: the demo plans beside the people

TURNED_ON = "classList.toggle('easy-read', true)"
TURNED_OFF = "classList.toggle('easy-read', false)"


def _stored(username: str) -> bool:
    with session_scope() as db:
        return db.exec(select(User.easy_read).where(User.username == username)).one()


async def test_she_chooses_easy_read_and_every_page_on_any_device_keeps_it(demo_people):
    anna = user_id_of("anna")
    home = state_at(CitizenHomeState, live_token(anna), routes.CITIZEN_HOME)
    assert TURNED_OFF in script_of(await CitizenHomeState.load.fn(home))
    assert home.easy_read is False

    result = await SessionState.set_easy_read.fn(home, True)
    assert TURNED_ON in script_of(result) and "localStorage.setItem('minvej-easy-read', '1')" in script_of(result)
    assert home.easy_read is True and _stored("anna") is True

    # Another device (another session, a fresh tab): the page load says so before anything else.
    other = state_at(MyPlanState, live_token(anna), routes.MY_PLAN)
    assert TURNED_ON in script_of(await MyPlanState.load.fn(other))
    assert other.easy_read is True

    result = await SessionState.set_easy_read.fn(home, False)
    assert TURNED_OFF in script_of(result) and _stored("anna") is False


async def test_the_login_itself_hands_her_choice_to_the_browser_and_logout_takes_it_away(demo_people):
    with session_scope() as db:
        db.exec(select(User).where(User.username == "bo")).one().easy_read = True
    with session_scope() as db:
        outcome = sessions.begin_login(db, "bo", demo.DEMO_PASSWORD)
    assert outcome.easy_read is True  # state/login.py runs easy_read_script before the first page opens
    assert "localStorage.removeItem('minvej-easy-read')" in LOGOUT_SCRIPT
    login_page = state_at(LoginState, None, routes.LOGIN)
    assert TURNED_OFF in script_of(await LoginState.load.fn(login_page))  # the login page is plain


async def test_a_stranger_cannot_set_easy_read(demo_people):
    page = state_at(CitizenHomeState, None, routes.CITIZEN_HOME)
    await SessionState.set_easy_read.fn(page, True)
    with session_scope() as db:
        assert not any(db.exec(select(User.easy_read)).all())


async def test_min_plan_marks_each_life_area_for_its_picture(demo_people):
    page = state_at(MyPlanState, live_token(user_id_of("anna")), routes.MY_PLAN)
    await MyPlanState.load.fn(page)
    areas = {b.area for b in page.blocks if b.area}
    assert areas and areas <= {a.value for a in LifeArea}
    assert all(b.area == "" for b in page.blocks if b.kind != "field")
