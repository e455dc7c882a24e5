"""The manager's report: figures only. No name, text or id of a person is ever put in this state."""

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.clock import danish_today
from citizenplan.domain import report
from citizenplan.domain.errors import N_, UserError
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
    tables: list[dict] = []
    _csv: dict[str, str] = {}

    async def load(self):
        return await self._open(routes.MANAGER_REPORT, lambda actor: self._show(actor, "", ""))

    async def _show(self, actor, start: str, end: str) -> None:
        self.no_unit = not actor.managed_unit_ids
        if self.no_unit:
            self.tables, self._csv, self.error = [], {}, self._say(actor, NO_UNIT)
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
        self.period_line = (f"{i18n.long_date(period.start, actor.locale)} – "
                            f"{i18n.long_date(period.end, actor.locale)}")
        result = published.report
        self.computed_line = i18n.date_time(result.computed_at, actor.locale)
        self.units_line = ", ".join(result.unit_names)
        self.empty = result.empty
        self.tables = [{"key": t.key, "title": t.title, "note": t.note, "columns": t.columns, "rows": t.rows,
                        "chart": t.chart} for t in published.tables]
        self._csv = published.csv

    async def choose_period(self, form: dict):
        form = inputs.form(form)
        outcome = await self._as_actor(lambda db, actor: actor)  # who asks: the report is made in its own lane
        if outcome.actor is not None:
            await self._show(outcome.actor, form.get("start", ""), form.get("end", ""))
        return outcome.to_login

    def download(self, key: str):
        data = self._csv.get(key := inputs.text(key))
        if data is None:
            return None
        return rx.download(data=data, filename=f"{key}-{self.period_start}-{self.period_end}.csv",
                           mime_type="text/csv;charset=utf-8")

    def print_page(self):
        return rx.call_script("window.print()")


# What each figure draws: its series (data key, Danish label) and whether it is in per cent.
FIGURES = [
    ("plans_and_goals", [("plans", "Planer"), ("goals", "Mål (delmål)")], False),
    ("handleplans", [("share", "Andel med indsatsplan")], True),
    ("follow_up", [("handicap", "Handicap"), ("psykiatri", "Psykiatri"), ("forsorg_og_misbrug", "Forsorg og misbrug")],
     True),
    ("who", [("fysisk", "Fysisk"), ("psykisk", "Psykisk"), ("social", "Socialt"), ("naermiljoe", "Nærmiljø"),
             ("ikke_angivet", "Ikke angivet")], True),
    ("purpose", [("kompenserende", "Kompenserende"), ("vedligeholdende", "Vedligeholdende"),
                 ("udviklende", "Udviklende"), ("ikke_angivet", "Ikke angivet")], True),
    ("fulfilment", [("opfyldt", "Opfyldt"), ("delvist_opfyldt", "Delvist opfyldt"),
                    ("ikke_opfyldt", "Ikke opfyldt")], True),
    ("offers", [("offered", "Tilbudt en handleplan"), ("declined", "Sagt nej tak")], False),
    ("quality", [("success", "Succeskriterium på alle mål"), ("dates", "Dato på alle mål"),
                 ("duration", "Forventet varighed"), ("citizen_voice", "Borgerens eget syn ved opfølgning"),
                 ("next_follow_up", "Næste opfølgning sat")], True),
]
