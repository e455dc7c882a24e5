"""The chat flows, as data. Add a flow here and it appears on the citizen's home screen.

They are checked as they load: a step that names an action, condition, chip source, loop or next step that
does not exist fails here, at import (citizenplan/domain/chat/actions.py holds what the names stand for)."""

from citizenplan.domain.chat.actions import catalogue
from citizenplan.domain.flow import Flow
from citizenplan.flows.check_in import CHECK_IN
from citizenplan.flows.crisis_plan import CRISIS_PLAN
from citizenplan.flows.dream_to_goal import DREAM_TO_GOAL
from citizenplan.flows.getting_started import GETTING_STARTED
from citizenplan.flows.prepare_follow_up import PREPARE_FOLLOW_UP

FLOWS: dict[str, Flow] = catalogue(GETTING_STARTED, DREAM_TO_GOAL, CHECK_IN, CRISIS_PLAN, PREPARE_FOLLOW_UP)
