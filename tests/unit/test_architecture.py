"""Architecture rules, in the spirit of GOV.UK Notify's "every route has its permission check".

domain/ stays plain Python; states reach a person's data only through domain functions that ask the
policy; every public event handler that opens the database finds the acting user from the cookie first.
"""

import ast
import importlib
import inspect
import pkgutil
import textwrap
from pathlib import Path

import reflex as rx

import citizenplan.state

PACKAGE = Path(citizenplan.state.__file__).resolve().parent.parent

# Handlers that run before anyone is logged in, or only ever touch the caller's own session.
ANONYMOUS_HANDLERS = {
    "LoginState.load": "sends a logged-in person home; reads nothing else",
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
}
# Domain functions that touch only the acting person's own account, never another person's data.
DOMAIN_OWN_ACCOUNT = {
    "set_locale": "the actor's own language",
    "end_all_my_sessions": "the actor's own sessions",
    "unit_of": "the name of the actor's own unit",
}
ACTOR_LOOKUPS = {"_actor", "_actor_in", "_enter"}
# A unit of work on the event loop, or one in a thread of citizenplan.offload.
DATABASE_OPENERS = {"session_scope", "run_with_db"}


def _modules(package: str):
    root = PACKAGE / package
    for info in pkgutil.iter_modules([str(root)]):
        yield f"citizenplan.{package}.{info.name}", root / f"{info.name}.py"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_domain_never_imports_reflex():
    offenders = [str(path) for _, path in _modules("domain")
                 if any(name == "reflex" or name.startswith("reflex.") for name in _imports(path))]
    assert offenders == []


def test_states_never_touch_tables_or_sql_themselves():
    forbidden = ("citizenplan.models", "sqlmodel", "sqlalchemy")
    offenders = [(str(path), name) for _, path in _modules("state") for name in _imports(path)
                 if name.startswith(forbidden)]
    assert offenders == []


def test_states_use_the_database_only_by_handing_it_to_a_domain_function():
    offenders = []
    for _, path in _modules("state"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "db":
                offenders.append(f"{path.name}: db.{node.attr}")
    assert offenders == []


def _all_states() -> list[type[rx.State]]:
    for name, _ in _modules("state"):
        importlib.import_module(name)
    found, todo = [], list(rx.State.get_substates())
    while todo:
        state = todo.pop()
        if state.__module__.startswith("citizenplan."):
            found.append(state)
        todo.extend(state.get_substates())
    return found


def _calls(fn) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _reaches_data(fn, owner: type, seen: set) -> tuple[bool, bool]:
    """(opens the database, finds the actor first) for a handler and the self._helpers it calls."""
    calls = _calls(fn)
    opens, finds = bool(calls & DATABASE_OPENERS), bool(calls & ACTOR_LOOKUPS)
    for name in calls - seen:
        helper = getattr(owner, name, None)
        if name.startswith("_") and name not in ACTOR_LOOKUPS and inspect.isfunction(helper):
            seen.add(name)
            sub_opens, sub_finds = _reaches_data(helper, owner, seen)
            opens, finds = opens or sub_opens, finds or sub_finds
    return opens, finds


def test_every_event_handler_that_opens_the_database_finds_the_user_from_the_cookie_first():
    missing, checked = [], 0
    for state in _all_states():
        for name, handler in state.event_handlers.items():
            if name.startswith("_") or name == "setvar" or handler.fn.__qualname__.split(".")[0] != state.__name__:
                continue
            checked += 1
            opens, finds = _reaches_data(handler.fn, state, set())
            if opens and not finds and f"{state.__name__}.{name}" not in ANONYMOUS_HANDLERS:
                missing.append(f"{state.__name__}.{name}")
    assert checked >= 10, "the walk found too few handlers to mean anything"
    assert missing == []


def _calls_in(node: ast.AST) -> set[str]:
    return {getattr(c.func, "id", getattr(c.func, "attr", "")) for c in ast.walk(node) if isinstance(c, ast.Call)}


def test_every_domain_function_on_a_persons_data_asks_the_policy():
    """Directly, or through a function of the domain that asks it itself."""
    modules = [(path, ast.parse(path.read_text())) for _, path in _modules("domain") if path.name != "policy.py"]
    functions = [(path, node) for path, tree in modules for node in tree.body if isinstance(node, ast.FunctionDef)]
    asking = {"authorize", "require_role"}
    while True:  # a function that calls one that asks, asks too
        more = {node.name for _, node in functions if _calls_in(node) & asking} - asking
        if not more:
            break
        asking |= more
    missing = []
    for path, node in functions:
        params = [a.arg for a in node.args.args]
        if node.name.startswith("_") or "db" not in params:
            continue
        if "actor" not in params:
            if node.name not in DOMAIN_WITHOUT_ACTOR:
                missing.append(f"{path.name}:{node.name} takes db but no actor")
        elif not _calls_in(node) & asking and node.name not in DOMAIN_OWN_ACCOUNT:
            missing.append(f"{path.name}:{node.name} never asks the policy")
    assert missing == []


def test_what_readers_see_comes_from_the_approved_copies_only():
    """A contact person's or relative's view reads SharedSnapshot, never the tables that hold drafts."""
    source = (PACKAGE / "domain" / "shared_view.py").read_text()
    names = {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name)}
    assert not names & {"WorkbookItem", "ItemVersion", "Conversation", "ConversationAnswer"}
    assert "workbook" not in _imports(PACKAGE / "domain" / "shared_view.py")
