"""What the state tests share: anyio on asyncio, and the demo's people in the test database (and their plans, in a
module that says `DEMO_PLANS = True`)."""

import pytest

from citizenplan import demo, demo_plans
from citizenplan.db import session_scope


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def demo_people(app_db, request):
    """The demo's people; their plans too where the module says DEMO_PLANS = True."""
    with session_scope() as db:
        demo.load(db)
    if getattr(request.module, "DEMO_PLANS", False):
        with session_scope() as db:
            demo_plans.load(db)
