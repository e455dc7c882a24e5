"""After an erasure: no tab's state, in any state store (memory, the states folder, Redis), holds her words.

Other people's open tabs hold what their page showed: the contact person's view of her plan, the relative's
home, a list with her name. Each tab the store knows is opened with its lock (app.modify_state, so an event
in that tab waits), and every state of it that holds one of her words is reset and told, in plain Danish,
that it is gone; the change is pushed to the tab at once when it is connected to this process. What is left
in the store's own files or keys (tabs not in memory, another worker's cache) is deleted where it holds a word.
"""

import contextlib
import dataclasses
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reflex.config import get_config
from reflex.istate.manager.token import BaseStateToken
from reflex.state import BaseState, State

from citizenplan.domain.my_data import is_words
from citizenplan.state.tab_owner import TabOwnerState, _every_state_class, _loaded

log = logging.getLogger(__name__)
SEPARATOR = "\x00"  # in no stored text (PostgreSQL cannot even store it)
SHORTENED = 16  # a shortened text this long, found inside one of her texts, is taken for hers


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(key)
            yield from _texts(inner)
    elif isinstance(value, list | tuple | set | frozenset):
        for inner in value:
            yield from _texts(inner)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):  # a typed row (a page's dataclass)
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))


def holds(state: BaseState, words: frozenset[str]) -> bool:
    """A state's own vars (not its substates') hold one of `words`, whole or shortened (a headline)."""
    cls = type(state)
    names = [name for name, f in cls.__fields__.items() if getattr(f, "_owner", cls) is cls]
    texts = [t for name in names for t in _texts(getattr(state, name, None)) if t]
    joined = SEPARATOR.join(texts)
    if any(word in joined for word in words):
        return True
    return any(len(t) >= SHORTENED and is_words(t) and any(t in word for word in words) for t in texts)


async def forget_in_tree(root: BaseState, words: frozenset[str], say: str) -> int:
    """Reset every state of a tab's tree that holds one of `words`; a page's state gets `say` as its error."""
    for cls in _every_state_class(type(root))[1:]:
        await root.get_state(cls)
    reset = 0
    for state in _loaded(root):
        if state is root or type(state) is TabOwnerState or not holds(state, words):
            continue
        state.reset()
        if "error" in type(state).__fields__:
            state.error = say
        reset += 1
    return reset


def _app():
    """The running app, if this process serves one (never imported from here: a test or a command line
    tool has no tabs to clean)."""
    module = sys.modules.get(get_config().module)
    return getattr(module, "app", None)


def _idents(manager) -> set[str]:
    """The tabs the store knows in this process (memory, disk); Redis is asked separately."""
    found: set[str] = set()
    found.update(k for k in getattr(manager, "states", {}) if isinstance(k, str))
    for _touched, token in getattr(manager, "_token_last_touched", {}).values():
        found.add(token.ident)
    return {ident.split("/", 1)[0] for ident in found}


async def _redis_idents(manager) -> set[str]:
    redis = getattr(manager, "redis", None)
    if redis is None:
        return set()
    found = set()
    async for key in redis.scan_iter(match="*"):
        name = key.decode() if isinstance(key, bytes) else key
        if not name.endswith("_lock"):
            found.add(name.split("_", 1)[0])
    return found


async def forget_everywhere(words: frozenset[str], say: str, skip: Iterable[str] = ()) -> int:
    """Every tab but those in `skip` (the caller's own tab, whose lock the caller holds). Returns how many
    states were reset. Never raises: the erasure is already committed, and a tab that cannot be reached
    now is reset by its next event anyway (its person's access is gone)."""
    words = frozenset(w for w in words if w and is_words(w))
    if not words:
        return 0
    try:
        return await _forget(words, say, skip)
    except Exception:  # noqa: BLE001 - reported, and every tab's next event finds her access gone anyway
        log.exception("could not clean the state store after an erasure")
        return 0


async def _forget(words: frozenset[str], say: str, skip: Iterable[str]) -> int:
    app = _app()
    if app is None:
        return 0
    manager = app.state_manager
    idents = (_idents(manager) | await _redis_idents(manager)) - set(skip)
    reset = 0
    for ident in sorted(idents):
        try:
            async with app.modify_state(BaseStateToken(ident=ident, cls=State)) as root:
                reset += await forget_in_tree(root, words, say)
        except Exception:  # noqa: BLE001 - one broken tab must not keep the others holding her words
            log.exception("could not clean a tab's state after an erasure")
    await _flush(manager)
    _scrub_files(manager, words)
    await _scrub_redis(manager, words, skip)
    return reset


async def _flush(manager) -> None:
    flush = getattr(manager, "_flush_write_queue", None)
    if flush is not None:
        with contextlib.suppress(Exception):
            await flush()


def _scrub_files(manager, words: frozenset[str]) -> None:
    """The states folder: a pickled state of a tab not in memory that holds a word is deleted (the tab
    starts again from its page's load)."""
    folder: Path | None = getattr(manager, "states_directory", None)
    if folder is None or not folder.is_dir():
        return
    needles = [w.encode() for w in words]
    for path in folder.glob("*.pkl"):
        with contextlib.suppress(OSError):
            if any(n in path.read_bytes() for n in needles):
                path.unlink()


async def _scrub_redis(manager, words: frozenset[str], skip: Iterable[str]) -> None:
    redis = getattr(manager, "redis", None)
    if redis is None:
        return
    needles = [w.encode() for w in words]
    skipped = tuple(f"{s}_" for s in skip)
    async for key in redis.scan_iter(match="*"):
        name = key.decode() if isinstance(key, bytes) else key
        if name.endswith("_lock") or name.startswith(skipped):
            continue
        value = await redis.get(key)
        if isinstance(value, bytes) and any(n in value for n in needles):
            await redis.delete(key)
