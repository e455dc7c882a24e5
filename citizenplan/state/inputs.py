"""An event handler's arguments as the page sends them, whatever a forged frame holds instead.

Every public method of a State is an event the browser can send with any JSON. Our pages send strings, and
a form as a dict of strings; a handler reads its arguments through these, so a wrong type reads as
nothing, which the domain then refuses in plain Danish like any empty answer, never as an exception.
Ids and other numbers: citizenplan.domain.ids.
"""

import re
from typing import Any

from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.ids import parse_number

PRESS_A_BUTTON = N_("Tryk på en knap.")  # for a value no person types: only a forged frame sends another
_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)


def text(raw: Any) -> str:
    """A string argument; anything else is the empty string."""
    return raw if isinstance(raw, str) else ""


def key(raw: Any) -> str:
    """A key the page made itself (a question's key): ASCII letters, digits, - and _, at most 64; else ''.
    It goes into a query as it is, so nothing else may (PostgreSQL refuses a NUL with an exception)."""
    return raw if isinstance(raw, str) and _KEY.fullmatch(raw) else ""


def form(raw: Any) -> dict[str, str]:
    """A submitted form: its string fields; a field of another type, or a form that is no dict, is left out."""
    if not isinstance(raw, dict):
        return {}
    return {key: value for key, value in raw.items() if isinstance(key, str) and isinstance(value, str)}


def flag(raw: Any) -> bool:
    """A yes or no that a button sends; anything else is refused."""
    if isinstance(raw, bool):
        return raw
    raise UserError(PRESS_A_BUTTON)


def number(raw: Any) -> int:
    """A whole number that a button sends (as citizenplan.domain.ids reads it); anything else is refused."""
    found = parse_number(raw)
    if found is None:
        raise UserError(PRESS_A_BUTTON)
    return found
