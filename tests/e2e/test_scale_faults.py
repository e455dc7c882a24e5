"""Faults the stack of `make run-scale` survives (issue 18), on the real thing: PostgreSQL, Redis, nginx and
two supervised workers (citizenplan/ops/stack.py), one stack for this module, on loopback.

- a worker killed with SIGKILL while a citizen is in her conversation: her next answer is served, every
  answer is stored once (checked in PostgreSQL), the page carries on without a new login, what she is
  typing stays in the box, and Reflex's English connection toast never shows;
- Redis restarted (it keeps nothing on disk): the login lives in the database, the open tab rebuilds its
  view and goes on;
- PostgreSQL away for a few seconds: the citizen reads a calm Danish "prøver igen", her answer stays in
  the box and the outbox, and is stored, once, when PostgreSQL is back; nothing half-written;
- a worker that stops answering `/ping` (SIGSTOP) is killed and started again by the supervisor;
- and the chat, sharing and follow-up once end to end through nginx and both workers.

The supervisor itself is paused (SIGSTOP) while PostgreSQL is down, so that it does not start PostgreSQL
again before the citizen has tried to answer; SIGCONT lets it do its job.
"""

import os
import signal
import socket
import time
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from citizenplan.demo import DEMO_PASSWORD
from citizenplan.flows import FLOWS
from citizenplan.state.chat import DATABASE_DOWN
from citizenplan.state.outage import TRY_AGAIN
from tests.support.browser import expect_at, fill_login, login, new_context, open_page
from tests.support.connection import WATCH_ENGLISH
from tests.support.sharing_page import open_shared_plan, share, shared_item
from tests.support.stack import RunningStack, group_alive, running_stack
from tests.support.workbook_page import make_goal, make_people, open_item

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]  # the first test pays for the stack's build

HUNG_AFTER_S = 6
RECONNECT_MS = 60_000  # socket.io's back-off, a worker's restart and a retry, on a loaded two-core machine
WHO, WANT, HOPE, DREAM = (FLOWS["getting_started"].step(step).say[-1] for step in ("who", "want", "hope", "dream"))
ENGLISH_ERROR = "An error occurred"


@pytest.fixture(scope="module")
def stack() -> Iterator[RunningStack]:
    with running_stack(workers=2, settings={"CITIZENPLAN_WORKER_HUNG_S": str(HUNG_AFTER_S)}) as running:
        yield running
    assert running.leftovers == []


@pytest.fixture
def contexts(browser: Browser, stack: RunningStack) -> Iterator[callable]:
    made: list[BrowserContext] = []

    def make() -> BrowserContext:
        made.append(new_context(browser, stack.url))
        made[-1].add_init_script(WATCH_ENGLISH)
        return made[-1]

    yield make
    for context in made:
        context.close()


# ------------------------------------------------------------------ steps


def new_citizen(stack: RunningStack) -> str:
    """A citizen with an empty workbook (a copy of the demo's dennis, with the demo password)."""
    username = f"stak.{uuid.uuid4().hex[:10]}"
    stack.query(
        'INSERT INTO "user" (username, display_name, role, unit_id, locale, password_hash, created_at, activated_at)'
        " SELECT %s, 'Sofie Stak', role, unit_id, 'da', password_hash, now() at time zone 'utc',"
        " now() at time zone 'utc' FROM \"user\" WHERE username = 'dennis'", (username,))
    return username


def open_chat(page: Page, stack: RunningStack, username: str) -> None:
    login(page, stack.url, username, DEMO_PASSWORD, home="/borger")
    open_page(page, stack.url, "/samtale?flow=getting_started")
    expect_question(page, WHO)


def expect_question(page: Page, question: str, timeout: float | None = None) -> None:
    expect(page.get_by_role("log").locator(":scope > *").last).to_contain_text(question, timeout=timeout)


def box(page: Page):
    return page.get_by_label("Dit svar", exact=True)


def answer(page: Page, text: str, then: str) -> None:
    box(page).fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    expect_question(page, then)


def stored_answers(stack: RunningStack, username: str) -> list[str]:
    """Every answer of hers that PostgreSQL holds, oldest first (a changed answer would be two rows)."""
    rows = stack.query(
        "SELECT a.value #>> '{}' FROM conversation_answer a JOIN conversation c ON c.id = a.conversation_id"
        ' JOIN "user" u ON u.id = c.citizen_id WHERE u.username = %s ORDER BY a.id', (username,))
    return [value for (value,) in rows]


def websockets_per_worker(stack: RunningStack) -> dict[str, int]:
    """How many open connections each worker holds (nginx keeps none open but websockets)."""
    ports = {w["port"]: w["name"] for w in stack.status()["services"] if w["name"].startswith("worker-")}
    counts = dict.fromkeys(ports.values(), 0)
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]  # noqa: SIM115 - a short read of /proc
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port, state = int(fields[1].rsplit(":", 1)[1], 16), fields[3]
            if state == "01" and local_port in ports:  # ESTABLISHED, the worker's end
                counts[ports[local_port]] += 1
    return counts


def her_worker(stack: RunningStack) -> dict:
    counts = websockets_per_worker(stack)
    name = max(counts, key=counts.get)
    assert counts[name] >= 1, counts
    return stack.service(name)


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.3)


def no_english_error(page: Page) -> None:
    expect(page.get_by_text(ENGLISH_ERROR)).to_have_count(0)


def assert_our_words_only(page: Page) -> None:
    """Reflex's English connection toast was never on the page (WATCH_ENGLISH, from the page's start)."""
    no_english_error(page)
    assert page.evaluate("window.__englishConnectionText") is False


# ------------------------------------------------------------------ the faults


def test_a_worker_killed_mid_conversation_serves_her_next_answer_once_without_a_new_login(
        stack: RunningStack, contexts) -> None:
    username = new_citizen(stack)
    page = contexts().new_page()
    open_chat(page, stack, username)
    answer(page, "Jeg hedder Sofie og kan lide heste", then=WANT)
    page.wait_for_function("window.minvejOutbox.count() === 0")

    box(page).fill("Jeg vil have mit eget hjem")
    victim = her_worker(stack)
    os.killpg(victim["pid"], signal.SIGKILL)  # her websocket's worker, no goodbye
    page.get_by_role("button", name="Send", exact=True).click()

    expect_question(page, HOPE, timeout=RECONNECT_MS)
    expect_at(page, "/samtale")  # not sent back to the login page
    page.wait_for_function("window.minvejOutbox.count() === 0")
    assert stored_answers(stack, username) == ["Jeg hedder Sofie og kan lide heste", "Jeg vil have mit eget hjem"]
    restarted = stack.restarted(victim["name"], victim["pid"])
    assert restarted["port"] == victim["port"] and not group_alive(victim["pid"])

    # Again, while she is typing and has not sent: the words stay in the box, and Send stores them once.
    typing = "Jeg håber at få en hund"
    box(page).fill(typing)
    second = her_worker(stack)
    os.killpg(second["pid"], signal.SIGKILL)
    wait_until(lambda: websockets_per_worker(stack).get(second["name"], 0) == 0
               and sum(websockets_per_worker(stack).values()) >= 1, "her tab on the other worker")
    expect_question(page, HOPE)
    expect(box(page)).to_have_value(typing)
    page.get_by_role("button", name="Send", exact=True).click()
    expect_question(page, DREAM, timeout=RECONNECT_MS)
    page.wait_for_function("window.minvejOutbox.count() === 0")
    assert stored_answers(stack, username)[-1:] == [typing] and stored_answers(stack, username).count(typing) == 1
    assert_our_words_only(page)
    stack.restarted(second["name"], second["pid"])


def test_after_redis_restarts_the_open_tab_rebuilds_its_view_and_the_login_holds(
        stack: RunningStack, contexts) -> None:
    username = new_citizen(stack)
    page = contexts().new_page()
    open_chat(page, stack, username)
    answer(page, "Jeg hedder Sofie og tegner", then=WANT)
    page.wait_for_function("window.minvejOutbox.count() === 0")

    redis = stack.service("redis")
    os.killpg(redis["pid"], signal.SIGKILL)  # Redis keeps nothing on disk here: every tab's state is gone
    stack.restarted("redis", redis["pid"])

    answer(page, "Jeg vil gerne cykle", then=HOPE)  # the same tab, no reload
    log = page.get_by_role("log")
    expect(log).to_contain_text("Jeg hedder Sofie og tegner")  # the view rebuilt from PostgreSQL
    page.reload()
    expect_at(page, "/samtale")  # still logged in: the session is a row in PostgreSQL
    expect_question(page, HOPE)
    expect(log.get_by_text("Jeg vil gerne cykle", exact=True)).to_have_count(1)
    assert stored_answers(stack, username) == ["Jeg hedder Sofie og tegner", "Jeg vil gerne cykle"]
    assert_our_words_only(page)


def test_postgresql_away_for_a_moment_says_proever_igen_and_stores_the_answer_once_when_it_is_back(
        stack: RunningStack, contexts) -> None:
    username = new_citizen(stack)
    page = contexts().new_page()
    open_chat(page, stack, username)
    answer(page, "Jeg hedder Sofie", then=WANT)
    page.wait_for_function("window.minvejOutbox.count() === 0")

    database = stack.service("postgresql")
    os.kill(stack.process.pid, signal.SIGSTOP)  # the supervisor waits: PostgreSQL stays down until SIGCONT
    try:
        os.killpg(database["pid"], signal.SIGINT)  # PostgreSQL's fast shutdown
        # (its processes stay zombies until the paused supervisor reaps them: watch the port, not the group)
        deadline = time.monotonic() + 60
        while listening(database["port"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not listening(database["port"])

        waiting = "Jeg vil have et arbejde i en have"
        box(page).fill(waiting)
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.get_by_text(DATABASE_DOWN, exact=True)).to_be_visible()
        assert "prøver igen" in DATABASE_DOWN
        # One calm message at a time: the connection is there, so not the outbox's "… når du har forbindelse igen".
        expect(page.locator("#outbox-status")).to_be_hidden()
        expect(box(page)).to_have_value(waiting)  # nothing she wrote is lost
        assert page.evaluate("window.minvejOutbox.count()") == 1
        no_english_error(page)
        page.wait_for_timeout(4000)  # at least one retry while PostgreSQL is still away
        expect(page.get_by_text(DATABASE_DOWN, exact=True)).to_be_visible()
        expect(page.locator("#outbox-status")).to_be_hidden()
        no_english_error(page)

        # Someone logging in meanwhile reads the same kind of calm sentence, and no stack trace.
        other = contexts().new_page()
        open_page(other, stack.url, "/")
        fill_login(other, "bo", DEMO_PASSWORD)
        expect(other.get_by_text(TRY_AGAIN, exact=True).first).to_be_visible()
        assert_our_words_only(other)
        expect(other.get_by_text("Traceback")).to_have_count(0)
    finally:
        os.kill(stack.process.pid, signal.SIGCONT)
        stack.restarted("postgresql", database["pid"])
        wait_until(lambda: listening(database["port"]), "PostgreSQL listening again")

    expect_question(page, HOPE, timeout=RECONNECT_MS)  # sent by the page's own retry, no click
    expect(page.get_by_text(DATABASE_DOWN, exact=True)).to_have_count(0)
    expect(box(page)).to_have_value("")
    page.wait_for_function("window.minvejOutbox.count() === 0")
    assert stored_answers(stack, username) == ["Jeg hedder Sofie", waiting]
    expect_at(page, "/samtale")
    assert_our_words_only(page)
    login(other, stack.url, "bo", DEMO_PASSWORD, home="/borger")  # and logging in works again


def test_a_worker_that_stops_answering_is_killed_and_started_again(stack: RunningStack, contexts) -> None:
    username = new_citizen(stack)
    page = contexts().new_page()
    open_chat(page, stack, username)
    stuck = her_worker(stack)
    os.killpg(stuck["pid"], signal.SIGSTOP)  # alive, holding her websocket, answering nothing
    restarted = stack.restarted(stuck["name"], stuck["pid"], timeout=HUNG_AFTER_S + 120)
    assert not group_alive(stuck["pid"])
    assert restarted["restarts"] >= 1 and restarted["port"] == stuck["port"]
    assert "har ikke svaret" in stack.output.read_text()
    answer(page, "Jeg hedder Sofie", then=WANT)  # her tab found a worker that answers
    assert stored_answers(stack, username) == ["Jeg hedder Sofie"]


# ------------------------------------------------------------------ end to end through the stack


def test_chat_sharing_and_follow_up_through_nginx_and_two_workers(stack: RunningStack, contexts) -> None:
    contact = contexts().new_page()
    people = make_people(contact, contexts, stack.url, "Stak")
    citizen, url, title = people.citizen, stack.url, "Gå en tur hver morgen"
    href = make_goal(citizen, url, title)
    open_item(citizen, url, href, title)
    share(citizen, title)

    open_shared_plan(contact, url, people.name)
    expect(shared_item(contact, title)).to_have_count(1)

    (citizen_id,) = stack.query('SELECT id FROM "user" WHERE username = %s', (people.username,))[0]
    open_page(contact, url, f"/kontaktperson/opfoelgning?id={citizen_id}")
    expect(contact.get_by_role("heading", level=1, name=f"Opfølgning: {people.name}")).to_be_visible()
    form = contact.get_by_role("region", name="Opfølgningsmødet", exact=True)
    form.get_by_label("Hvem var med", exact=True).fill("Borgeren og kontaktpersonen")
    fields = form.get_by_role("heading", level=3, name=title, exact=True).locator("xpath=..")
    fields.get_by_role("group", name="Opfyldelsesgrad", exact=True).get_by_role(
        "radio", name="Delvist opfyldt", exact=True).check()
    fields.get_by_label("Beskrivelse af målopfyldelsen").fill("Går tre morgener om ugen.")
    form.get_by_role("button", name="Gem og lås opfølgningen").click()
    expect(contact.get_by_role("main").get_by_role("status")).to_have_text("Opfølgningen er gemt og låst.")

    open_page(citizen, url, "/arbejdsbog")
    expect(citizen.get_by_role("heading", level=2, name="Møder om min plan")).to_be_visible()
    expect(citizen.get_by_role("main")).to_contain_text("Går tre morgener om ugen.")
    assert stack.query("SELECT count(*) FROM follow_up_record r JOIN \"user\" u ON u.id = r.citizen_id"
                       " WHERE u.username = %s", (people.username,)) == [(1,)]
