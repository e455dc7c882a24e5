"""Ids from outside, read by the one parser (citizenplan/domain/ids.py): a URL's ?id= on the PDF download
and on the pages that take one. A unicode digit, a 20-digit number or any other non-id is "not found" in
plain Danish: HTTP 404 for the download, the message on the page; never an exception (HTTP 500)."""

from urllib.parse import urlencode

import pytest
from starlette.requests import Request

from citizenplan import demo, demo_plans, routes
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.db import session_scope
from citizenplan.reports import http as report_http
from citizenplan.state.follow_up import FollowUpState
from citizenplan.state.item import ItemState
from citizenplan.state.print_plan import PrintPlanState
from citizenplan.state.shared_plan import SharedPlanState
from tests.support.fuzz import live_token, state_at
from tests.support.states import user_id_of

pytestmark = pytest.mark.anyio

NOT_FOUND = "Det findes ikke længere."
NO_ACCESS = "Det har du ikke adgang til."
NOT_IDS = ["²", "٣", "１２", "99999999999999999999", str(2**31), "9" * 5000, "-1", "0", " 1", "1e3", "", "abc"]


@pytest.fixture
def demo_with_plans(app_db):
    with session_scope() as db:
        demo.load(db)
    with session_scope() as db:
        demo_plans.load(db)


def _download(token: str, raw: str):
    """GET /pdf/handleplan?id=raw with this session cookie, straight into the endpoint (an exception here is
    what a browser would see as HTTP 500)."""
    query = urlencode({"id": raw}).encode()
    return report_http.plan_as_pdf(Request({
        "type": "http", "method": "GET", "path": routes.PLAN_PDF, "query_string": query,
        "headers": [(b"cookie", f"{COOKIE_NAME}={token}".encode())]}))


async def test_the_pdf_of_an_id_that_is_no_id_is_not_found_in_plain_danish(demo_with_plans):
    maria = live_token(user_id_of("maria"))
    for raw in NOT_IDS:
        response = await _download(maria, raw)
        assert (raw, response.status_code, response.body.decode()) == (raw, 404, NOT_FOUND)
        assert response.headers["cache-control"] == "no-store"


async def test_the_pdf_of_a_citizen_one_follows_is_there_and_of_another_is_refused(demo_with_plans):
    maria = live_token(user_id_of("maria"))
    anna = await _download(maria, str(user_id_of("anna")))
    assert anna.status_code == 200 and anna.headers["content-type"] == "application/pdf"
    bo = await _download(maria, str(user_id_of("bo")))
    assert bo.status_code == 403 and bo.body.decode() == NO_ACCESS


async def test_a_page_opened_with_an_id_that_is_no_id_says_it_is_not_found(demo_with_plans):
    for state_class in (FollowUpState, SharedPlanState, PrintPlanState, ItemState):
        token = live_token(user_id_of("anna" if state_class is ItemState else "maria"))
        for raw in ("²", "99999999999999999999", "9" * 5000):
            page = state_at(state_class, token, f"/?{urlencode({'id': raw})}")
            await state_class.load.fn(page)
            assert (state_class.__name__, raw[:20], page.error) == (state_class.__name__, raw[:20], NOT_FOUND)
