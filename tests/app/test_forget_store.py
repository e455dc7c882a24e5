"""After an erasure, no state store holds her words: the states folder (one machine) and Redis (several
workers), each a real store (a Redis server of Debian's, started here on a free loopback port).

A contact person's tab showed her shared goal; another tab showed nothing of hers. After forget_everywhere
the first is reset with a plain message, the second is untouched, and no file or key holds her words.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from reflex.istate.manager.token import BaseStateToken
from reflex.state import State

from citizenplan.state import forget
from citizenplan.state.shared_plan import SharedPlanState

pytestmark = pytest.mark.anyio
HER_WORDS = "Jeg vil lære at spille guitar til jul"
SAY = "Det findes ikke længere."


class _App:
    """What forget_everywhere needs of the running app: its state manager, and modify_state."""

    def __init__(self, manager) -> None:
        self.state_manager = manager

    def modify_state(self, token):
        return self.state_manager.modify_state(token)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is part of the test setup (apt-get install redis-server)")
    port = _free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _tab(manager, ident: str, words: str) -> None:
    token = BaseStateToken(ident=ident, cls=State)
    async with manager.modify_state(token) as root:
        page = await root.get_state(SharedPlanState)
        page.citizen_name, page.items = "Borgeren", [{"id": "1", "title": words, "lines": [{"text": words}]}]


async def _page(manager, ident: str) -> SharedPlanState:
    async with manager.modify_state(BaseStateToken(ident=ident, cls=State)) as root:
        return await root.get_state(SharedPlanState)


async def _forget_in(manager, monkeypatch) -> int:
    monkeypatch.setattr(forget, "_app", lambda: _App(manager))
    return await forget.forget_everywhere(frozenset({HER_WORDS}), SAY)


async def test_the_states_folder_keeps_none_of_her_words(tmp_path, monkeypatch):
    from reflex.istate.manager.disk import StateManagerDisk

    folder = tmp_path / "states"
    monkeypatch.setenv("REFLEX_STATES_WORKDIR", str(folder))
    manager = StateManagerDisk()
    await _tab(manager, "contact-tab", HER_WORDS)
    await _tab(manager, "other-tab", "Noget helt andet")
    await manager._flush_write_queue()
    assert any(HER_WORDS.encode() in p.read_bytes() for p in folder.glob("*.pkl"))

    assert await _forget_in(manager, monkeypatch) >= 1

    await manager._flush_write_queue()
    assert [p.name for p in folder.glob("*.pkl") if HER_WORDS.encode() in p.read_bytes()] == []
    page = await _page(manager, "contact-tab")
    assert (page.items, page.citizen_name, page.error) == ([], "", SAY)
    assert (await _page(manager, "other-tab")).items[0]["title"] == "Noget helt andet"
    await manager.close()


async def test_redis_keeps_none_of_her_words(redis_url, monkeypatch):
    from redis.asyncio import Redis
    from reflex.istate.manager.redis import StateManagerRedis

    client = Redis.from_url(redis_url)
    manager = StateManagerRedis(redis=client, token_expiration=1800, lock_expiration=10000,
                                lock_warning_threshold=5000)
    await _tab(manager, "contact-tab", HER_WORDS)
    await _tab(manager, "other-tab", "Noget helt andet")
    values = [await client.get(k) async for k in client.scan_iter(match="*")]
    assert any(HER_WORDS.encode() in v for v in values if isinstance(v, bytes))

    assert await _forget_in(manager, monkeypatch) >= 1

    values = [await client.get(k) async for k in client.scan_iter(match="*")]
    assert [v[:60] for v in values if isinstance(v, bytes) and HER_WORDS.encode() in v] == []
    page = await _page(manager, "contact-tab")
    assert (page.items, page.error) == ([], SAY)
    assert (await _page(manager, "other-tab")).items[0]["title"] == "Noget helt andet"
    await manager.close()
    await client.aclose()
