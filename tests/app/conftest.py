"""What the state tests share: anyio on asyncio, and the demo's people in the test database."""

import pytest

from citizenplan import demo
from citizenplan.db import session_scope


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def demo_people(app_db):
    """The demo's people (a module that needs their plans too overrides this)."""
    with session_scope() as db:
        demo.load(db)
