"""Her data in the first response of /min-plan and /arbejdsbog/punkt (issue 21, reports/first_data.py), without a
browser: her plan and her item are in the page the server answers, for her only, with `no-store` and the page's
own CSP; every other caller (no cookie, an expired one, another role, another citizen's item, a malformed or
doubled id, a HEAD) gets the plain built page, with nothing of anyone's data in it."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from citizenplan import routes
from citizenplan.auth.cookies import COOKIE_NAME
from citizenplan.auth.tokens import digest, new_token
from citizenplan.clock import utcnow
from citizenplan.components.easy_read import PICTURES
from citizenplan.components.first_data import SLOT_ID
from citizenplan.db import session_scope
from citizenplan.domain import accounts, workbook
from citizenplan.models import AuthSession, User, WorkbookItem
from citizenplan.reports.first_data import PICTURE_SVG, HerDataFirst, with_her_data
from citizenplan.security_headers import SecurityHeaders
from tests.support.fuzz import live_token
from tests.support.states import user_id_of

pytestmark = pytest.mark.anyio
DEMO_PLANS = True  # tests/app/conftest.py: the demo plans beside the people

ANNA_GOAL = "Jeg vil handle ind selv en gang om ugen"
BUILT = ('<!DOCTYPE html><html lang="da"><head><script>built()</script></head><body><main><h1>Min plan</h1>'
         f'<div class="rx-Html first-data" id="{SLOT_ID}"></div></main></body></html>')
PASSED_ON = b"passed on"


@pytest.fixture
def site(tmp_path):
    for path in (routes.MY_PLAN, routes.WORKBOOK_ITEM):
        folder = tmp_path / path.strip("/")
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(BUILT, encoding="utf-8")
    return tmp_path


async def _passed_on(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": PASSED_ON})


async def _get(site, path: str, token: str | None = None, query: dict | str = "", method: str = "GET",
               encoding: str = "") -> tuple[int, dict[str, str], str]:
    """One request through HerDataFirst inside SecurityHeaders, as citizenplan.py wraps the backend."""
    app = SecurityHeaders(HerDataFirst(_passed_on, static_dir=lambda: site), static_dir=lambda: site)
    headers = [(b"cookie", f"{COOKIE_NAME}={token}".encode())] if token else []
    if encoding:
        headers.append((b"accept-encoding", encoding.encode()))
    query_string = query if isinstance(query, str) else urlencode(query)
    scope = {"type": "http", "method": method, "path": path, "query_string": query_string.encode(),
             "headers": headers, "scheme": "http"}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body.decode()


def _first_goal(username: str) -> int:
    with session_scope() as db:
        return db.exec(select(WorkbookItem.id).join(User, User.id == WorkbookItem.citizen_id)
                       .where(User.username == username, WorkbookItem.kind == "goal")
                       .order_by(WorkbookItem.id)).first()


def _expired_token(user_id: int) -> str:
    token = new_token()
    with session_scope() as db:
        db.add(AuthSession(user_id=user_id, token_hash=digest(token), live=True,
                           last_seen_at=utcnow() - timedelta(hours=2)))
    return token


def _plain(status: int, headers: dict[str, str], body: str) -> None:
    """The built page as it is: no data of anyone, and the caching of a page that everyone gets."""
    assert status == 200
    assert body == BUILT
    assert headers["cache-control"] == "no-cache"


async def test_her_plan_is_in_the_first_response_of_min_plan_for_her_only(demo_people, site):
    status, headers, body = await _get(site, routes.MY_PLAN, live_token(user_id_of("anna")))
    assert status == 200
    assert ANNA_GOAL in body and "Maria Holm" in body
    assert f'id="{SLOT_ID}"><div id="my-plan"' in body  # in the page's slot, nowhere else
    assert body.startswith(BUILT.split(SLOT_ID)[0])  # the built page around it, unchanged
    assert headers["cache-control"] == "no-store"  # neither the browser nor the service worker keeps it
    assert "cookie" in headers["vary"].lower()
    policy = headers["content-security-policy"]  # the page's own CSP (its inline scripts' hashes), nothing added
    assert "script-src 'self' 'unsafe-eval' 'sha256-" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    assert body.count("<script") == BUILT.count("<script")  # no script of ours in it


async def test_her_item_is_in_the_first_response_of_its_page(demo_people, site):
    goal = _first_goal("anna")
    status, headers, body = await _get(site, routes.WORKBOOK_ITEM, live_token(user_id_of("anna")), {"id": goal})
    assert status == 200 and ANNA_GOAL in body
    assert headers["cache-control"] == "no-store"


async def test_her_words_are_escaped_not_markup(demo_people, site):
    goal = _first_goal("anna")
    with session_scope() as db:
        anna = accounts.load_actor(db, user_id_of("anna"))
        workbook.save(db, anna, goal, {"title": "<img src=x onerror=alert(1)> & mere"}, db.get(WorkbookItem, goal).version)
    _status, _headers, body = await _get(site, routes.WORKBOOK_ITEM, live_token(user_id_of("anna")), {"id": goal})
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; mere" in body and "<img" not in body


async def test_her_language_is_the_page_s(demo_people, site):
    anna = user_id_of("anna")
    with session_scope() as db:
        db.get(User, anna).locale = "en"
    _status, _headers, body = await _get(site, routes.MY_PLAN, live_token(anna))
    assert 'lang="en"' in body and "My goals" in body and "Mine mål" not in body


@pytest.mark.parametrize("case", ["no cookie", "unknown token", "expired", "contact person", "relative", "manager"])
async def test_anyone_but_her_gets_the_plain_page(demo_people, site, case):
    token = {"no cookie": lambda: None, "unknown token": new_token,
             "expired": lambda: _expired_token(user_id_of("anna")),
             "contact person": lambda: live_token(user_id_of("maria")),
             "relative": lambda: live_token(user_id_of("karen")),
             "manager": lambda: live_token(user_id_of("leder"))}[case]()
    _plain(*await _get(site, routes.MY_PLAN, token))
    _plain(*await _get(site, routes.WORKBOOK_ITEM, token, {"id": _first_goal("anna")}))


@pytest.mark.parametrize("query", ["", "id=", "id=abc", "id=-1", "id=0", "id=1e3", "id=%C3%A6", "id=99999999",
                                   "id=1&id=2", "id=" + "9" * 40])
async def test_an_item_id_that_is_missing_or_malformed_gets_the_plain_page(demo_people, site, query):
    _plain(*await _get(site, routes.WORKBOOK_ITEM, live_token(user_id_of("anna")), query))


async def test_another_citizen_s_item_gets_the_plain_page(demo_people, site):
    bos_goal = _first_goal("bo")
    assert bos_goal is not None
    _plain(*await _get(site, routes.WORKBOOK_ITEM, live_token(user_id_of("anna")), {"id": bos_goal}))


async def test_a_head_request_reads_nothing_of_hers(demo_people, site):
    status, headers, body = await _get(site, routes.MY_PLAN, live_token(user_id_of("anna")), method="HEAD")
    assert (status, body, headers["cache-control"]) == (200, "", "no-cache")


async def test_other_paths_pass_on_untouched(demo_people, site):
    token = live_token(user_id_of("anna"))
    for path in ("/borger", "/min-planer", "/arbejdsbog", "/arbejdsbog/punktx", routes.CRISIS_PLAN):
        status, _headers, body = await _get(site, path, token)
        assert (status, body) == (200, PASSED_ON.decode()), path


async def test_without_a_build_the_pages_pass_on(demo_people, tmp_path):
    _status, _headers, body = await _get(tmp_path, routes.MY_PLAN, live_token(user_id_of("anna")))
    assert body == PASSED_ON.decode()


def test_the_page_must_have_exactly_one_empty_slot():
    assert with_her_data(BUILT, "<p>x</p>") == BUILT.replace('"></div>', '"><p>x</p></div>')
    assert with_her_data(BUILT.replace(SLOT_ID, "other"), "<p>x</p>") is None
    assert with_her_data(BUILT.replace("</main>", f'<div id="{SLOT_ID}"></div></main>'), "<p>x</p>") is None
    assert with_her_data(BUILT.replace('"></div>', '">old</div>'), "<p>x</p>") is None


async def test_the_copy_has_the_easy_read_pictures_the_live_page_has(demo_people, site):
    """Shown in easy-read mode only (assets/styles.css), by the copy as by the live page (components/easy_read.py)."""
    assert set(PICTURE_SVG) == set(PICTURES.values())
    token = live_token(user_id_of("anna"))
    _status, _headers, body = await _get(site, routes.WORKBOOK_ITEM, token, {"id": _first_goal("anna")})
    assert 'class="area-picture" data-area="daily_life"' in body and "lucide-shopping-basket" in body
    _status, _headers, body = await _get(site, routes.MY_PLAN, token)
    assert 'class="area-picture" data-area="daily_life"' in body
