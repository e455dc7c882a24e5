"""The reader behind tests/unit/test_architecture.py: what an import really brings in, and what a function does.

It reads source, never imports it, so the same rules run on the real package and on planted snippets
(tests/support/architecture_fixtures.py), as GOV.UK Notify tests its own permission-decorator reader on known
examples before it trusts it on every route.

- `Project` holds every module's source and resolves a name to where it really comes from: through
  `from citizenplan import models`, `import citizenplan.models as m`, aliases, and re-exports (a table class
  imported through a domain module resolves to the table in `citizenplan.models`).
- `live_calls` walks only the code that runs: statements after a `return`/`raise`, `if False:`,
  `if TYPE_CHECKING:` and nested functions do not count.
- Each `rule_*` function returns its findings as readable strings; an empty list means the rule holds.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT_PACKAGE = "citizenplan"

# Where a unit of work begins: on the event loop, in a thread of citizenplan.offload, or by hand.
DATABASE_OPENERS = ("citizenplan.db.session_scope", "citizenplan.db.get_engine", "citizenplan.db.engine_for",
                    "sqlmodel.Session", "sqlalchemy.orm.Session", "sqlalchemy.orm.sessionmaker")
# offload.DATA.run_with_db(fn, ...) opens a session and hands it to fn: each such method, and where its fn is
# among the call's arguments (run_with_db_ranked(rank, fn, ...)).
OPENER_METHODS = {"run_with_db": 0, "run_with_db_ranked": 1}


def _opened_fn(call: ast.Call) -> ast.expr | None:
    """The function an opener method's call hands the session to, if it is there."""
    at = OPENER_METHODS[call.func.attr]
    return call.args[at] if len(call.args) > at else None
# What a state finds the acting user with (SessionState), checked on every event: its methods, and the plain
# function a unit of work in a thread calls first (SessionState._open and _as_actor hand it to offload.DATA).
ACTOR_LOOKUPS = ("_actor", "_actor_in")
ACTOR_FUNCTIONS = ("citizenplan.state.session.actor_of_cookie",)
# What the policy module offers to ask.
POLICY_CHECKS = ("citizenplan.domain.policy.authorize", "citizenplan.domain.policy.require_role")
# Parameter names that mean "a database session".
SESSION_PARAMS = ("db", "session")
# Tables and SQL: what only the domain and the data layer below it may touch.
SQL_PACKAGES = ("sqlmodel", "sqlalchemy")


def _is_under(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@dataclass
class Module:
    name: str
    tree: ast.Module
    is_package: bool = False
    bindings: dict[str, str] = field(default_factory=dict)  # local name -> qualified name it was imported as
    imported: set[str] = field(default_factory=set)  # modules named by `import a.b.c` (binds only `a`)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    assigned: set[str] = field(default_factory=set)

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


def _import_targets(module: Module, node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """(local name, what it names) for each name an import binds; `import a.b` binds `a` and names `a.b`."""
    if isinstance(node, ast.Import):
        return [(alias.asname or alias.name.split(".")[0], alias.name) for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.package.split(".")
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join(parts + ([node.module] if node.module else []))
    return [(alias.asname or alias.name, f"{base}.{alias.name}") for alias in node.names if alias.name != "*"]


def _bind_import(module: Module, node: ast.Import | ast.ImportFrom, top_level: bool) -> None:
    """Record what an import binds; an import inside a function never hides a module-level name."""
    for local, target in _import_targets(module, node):
        if isinstance(node, ast.Import):
            module.imported.add(target)
            if local == target.split(".")[0]:
                target = local  # `import a.b` binds the package `a`
        if top_level or local not in module.bindings and local not in module.functions \
                and local not in module.classes:
            module.bindings[local] = target


def _read_module(name: str, source: str, is_package: bool) -> Module:
    module = Module(name, ast.parse(source), is_package)
    for node in module.tree.body:  # in order: a later definition hides an earlier import of the same name
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            _bind_import(module, node, top_level=True)
            continue
        defined = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            module.functions[node.name] = node
            defined = [node.name]
        elif isinstance(node, ast.ClassDef):
            module.classes[node.name] = node
            defined = [node.name]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined = [t.id for t in targets if isinstance(t, ast.Name)]
            module.assigned.update(defined)
        for local in defined:
            module.bindings.pop(local, None)
    top = {id(n) for n in module.tree.body}
    for node in ast.walk(module.tree):  # imports inside functions, `if TYPE_CHECKING:` etc. bring things in too
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top:
            _bind_import(module, node, top_level=False)
    return module


class Project:
    """Every module of the package by dotted name, read from source."""

    def __init__(self, modules: dict[str, Module]):
        self.modules = modules

    @classmethod
    def from_package(cls, root: Path, package: str = ROOT_PACKAGE) -> Project:
        modules = {}
        for path in sorted(root.rglob("*.py")):
            parts = [package, *path.relative_to(root).with_suffix("").parts]
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            modules[name] = _read_module(name, path.read_text(), is_package)
        return cls(modules)

    def with_sources(self, sources: dict[str, str]) -> Project:
        """This project with planted modules added (or replacing real ones): for testing the rules."""
        planted = {name: _read_module(name, source, False) for name, source in sources.items()}
        return Project({**self.modules, **planted})

    def under(self, prefix: str) -> list[str]:
        return sorted(name for name in self.modules if _is_under(name, [prefix]))

    # --- what a name really is ---------------------------------------------------------------------

    def resolve(self, qualified: str) -> str:
        """Follow re-exports: `citizenplan.domain.workbook.WorkbookItem` -> `citizenplan.models.workbook.WorkbookItem`."""
        seen = set()
        while qualified not in seen:
            seen.add(qualified)
            if qualified in self.modules:
                return qualified
            prefix = qualified.rpartition(".")[0]  # the longest known module that the name starts with
            while prefix and prefix not in self.modules:
                prefix = prefix.rpartition(".")[0]
            if not prefix:
                return qualified
            rest = qualified[len(prefix) + 1:].split(".")
            module = self.modules[prefix]
            first = rest[0]
            if f"{prefix}.{first}" in self.modules and first not in module.bindings:
                qualified = ".".join([f"{prefix}.{first}", *rest[1:]])
            elif first in module.bindings:
                qualified = ".".join([module.bindings[first], *rest[1:]])
            else:
                return qualified  # defined in that module (or unknown): that is where it comes from
        return qualified

    def origin(self, module: Module, expr: ast.AST) -> str | None:
        """Where a `Name` or a dotted `a.b.c` in `module` comes from, or None for local values (self, x)."""
        attrs = []
        while isinstance(expr, ast.Attribute):
            attrs.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        name = expr.id
        if name in module.bindings:
            base = module.bindings[name]
        elif name in module.functions or name in module.classes or name in module.assigned:
            base = f"{module.name}.{name}"
        else:
            return None
        return self.resolve(".".join([base, *reversed(attrs)]))

    def brought_in(self, module: Module) -> list[tuple[str, int]]:
        """Everything the module takes from elsewhere, resolved: imported names and `mod.attr` uses."""
        found = []
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found += [(self.resolve(target), node.lineno) for _, target in _import_targets(module, node)]
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                target = self.origin(module, node)
                if target:
                    found.append((target, node.lineno))
        return found

    def function(self, qualified: str) -> tuple[Module, ast.FunctionDef | ast.AsyncFunctionDef] | None:
        module_name, _, name = qualified.rpartition(".")
        module = self.modules.get(module_name)
        if module and name in module.functions:
            return module, module.functions[name]
        return None

    def is_table(self, qualified: str) -> bool:
        module_name, _, name = qualified.rpartition(".")
        module = self.modules.get(module_name)
        node = module.classes.get(name) if module else None
        return node is not None and any(
            k.arg == "table" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords)

    # --- state classes ------------------------------------------------------------------------------

    def state_classes(self, module_names: Iterable[str]) -> list[tuple[Module, ast.ClassDef]]:
        """Classes that are Reflex states: based on reflex's State, or on one of ours that is."""
        return [(self.modules[m], c) for m in module_names for c in self.modules[m].classes.values()
                if self._is_state(self.modules[m], c, set())]

    def _is_state(self, module: Module, cls: ast.ClassDef, seen: set) -> bool:
        for base in cls.bases:
            target = self.origin(module, base) or ""
            if _is_under(target, ["reflex"]) and target.endswith("State"):
                return True
            found = self._class(target)
            if found and target not in seen:
                seen.add(target)
                if self._is_state(*found, seen):
                    return True
        return False

    def _class(self, qualified: str) -> tuple[Module, ast.ClassDef] | None:
        module_name, _, name = qualified.rpartition(".")
        module = self.modules.get(module_name)
        if module and name in module.classes:
            return module, module.classes[name]
        return None

    def method(self, module: Module, cls: ast.ClassDef, name: str):
        """A method of the class or of one of its project base classes, with the module it is written in."""
        for node in cls.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
                return module, cls, node
        for base in cls.bases:
            found = self._class(self.origin(module, base) or "")
            if found:
                hit = self.method(found[0], found[1], name)
                if hit:
                    return hit
        return None


# --- code that runs ---------------------------------------------------------------------------------

def _static_truth(test: ast.AST) -> bool | None:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
        return False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _static_truth(test.operand)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        values = [_static_truth(v) for v in test.values]
        if isinstance(test.op, ast.And) and False in values:
            return False
        if isinstance(test.op, ast.Or) and True in values:
            return True
    return None


_ENDS_BLOCK = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def _dead_nodes(fn: ast.AST) -> set[int]:
    """ids of statements that never run: after a return/raise in their block, or under a constant test."""
    dead: set[int] = set()
    for node in ast.walk(fn):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if isinstance(block, list):
                for i, stmt in enumerate(block):
                    if isinstance(stmt, _ENDS_BLOCK):
                        dead.update(id(s) for s in block[i + 1:])
                        break
        if isinstance(node, (ast.If, ast.While, ast.IfExp)):
            truth = _static_truth(node.test)
            if truth is False:
                dead.update(id(s) for s in (node.body if isinstance(node.body, list) else [node.body]))
            elif truth is True and isinstance(node, (ast.If, ast.IfExp)):
                dead.update(id(s) for s in (node.orelse if isinstance(node.orelse, list) else [node.orelse]))
    return dead


def live_nodes(fn: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function that can run when it is called; nested functions and lambdas are not called."""
    dead = _dead_nodes(fn)
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        node = todo.pop()
        if id(node) in dead or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


def live_calls(fn: ast.AST) -> list[ast.Call]:
    """Calls in the order they finish (an argument's call before the call it is passed to)."""
    calls = [n for n in live_nodes(fn) if isinstance(n, ast.Call)]
    return sorted(calls, key=lambda c: (c.end_lineno, c.end_col_offset))


def parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    """Every parameter, keyword-only and positional-only included."""
    args = fn.args
    return [*args.posonlyargs, *args.args, *args.kwonlyargs,
            *([args.vararg] if args.vararg else []), *([args.kwarg] if args.kwarg else [])]


def _annotation_is_session(project: Project, module: Module, arg: ast.arg) -> bool:
    if arg.annotation is None:
        return False
    target = project.origin(module, arg.annotation) or ""
    return target.endswith(".Session") and _is_under(target, SQL_PACKAGES)


def session_parameters(project: Project, module: Module, fn) -> set[str]:
    return {a.arg for a in parameters(fn) if a.arg in SESSION_PARAMS or _annotation_is_session(project, module, a)}


def _is_opener(project: Project, module: Module, call: ast.Call) -> bool:
    target = project.origin(module, call.func) or ""
    if target in DATABASE_OPENERS:
        return True
    return isinstance(call.func, ast.Attribute) and call.func.attr in OPENER_METHODS


def session_names(project: Project, module: Module, fn) -> set[str]:
    """Names that hold a database session in `fn`: `with <opener>() as s`, `s = <opener>()`, its parameters."""
    names = session_parameters(project, module, fn)
    for node in live_nodes(fn):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if isinstance(item.context_expr, ast.Call) and _is_opener(project, module, item.context_expr) \
                        and isinstance(item.optional_vars, ast.Name):
                    names.add(item.optional_vars.id)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                _is_opener(project, module, node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def nested_function(fn: ast.AST, expr: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The function `expr` names when it is defined inside `fn` (a closure handed to a thread), else None."""
    if not isinstance(expr, ast.Name):
        return None
    return next((node for node in ast.walk(fn) if node is not fn and isinstance(node, (ast.FunctionDef,
                 ast.AsyncFunctionDef)) and node.name == expr.id), None)


def _nested_functions(fn: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    return (node for node in ast.walk(fn) if node is not fn and isinstance(node, (ast.FunctionDef,
                                                                                   ast.AsyncFunctionDef)))


def _passes(call: ast.Call, names: set[str]) -> bool:
    args = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(a, ast.Name) and a.id in names for a in args)


# --- rule: imports go down the layers ---------------------------------------------------------------

def rule_imports_go_down(project: Project, modules: Iterable[str], forbidden: Iterable[str],
                         allowed: Iterable[str] = ()) -> list[str]:
    """No module in `modules` brings in anything under `forbidden` (after resolving), except `allowed`."""
    found = []
    for name in modules:
        for target, line in project.brought_in(project.modules[name]):
            if _is_under(target, forbidden) and not _is_under(target, allowed):
                found.append(f"{name}:{line} brings in {target}")
    return sorted(set(found))


def rule_no_tables_or_sql(project: Project, modules: Iterable[str]) -> list[str]:
    """Tables, anything of the models package, and SQL libraries, however they are reached (aliases,
    re-exports through a domain module)."""
    found = []
    for name in modules:
        for target, line in project.brought_in(project.modules[name]):
            if _is_under(target, [f"{ROOT_PACKAGE}.models", *SQL_PACKAGES]) or project.is_table(target):
                found.append(f"{name}:{line} brings in {target}")
    return sorted(set(found))


# --- rule: a state touches the database only by handing it to the domain ----------------------------

def _functions_of(module: Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for fn in module.functions.values():
        yield fn.name, fn
    for cls in module.classes.values():
        for node in cls.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield f"{cls.name}.{node.name}", node


def rule_states_hand_the_database_to_the_domain(project: Project, modules: Iterable[str],
                                                receivers: Iterable[str] = ()) -> list[str]:
    """A session in a state may only be passed to a domain function, a helper of the state itself, one of
    `receivers` (qualified names), or a callable the helper was given: `self._as_actor(lambda db, actor: ...)`,
    whose lambda is read by this rule like any function. Never `s.exec(...)`, never handed to anything else."""
    receivers = set(receivers)
    found = []
    for module_name in modules:
        module = project.modules[module_name]
        for where, fn in _functions_of(module):
            found.extend(_session_refusals(project, module, f"{module_name}.{where}", fn,
                                           session_names(project, module, fn), receivers))
            for inner in _nested_functions(fn):  # a closure handed to a thread: read like any function; the
                outer = {a.arg for a in parameters(fn)}  # callables the outer function was given may take the db
                found.extend(_session_refusals(project, module, f"{module_name}.{where}.{inner.name}", inner,
                                               session_names(project, module, inner), receivers, given=outer))
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Lambda):
                names = {a.arg for a in parameters(node) if a.arg in SESSION_PARAMS}
                found.extend(_session_refusals(project, module, f"{module_name}:{node.lineno} lambda", node,
                                               names, receivers))
    return sorted(set(found))


def _session_refusals(project, module, where, fn, names, receivers, given: set[str] = frozenset()) -> list[str]:
    given = {a.arg for a in parameters(fn)} | set(given)
    found = []
    for node in (live_nodes(fn) if not isinstance(fn, ast.Lambda) else ast.walk(fn.body)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names:
            found.append(f"{where}: uses the session itself ({node.value.id}.{node.attr})")
        if isinstance(node, ast.Call) and _passes(node, names):
            if isinstance(node.func, ast.Name) and node.func.id in given:
                continue  # the callable the caller handed in; its lambda is checked where it is written
            found.extend(_receiver_refusal(project, module, where, node, receivers))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in OPENER_METHODS and _opened_fn(node) is not None \
                and not nested_function(fn, _opened_fn(node)):
            inner = ast.Call(func=_opened_fn(node), args=[ast.Name("db")], keywords=[])
            found.extend(_receiver_refusal(project, module, where, inner, receivers))
    return found


def _receiver_refusal(project, module, where, call, receivers) -> list[str]:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
        return []  # a helper of the state: it is read by this rule itself
    target = project.origin(module, func)
    if target and (_is_under(target, [f"{ROOT_PACKAGE}.domain"]) or target in receivers
                   or _is_under(target, [f"{ROOT_PACKAGE}.state"])):
        return []
    shown = target or ast.unparse(func)
    return [f"{where}: hands the database to {shown}, not to a domain function"]


# --- rule: a handler that opens the database finds the acting user first ----------------------------

@dataclass
class Trace:
    opens: bool = False
    finds: bool = False
    used_before_actor: list[str] = field(default_factory=list)


def trace_handler(project: Project, module: Module, cls: ast.ClassDef | None, fn,
                  actor_calls: Iterable[str] = ()) -> Trace:
    """Walk a handler or an endpoint, inlining the helpers it runs: the state's own `self._helpers`,
    functions of state modules and of its own module, and a function handed to `offload.X.run(fn, ...)`.
    The actor is found by `self._actor*` (ACTOR_LOOKUPS) or by a call to one of `actor_calls`."""
    trace = Trace()
    _trace(project, module, cls, fn, trace, set(), set(actor_calls))
    return trace


def _inlined(project: Project, module: Module, cls, call: ast.Call):
    """(module, class, function, key) of a helper whose body runs as part of this call, or None."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
        hit = project.method(module, cls, func.attr) if cls is not None else None
        return (hit[0], hit[1], hit[2], f"{hit[1].name}.{func.attr}") if hit else None
    target = project.origin(module, func) or ""
    if isinstance(func, ast.Attribute) and func.attr == "run" and _is_under(target, [f"{ROOT_PACKAGE}.offload"]) \
            and call.args:
        target = project.origin(module, call.args[0]) or ""  # runs fn in a thread: fn is part of the call
    if (_is_under(target, [f"{ROOT_PACKAGE}.state"]) or target.rpartition(".")[0] == module.name) \
            and project.function(target):
        helper_module, helper_fn = project.function(target)
        return helper_module, cls, helper_fn, target
    return None


def _trace(project: Project, module: Module, cls, fn, trace: Trace, seen: set, actor_calls: set) -> None:
    names = session_names(project, module, fn)
    for call in live_calls(fn):
        func = call.func
        own = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self"
        origin = project.origin(module, func) or ""
        if own and func.attr in ACTOR_LOOKUPS or origin in actor_calls or origin in ACTOR_FUNCTIONS:
            trace.finds = True
            continue
        if _is_opener(project, module, call):
            trace.opens = True
            if isinstance(func, ast.Attribute) and func.attr in OPENER_METHODS:
                opened = _opened_fn(call)
                inner = nested_function(fn, opened) if opened is not None else None
                if inner is not None:  # a closure run in the thread's unit of work: it must find the actor first
                    _trace(project, module, cls, inner, trace, seen, actor_calls)
                elif not trace.finds:
                    trace.used_before_actor.append(ast.unparse(opened) if opened is not None else ast.unparse(func))
            continue
        helper = _inlined(project, module, cls, call)
        if helper:
            if helper[3] not in seen:
                seen.add(helper[3])
                _trace(project, helper[0], helper[1], helper[2], trace, seen, actor_calls)
            continue
        if _passes(call, names) and not trace.finds:
            trace.used_before_actor.append(ast.unparse(func))


def handlers(project: Project, module_names: Iterable[str]) -> Iterator[tuple[str, Module, ast.ClassDef, object]]:
    """Public methods of state classes: every one is an event the browser can send."""
    for module, cls in project.state_classes(module_names):
        for node in cls.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name.startswith("_"):
                continue
            decorators = {ast.unparse(d).split("(")[0] for d in node.decorator_list}
            if decorators & {"rx.var", "rx.computed_var", "property", "staticmethod", "classmethod"}:
                continue
            yield f"{cls.name}.{node.name}", module, cls, node


def rule_handlers_find_the_actor_first(project: Project, modules: Iterable[str],
                                       anonymous: Iterable[str] = ()) -> tuple[list[str], int]:
    """(findings, handlers checked)."""
    anonymous = set(anonymous)
    found, checked = [], 0
    for where, module, cls, fn in handlers(project, modules):
        checked += 1
        if where in anonymous:
            continue
        trace = trace_handler(project, module, cls, fn, ACTOR_FUNCTIONS)
        if trace.opens and not trace.finds:
            found.append(f"{where} opens the database but never finds the acting user")
        for used in trace.used_before_actor:
            found.append(f"{where} reads with {used} before it finds the acting user")
    return sorted(set(found)), checked


# --- rule: a domain function on a person's data takes the actor and asks the policy -----------------

def rule_domain_asks_the_policy(project: Project, modules: Iterable[str], without_actor: dict[str, str],
                                own_account: dict[str, str]) -> list[str]:
    """Every public function that takes a session (`db`, `*, db`, `session`, `: Session`) takes `actor`
    and asks the policy in code that runs, itself or through a domain function that does."""
    functions = {f"{m}.{name}": (project.modules[m], fn) for m in modules
                 for name, fn in project.modules[m].functions.items()}
    asking = set(POLICY_CHECKS)
    while True:  # a function that calls one that asks, asks too
        more = {q for q, (module, fn) in functions.items() if q not in asking and any(
            (project.origin(module, c.func) or "") in asking for c in live_calls(fn))}
        if not more:
            break
        asking |= more
    found = []
    for qualified, (module, fn) in sorted(functions.items()):
        name = fn.name
        if name.startswith("_") or not session_parameters(project, module, fn):
            continue
        if "actor" not in {a.arg for a in parameters(fn)}:
            if name not in without_actor:
                found.append(f"{qualified} takes the database but no actor")
        elif qualified not in asking and name not in own_account:
            found.append(f"{qualified} never asks the policy")
    return found


# --- rule: a state reaches auth/ only where it must -------------------------------------------------

def rule_states_reach_auth_only_through(project: Project, modules: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """auth/ is a data layer of its own; a state may use only the listed names of it, the rest goes
    through the domain (which asks the policy)."""
    allowed = set(allowed)
    found = []
    for name in modules:
        for target, line in project.brought_in(project.modules[name]):
            # a whole auth module bound in a state is not a use yet: each `module.name` use of it is checked
            if _is_under(target, [f"{ROOT_PACKAGE}.auth"]) and target not in allowed and target not in project.modules:
                found.append(f"{name}:{line} uses {target}")
    return sorted(set(found))


# --- rule: a Starlette endpoint that opens the database finds the acting user first -------------------

def endpoints(project: Project, module_names: Iterable[str]) -> Iterator[tuple[str, Module, ast.AST]]:
    """The functions `Route(path, fn)` serves, in the given modules."""
    for name in module_names:
        module = project.modules[name]
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and len(node.args) >= 2 and \
                    project.origin(module, node.func) == "starlette.routing.Route":
                target = project.origin(module, node.args[1]) or ""
                if project.function(target):
                    yield target, *project.function(target)


def rule_endpoints_find_the_actor_first(project: Project, modules: Iterable[str], actor_calls: Iterable[str],
                                        anonymous: Iterable[str] = ()) -> tuple[list[str], int]:
    """(findings, endpoints checked): like a handler, with the actor found from the request's cookie."""
    anonymous = set(anonymous)
    found, checked = [], 0
    for where, module, fn in endpoints(project, modules):
        checked += 1
        if where in anonymous:
            continue
        trace = trace_handler(project, module, None, fn, actor_calls)
        if trace.opens and not trace.finds:
            found.append(f"{where} opens the database but never finds the acting user")
        for used in trace.used_before_actor:
            found.append(f"{where} reads with {used} before it finds the acting user")
    return sorted(set(found)), checked


# --- rule: every Starlette route's path is a constant of routes.py ---------------------------------

def rule_route_paths_come_from_routes(project: Project, modules: Iterable[str]) -> list[str]:
    """`Route(path, ...)`: the path is a name of `citizenplan.routes`, never a literal or a local constant."""
    found = []
    for name in modules:
        module = project.modules[name]
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            if project.origin(module, node.func) not in ("starlette.routing.Route", "starlette.routing.WebSocketRoute",
                                                          "starlette.routing.Mount"):
                continue
            path = project.origin(module, node.args[0]) or ""
            if not _is_under(path, [f"{ROOT_PACKAGE}.routes"]):
                found.append(f"{name}:{node.lineno} Route({ast.unparse(node.args[0])}) is not a routes.py constant")
    return found
