"""The manager's report: each figure as a chart with the same numbers in a table, a CSV download, print."""

import reflex as rx

from citizenplan import routes
from citizenplan.components.forms import date_box
from citizenplan.components.i18n import t
from citizenplan.components.layout import TAP, message
from citizenplan.components.layout import page as frame
from citizenplan.state.report import FIGURES, ReportState, series_of

S = ReportState
# The bars' colours in light mode; assets/styles.css gives each series (class series-N) its colour in the mode the
# phone is in (--chart-N), so that a bar stands at 3:1 or more against the page in dark mode too (WCAG 1.4.11).
COLOURS = ["#1f5f5b", "#b45309", "#6d28d9", "#0369a1", "#4b5563"]
AREA_AXIS_PX = 96  # the area names beside the bars, wrapped word by word: "Homelessness" is 86 px at 12 px
TICKS = {"fontSize": 12, "fill": "#374151"}  # the axes' words: Recharts measures them in this size to wrap them


def _legend(series: list[tuple[str, str]]) -> rx.Component:
    """The colours in the order of the bars, as a list that wraps on a phone (Recharts' own legend sorts
    the names and centres them)."""
    return rx.el.ul(*[rx.el.li(rx.el.span(class_name=f"swatch {_series(i)}"), t(label))
                      for i, (_key, label) in enumerate(series)], class_name="chart-legend")


def _series(i: int) -> str:
    return f"series-{i % len(COLOURS)}"


def _chart(key: str, series: list[tuple[str, str]], percent: bool) -> rx.Component:
    """Horizontal bars: on a 390 px phone the area names sit beside their bars (wrapped, never cut) and the
    number axis runs along the bottom with room for "100%" at its end."""
    parts = [rx.recharts.bar(data_key=data_key, name=t(label), fill=COLOURS[i % len(COLOURS)],
                             class_name=_series(i), is_animation_active=False) for i, (data_key, label) in enumerate(series)]
    if key == "fulfilment":
        parts.append(rx.recharts.reference_line(rx.recharts.label(value="80 %", position="top", font_size=12),
                                                x=80, stroke="#b91c1c", stroke_dasharray="4 4",
                                                if_overflow="extendDomain", class_name="target-line"))
    return rx.box(
        rx.recharts.bar_chart(
            *parts,
            rx.recharts.x_axis(type_="number", domain=[0, 100] if percent else [0, "auto"], tick=TICKS,
                               unit="%" if percent else ""),
            rx.recharts.y_axis(type_="category", data_key="area", interval=0, width=AREA_AXIS_PX, tick=TICKS),
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            data=S.tables[key].chart, width="100%", height=60 + 3 * (len(series) * 16 + 24),
            layout="vertical", margin={"top": 20, "right": 28, "bottom": 0, "left": 10},
            custom_attrs={"accessibilityLayer": False},  # the table below is the accessible form
        ),
        _legend(series),
        aria_hidden="true", width="100%", class_name="report-chart",
    )


def _table(key: str) -> rx.Component:
    """On a phone each area's row stands as a small card: the area, then each column's name beside its
    number (assets/styles.css), so no column is hidden off the screen. The roles keep it a table for
    screen readers whatever the CSS does with its display."""
    figure = S.tables[key]
    columns = figure.columns
    return rx.box(
        rx.el.table(
            rx.el.caption(figure.title, class_name="visually-hidden"),
            rx.el.thead(rx.el.tr(rx.foreach(columns, lambda c: rx.el.th(c, scope="col", role="columnheader")),
                                 role="row"), role="rowgroup"),
            rx.el.tbody(rx.foreach(figure.rows, lambda row: rx.el.tr(
                rx.el.th(row[0], scope="row", role="rowheader"),
                rx.foreach(row[1:], lambda cell, i: rx.el.td(cell, role="cell", data_label=columns[i + 1])),
                role="row")), role="rowgroup"),
            class_name="figures", role="table",
        ),
        overflow_x="auto", width="100%", tab_index=0, role="region",
        aria_label=figure.title,
    )


def _figure(key: str, series: list[tuple[str, str]], percent: bool) -> rx.Component:
    figure = S.tables[key]
    return rx.el.section(
        rx.vstack(
            rx.heading(figure.title, as_="h2", size="5", id=f"figure-{key}"),
            rx.text(figure.note, size="2"),
            _chart(key, series, percent),
            _table(key),
            rx.button(t("Hent tabellen som CSV"), on_click=S.download(key), variant="outline", min_height=TAP,
                      class_name="no-print", aria_label=t("Hent tabellen som CSV") + ": " + figure.title),
            spacing="3", width="100%",
        ),
        aria_labelledby=f"figure-{key}", width="100%", class_name="report-figure",
    )


def _period_form() -> rx.Component:
    return rx.form(
        rx.flex(
            date_box(t("Fra"), "start", "period-start", S.period_start),
            date_box(t("Til"), "end", "period-end", S.period_end),
            rx.button(t("Vis perioden"), type="submit", size="3", min_height=TAP),
            wrap="wrap", spacing="3", align="end",
        ),
        key=S.period_start + S.period_end, on_submit=S.choose_period, width="100%", class_name="no-print",
    )


def page() -> rx.Component:
    return frame(
        t("Ledelsesinformation"),
        rx.text(S.units_line, color_scheme="gray"),
        message(S.error),
        rx.cond(S.no_unit, rx.fragment(), rx.vstack(
            _period_form(),
            rx.text(t("Periode"), ": ", S.period_line, " · ", t("Beregnet"), " ", S.computed_line, size="2"),
            rx.text(t("Kun tal, aldrig en persons plan. Under 5 vises som \"< 5\"; \"–\" er skjult, så et lille "
                      "tal ikke kan regnes ud."), size="2"),
            rx.hstack(
                rx.button(t("Udskriv"), on_click=S.print_page, variant="soft", min_height=TAP),
                rx.link(t("Min enhed"), href=routes.MANAGER_HOME, underline="always"),
                rx.el.a(t("Hent tallene som FHIR-fil"), href=S.fhir_href, download="ledelsesinformation.fhir.json",
                        reload_document=True, id="download-fhir-report", class_name="plain-link tap-link"),
                spacing="4", align="center", class_name="no-print", wrap="wrap",
            ),
            rx.cond(
                S.empty,
                rx.callout(t("Der er ingen planer i perioden. Vælg en anden periode."), color_scheme="blue",
                           high_contrast=True, width="100%"),
                rx.cond(S.tables.length() == len(FIGURES), rx.vstack(
                    *[_figure(key, series_of(keys), percent) for key, keys, percent in FIGURES],
                    spacing="7", width="100%"), rx.fragment()),
            ),
            spacing="4", width="100%",
        )),
    )
