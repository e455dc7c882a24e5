"""A minimal Reflex websocket client for the benchmarks: Engine.IO 4 and Socket.IO 5 over one websocket
(wsproto, already in the virtual environment through python-engineio), from a chosen loopback address.

It does what the page's own JavaScript does for one tab: connect to `/_event` with a tab token, join the
event namespace, send an event as `["event", {name, payload, router_data}]`, and read the state updates
that come back. Nothing else (no hydration, no reconnect). Like the page, it reads its socket all the time,
also while it has nothing to send: the server's Engine.IO pings are answered at once. (A socket that is not
read answers no ping, and the server closes it after Reflex's ping interval and timeout, 25 + 120 s: the
citizens of load.py that got in first lost their sockets while the others were still logging in.)
"""

import asyncio
import contextlib
import json
import uuid
from urllib.parse import urlencode

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Ping,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)

NAMESPACE = "/_event"
READ_BYTES = 65536


class SocketClosed(ConnectionError):
    """The server closed the websocket or refused it."""


class ReflexSocket:
    """One tab's websocket. `await ReflexSocket.open(...)`, then `send_event` and `next_update`."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, ws: WSConnection) -> None:
        self._reader, self._writer, self._ws = reader, writer, ws
        self._messages: list[str] = []
        self._partial = ""
        self._inbox: asyncio.Queue[str | BaseException] = asyncio.Queue()
        self._pump: asyncio.Task | None = None

    @classmethod
    async def open(cls, host: str, port: int, origin: str, source_address: str | None = None,
                   token: str | None = None, cookie: str | None = None) -> "ReflexSocket":
        """`cookie`: the Cookie header of the handshake (a logged-in tab's session cookie)."""
        local = (source_address, 0) if source_address else None
        reader, writer = await asyncio.open_connection(host, port, local_addr=local)
        ws = WSConnection(ConnectionType.CLIENT)
        target = f"{NAMESPACE}/?EIO=4&transport=websocket&token={token or uuid.uuid4()}"
        headers = [(b"origin", origin.encode())] + ([(b"cookie", cookie.encode())] if cookie else [])
        writer.write(ws.send(Request(host=f"{host}:{port}", target=target, extra_headers=headers)))
        socket = cls(reader, writer, ws)
        opened = await socket._next_message()  # Engine.IO OPEN: 0{"sid": ...}
        if not opened.startswith("0"):
            raise SocketClosed(f"no Engine.IO open packet: {opened[:80]!r}")
        await socket._send(f"40{NAMESPACE},")  # Socket.IO CONNECT to the event namespace
        while not (await socket._next_message()).startswith(f"40{NAMESPACE}"):
            pass
        socket._pump = asyncio.get_running_loop().create_task(socket._read_forever())
        return socket

    async def send_event(self, name: str, payload: dict, path: str = "/", query: dict | None = None) -> None:
        as_path = path + ("?" + urlencode(query) if query else "")
        event = {"name": name, "payload": payload,
                 "router_data": {"pathname": path, "query": query or {}, "asPath": as_path}}
        await self._send(f"42{NAMESPACE}," + json.dumps(["event", event]))

    async def next_update(self) -> dict:
        """The next state update the server sends (the `["event", update]` packets only)."""
        while True:
            message = await self._inbox.get()
            if isinstance(message, BaseException):
                self._inbox.put_nowait(message)  # every later call fails the same way
                raise message
            prefix = f"42{NAMESPACE},"
            if message.startswith(prefix):
                name, *args = json.loads(message[len(prefix):])
                if name == "event" and args:
                    return args[0]

    async def close(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
        with contextlib.suppress(Exception):  # the socket may be gone already: nothing left to close then
            self._writer.write(self._ws.send(CloseConnection(code=1000)))
            await self._writer.drain()
        self._writer.close()

    async def _read_forever(self) -> None:
        """Every message into the inbox as it arrives (pings answered on the way), until the socket ends."""
        try:
            while True:
                self._inbox.put_nowait(await self._next_message())
        except asyncio.CancelledError:
            raise
        except (OSError, SocketClosed) as error:
            self._inbox.put_nowait(error)
        except Exception as error:  # noqa: BLE001 - a broken frame: the reader of the inbox hears of it
            self._inbox.put_nowait(SocketClosed(f"unreadable: {error!r}"))

    async def _send(self, text: str) -> None:
        self._writer.write(self._ws.send(TextMessage(data=text)))
        await self._writer.drain()

    async def _next_message(self) -> str:
        while not self._messages:
            data = await self._reader.read(READ_BYTES)
            if not data:
                raise SocketClosed("the server closed the connection")
            self._ws.receive_data(data)
            for event in self._ws.events():
                if isinstance(event, AcceptConnection):
                    continue
                if isinstance(event, RejectConnection | RejectData):
                    raise SocketClosed("the server refused the websocket")
                if isinstance(event, CloseConnection):
                    raise SocketClosed(f"closed by the server ({event.code})")
                if isinstance(event, Ping):
                    self._writer.write(self._ws.send(event.response()))
                elif isinstance(event, TextMessage):
                    self._partial += event.data
                    if event.message_finished:
                        message, self._partial = self._partial, ""
                        if message == "2":  # Engine.IO ping: answer with a pong
                            self._writer.write(self._ws.send(TextMessage(data="3")))
                        else:
                            self._messages.append(message)
        return self._messages.pop(0)
