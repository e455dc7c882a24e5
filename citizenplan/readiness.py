"""`GET /_ready`: may this backend take traffic? It answers 200 only when the database (PostgreSQL or
SQLite) holds our schema and, when Redis is configured, Redis answers; otherwise 503, so that nginx or a
supervisor stops sending citizens to a worker that would lose their answers.

Reflex's own `/_health` asks Redis only (our database is not Reflex's `db_url`), so this is a route of
its own. The body names each check, never a password or an address.
"""

import asyncio
import logging
import os

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from citizenplan import routes
from citizenplan.db import get_engine

PATH = routes.READY
CHECK_TIMEOUT_S = 3.0
logger = logging.getLogger(__name__)


def _database_ready() -> bool:
    """A round trip to the database that also proves it is migrated (Alembic's table is there)."""
    try:
        with get_engine().connect() as connection:
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).first()
        return True
    except Exception as error:  # noqa: BLE001 - any failure means: not ready
        logger.warning("readiness: database not ready: %s", type(error).__name__)
        return False


def redis_url() -> str:
    """Reflex reads REFLEX_REDIS_URL from the environment (rxconfig.py sets no other)."""
    return os.environ.get("REFLEX_REDIS_URL", "").strip()


async def _redis_ready(url: str) -> bool:
    from redis.asyncio import Redis

    client = Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT_S, socket_timeout=CHECK_TIMEOUT_S)
    try:
        return bool(await client.ping())
    except Exception as error:  # noqa: BLE001 - any failure means: not ready
        logger.warning("readiness: redis not ready: %s", type(error).__name__)
        return False
    finally:
        await client.aclose()


async def _within_timeout(check) -> bool:
    try:
        return await asyncio.wait_for(check, CHECK_TIMEOUT_S + 1)
    except TimeoutError:
        return False


async def checks() -> dict[str, bool]:
    """Each configured dependency and whether it answers now."""
    result = {"db": await _within_timeout(asyncio.to_thread(_database_ready))}
    if url := redis_url():
        result["redis"] = await _within_timeout(_redis_ready(url))
    return result


async def ready(_request: Request) -> JSONResponse:
    result = await checks()
    ok = all(result.values())
    return JSONResponse({"status": ok, **result}, status_code=200 if ok else 503,
                        headers={"Cache-Control": "no-store"})


ROUTES = [Route(routes.READY, ready, methods=["GET"])]
