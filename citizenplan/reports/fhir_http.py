"""GET the plan and the figures as FHIR R4 JSON (docs/fhir/README.md), served off the event loop.

- /hent/indsatsplan.fhir.json?id=N: the shared plan, for her contact person; a read of her plan, so it is in
  her "Hvem har set min plan" (policy Action.EXPORT_PLAN).
- /hent/min-plan.fhir.json: the citizen's own plan, for her alone (her data, like "Hent mine data").
- /hent/rapport.fhir.json?start=&end=: the manager's figures as a MeasureReport (counts only).

The session cookie goes along as with any page; the domain's policy decides. Building and validating a
Bundle is Python that holds the GIL, so it runs in offload.HEAVY like the PDFs.
"""

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citizenplan import i18n, offload, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.clock import danish_today
from citizenplan.db import session_scope
from citizenplan.domain import accounts, report
from citizenplan.domain.errors import AccessDenied, NotFound, UserError
from citizenplan.domain.fhir import export, measure, source
from citizenplan.domain.ids import require_id

NO_STORE = {"Cache-Control": "no-store"}
FHIR_JSON = "application/fhir+json; charset=utf-8"


async def shared_plan(request: Request) -> Response:
    return await offload.HEAVY.run(_download, "plan", dict(request.query_params), request.headers.get("cookie"))


async def my_plan(request: Request) -> Response:
    return await offload.HEAVY.run(_download, "mine", dict(request.query_params), request.headers.get("cookie"))


async def unit_report(request: Request) -> Response:
    return await offload.HEAVY.run(_download, "report", dict(request.query_params), request.headers.get("cookie"))


def _build(db, actor, kind: str, query: dict) -> tuple[dict, str]:
    if kind == "plan":
        citizen_id = require_id(query.get("id", ""))
        return export.bundle(source.shared(db, actor, citizen_id)), f"indsatsplan-{citizen_id}.fhir.json"
    if kind == "mine":
        return export.bundle(source.own(db, actor)), "min-plan.fhir.json"
    period = report.period_from(query.get("start", ""), query.get("end", ""), danish_today())
    return (measure.unit_measure_report(db, actor, period),
            f"ledelsesinformation-{period.start.isoformat()}-{period.end.isoformat()}.fhir.json")


def _download(kind: str, query: dict, cookie: str | None) -> Response:
    with session_scope() as db:
        actor = accounts.actor_from_token(db, token_from_cookie_header(cookie))
        if actor is None:
            return Response(status_code=303, headers={"Location": routes.LOGIN, **NO_STORE})
        try:
            document, name = _build(db, actor, kind, query)
        except UserError as error:
            status = 404 if isinstance(error, NotFound) else 403 if isinstance(error, AccessDenied) else 400
            return Response(i18n.explain(error, actor.locale), status_code=status, media_type="text/plain; charset=utf-8", headers=NO_STORE)
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return Response(body, media_type=FHIR_JSON, headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'})


ROUTES = [
    Route(routes.FHIR_PLAN, shared_plan, methods=["GET"]),
    Route(routes.FHIR_MY_PLAN, my_plan, methods=["GET"]),
    Route(routes.FHIR_REPORT, unit_report, methods=["GET"]),
]
