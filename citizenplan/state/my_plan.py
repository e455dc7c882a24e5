"""Min plan: her whole plan (domain.my_plan), what she shares and with whom, and her remarks straight from here."""

from dataclasses import dataclass

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import my_plan
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, Audience
from citizenplan.domain.workbook import KIND_LABELS
from citizenplan.reports.my_plan_document import my_plan_blocks
from citizenplan.state import inputs
from citizenplan.state.session import SessionState

AUDIENCE_LABELS = {Audience.CONTACT_PERSON: N_("Din kontaktperson"), Audience.RELATIVE: N_("Dine pårørende")}
SINCE = N_("Delt siden {date}")
LAST_SEEN = N_("{name} så det sidst den {date}:")
NOT_SEEN = N_("Ingen har set det endnu.")
CHANGED = N_("Du har ændret det siden. De ser det, som det var, da du delte det.")
SAVED = N_("Dine bemærkninger er gemt.")


@dataclass(frozen=True)
class PlanBlock:
    """A block of reports.plan_document (kind, text, label, own), with what the page adds to it."""
    kind: str = ""
    text: str = ""
    label: str = ""
    own: bool = False  # her own words, marked by the class "own-words" (assets/styles.css)
    href: str = ""  # a link's address
    area: str = ""  # a field's life area, for its picture in easy-read


@dataclass(frozen=True)
class ShareLine:
    """What she shares with whom, since when, and who saw it last; all as the page says it."""
    what: str = ""
    who: str = ""
    since: str = ""
    changed: str = ""
    seen: str = ""
    words: str = ""


def plan_blocks(plan: my_plan.MyPlan, locale: str) -> list[PlanBlock]:
    """Her plan as the page shows it: also what the server writes into the page's first response
    (reports/first_data.py), so that the two can never differ."""
    # A life area's name, as a field's words or its label, gets its picture in easy-read (components/easy_read).
    areas = {i18n.translate(label, locale): area.value for area, label in LIFE_AREA_LABELS.items()}
    return [PlanBlock(b.kind, b.text, b.label, b.own, href=b.label if b.kind == "link" else "",
                      area=areas.get(b.text, areas.get(b.label, "")) if b.kind == "field" else "")
            for b in my_plan_blocks(plan, locale, skip=("remarks",), links=True) if b.kind != "h1"]


class MyPlanState(SessionState):
    blocks: list[PlanBlock] = []
    shares: list[ShareLine] = []
    remarks: str = ""
    remarks_shared: bool = False
    pdf_href: str = ""

    @rx.event
    async def load(self):
        return await self._open(routes.MY_PLAN, self._show)

    async def _show(self, actor) -> None:
        plan = await offload.DATA.run_with_db(my_plan.my_plan, actor, actor.user_id)
        locale = actor.locale
        self.blocks = plan_blocks(plan, locale)
        self.shares = [ShareLine(
            what=f"{i18n.translate(KIND_LABELS[s.kind], locale)}: {s.headline}" if s.headline
            else i18n.translate(KIND_LABELS[s.kind], locale),
            who=i18n.translate(AUDIENCE_LABELS[s.audience], locale),
            since=i18n.translate(SINCE, locale, date=i18n.long_date(s.since, locale)),
            changed=i18n.translate(CHANGED, locale) if s.changed_since else "",
            seen=i18n.translate(LAST_SEEN, locale, name=s.last_reader, date=i18n.long_date(s.last_read_at, locale))
            if s.last_read_at else i18n.translate(NOT_SEEN, locale),
            words=s.last_read_words,
        ) for s in plan.shares]
        self.remarks, self.remarks_shared = plan.remarks, plan.remarks_shared
        self.pdf_href = routes.plan_pdf(actor.user_id)

    @rx.event
    async def save_remarks(self, form: dict):
        """Her remarks, from the form on Min plan; a refusal keeps what she wrote in the box."""
        form = form if isinstance(form, dict) else {}
        text = inputs.text(form.get("remarks", ""))
        # The browser's own checkbox: Reflex sends its ref's `checked` (True) or the form's "on" when ticked.
        show = form.get("show_contact_person") in (True, "on")
        outcome = await self._as_actor(lambda db, actor: my_plan.save_remarks(db, actor, text, show))
        if not outcome.ok:
            self.remarks, self.notice = text, ""
            return outcome.to_login
        await self._show(outcome.actor)
        self.notice = self._say(outcome.actor, SAVED)
        return None
