"""Min plan and the crisis plan page, without a browser (issue 20): Anna's page shows her whole plan and
what she shares; her remarks go straight from it; her PDF is hers (it was HTTP 403 before); the crisis
plan page from the server carries her words, 112 and the mark the service worker needs, to her alone."""

import io
from urllib.parse import urlencode

import pytest
from pypdf import PdfReader
from starlette.requests import Request

from citizenplan import routes
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.db import session_scope
from citizenplan.domain import accounts, shared_view, workbook
from citizenplan.domain.workbook import ItemKind
from citizenplan.reports import crisis_plan_page
from citizenplan.reports import http as report_http
from citizenplan.state.my_plan import MyPlanState
from tests.support.fuzz import live_token, state_at
from tests.support.states import redirect_of, user_id_of

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: the demo plans beside the people

ANNA_GOAL = "Jeg vil handle ind selv en gang om ugen"
PURPOSE = "Anna skal blive mere selvhjulpen i hverdagen og have mere kontakt med sin familie."


def _request(path: str, token: str | None, query: dict | None = None) -> Request:
    headers = [(b"cookie", f"{COOKIE_NAME}={token}".encode())] if token else []
    return Request({"type": "http", "method": "GET", "path": path,
                    "query_string": urlencode(query or {}).encode(), "headers": headers})


def _pdf_text(body: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).replace("\n", " ")


async def test_anna_downloads_her_own_plan_as_a_pdf_laid_out_for_her(demo_people):
    anna = user_id_of("anna")
    response = await report_http.plan_as_pdf(_request(routes.PLAN_PDF, live_token(anna), {"id": anna}))
    assert response.status_code == 200, response.body[:200]
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="min-plan.pdf"'
    text = _pdf_text(response.body)
    for expected in ("Min plan", ANNA_GOAL, PURPOSE, "Maria Holm", "Formålet med indsatsen"):
        assert expected in text, f"{expected!r} not in her PDF"


async def test_a_citizen_gets_no_pdf_of_another_citizens_plan(demo_people):
    response = await report_http.plan_as_pdf(_request(routes.PLAN_PDF, live_token(user_id_of("anna")),
                                                      {"id": user_id_of("bo")}))
    assert response.status_code == 403
    assert not response.body.startswith(b"%PDF")


async def test_min_plan_shows_her_goals_the_frame_the_meeting_and_what_she_shares(demo_people):
    page = state_at(MyPlanState, live_token(user_id_of("anna")), routes.MY_PLAN)
    await MyPlanState.load.fn(page)
    assert page.error == ""
    texts = [b.text for b in page.blocks]
    assert ANNA_GOAL in texts and PURPOSE in texts
    assert any(b.kind == "explain" and b.label == "Formålet med indsatsen" for b in page.blocks)
    assert any(b.own and b.text == ANNA_GOAL for b in page.blocks)
    assert any(s.what == f"Mål: {ANNA_GOAL}" and s.who == "Din kontaktperson" for s in page.shares)
    assert page.pdf_href == routes.plan_pdf(user_id_of("anna"))


async def test_min_plan_is_the_citizens_own_page(demo_people):
    page = state_at(MyPlanState, live_token(user_id_of("maria")), routes.MY_PLAN)
    result = await MyPlanState.load.fn(page)
    assert redirect_of(result) == routes.CONTACT_PERSON_HOME
    assert page.blocks == []


async def test_her_remarks_are_saved_from_min_plan_and_shown_to_her_contact_person_when_she_ticks_it(demo_people):
    anna = user_id_of("anna")
    page = state_at(MyPlanState, live_token(anna), routes.MY_PLAN)
    await MyPlanState.load.fn(page)
    await MyPlanState.save_remarks.fn(page, {"remarks": "Jeg vil have Karen med til møderne.",
                                       "show_contact_person": True})  # the checkbox's ref, as Reflex sends it
    assert (page.error, page.notice) == ("", "Dine bemærkninger er gemt.")
    assert (page.remarks, page.remarks_shared) == ("Jeg vil have Karen med til møderne.", True)
    with session_scope() as db:
        maria = accounts.load_actor(db, user_id_of("maria"))
        remarks = [i for i in shared_view.shared_plan(db, maria, anna) if i.kind == "remarks"]
    assert [r.content["text"] for r in remarks] == ["Jeg vil have Karen med til møderne."]


async def test_empty_remarks_are_refused_and_nothing_she_wrote_is_lost(demo_people):
    page = state_at(MyPlanState, live_token(user_id_of("anna")), routes.MY_PLAN)
    await MyPlanState.load.fn(page)
    await MyPlanState.save_remarks.fn(page, {"remarks": "   ", "show_contact_person": "on"})
    assert page.error == "Feltet må ikke være tomt."
    await MyPlanState.save_remarks.fn(page, "not a form")
    assert page.error == "Feltet må ikke være tomt."


def _crisis_plan_of(username: str, content: dict) -> None:
    with session_scope() as db:
        actor = accounts.load_actor(db, user_id_of(username))
        workbook.create_with_fields(db, actor, ItemKind.CRISIS_PLAN, content)


async def test_the_crisis_plan_page_has_her_words_112_and_the_offline_mark(demo_people):
    _crisis_plan_of("anna", {"signs": "Jeg sover ikke.", "contacts": [{"name": "Karen", "phone": "12 34 56 78"}],
                             "practical": "Katten skal have mad."})
    response = crisis_plan_page.crisis_plan_page(_request(routes.CRISIS_PLAN, live_token(user_id_of("anna"))))
    html = response.body.decode()
    assert response.status_code == 200
    assert response.headers["x-minvej-offline"] == "crisis-plan"
    assert response.headers["cache-control"] == "no-store"
    for expected in ('<html lang="da"', "<h1>Min kriseplan</h1>", 'href="tel:112"', "akuttelefonen i din region",
                     "Jeg sover ikke.", "Karen", 'href="tel:+4512345678"', "Katten skal have mad.",
                     "Personalet må ringe til"):
        assert expected in html


async def test_her_words_on_the_crisis_plan_page_are_text_never_html(demo_people):
    _crisis_plan_of("anna", {"signs": "<script>alert(1)</script> & <b>"})
    html = crisis_plan_page.crisis_plan_page(_request(routes.CRISIS_PLAN, live_token(user_id_of("anna")))).body.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in html


async def test_without_a_crisis_plan_the_page_still_names_112_and_offers_to_make_one(demo_people):
    html = crisis_plan_page.crisis_plan_page(_request(routes.CRISIS_PLAN, live_token(user_id_of("bo")))).body.decode()
    assert 'href="tel:112"' in html and "Du har ikke lavet en kriseplan endnu." in html
    assert routes.chat("crisis_plan").replace("?", "?") in html


@pytest.mark.parametrize("who", [None, "maria", "karen", "leder"])
async def test_nobody_but_the_citizen_gets_a_crisis_plan_to_keep_offline(demo_people, who):
    token = live_token(user_id_of(who)) if who else None
    response = crisis_plan_page.crisis_plan_page(_request(routes.CRISIS_PLAN, token))
    assert response.status_code == 303
    assert "x-minvej-offline" not in response.headers
    assert response.headers["location"] == (routes.LOGIN if who is None else
                                            {"maria": routes.CONTACT_PERSON_HOME, "karen": routes.RELATIVE_HOME,
                                             "leder": routes.MANAGER_HOME}[who])
