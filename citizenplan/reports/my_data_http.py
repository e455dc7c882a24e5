"""GET /hent/mine-data.json and /hent/mine-data.pdf: "Hent mine data", for the citizen herself only.

The session cookie goes along with the download as with any page; the domain's policy decides (only she
may export her data). Built off the event loop (offload.HEAVY): every table is read, and the PDF is drawn.
"""

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citizenplan import i18n, offload, routes
from citizenplan.auth.cookies import token_from_cookie_header
from citizenplan.db import session_scope
from citizenplan.domain import accounts, my_data
from citizenplan.domain.errors import UserError
from citizenplan.reports.my_data_document import my_data_blocks
from citizenplan.reports.plan_pdf import plan_pdf

NO_STORE = {"Cache-Control": "no-store"}


async def as_json(request: Request) -> Response:
    return await offload.HEAVY.run(_download, request.headers.get("cookie"), "json")


async def as_pdf(request: Request) -> Response:
    return await offload.HEAVY.run(_download, request.headers.get("cookie"), "pdf")


def _download(cookie: str | None, kind: str) -> Response:
    with session_scope() as db:
        actor = accounts.actor_from_token(db, token_from_cookie_header(cookie))
        if actor is None:
            return Response(status_code=303, headers={"Location": routes.LOGIN, **NO_STORE})
        try:
            export = my_data.export(db, actor)
        except UserError as error:
            return Response(i18n.explain(error, actor.locale), status_code=403,
                            media_type="text/plain; charset=utf-8", headers=NO_STORE)
    if kind == "json":
        body = json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")
        return Response(body, media_type="application/json; charset=utf-8", headers={
            **NO_STORE, "Content-Disposition": 'attachment; filename="mine-data.json"'})
    blocks = my_data_blocks(export, actor.display_name, actor.locale)
    return Response(plan_pdf(blocks, blocks[0].text), media_type="application/pdf", headers={
        **NO_STORE, "Content-Disposition": 'attachment; filename="mine-data.pdf"'})


ROUTES = [
    Route(routes.MY_DATA_JSON, as_json, methods=["GET"]),
    Route(routes.MY_DATA_PDF, as_pdf, methods=["GET"]),
]
