"""No secret and no citizen's words in the server log.

Reflex logs a failing event as `Event(name=…, router_data={… 'headers': {… 'cookie': 'minvej_session=…'},
'token': '…'}, payload={…})`, and odd socket traffic with "Event data: {…}": the session cookie, the tab's
state token and whatever the sender typed. `install()` (run as the app starts, in every worker) wraps the
log record factory, so every record of every logger (Reflex, granian, socket.io, ours) is cleaned where it
is made, before any handler sees it; a Filter on handlers would miss the handlers Reflex attaches later.

What is cut out (replaced by REDACTED): the value after a secret key (cookie, authorization, token,
ticket, password, code, payload, event data) in a dict, a `key=value` pair, a query string or a header
line; any `minvej_session=…`; any UUID (Reflex's tab tokens are UUIDs); and the quoted parts of an
exception's message in a traceback (a handler's exception may quote what it was sent). A record that
needs no change is left exactly as it was.
"""

import logging
import re
import traceback

from citizenplan.auth.cookies import COOKIE_NAME

REDACTED = "[redacted]"
_SECRET_KEY = re.compile(
    r"""(?<![\w-])(?P<quote>['"]?)(?P<key>set-cookie|cookie|authorization|token|ticket|password|code|payload"""
    r"""|event data)(?P=quote)\s*(?P<sep>=|:)[ \t]*""",
    re.IGNORECASE,
)
_SESSION_COOKIE = re.compile(re.escape(COOKIE_NAME) + r"""=[^;\s'",&)}\]]*""")
# Not \b: Reflex's lock messages join the token to a state's name with "_" (a word character).
_UUID = re.compile(r"(?<![0-9a-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])",
                   re.IGNORECASE)
_EXCEPTION_LINE = re.compile(r"^(?P<head>\s*[\w.]*(?:Error|Exception|Exit|Interrupt)\b:)(?P<message>.*)$",
                             re.MULTILINE)
_QUOTED = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*\"""")
_HEADERS = {"cookie", "set-cookie", "authorization"}  # "Cookie: …" as a header line: the whole line is secret
_OPEN = {"{": "}", "[": "]", "(": ")"}
_STOP = set(" \t\r\n,;&)}]")


def _end_of_quoted(text: str, start: int) -> int:
    quote, index = text[start], start + 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        index += 1
    return len(text)


def _end_of_value(text: str, start: int, header_line: bool) -> int:
    """Where the value that begins at `start` ends: a quoted string, a bracketed structure (quotes inside
    respected), the rest of a header line, or a bare word. An unbalanced value runs to the end."""
    if start >= len(text):
        return start
    first = text[start]
    if first in "'\"":
        return _end_of_quoted(text, start)
    if first in _OPEN:
        closers, index = [_OPEN[first]], start + 1
        while index < len(text) and closers:
            char = text[index]
            if char in "'\"":
                index = _end_of_quoted(text, index)
                continue
            if char in _OPEN:
                closers.append(_OPEN[char])
            elif char == closers[-1]:
                closers.pop()
            index += 1
        return index
    if header_line:
        end = text.find("\n", start)
        return len(text) if end < 0 else end
    index = start
    while index < len(text) and text[index] not in _STOP:
        index += 1
    return index


def redact(text: str) -> str:
    """`text` with every secret value replaced by REDACTED."""
    parts, position = [], 0
    for match in _SECRET_KEY.finditer(text):
        if match.start() < position:  # inside a value already cut out
            continue
        start = match.end()
        header_line = not match["quote"] and match["sep"] == ":" and match["key"].lower() in _HEADERS
        end = _end_of_value(text, start, header_line)
        parts += [text[position:start], REDACTED]
        position = end
    parts.append(text[position:])
    cleaned = _UUID.sub(REDACTED, _SESSION_COOKIE.sub(f"{COOKIE_NAME}={REDACTED}", "".join(parts)))
    return _EXCEPTION_LINE.sub(lambda line: line["head"] + _QUOTED.sub(REDACTED, line["message"]), cleaned)


def redact_record(record: logging.LogRecord) -> None:
    """Clean a record in place; untouched if there was nothing to clean."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: logging itself will report it
        return
    cleaned = redact(message)
    if record.exc_info and record.exc_info[0] is not None:
        trace = "".join(traceback.format_exception(*record.exc_info))
        if (clean_trace := redact(trace)) != trace:
            cleaned = f"{cleaned}\n{clean_trace.rstrip()}"
            record.exc_info, record.exc_text = None, None
            record.rich_kwargs = {"soft_wrap": True}  # Reflex's console: keep the traceback's lines whole
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def install() -> None:
    """Clean every log record of this process from now on (idempotent)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacts", False):
        return

    def make_clean_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        redact_record(record)
        return record

    make_clean_record.redacts = True
    logging.setLogRecordFactory(make_clean_record)
