"""The manager's report as the seeds' tables: translated labels, numbers through Babel, "< 5" and "–" for
hidden cells, chart data from published figures only, and CSV that Danish Excel opens right.

Everything here works on the protected tables of domain.report, so nothing hidden can leak into a
chart, a share or a download.
"""

import csv
import io
from dataclasses import dataclass

from babel.numbers import format_decimal, format_percent
from sqlmodel import Session

from citizenplan import i18n
from citizenplan.domain import disclosure
from citizenplan.domain.actors import Actor
from citizenplan.domain.disclosure import TOTAL, ProtectedTable
from citizenplan.domain.errors import N_
from citizenplan.domain.follow_up import DEGREE_LABELS, PURPOSE_TYPE_LABELS, Degree, PurposeType
from citizenplan.domain.report import AREAS, NOT_GIVEN, Period, Report, unit_report
from citizenplan.domain.vocabulary import SERVICE_AREA_LABELS, WHO_DIMENSION_LABELS, ServiceArea, WhoDimension

HIDDEN_SMALL, HIDDEN_OTHER = "< 5", "–"
EIGHTY = 80

COLUMN_LABELS = {
    "plans": N_("Planer"), "goals": N_("Mål (delmål)"),
    "with_follow_up": N_("Mål med opfølgning"), "overdue": N_("Mål med overskredet opfølgningsdato"),
    "goals_share": N_("Andel af alle mål"), "with_follow_up_share": N_("Andel af mål med opfølgning"),
    "overdue_share": N_("Andel af mål med overskredet dato"),
    "handleplans": N_("Handleplaner"), "with_provider_plan": N_("Med indsatsplan"),
    "provider_plan_share": N_("Andel med indsatsplan"),
    "offered": N_("Tilbudt en handleplan"), "declined": N_("Sagt nej tak"), "declined_share": N_("Andel sagt nej tak"),
    NOT_GIVEN: N_("Ikke angivet"), TOTAL: N_("I alt"),
    "success": N_("Succeskriterium på alle mål"), "dates": N_("Dato på alle mål"),
    "duration": N_("Forventet varighed"), "citizen_voice": N_("Borgerens eget syn ved opfølgning"),
    "next_follow_up": N_("Næste opfølgning sat"),
    **{d.value: label for d, label in WHO_DIMENSION_LABELS.items()},
    **{p.value: label for p, label in PURPOSE_TYPE_LABELS.items()},
    **{d.value: label for d, label in DEGREE_LABELS.items()},
}

# A chart's series label by its data key: the table's columns, the handleplans chart's one share, and the
# follow-up chart's bars, which are the service areas.
SERIES_LABELS = {**COLUMN_LABELS, "share": COLUMN_LABELS["provider_plan_share"],
                 **{a.value: label for a, label in SERVICE_AREA_LABELS.items()}}

CATEGORY_LABELS = {"goals": N_("Mål i alt"), "with_follow_up": N_("Mål m. opfølgning"),
                   "overdue": N_("Mål m. overskredet dato")}


@dataclass(frozen=True)
class PublishedTable:
    key: str
    title: str
    note: str
    columns: list[str]  # translated, first is the area column
    rows: list[list[str]]  # translated and formatted, last row "I alt"
    chart: list[dict[str, object]]  # one point per area: {"area": label, series: number or None}
    series: list[tuple[str, str]]  # (data key, translated label)
    percent: bool  # the chart shows shares in per cent


def tables(report: Report, locale: str) -> list[PublishedTable]:
    def tr(message: str) -> str:
        return i18n.translate(message, locale)

    def number(cell: disclosure.Cell) -> str:
        if cell.hidden:
            return HIDDEN_SMALL if cell.primary else HIDDEN_OTHER
        return format_decimal(cell.value, locale=i18n.supported(locale))

    def percent(value: float | None) -> str:
        return HIDDEN_OTHER if value is None else format_percent(value, locale=i18n.supported(locale))

    areas = [(a, tr(SERVICE_AREA_LABELS[ServiceArea(a)])) for a in AREAS] + [(TOTAL, tr(N_("I alt")))]

    def counts_table(key, title, note, table: ProtectedTable, columns: list[str], with_total: bool,
                     shares_of: str | None = None) -> PublishedTable:
        shown = columns + ([TOTAL] if with_total else [])
        rows = [[label] + [number(table.cell(a, c)) for c in shown] for a, label in areas]
        chart = []
        for a, label in areas[:-1]:
            point: dict[str, object] = {"area": label}
            for c in columns:
                whole = table.cell(a, TOTAL) if shares_of == TOTAL else None
                value = disclosure.share(table.cell(a, c), whole) if whole is not None else table.cell(a, c).value
                point[c] = None if value is None else round(value * 100, 1) if whole is not None else value
            chart.append(point)
        return PublishedTable(key, tr(title), tr(note), [tr(N_("Område"))] + [tr(COLUMN_LABELS[c]) for c in shown], rows,
                              chart, [(c, tr(COLUMN_LABELS[c])) for c in columns], shares_of == TOTAL)

    p = report.plans_and_goals
    h = report.handleplans
    handleplan_rows = [[label, number(h.cell(a, "handleplans")), number(h.cell(a, "with_provider_plan")),
                        percent(disclosure.share(h.cell(a, "with_provider_plan"), h.cell(a, "handleplans")))]
                       for a, label in areas]
    o = report.offers
    offer_rows = [[label, number(o.cell(a, "offered")), number(o.cell(a, "declined")),
                   percent(disclosure.share(o.cell(a, "declined"), o.cell(a, "offered")))] for a, label in areas]
    f = report.follow_up
    categories = ["goals", "with_follow_up", "overdue"]
    follow_rows = [[label] + [text for c in categories for text in (
        number(f.cell(a, c)), percent(disclosure.share(f.cell(a, c), f.cell(TOTAL, c))))] for a, label in areas]
    follow_chart = []
    for c in categories:  # as the seed draws it: each category, and each area's share of it
        whole = f.cell(TOTAL, c)
        name = tr(CATEGORY_LABELS[c]) + ("" if whole.hidden else f" ({number(whole)})")
        follow_chart.append({"area": name, **{a: _share_points(f.cell(a, c), whole) for a in AREAS}})
    quality_rows, quality_chart = [], []
    for a, label in areas:
        shares = [disclosure.share(report.quality.cell(a, c), p.cell(a, "plans")) for c in _QUALITY]
        quality_rows.append([label, number(p.cell(a, "plans"))] + [percent(s) for s in shares])
        if a != TOTAL:
            quality_chart.append({"area": label, **{c: None if s is None else round(s * 100, 1)
                                                    for c, s in zip(_QUALITY, shares, strict=True)}})
    degree_columns = [d.value for d in (Degree.MET, Degree.PARTLY_MET, Degree.NOT_MET)]
    return [
        counts_table("plans_and_goals", N_("Planer og delmål"), N_("Antal planer og mål pr. driftsområde."),
                     p, ["plans", "goals"], with_total=False),
        PublishedTable("handleplans", tr(N_("Andel indsatsplaner")),
                       tr(N_("Kommunens handleplaner, og hvor stor en andel af dem der har en indsatsplan hos "
                             "udføreren.")),
                       [tr(N_("Område")), tr(COLUMN_LABELS["handleplans"]), tr(COLUMN_LABELS["with_provider_plan"]),
                        tr(COLUMN_LABELS["provider_plan_share"])], handleplan_rows,
                       [{"area": label, "share": _share_points(h.cell(a, "with_provider_plan"), h.cell(a, "handleplans"))}
                        for a, label in areas[:-1]], [("share", tr(COLUMN_LABELS["provider_plan_share"]))], True),
        PublishedTable("follow_up", tr(N_("Mål fordelt på driftsområde")),
                       tr(N_("Mål i alt, mål med en opfølgning i perioden, og mål hvor opfølgningsdatoen er "
                            "overskredet, talt pr. mål. Andelen er områdets del af hver gruppe.")),
                       [tr(N_("Område"))] + [tr(COLUMN_LABELS[k]) for c in categories for k in (c, f"{c}_share")],
                       follow_rows, follow_chart, [(a, tr(SERVICE_AREA_LABELS[ServiceArea(a)])) for a in AREAS], True),
        counts_table("who", N_("Mål fordelt på WHOs livskvalitetsdimensioner"),
                     N_("Fysisk, psykisk, socialt og nærmiljø, som kontaktpersonen har valgt (ellers efter målets "
                        "livsområde). Figuren viser andelen af områdets mål."), report.who,
                     [d.value for d in WhoDimension] + [NOT_GIVEN], with_total=True, shares_of=TOTAL),
        counts_table("purpose", N_("Overordnet formål med mål"),
                     N_("Kompenserende, vedligeholdende eller udviklende, som kontaktpersonen har vurderet. "
                        "Figuren viser andelen af områdets mål."),
                     report.purpose, [t.value for t in PurposeType] + [NOT_GIVEN], with_total=True, shares_of=TOTAL),
        counts_table("fulfilment", N_("Målopfyldelse"),
                     N_("Ved opfølgning: andelen af mål, der er opfyldt, delvist opfyldt eller ikke opfyldt. "
                        "Linjen viser 80 %."), report.fulfilment, degree_columns, with_total=True, shares_of=TOTAL),
        PublishedTable("offers", tr(N_("Tilbud om handleplan")),
                       tr(N_("Borgere, der er tilbudt en handleplan, og hvor mange af dem der har sagt nej tak.")),
                       [tr(N_("Område")), tr(COLUMN_LABELS["offered"]), tr(COLUMN_LABELS["declined"]),
                        tr(COLUMN_LABELS["declined_share"])], offer_rows,
                       [{"area": label, "offered": o.cell(a, "offered").value, "declined": o.cell(a, "declined").value}
                        for a, label in areas[:-1]],
                       [("offered", tr(COLUMN_LABELS["offered"])), ("declined", tr(COLUMN_LABELS["declined"]))], False),
        PublishedTable("quality", tr(N_("Kvalitet")),
                       tr(N_("Andelen af planer, der lever op til hver linje i kvalitetstjekket.")),
                       [tr(N_("Område")), tr(COLUMN_LABELS["plans"])] + [tr(COLUMN_LABELS[c]) for c in _QUALITY],
                       quality_rows, quality_chart, [(c, tr(COLUMN_LABELS[c])) for c in _QUALITY], True),
    ]


_QUALITY = ["success", "dates", "duration", "citizen_voice", "next_follow_up"]


def _share_points(part: disclosure.Cell, whole: disclosure.Cell) -> float | None:
    value = disclosure.share(part, whole)
    return None if value is None else round(value * 100, 1)


def as_csv(table: PublishedTable) -> str:
    """Semicolon-separated, UTF-8 with a byte order mark: Danish Excel opens it with æ, ø and å intact."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return "\ufeff" + out.getvalue()


@dataclass(frozen=True)
class Published:
    """The report of the actor's units as the page shows it: its figures, tables and CSV files."""

    report: Report
    tables: list[PublishedTable]
    csv: dict[str, str]  # table key -> CSV text


def publish(db: Session, actor: Actor, period: Period) -> Published:
    """The slow part of the report page in one call (SQL aggregates, the disclosure check, formatting), so
    that the page can run it off the event loop."""
    result = unit_report(db, actor, period)
    published = tables(result, actor.locale)
    return Published(result, published, {table.key: as_csv(table) for table in published})
