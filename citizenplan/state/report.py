"""The manager's report: figures only. No name, text or id of a person is ever put in this state."""

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.clock import danish_today
from citizenplan.domain import report
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.follow_up import Degree, PurposeType
from citizenplan.domain.policy import manages_no_unit
from citizenplan.domain.report import NOT_GIVEN
from citizenplan.domain.vocabulary import ServiceArea, WhoDimension
from citizenplan.reports import management
from citizenplan.state import inputs
from citizenplan.state.session import SessionState

NO_UNIT = N_("Du er ikke leder for en enhed endnu. Bed den, der gav dig dit login, om at knytte dig til din "
             "enhed.")


class ReportState(SessionState):
    period_start: str = ""
    period_end: str = ""
    period_line: str = ""
    computed_line: str = ""
    units_line: str = ""
    empty: bool = False
    no_unit: bool = False
    # Each published table by its key, as FIGURES names it: reports/management.py's own dataclass.
    tables: dict[str, management.PublishedTable] = {}
    fhir_href: str = ""  # the same figures as a FHIR MeasureReport (reports/fhir_http.py)
    _csv: dict[str, str] = {}

    @rx.event
    async def load(self):
        return await self._open(routes.MANAGER_REPORT, lambda actor: self._show(actor, "", ""))

    async def _show(self, actor, start: str, end: str) -> None:
        self.no_unit = manages_no_unit(actor)
        if self.no_unit:
            self.tables, self._csv, self.error = {}, {}, self._say(actor, NO_UNIT)
            return
        try:
            period = report.period_from(start, end, danish_today())
            # SQL aggregates and the disclosure check: in a thread, so the loop serves everyone else meanwhile
            published = await offload.HEAVY.run_with_db(management.publish, actor, period)
        except UserError as error:
            self.error = self._explain(error, actor)
            return
        self.error = ""
        self.period_start, self.period_end = period.start.isoformat(), period.end.isoformat()
        self.fhir_href = routes.fhir_report(self.period_start, self.period_end)
        self.period_line = (f"{i18n.long_date(period.start, actor.locale)} – "
                            f"{i18n.long_date(period.end, actor.locale)}")
        result = published.report
        self.computed_line = i18n.date_time(result.computed_at, actor.locale)
        self.units_line = ", ".join(result.unit_names)
        self.empty = result.empty
        self.tables = {t.key: t for t in published.tables}
        self._csv = published.csv

    @rx.event
    async def choose_period(self, form: dict):
        form = inputs.form(form)
        outcome = await self._as_actor(lambda db, actor: actor)  # who asks: the report is made in its own lane
        if outcome.actor is not None:
            await self._show(outcome.actor, form.get("start", ""), form.get("end", ""))
        return outcome.to_login

    @rx.event
    def download(self, key: str):
        data = self._csv.get(key := inputs.text(key))
        if data is None:
            return None
        return rx.download(data=data, filename=f"{key}-{self.period_start}-{self.period_end}.csv",
                           mime_type="text/csv;charset=utf-8")

    @rx.event
    def print_page(self):
        return rx.call_script("window.print()")


# What each figure draws, by the published table's key: its series' data keys and whether it is in per cent.
# Each series' label is the management report's own, looked up by its data key (see `series_of`).
FIGURES = [
    ("plans_and_goals", ["plans", "goals"], False),
    ("handleplans", ["share"], True),
    ("follow_up", [a.value for a in ServiceArea], True),
    ("who", [d.value for d in WhoDimension] + [NOT_GIVEN], True),
    ("purpose", [p.value for p in PurposeType] + [NOT_GIVEN], True),
    ("fulfilment", [d.value for d in (Degree.MET, Degree.PARTLY_MET, Degree.NOT_MET)], True),
    ("offers", ["offered", "declined"], False),
    ("quality", ["success", "dates", "duration", "citizen_voice", "next_follow_up"], True),
]


def series_of(keys: list[str]) -> list[tuple[str, str]]:
    """(data key, untranslated label) of each bar: the page translates the label in the tab's language."""
    return [(key, management.SERIES_LABELS[key]) for key in keys]
