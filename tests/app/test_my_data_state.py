"""Issue 20, the state side of "Mine data": her logins in plain words and ending one, the erasure's
confirmation and its second click, and an open tab of someone else forgetting her words."""

import pytest
from sqlmodel import select

from citizenplan.auth import sessions
from citizenplan.db import session_scope
from citizenplan.domain import accounts, sharing, workbook
from citizenplan.domain.vocabulary import Audience
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import AuthSession, User
from citizenplan.state.forget import forget_in_tree
from citizenplan.state.my_data import MyDataState
from citizenplan.state.relative_home import RelativeHomeState
from citizenplan.state.shared_plan import SharedPlanState
from tests.support.states import script_of, state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"


def login_from(username: str, user_agent: str) -> str:
    with session_scope() as db:
        outcome = sessions.begin_login(db, username, "min-vej-demo")
    with session_scope() as db:
        return sessions.redeem_ticket(db, outcome.ticket, user_agent=user_agent)


def still_logged_in(token: str) -> bool:
    with session_scope() as db:
        return sessions.resolve(db, token) is not None


def shared_goal(username: str, title: str) -> int:
    with session_scope() as db:
        me = accounts.load_actor(db, user_id_of(username))
        item = workbook.create_item(db, me, ItemKind.GOAL)
        view = workbook.write_fields(db, me, item.id, {"title": title})
        sharing.share(db, me, item.id, {Audience.CONTACT_PERSON, Audience.RELATIVE}, view.version)
        return item.id


async def test_her_logins_are_named_in_plain_words_and_she_ends_the_other_one(demo_people):
    here, phone = login_from("anna", IPHONE), login_from("anna", ANDROID)
    page = state_of(MyDataState, cookie_token=here)
    await MyDataState.load.fn(page)
    assert [(x.what, x.this_one) for x in page.logins] == [("iPhone · Safari", True),
                                                          ("Android-telefon · Chrome", False)]
    await MyDataState.end_login.fn(page, page.logins[1].id)
    assert not still_logged_in(phone) and still_logged_in(here)
    assert page.notice == "Du er logget ud på den enhed." and len(page.logins) == 1


async def test_she_cannot_end_someone_elses_login_and_a_bad_id_is_explained(demo_people):
    mine, marias = login_from("anna", IPHONE), login_from("maria", ANDROID)
    with session_scope() as db:
        maria_session = db.exec(select(AuthSession.id).where(AuthSession.user_id == user_id_of("maria"))).first()
    page = state_of(MyDataState, cookie_token=mine)
    await MyDataState.load.fn(page)
    for bad in (str(maria_session), "abc", "-1", "99999999"):
        await MyDataState.end_login.fn(page, bad)
        assert page.error == "Det login er allerede slut."
    assert still_logged_in(marias)


async def test_the_confirmation_says_what_goes_and_erasing_twice_is_harmless(demo_people):
    token = token_for("anna")
    page = state_of(MyDataState, cookie_token=token)
    await MyDataState.load.fn(page)
    await MyDataState.ask_to_erase.fn(page)
    assert page.confirming and any("arbejdsbog" in line for line in page.goes)
    assert any("pårørendes adgang: 1" in line for line in page.goes)  # Karen

    first = await MyDataState.erase.fn(page)
    assert "slettet=1" in script_of(first)
    assert not still_logged_in(token)
    with session_scope() as db:
        assert db.exec(select(User).where(User.username == "anna")).first() is None
    second = await MyDataState.erase.fn(page)  # a second click: nothing left, nothing half-done
    assert "slettet=1" in script_of(second)


async def test_an_open_tab_of_her_contact_person_forgets_her_words_and_says_so_plainly(demo_people):
    title = "Jeg vil cykle til stranden hver lørdag"
    shared_goal("anna", title)
    anna_id = user_id_of("anna")
    contact = state_of(SharedPlanState, cookie_token=token_for("maria"))
    contact.citizen_id = anna_id
    await SharedPlanState._refresh(contact, await contact._actor())
    relative = state_of(RelativeHomeState, cookie_token=token_for("karen"))
    await RelativeHomeState.load.fn(relative)
    assert title in str(contact.items) and title in str(relative.citizens)

    for tab in (contact, relative):
        reset = await forget_in_tree(tab._get_root_state(), frozenset({title, "Anna Jensen"}),
                                     "Det findes ikke længere.")
        assert reset >= 1
    assert (contact.items, contact.citizen_name, contact.error) == ([], "", "Det findes ikke længere.")
    assert (relative.citizens, relative.error) == ([], "Det findes ikke længere.")


# ---------------------------------------------------------------- the downloads


@pytest.fixture
def client(demo_people):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from citizenplan.reports import my_data_http
    with TestClient(Starlette(routes=my_data_http.ROUTES), base_url="http://localhost:3000") as test_client:
        yield test_client


def _get(client, path: str, username: str | None):
    from citizenplan.auth.cookies import COOKIE_NAME
    cookies = {COOKIE_NAME: token_for(username)} if username else {}
    client.cookies.clear()
    return client.get(path, cookies=cookies, follow_redirects=False)


def test_she_downloads_her_words_as_json_and_as_a_pdf_and_no_one_else_can(client):
    import io
    import json

    from pypdf import PdfReader

    title = "Jeg vil gå til kor om torsdagen «med Bølle» 🎵"
    shared_goal("anna", title)
    got = _get(client, "/hent/mine-data.json", "anna")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    assert got.headers["cache-control"] == "no-store"
    exported = json.loads(got.content)
    assert title in json.dumps(exported, ensure_ascii=False)  # her words exactly
    pdf = _get(client, "/hent/mine-data.pdf", "anna")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Jeg vil gå til kor om torsdagen" in text
    assert _get(client, "/hent/mine-data.json", None).status_code == 303
    for other in ("maria", "karen", "leder"):
        refused = _get(client, "/hent/mine-data.json", other)
        assert (refused.status_code, refused.text) == (403, "Det har du ikke adgang til.")


def test_an_empty_workbook_downloads_too(client):
    got = _get(client, "/hent/mine-data.json", "bo")
    assert got.status_code == 200
    assert got.json()["tables"]["workbook_item"] == []
    assert _get(client, "/hent/mine-data.pdf", "bo").content.startswith(b"%PDF")


async def test_a_contact_persons_tab_that_missed_the_erasure_shows_a_plain_message_on_its_next_step(demo_people):
    """Another worker's tab, say: the store was not reached, so its next event finds her gone."""
    title = "Jeg vil male billeder om søndagen"
    goal_id = shared_goal("anna", title)
    contact = state_of(SharedPlanState, cookie_token=token_for("maria"))
    contact.citizen_id = user_id_of("anna")
    await SharedPlanState._refresh(contact, await contact._actor())
    assert title in str(contact.items)
    with session_scope() as db:
        from citizenplan.domain import my_data
        my_data.erase(db, accounts.load_actor(db, user_id_of("anna")))

    await SharedPlanState.comment.fn(contact, {"item_id": str(goal_id), "comment": "Hej"})
    assert contact.items == [] and contact.error == "Det er ikke længere delt med dig."
    assert title not in str(contact.dict())


async def test_an_open_chat_on_another_device_when_she_erases_writes_nothing_and_goes_to_the_login_page(demo_people):
    from citizenplan.models import ConversationAnswer
    from citizenplan.state.chat import ChatState
    from tests.support.chat_states import _open_chat
    from tests.support.states import redirect_of

    phone = await _open_chat(token_for("dennis"))
    page = state_of(MyDataState, cookie_token=token_for("dennis"))
    await MyDataState.load.fn(page)
    await MyDataState.erase.fn(page)

    result = await ChatState.send_form.fn(phone, {"answer": "Et svar for sent", "key": phone.question_key,
                                            "step": phone.step_id})
    assert redirect_of(result) == "/"
    with session_scope() as db:
        assert db.exec(select(ConversationAnswer)).all() == []
        assert db.exec(select(User).where(User.username == "dennis")).first() is None


async def test_the_export_the_pdf_and_the_erasure_run_in_the_heavy_lane(demo_people, monkeypatch):
    import threading

    from starlette.requests import Request

    from citizenplan.auth.cookies import COOKIE_NAME
    from citizenplan.domain import my_data
    from citizenplan.reports import my_data_http

    seen: list[str] = []
    for module, name in ((my_data, "export"), (my_data_http, "plan_pdf"), (my_data, "erase")):
        original = getattr(module, name)

        def noted(*args, _original=original, **kwargs):
            seen.append(threading.current_thread().name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, noted)
    request = Request({"type": "http", "method": "GET", "path": "/hent/mine-data.pdf", "query_string": b"",
                       "headers": [(b"cookie", f"{COOKIE_NAME}={token_for('anna')}".encode())]})
    response = await my_data_http.as_pdf(request)
    assert response.status_code == 200 and response.body.startswith(b"%PDF")
    page = state_of(MyDataState, cookie_token=token_for("anna"))
    await MyDataState.erase.fn(page)
    assert len(seen) == 3 and all(name.startswith("lane-heavy") for name in seen), seen
