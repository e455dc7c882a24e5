"""The one parser for every number that comes from outside: a URL's ?id=, an event's argument, a form field.

Python's int() takes far more than our pages ever send: '²' passes str.isdigit() and then makes int() raise
(HTTP 500 on /pdf/handleplan), '٣' and '１２' (other scripts' digits) become 3 and 12, ' 12', '+12' and '1_2'
pass, 5,000 digits raise, and a 20-digit number overflows the database's INTEGER column. Here a number is
what our pages write: ASCII digits, no leading zero, no plus, at most LARGEST_ID from zero. Anything else
names nothing: None, or NotFound ("Det findes ikke længere.") for a caller that wants the refusal.
"""

import re

from citizenplan.domain.errors import NotFound

LARGEST_ID = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL (and so of every id here)
_CANONICAL = re.compile(r"0|-?[1-9][0-9]{0,9}", re.ASCII)


def parse_number(raw: object, lowest: int = -LARGEST_ID, highest: int = LARGEST_ID) -> int | None:
    """`raw` as an int in lowest..highest, or None. Takes an int (not a bool) or its canonical decimal text."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _CANONICAL.fullmatch(raw):
        value = int(raw)
    else:
        return None
    return value if lowest <= value <= highest else None


def parse_id(raw: object) -> int | None:
    """The id `raw` names (1..LARGEST_ID), or None."""
    return parse_number(raw, lowest=1)


def require_id(raw: object) -> int:
    """The id `raw` names; NotFound when it names none."""
    found = parse_id(raw)
    if found is None:
        raise NotFound()
    return found
