"""One gate per page, one way to act as the logged-in person (issue 22).

routes.PAGE_ROLES says who may open each page and every page's load is gated by it (SessionState._open);
a handler's domain call runs as the logged-in person through SessionState._as_actor. Both check the session
in a thread of offload.DATA, never on the event loop, and a refusal is known by its type, not by its words."""

import threading

import pytest

from citizenplan import pages, routes
from citizenplan.db import session_scope
from citizenplan.domain import accounts, my_data, sharing, workbook
from citizenplan.domain.vocabulary import Audience, Role
from citizenplan.domain.workbook import ItemKind
from citizenplan.state.shared_plan import SharedPlanState
from citizenplan.state.workbook import WorkbookState
from tests.support.states import redirect_of, state_of, token_for, user_id_of

pytestmark = pytest.mark.anyio
PEOPLE = {Role.CITIZEN: "anna", Role.CONTACT_PERSON: "maria", Role.RELATIVE: "karen", Role.MANAGER: "leder"}
GATED = [(route, on_load) for route, _component, on_load in pages.PAGES if route in routes.PAGE_ROLES]


def test_every_registered_page_has_a_role_or_is_listed_as_public_with_a_reason():
    registered = [route for route, _component, _on_load in pages.PAGES]
    assert len(registered) == len(set(registered))
    assert set(registered) == set(routes.PAGE_ROLES) | set(routes.PUBLIC_PAGES)
    assert set(routes.PAGE_ROLES).isdisjoint(routes.PUBLIC_PAGES)
    assert all(len(reason.split()) >= 3 for reason in routes.PUBLIC_PAGES.values())
    assert set(routes.PAGE_ROLES.values()) == set(Role)  # every role has a page, its home among them
    assert all(routes.PAGE_ROLES[routes.home_for(role)] is role for role in Role)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
async def test_each_gated_page_lets_in_its_own_role_and_sends_every_other_role_home(demo_people, role):
    token = token_for(PEOPLE[role])
    for route, on_load in GATED:
        result = await on_load.fn(state_of(on_load.state, cookie_token=token))
        expected = None if routes.PAGE_ROLES[route] is role else routes.home_for(role)
        assert redirect_of(result) == expected, f"{PEOPLE[role]} on {route}"


async def test_every_gated_page_sends_someone_not_logged_in_to_the_login_page(demo_people):
    for route, on_load in GATED:
        assert redirect_of(await on_load.fn(state_of(on_load.state))) == routes.LOGIN, route


def _spy(monkeypatch, module, name: str, seen: list[str]) -> None:
    real = getattr(module, name)

    def spied(*args, **kwargs):
        seen.append(f"{name}:{threading.current_thread().name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spied)


def _off_the_loop(seen: list[str]) -> list[str]:
    """The entries that ran on this thread (the event loop's) instead of a thread of the DATA lane."""
    return [entry for entry in seen if not entry.split(":")[1].startswith("lane-data")]


async def test_a_page_loads_gate_checks_the_session_and_the_role_off_the_event_loop(demo_people, monkeypatch):
    seen: list[str] = []
    _spy(monkeypatch, accounts, "actor_from_token", seen)
    page = state_of(WorkbookState, cookie_token=token_for("anna"))
    await WorkbookState.load.fn(page)
    assert seen and _off_the_loop(seen) == []


async def test_a_handlers_session_check_and_domain_call_run_in_one_thread_off_the_event_loop(demo_people,
                                                                                             monkeypatch):
    page = state_of(WorkbookState, cookie_token=token_for("anna"))
    await WorkbookState.load.fn(page)
    seen: list[str] = []
    _spy(monkeypatch, accounts, "actor_from_token", seen)
    _spy(monkeypatch, workbook, "create_item", seen)
    result = await WorkbookState.write_remarks.fn(page)
    assert redirect_of(result).startswith(routes.WORKBOOK_ITEM)
    assert [entry.split(":")[0] for entry in seen] == ["actor_from_token", "create_item"]
    assert _off_the_loop(seen) == [] and len({entry.split(":")[1] for entry in seen}) == 1


async def test_a_refusal_is_known_by_its_type_in_any_language(demo_people):
    """A contact person reading English whose citizen is gone: "no longer shared", not "no access" (the old
    code compared the translated refusal with the Danish one)."""
    with session_scope() as db:
        anna = accounts.load_actor(db, user_id_of("anna"))
        goal = workbook.create_item(db, anna, ItemKind.GOAL)
        version = workbook.write_fields(db, anna, goal.id, {"title": "Jeg vil male billeder om søndagen"}).version
        sharing.share(db, anna, goal.id, {Audience.CONTACT_PERSON}, version)
    contact = state_of(SharedPlanState, cookie_token=token_for("maria"))
    with session_scope() as db:
        accounts.set_locale(db, accounts.load_actor(db, user_id_of("maria")), "en")
    contact.citizen_id = user_id_of("anna")
    with session_scope() as db:
        my_data.erase(db, accounts.load_actor(db, user_id_of("anna")))

    await SharedPlanState.comment.fn(contact, {"item_id": str(goal.id), "comment": "Hi"})
    assert contact.error == "It is no longer shared with you."
