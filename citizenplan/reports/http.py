"""GET /pdf/handleplan?id=N: the shared plan as a PDF, for whoever the policy lets print it; for the citizen
herself, her whole plan (domain.my_plan: the policy lets her alone read it) in larger text, her words first.

The session cookie goes along with the download as with any page, so the same login and the same
policy decide; the download is logged in the citizen's "Hvem har set min plan" like any other read.
An id that names nobody (not digits, out of range) is 404; a citizen the policy keeps from you is 403.
"""

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citizenplan import i18n, offload, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.db import session_scope
from citizenplan.domain import accounts, case_file, my_plan
from citizenplan.domain.errors import NotFound, UserError
from citizenplan.domain.ids import require_id
from citizenplan.domain.policy import Action
from citizenplan.domain.vocabulary import Role
from citizenplan.reports.my_plan_document import my_plan_blocks
from citizenplan.reports.plan_document import plan_blocks
from citizenplan.reports.plan_pdf import LARGE, plan_pdf

NO_STORE = {"Cache-Control": "no-store"}


async def plan_as_pdf(request: Request) -> Response:
    """In a thread: the plan's queries and fpdf2's drawing would stop every socket of the worker."""
    return await offload.HEAVY.run(_plan_as_pdf, request.query_params.get("id", ""), request.headers.get("cookie"))


def _plan_as_pdf(raw: str, cookie: str | None) -> Response:
    with session_scope() as db:
        actor = accounts.actor_from_token(db, token_from_cookie_header(cookie))
        if actor is None:
            return Response(status_code=303, headers={"Location": routes.LOGIN, **NO_STORE})
        try:
            if actor.role is Role.CITIZEN:  # her own copy: her whole plan, laid out for her
                blocks = my_plan_blocks(my_plan.my_plan(db, actor, require_id(raw)), actor.locale)
                body, name = plan_pdf(blocks, blocks[0].text, scale=LARGE), "min-plan.pdf"
            else:
                case = case_file.case_file(db, actor, require_id(raw), action=Action.PRINT_PLAN)
        except UserError as error:
            return Response(i18n.explain(error, actor.locale), status_code=404 if isinstance(error, NotFound) else 403,
                            media_type="text/plain; charset=utf-8", headers=NO_STORE)
        locale = actor.locale
    if actor.role is not Role.CITIZEN:
        blocks = plan_blocks(case, locale)
        body, name = plan_pdf(blocks, blocks[0].text), "indsatsplan.pdf"
    return Response(body, media_type="application/pdf", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'})


ROUTES = [Route(routes.PLAN_PDF, plan_as_pdf, methods=["GET"])]
