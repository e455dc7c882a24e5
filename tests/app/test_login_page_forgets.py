"""A session that ended without "Log ud" on this device (it expired, or was ended on another device or by a fresh
start) sends every page to the login page; its load tells the browser to forget her offline copies, her drafts
and her outbox, as logout does (issue 16). Someone still logged in is sent home, and forgets nothing."""

from datetime import timedelta

import pytest
from sqlmodel import select

from citizenplan import demo, routes
from citizenplan.clock import utcnow
from citizenplan.db import session_scope
from citizenplan.models import AuthSession
from citizenplan.state.login import LoginState
from tests.support.fuzz import live_token, state_at
from tests.support.states import script_of, user_id_of

pytestmark = pytest.mark.anyio

FORGETS = ("caches.delete('minvej-crisis-plan')", "localStorage.removeItem('minvej-drafts')",
           "localStorage.removeItem('minvej-outbox')", "localStorage.removeItem('minvej-easy-read')")


@pytest.fixture
def demo_people(app_db):
    with session_scope() as db:
        demo.load(db)


def _end(user_id: int, how: str) -> None:
    with session_scope() as db:
        for row in db.exec(select(AuthSession).where(AuthSession.user_id == user_id)).all():
            if how == "expired":
                row.last_seen_at = utcnow() - timedelta(hours=2)
            else:
                row.ended_at = utcnow()
            db.add(row)


@pytest.mark.parametrize("how", ["expired", "ended_elsewhere", "never_logged_in"])
async def test_the_login_page_forgets_what_the_browser_kept_when_nobody_is_logged_in(demo_people, how):
    token = None
    if how != "never_logged_in":
        anna = user_id_of("anna")
        token = live_token(anna)
        _end(anna, how)
    script = script_of(await LoginState.load.fn(state_at(LoginState, token, routes.LOGIN)))
    assert all(step in script for step in FORGETS), script


async def test_someone_still_logged_in_is_sent_home_and_the_browser_keeps_her_copies(demo_people):
    script = script_of(await LoginState.load.fn(state_at(LoginState, live_token(user_id_of("anna")), routes.LOGIN)))
    assert not any(step in script for step in FORGETS)
