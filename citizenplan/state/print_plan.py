"""The printable shared plan: the same blocks as the PDF."""

import reflex as rx

from citizenplan import offload, routes
from citizenplan.domain.errors import UserError
from citizenplan.domain.ids import require_id
from citizenplan.reports.plan_document import Block, printable_plan
from citizenplan.state.session import SessionState


class PrintPlanState(SessionState):
    blocks: list[Block] = []  # the PDF's own blocks: the page and the PDF cannot drift apart
    back_href: str = routes.CONTACT_PERSON_HOME
    pdf_href: str = ""

    @rx.event
    async def load(self):
        return await self._open(routes.PRINT_PLAN, self._show)

    async def _show(self, actor) -> None:
        citizen_id = self._id_in_address()
        self.back_href, self.pdf_href = routes.follow_up(citizen_id), routes.plan_pdf(citizen_id)
        try:  # the whole shared plan: in a thread, as for the PDF
            blocks = await offload.HEAVY.run_with_db(printable_plan, actor, require_id(citizen_id))
        except UserError as error:
            self.blocks, self.error = [], self._explain(error, actor)
            return
        self.blocks = blocks

    @rx.event
    def print_page(self):
        return rx.call_script("window.print()")
