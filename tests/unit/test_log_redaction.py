"""No cookie, token, ticket or event payload reaches a log line (the e2e test greps a real app's log)."""

import io
import logging

import pytest
from reflex.event import Event

from citizenplan import log_redaction
from citizenplan.log_redaction import REDACTED, redact

COOKIE_VALUE = "Bj5w8Tp0zH9CzZmuLJ12L1HFFm50SFM8PR3mCkDsedA"
TAB_TOKEN = "e41a4a69-ca8f-4168-a4fe-ae3c68816883"
WORDS = "Jeg vil se min søster oftere"


@pytest.fixture
def log():
    """A logger whose lines land in a string, with the redaction installed; both undone afterwards."""
    factory = logging.getLogRecordFactory()
    log_redaction.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logging.setLogRecordFactory(factory)


def _reflex_event() -> Event:
    """The event as Reflex's event processor logs it when no handler has its name."""
    return Event(
        name="reflex___state____state.no_such_handler",
        router_data={"pathname": "/borger", "headers": {
            "host": "localhost:8741", "origin": "http://localhost:8741",
            "cookie": f"theme=light; minvej_session={COOKIE_VALUE}"}, "ip": "127.0.0.1", "token": TAB_TOKEN},
        payload={"form": {"answer": WORDS, "nested": ["a}", {"b": "'"}]}},
    )


def test_an_unknown_event_with_its_traceback_leaves_no_secret_in_the_log(log):
    logger, stream = log
    event = _reflex_event()
    try:
        raise KeyError(f"No registered handler found for event: {event.name} with {event.payload}")
    except KeyError:
        logger.exception(f"Error processing event queue entry for {event} [txid=ce827657e835]:")
    written = stream.getvalue()
    for secret in (COOKIE_VALUE, TAB_TOKEN, WORDS):
        assert secret not in written
    assert "Error processing event queue entry" in written and "no_such_handler" in written
    assert "Traceback" in written and "KeyError" in written


@pytest.mark.parametrize("line", [
    f"Received event from session abc with no associated token. Event data: {{'payload': {{'x': {WORDS!r}}}}}",
    f"Failed to deserialize event data: {{'name': 'x', 'payload': {WORDS!r}}}.",
    f"Cookie: theme=light; minvej_session={COOKIE_VALUE}",
    f"GET /_event/?EIO=4&transport=websocket&token={TAB_TOKEN} HTTP/1.1",
    f"Attempting to send delta to disconnected client {TAB_TOKEN!r}",
    f'{{"ticket": "{COOKIE_VALUE}", "password": "{WORDS}"}}',
    f"set-cookie: minvej_session={COOKIE_VALUE}; HttpOnly; Path=/",
    # Reflex's Redis lock, under load: the token joined to a state's name
    f"Lock for token {TAB_TOKEN}_reflex___state____state.x was held too long time_taken=1.4s",
    f"Lock expired for token {TAB_TOKEN}_reflex___state____state.x while processing.",
])
def test_every_kind_of_secret_is_cut_out(line):
    cleaned = redact(line)
    assert COOKIE_VALUE not in cleaned and TAB_TOKEN not in cleaned and WORDS not in cleaned
    assert REDACTED in cleaned


def test_a_record_with_nothing_secret_is_left_as_it_was(log):
    logger, stream = log
    logger.info("%s users logged in from %s", 3, "Bostedet Lyngen")
    assert stream.getvalue() == "3 users logged in from Bostedet Lyngen\n"
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "%d of %d", (1, 2), None)
    assert record.args == (1, 2)
