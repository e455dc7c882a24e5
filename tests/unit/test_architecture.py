"""Architecture rules, in the spirit of GOV.UK Notify's "every route has its permission check".

Layers: pages -> state -> domain -> auth -> models/db. domain/ stays plain Python; states reach a person's data
only by handing the database to domain functions that ask the policy; every public event handler that opens
the database finds the acting user from the cookie first; every Starlette route is a path of routes.py.

The reader (tests/support/architecture.py) resolves what an import really brings in and walks only code that
runs. It is itself tested first: every planted violation in tests/support/architecture_fixtures.py must be
reported, every clean look-alike must not be. Every exception to a rule is listed here with its reason.
"""

import ast
import importlib

import pytest

import citizenplan.state
from tests.support import architecture as arch
from tests.support import architecture_fixtures as fx

PACKAGE = arch.Path(citizenplan.state.__file__).resolve().parent.parent
PROJECT = arch.Project.from_package(PACKAGE)

STATES = PROJECT.under("citizenplan.state")
DOMAIN = [m for m in PROJECT.under("citizenplan.domain") if m != "citizenplan.domain.policy"]
AUTH = PROJECT.under("citizenplan.auth")
DATA = [*PROJECT.under("citizenplan.models"), "citizenplan.db"]

# The domain's leaf modules every layer shares: words and errors, importing nothing else of ours.
SHARED_VOCABULARY = {
    "citizenplan.domain.errors": "UserError and N_, raised and marked in every layer",
    "citizenplan.domain.vocabulary": "roles, audiences, life areas: the enums the tables and the rules share",
}

# Handlers that run before anyone is logged in, or only ever touch the caller's own session.
ANONYMOUS_HANDLERS = {
    "LoginState.login": "checks a password; there is no actor yet",
    "ActivationState.load": "looks up a one-time code",
    "ActivationState.check_code": "looks up a one-time code",
    "ActivationState.activate": "uses a one-time code",
    "ActivationState.join": "uses a one-time code with an existing login's password",
    "SessionState.logout": "ends the caller's own session, found by its cookie",
}
# Domain functions that take the database but no actor, and why that is safe.
DOMAIN_WITHOUT_ACTOR = {
    "actor_from_token": "finds the actor from the session cookie",
    "load_actor": "builds the actor the policy needs",
    "end_my_session": "ends only the session whose token the caller holds",
    "join_with_existing_account": "uses a one-time code and the person's own password; no one is logged in",
    "refresh": "report_facts: recomputes derived counts after a write the caller was allowed to make",
    "rebuild": "report_facts: recomputes derived counts from the source tables (migration, bulk data)",
    "built": "report_facts: whether any derived count exists yet",
    "setting_up_code": "account_codes: the code that set up an account, read for a rule after the caller's check",
    "newest_frame": "municipal_plan: the newest handleplan version, read for a rule after the caller's check",
    "goals_of": "municipal_plan: a handleplan version's goals, read for a rule after the caller's check",
    "live_sub_goals": "provider_plan: the live delmål, read for a rule after the caller's check",
    # chat.store, the chat's plain statements: each takes a run the engine got from own_run (which asks the policy)
    # or made after asking it
    "save_run": "chat.store: writes back a run the caller may write",
    "tally": "chat.store: counts the answers of a run the caller may write",
    "live_answers": "chat.store: the answers of a run the caller may write",
    "live_rows": "chat.store: the answers of a run the caller may write",
    "insert_answer": "chat.store: an answer to a run the caller may write",
    "note_effect": "chat.store: what a flow action wrote, on an answer just written",
}
# Domain functions that touch only the acting person's own account, never another person's data.
DOMAIN_OWN_ACCOUNT = {
    "set_locale": "the actor's own language",
    "set_easy_read": "the actor's own \"Let at læse\" choice",
    "end_all_my_sessions": "the actor's own sessions",
    "unit_of": "the name of the actor's own unit",
    "my_logins": "the actor's own sessions",
    "end_login": "one of the actor's own sessions (another's is not found)",
}
# auth/ is a data layer of its own below the domain. What a state may take from it straight, and why;
# everything else of auth/ a state reaches through the domain (accounts, relatives, logins), which asks the policy.
STATE_AUTH_USES = {
    "citizenplan.auth.cookies.token_from_cookie_header": "reads the handshake's cookie; the domain finds the actor from it",
    "citizenplan.auth.invitations.Handover": "the one-time code a domain function returns, to show once",
    "citizenplan.auth.invitations.pending": "activation: looks up a one-time code; no one is logged in",
    "citizenplan.auth.invitations.activate": "activation: uses a one-time code; no one is logged in",
    "citizenplan.auth.sessions.begin_login": "login: checks a password; there is no actor yet",
    "citizenplan.auth.sessions.login_rank": "login: its place in the password lane's queue; there is no actor yet",
    "citizenplan.auth.sessions.resolve": "tab_owner middleware: whose tab this is, before any handler runs",
    "citizenplan.auth.tokens.digest": "tab_owner middleware: compares a token's digest, reads nothing",
}
# What a state may hand the database to besides the domain, and why.
STATE_DATABASE_RECEIVERS = {
    "citizenplan.auth.invitations.pending": "activation: looks up a one-time code; no one is logged in",
    "citizenplan.auth.invitations.activate": "activation: uses a one-time code; no one is logged in",
    "citizenplan.auth.sessions.begin_login": "login: checks a password; there is no actor yet",
    "citizenplan.auth.sessions.resolve": "tab_owner middleware: whose tab this is, before any handler runs",
    "citizenplan.reports.plan_document.printable_plan": "reads through case_file, which asks the policy",
    "citizenplan.reports.management.publish": "reads through domain.report, which asks the policy",
}

# Starlette endpoints find the acting user from the request's cookie with this domain function.
ENDPOINT_ACTOR_LOOKUPS = {"citizenplan.domain.accounts.actor_from_token"}
ENDPOINTS_WITHOUT_ACTOR = {
    "citizenplan.auth.http.start_session": "turns a one-time login ticket into the cookie; no one is logged in yet",
    "citizenplan.auth.http.end_session": "ends only the session whose cookie the caller holds",
}


def _report(rule, planted: str, name: str = fx.STATE, **kwargs):
    project = PROJECT.with_sources({name: planted})
    result = rule(project, [name], **kwargs)
    return result[0] if isinstance(result, tuple) else result


# --- the reader is tested on planted code first --------------------------------------------------------

def test_the_reader_resolves_what_an_import_really_brings_in():
    module = PROJECT.with_sources({fx.STATE: "from citizenplan.domain.workbook import WorkbookItem\n"
                                             "from citizenplan import models as m\n"}).modules[fx.STATE]
    assert PROJECT.resolve(module.bindings["WorkbookItem"]) == "citizenplan.models.workbook.WorkbookItem"
    assert PROJECT.is_table("citizenplan.models.workbook.WorkbookItem")
    attribute = ast.parse("m.AuditEvent").body[0].value
    assert PROJECT.origin(module, attribute) == "citizenplan.models.audit.AuditEvent"


def test_the_reader_skips_code_that_never_runs():
    fn = ast.parse("def f():\n    a()\n    if False:\n        b()\n    return c()\n    d()\n"
                   "    def e():\n        g()\n").body[0]
    assert [c.func.id for c in arch.live_calls(fn)] == ["a", "c"]


@pytest.mark.parametrize("case", fx.TABLES_PLANTED)
def test_a_planted_table_or_sql_in_a_state_is_caught(case):
    assert _report(arch.rule_no_tables_or_sql, fx.TABLES_PLANTED[case]), case


@pytest.mark.parametrize("case", fx.TABLES_CLEAN)
def test_a_clean_state_import_passes(case):
    assert _report(arch.rule_no_tables_or_sql, fx.TABLES_CLEAN[case]) == []


@pytest.mark.parametrize("case", fx.SESSION_PLANTED)
def test_a_planted_session_use_in_a_state_is_caught(case):
    assert _report(arch.rule_states_hand_the_database_to_the_domain, fx.SESSION_PLANTED[case]), case


@pytest.mark.parametrize("case", fx.SESSION_CLEAN)
def test_a_session_handed_to_the_domain_passes(case):
    assert _report(arch.rule_states_hand_the_database_to_the_domain, fx.SESSION_CLEAN[case]) == []


@pytest.mark.parametrize("case", fx.HANDLER_PLANTED)
def test_a_planted_handler_without_the_actor_first_is_caught(case):
    assert _report(arch.rule_handlers_find_the_actor_first, fx.HANDLER_PLANTED[case]), case


@pytest.mark.parametrize("case", fx.HANDLER_CLEAN)
def test_a_handler_that_finds_the_actor_first_passes(case):
    assert _report(arch.rule_handlers_find_the_actor_first, fx.HANDLER_CLEAN[case]) == []


@pytest.mark.parametrize("case", fx.DOMAIN_PLANTED)
def test_a_planted_domain_function_that_skips_the_policy_is_caught(case):
    assert _report(arch.rule_domain_asks_the_policy, fx.DOMAIN_PLANTED[case], fx.DOMAIN,
                   without_actor={}, own_account={}), case


@pytest.mark.parametrize("case", fx.DOMAIN_CLEAN)
def test_a_domain_function_that_asks_the_policy_passes(case):
    assert _report(arch.rule_domain_asks_the_policy, fx.DOMAIN_CLEAN[case], fx.DOMAIN,
                   without_actor={}, own_account={}) == []


def _layer_rule(name: str):
    if name == fx.DOMAIN:
        return _domain_layer
    return _auth_layer


def _domain_layer(project, modules):
    return arch.rule_imports_go_down(project, modules, ["reflex", "starlette", "citizenplan.state", "citizenplan.pages",
                                                        "citizenplan.components", "citizenplan.reports"])


def _auth_layer(project, modules):
    return arch.rule_imports_go_down(project, modules, ["reflex", "citizenplan.state", "citizenplan.pages",
                                                        "citizenplan.components", "citizenplan.reports",
                                                        "citizenplan.domain"],
                                     allowed=SHARED_VOCABULARY)


@pytest.mark.parametrize("case", fx.LAYER_PLANTED)
def test_a_planted_import_up_the_layers_is_caught(case):
    name, _ = case
    assert _report(_layer_rule(name), fx.LAYER_PLANTED[case], name), case


@pytest.mark.parametrize("case", fx.LAYER_CLEAN)
def test_an_import_down_the_layers_passes(case):
    name, _ = case
    assert _report(_layer_rule(name), fx.LAYER_CLEAN[case], name) == []


@pytest.mark.parametrize("case", fx.AUTH_PLANTED)
def test_a_planted_state_reaching_into_auth_is_caught(case):
    assert _report(arch.rule_states_reach_auth_only_through, fx.AUTH_PLANTED[case], allowed=STATE_AUTH_USES)


@pytest.mark.parametrize("case", fx.AUTH_CLEAN)
def test_a_state_using_an_allowed_part_of_auth_passes(case):
    assert _report(arch.rule_states_reach_auth_only_through, fx.AUTH_CLEAN[case], allowed=STATE_AUTH_USES) == []


@pytest.mark.parametrize("case", fx.ROUTE_PLANTED)
def test_a_planted_route_path_outside_routes_py_is_caught(case):
    assert _report(arch.rule_route_paths_come_from_routes, fx.ROUTE_PLANTED[case], "citizenplan.reports.planted")


@pytest.mark.parametrize("case", fx.ROUTE_CLEAN)
def test_a_route_path_from_routes_py_passes(case):
    assert _report(arch.rule_route_paths_come_from_routes, fx.ROUTE_CLEAN[case], "citizenplan.reports.planted") == []


@pytest.mark.parametrize("case", fx.ENDPOINT_PLANTED)
def test_a_planted_endpoint_without_the_actor_first_is_caught(case):
    assert _report(arch.rule_endpoints_find_the_actor_first, fx.ENDPOINT_PLANTED[case], "citizenplan.reports.planted",
                   actor_calls=ENDPOINT_ACTOR_LOOKUPS), case


@pytest.mark.parametrize("case", fx.ENDPOINT_CLEAN)
def test_an_endpoint_that_finds_the_actor_first_passes(case):
    assert _report(arch.rule_endpoints_find_the_actor_first, fx.ENDPOINT_CLEAN[case], "citizenplan.reports.planted",
                   actor_calls=ENDPOINT_ACTOR_LOOKUPS) == []


# --- the rules on the real package ---------------------------------------------------------------------

def test_the_domain_never_imports_reflex_or_anything_above_it():
    assert _domain_layer(PROJECT, DOMAIN + ["citizenplan.domain.policy"]) == []


def test_auth_sits_below_the_domain_and_takes_only_the_shared_vocabulary_from_it():
    """The domain calls auth (accounts, relatives, logins); auth never calls back into the domain."""
    assert _auth_layer(PROJECT, AUTH) == []


def test_the_shared_vocabulary_imports_nothing_else_of_ours():
    assert arch.rule_imports_go_down(PROJECT, SHARED_VOCABULARY, ["citizenplan"], allowed=SHARED_VOCABULARY) == []


def test_tables_and_the_database_never_import_the_layers_above():
    assert arch.rule_imports_go_down(PROJECT, DATA, ["reflex", "citizenplan.state", "citizenplan.pages",
                                                     "citizenplan.domain", "citizenplan.auth"]) == []


def test_states_never_import_pages():
    assert arch.rule_imports_go_down(PROJECT, STATES, ["citizenplan.pages"]) == []


def test_states_never_touch_tables_or_sql_themselves():
    assert arch.rule_no_tables_or_sql(PROJECT, STATES) == []


def test_states_use_the_database_only_by_handing_it_to_a_domain_function():
    found = arch.rule_states_hand_the_database_to_the_domain(PROJECT, STATES, receivers=STATE_DATABASE_RECEIVERS)
    assert found == []


def test_states_reach_auth_only_where_the_list_says():
    assert arch.rule_states_reach_auth_only_through(PROJECT, STATES, allowed=STATE_AUTH_USES) == []


def test_every_event_handler_that_opens_the_database_finds_the_user_from_the_cookie_first():
    found, checked = arch.rule_handlers_find_the_actor_first(PROJECT, STATES, anonymous=ANONYMOUS_HANDLERS)
    assert checked >= 50, "the walk found too few handlers to mean anything"
    assert found == []


def test_every_handler_that_the_reader_sees_is_an_event_handler_of_reflex():
    """The reader finds handlers from source; Reflex agrees on what they are."""
    import reflex as rx

    for name in STATES:
        importlib.import_module(name)
    seen = {where for where, *_ in arch.handlers(PROJECT, STATES)}
    known, todo = set(), list(rx.State.get_substates())
    while todo:
        state = todo.pop()
        todo.extend(state.get_substates())
        if state.__module__.startswith("citizenplan."):
            known |= {f"{state.__name__}.{n}" for n, h in state.event_handlers.items()
                      if not n.startswith("_") and n != "setvar" and h.fn.__qualname__.split(".")[0] == state.__name__}
    assert known <= seen


def test_every_domain_function_on_a_persons_data_asks_the_policy():
    """Directly, or through a function of the domain that asks it itself; in code that runs."""
    assert arch.rule_domain_asks_the_policy(PROJECT, DOMAIN, DOMAIN_WITHOUT_ACTOR, DOMAIN_OWN_ACCOUNT) == []


def test_what_a_state_hands_the_database_to_outside_the_domain_asks_the_policy_too():
    """reports/ builds documents off the event loop; each of its functions that takes the database reads
    through a domain function that asks the policy (the same rule, with the domain's asking functions)."""
    reports = [name for name in STATE_DATABASE_RECEIVERS if name.startswith("citizenplan.reports.")]
    found = arch.rule_domain_asks_the_policy(PROJECT, DOMAIN + PROJECT.under("citizenplan.reports"),
                                             DOMAIN_WITHOUT_ACTOR, DOMAIN_OWN_ACCOUNT)
    assert reports and found == []


def test_what_readers_see_comes_from_the_approved_copies_only():
    """A contact person's or relative's view reads SharedSnapshot, never the tables that hold drafts."""
    found = {target for target, _ in PROJECT.brought_in(PROJECT.modules["citizenplan.domain.shared_view"])}
    drafts = {"citizenplan.models.workbook.WorkbookItem", "citizenplan.models.workbook.ItemVersion",
              "citizenplan.models.conversation.Conversation", "citizenplan.models.conversation.ConversationAnswer"}
    assert not found & drafts
    assert "citizenplan.domain.workbook" not in found


# --- every URL is in routes.py --------------------------------------------------------------------------

def _starlette_route_modules() -> list[str]:
    """The modules whose ROUTES the app mounts, read from `Starlette(routes=[*x.ROUTES, ...])` in citizenplan.py."""
    module = PROJECT.modules["citizenplan.citizenplan"]
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and PROJECT.origin(module, node.func) == "starlette.applications.Starlette":
            for keyword in node.keywords:
                for element in keyword.value.elts:
                    target = PROJECT.origin(module, element.value if isinstance(element, ast.Starred) else element)
                    found.append(target.rpartition(".")[0])
    return found


def test_every_starlette_route_is_written_with_a_routes_py_constant():
    modules = _starlette_route_modules()
    assert len(modules) >= 5
    assert arch.rule_route_paths_come_from_routes(PROJECT, PROJECT.under("citizenplan")) == []


def test_every_starlette_endpoint_that_opens_the_database_finds_the_user_from_the_cookie_first():
    found, checked = arch.rule_endpoints_find_the_actor_first(
        PROJECT, _starlette_route_modules(), ENDPOINT_ACTOR_LOOKUPS, anonymous=ENDPOINTS_WITHOUT_ACTOR)
    assert checked >= 7, "the walk found too few endpoints to mean anything"
    assert found == []


def test_every_starlette_route_path_is_a_routes_py_constant():
    from citizenplan import routes

    constants = {value for name, value in vars(routes).items() if name.isupper() and isinstance(value, str)}
    paths = {route.path for name in _starlette_route_modules() for route in importlib.import_module(name).ROUTES}
    assert {"/auth/session", "/auth/logout", "/pdf/handleplan", "/kriseplan", "/hent/mine-data.json"} <= paths
    assert paths - constants == set()


def test_nginx_sends_every_starlette_route_to_the_backend():
    """Behind nginx (make run-scale) a path it does not proxy is looked up as a file of the exported pages."""
    import re

    from citizenplan.ops import nginx

    backend = re.compile(nginx.backend_location())
    paths = {route.path for name in _starlette_route_modules() for route in importlib.import_module(name).ROUTES}
    assert sorted(path for path in paths if not backend.match(path)) == []


# --- no exception outlives its reason ------------------------------------------------------------------

def test_every_listed_exception_is_still_needed():
    """An entry that the rule would no longer report is removed, so the lists say only what is true."""
    handlers, _ = arch.rule_handlers_find_the_actor_first(PROJECT, STATES)
    assert set(ANONYMOUS_HANDLERS) <= {finding.split()[0] for finding in handlers}
    endpoints, _ = arch.rule_endpoints_find_the_actor_first(PROJECT, _starlette_route_modules(), ENDPOINT_ACTOR_LOOKUPS)
    assert set(ENDPOINTS_WITHOUT_ACTOR) <= {finding.split()[0] for finding in endpoints}
    domain = arch.rule_domain_asks_the_policy(PROJECT, DOMAIN, {}, {})
    function = {finding: finding.split()[0].rpartition(".")[2] for finding in domain}
    assert set(DOMAIN_WITHOUT_ACTOR) <= {name for finding, name in function.items() if finding.endswith("no actor")}
    assert set(DOMAIN_OWN_ACCOUNT) <= {name for finding, name in function.items() if finding.endswith("the policy")}
    auth = arch.rule_states_reach_auth_only_through(PROJECT, STATES, allowed=())
    assert set(STATE_AUTH_USES) <= {finding.split()[-1] for finding in auth}
    receivers = arch.rule_states_hand_the_database_to_the_domain(PROJECT, STATES)
    assert set(STATE_DATABASE_RECEIVERS) <= {finding.split(" hands the database to ")[1].split(",")[0]
                                             for finding in receivers}
