"""A page's first data is drawn in a transition, in slices (citizenplan/load_in_slices.py, issue 21): the changes
fit the frontend files of the installed Reflex, and the build step makes them once, all or nothing."""

from pathlib import Path

from reflex.compiler.compiler import _compile_contexts
from reflex_base import constants

from citizenplan import load_in_slices as ls
from citizenplan.first_paint import FirstPaintPlugin

TEMPLATES = Path(constants.Templates.Dirs.WEB_TEMPLATE)


def reflex_sources() -> dict[str, str]:
    """The three files as the installed Reflex writes them into .web before the build."""
    return {
        ls.STATE_JS: (TEMPLATES / ls.STATE_JS).read_text(encoding="utf-8"),
        ls.REGISTRY_JS: (TEMPLATES / ls.REGISTRY_JS).read_text(encoding="utf-8"),
        ls.CONTEXT_JSX: _compile_contexts(None, None),
    }


def test_every_change_fits_the_installed_reflex_exactly_once():
    sources = reflex_sources()
    assert ls.applies(sources)
    for path, changes in ls.CHANGES.items():
        changed = ls.patch(sources[path], changes)
        assert changed is not None, path
        assert ls.MARK in changed


def test_page_load_deltas_go_to_the_store_in_a_transition_and_the_others_as_before():
    sources = reflex_sources()
    state_js = ls.modify_task(ls.STATE_JS, True)(sources[ls.STATE_JS])
    context = ls.modify_task(ls.CONTEXT_JSX, True)(sources[ls.CONTEXT_JSX])
    registry = ls.modify_task(ls.REGISTRY_JS, True)(sources[ls.REGISTRY_JS])
    # Today every delta is applied with dispatch[substate](delta[substate]): one synchronous render.
    assert "dispatch[substate](delta[substate]);" in sources[ls.STATE_JS]
    assert "dispatch[substate](delta[substate], later);" in state_js
    assert "const later = pageLoading;" in state_js  # decided before the delta that ends the page's load
    assert "pageLoading = true; //" in state_js  # a link's navigation loads a page too
    # The store: a page-load delta is not shown through useSyncExternalStore (always synchronous in React)...
    later = context[context.index("if (later) {"):]
    assert later.index("startTransition(") < later.index("return;") < later.index("notify(substateName);")
    assert "startTransition" not in sources[ls.CONTEXT_JSX]
    # ... but through each reader's own state, and the newer of the two values is the one shown.
    assert "store.subscribeLater(name, setLater)" in registry
    assert "store.dispatchedAt(later) > store.dispatchedAt(shown)" in registry


def test_a_second_compile_changes_nothing_and_another_reflex_is_left_as_it_was():
    sources = reflex_sources()
    for path in ls.CHANGES:
        once = ls.modify_task(path, True)(sources[path])
        assert ls.modify_task(path, True)(once) == once
        assert ls.modify_task(path, False)(sources[path]) == sources[path]  # the others did not fit
        assert ls.modify_task(path, True)("something else") == "something else"
    unknown = {**sources, ls.REGISTRY_JS: "export function useStateContext(name) {}"}
    assert not ls.applies(unknown)


def test_the_build_step_asks_reflex_to_change_the_three_files(tmp_path, monkeypatch):
    sources = reflex_sources()
    for path, text in sources.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    monkeypatch.setattr("citizenplan.first_paint.get_web_dir", lambda: tmp_path)
    monkeypatch.setattr("citizenplan.first_paint.drop_dynamic_libraries", lambda libraries: [])
    monkeypatch.setattr("citizenplan.first_paint.RegistrationContext.ensure_context",
                        lambda: type("Context", (), {"bundled_libraries": []})())
    tasks = {}
    FirstPaintPlugin().pre_compile(add_modify_task=lambda path, fn: tasks.setdefault(path, fn))
    assert set(tasks) == set(ls.CHANGES)
    for path, modify in tasks.items():
        assert ls.MARK in modify((tmp_path / path).read_text(encoding="utf-8"))
    # A Reflex whose store reader is not as expected: nothing is changed, so no delta waits for a reader.
    (tmp_path / ls.REGISTRY_JS).write_text("export function useStateContext(name) {}", encoding="utf-8")
    tasks.clear()
    FirstPaintPlugin().pre_compile(add_modify_task=lambda path, fn: tasks.setdefault(path, fn))
    assert tasks[ls.CONTEXT_JSX](sources[ls.CONTEXT_JSX]) == sources[ls.CONTEXT_JSX]
