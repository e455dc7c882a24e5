"""A page's first data is drawn in slices, not in one long task (issue 21: blocking time on a slow phone).

Reflex 0.10's frontend keeps the state in a store that components read with React's `useSyncExternalStore`,
and React renders every change of such a store at once, in one task, even inside `startTransition` (a store
change is always a synchronous update). The first data of a page arrives over the websocket right after
hydration (the hydrate snapshot, the page's on_load, then `is_hydrated`): on Min plan her whole plan, drawn in one
task of 100-200 ms, which a phone four times slower than this machine turns into half a second of blocking time.

So, while a page loads, and only then, a delta is kept beside the store instead of in it: the components that
read the substate get the new value through their own React state, set inside `startTransition`, which React
renders in slices of about 5 ms and can interrupt for her typing or tapping. What the store shows
(`useSyncExternalStore`) is not changed by such a delta, so a delta arriving while the slices run does not force
React to draw everything again at once. Each value carries a number (when it was dispatched): a component shows
the newer of the store's value and the page-load value, so nothing newer is ever hidden by something older.

"While a page loads" is from the start of the page (or a link's navigation, when Reflex sets `is_hydrated` to
false) up to and including the delta that sets `is_hydrated` to true: the hydrate snapshot and the page's on_load
events. Every later delta (answers to what she does: the chat, typing, the outbox, a reconnect's rehydrate)
goes through the store at once, exactly as before.

Three files of the frontend are changed before the build, through the FirstPaintPlugin's `pre_compile`
(`add_modify_task`), so that `make run`, the e2e app and the exported site of the scale stack all get it. Each
change replaces one exact piece of Reflex's code; if a piece is not found (another Reflex), that file is left
as it was and the build goes on: slower, never broken. If `state.js` or the store's reader do not fit, no file is
changed (a delta kept beside the store needs the reader that shows it); if only the store (`context.jsx`) does not
fit, the other two change nothing (no delta is ever kept beside it).
"""

import logging

log = logging.getLogger(__name__)

MARK = "citizenplan: page-load deltas in slices"  # in each changed file: a second compile changes nothing

STATE_JS = "utils/state.js"
CONTEXT_JSX = "utils/context.jsx"
REGISTRY_JS = "utils/context-registry.js"

# utils/state.js: which deltas are page-load deltas.
_STATE_JS = (
    (
        '// Endpoint URLs.\n',
        f'// {MARK}: true from the page\'s start (or a navigation) up to the delta that sets is_hydrated.\n'
        'let pageLoading = true;\n\n// Endpoint URLs.\n',
    ),
    (
        '      if (delta) {\n'
        '        for (const substate in delta) {\n'
        '          dispatch[substate](delta[substate]);\n'
        '        }\n',
        '      if (delta) {\n'
        f'        // {MARK}\n'
        '        const later = pageLoading;\n'
        '        if (delta[app.state_name]?.is_hydrated_rx_state_ === true) {\n'
        '          pageLoading = false;\n'
        '        }\n'
        '        for (const substate in delta) {\n'
        '          dispatch[substate](delta[substate], later);\n'
        '        }\n',
    ),
    (
        '    if (main_state_dispatch !== undefined) {\n'
        '      main_state_dispatch({ is_hydrated_rx_state_: false });\n',
        '    if (main_state_dispatch !== undefined) {\n'
        f'      pageLoading = true; // {MARK}\n'
        '      main_state_dispatch({ is_hydrated_rx_state_: false });\n',
    ),
)

# utils/context.jsx: the store keeps a page-load delta beside what useSyncExternalStore shows.
_CONTEXT_JSX = (
    (
        ' useContext, useMemo, useState, createElement, useEffect } from "react"\n',
        ' useContext, useMemo, useState, createElement, useEffect, startTransition } from "react"\n',
    ),
    (
        '  const state = {};\n'
        '  const listeners = new Map();\n'
        '  const dispatchers = {};\n',
        '  const state = {};\n'
        '  const listeners = new Map();\n'
        '  const dispatchers = {};\n'
        f'  // {MARK}: the newest value of a substate (state holds what useSyncExternalStore shows),\n'
        '  // when each value was dispatched, and the components to tell in a transition.\n'
        '  const latest = {};\n'
        '  const dispatched = new WeakMap();\n'
        '  let clock = 0;\n'
        '  const laterListeners = new Map();\n',
    ),
    (
        '      dispatchers[substateName] = (delta) => {\n'
        '        const currentState = state[substateName];\n'
        '        const nextState = applyDelta(currentState, delta);\n'
        '        if (nextState === currentState) return;\n'
        '        state[substateName] = nextState;\n'
        '        notify(substateName);\n'
        '      };\n',
        '      dispatchers[substateName] = (delta, later = false) => {\n'
        '        const currentState = latest[substateName] ?? state[substateName];\n'
        '        const nextState = applyDelta(currentState, delta);\n'
        '        if (nextState === currentState) return;\n'
        '        dispatched.set(nextState, ++clock);\n'
        '        latest[substateName] = nextState;\n'
        '        if (later) {\n'
        '          startTransition(() =>\n'
        '            laterListeners.get(substateName)?.forEach((listener) => listener(nextState)),\n'
        '          );\n'
        '          return;\n'
        '        }\n'
        '        state[substateName] = nextState;\n'
        '        notify(substateName);\n'
        '      };\n',
    ),
    (
        '    getSnapshot: (substateName) => state[substateName],\n',
        '    getSnapshot: (substateName) => state[substateName],\n'
        '    getLatest: (substateName) => latest[substateName] ?? state[substateName],\n'
        '    dispatchedAt: (value) => dispatched.get(value) ?? 0,\n'
        '    subscribeLater: (substateName, listener) => {\n'
        '      let substateListeners = laterListeners.get(substateName);\n'
        '      if (!substateListeners) {\n'
        '        substateListeners = new Set();\n'
        '        laterListeners.set(substateName, substateListeners);\n'
        '      }\n'
        '      substateListeners.add(listener);\n'
        '      return () => substateListeners.delete(listener);\n'
        '    },\n',
    ),
)

# utils/context-registry.js: a component shows the newer of the store's value and the page-load value.
_REGISTRY_JS = (
    (
        'import {\n  createContext,\n  useContext,\n  useMemo,\n  useSyncExternalStore,\n} from "react";\n',
        'import {\n  createContext,\n  startTransition,\n  useContext,\n  useEffect,\n  useMemo,\n  useState,\n'
        '  useSyncExternalStore,\n} from "react";\n',
    ),
    (
        '  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);\n}\n',
        '  const shown = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);\n'
        f'  // {MARK}: a page-load delta arrives here in a transition (rendered in slices).\n'
        '  const [later, setLater] = useState(() => store.getLatest?.(name));\n'
        '  useEffect(() => {\n'
        '    if (!store.subscribeLater) return undefined;\n'
        '    const unsubscribe = store.subscribeLater(name, setLater);\n'
        '    const newest = store.getLatest(name);\n'
        '    if (newest !== later) {\n'
        '      startTransition(() => setLater(newest)); // one that came between the first render and now\n'
        '    }\n'
        '    return unsubscribe;\n'
        '  }, [store, name]);\n'
        '  if (later !== undefined && store.dispatchedAt && store.dispatchedAt(later) > store.dispatchedAt(shown)) {\n'
        '    return later;\n'
        '  }\n'
        '  return shown;\n}\n',
    ),
)

CHANGES = {STATE_JS: _STATE_JS, CONTEXT_JSX: _CONTEXT_JSX, REGISTRY_JS: _REGISTRY_JS}


def patch(source: str, changes: tuple[tuple[str, str], ...]) -> str | None:
    """`source` with each (old, new) replaced once; None if any `old` is not there exactly once."""
    for old, new in changes:
        if source.count(old) != 1:
            return None
        source = source.replace(old, new)
    return source


def applies(sources: dict[str, str]) -> bool:
    """Whether every change fits these files (path -> text), or they carry it already."""
    return all(MARK in text or patch(text, CHANGES[path]) is not None for path, text in sources.items())


def modify_task(path: str, ok: bool):
    """The function Reflex calls with the file's text before writing it (PreCompileContext.add_modify_task)."""
    def modify(source: str) -> str:
        if not ok or MARK in source:
            return source
        changed = patch(source, CHANGES[path])
        return source if changed is None else changed
    return modify
