"""The follow-up screen, for a meeting with the citizen: quality check, § 141 frame, goals, calendar,
the record of the meeting, and the records before it."""

import reflex as rx

from citizenplan.components.forms import date_box, radio_group, text_box
from citizenplan.components.fulfilment import goal_fulfilment
from citizenplan.components.i18n import t, t_var
from citizenplan.components.layout import TAP, message
from citizenplan.components.layout import page as frame
from citizenplan.pages.workbook import line_view
from citizenplan.state.follow_up import (
    CLOSE_CHOICES,
    DEGREE_CHOICES,
    DURATION_CHOICES,
    JUDGEMENT_CHOICES,
    NOT_SAID,
    PURPOSE_CHOICES,
    SPECIAL_FIELDS,
    FollowUpState,
)

S = FollowUpState


def _section(heading: rx.Var, section_id: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.vstack(rx.heading(heading, as_="h2", size="5", id=f"{section_id}-heading"),
                  rx.cond((S.notice != "") & (S.notice_in == section_id), rx.callout(
                      t_var(S.notice), color_scheme="green", high_contrast=True, role="status", width="100%"),
                      rx.fragment()),
                  *children, spacing="3", width="100%"),
        id=section_id, aria_labelledby=f"{section_id}-heading", width="100%",
    )


def _next_meeting() -> rx.Component:
    return rx.cond(
        S.next_due == "",
        rx.callout(t("Der er ingen dato for næste opfølgning."), color_scheme="amber", high_contrast=True, width="100%"),
        rx.cond(
            S.overdue,
            rx.callout(rx.text(rx.text.strong(t("Overskredet")), ": ", t("opfølgningen skulle have været"), " ",
                               S.next_due), color_scheme="red", high_contrast=True, width="100%"),
            rx.callout(rx.text(t("Næste opfølgning"), ": ", S.next_due, rx.cond(S.next_detail != "", " · ", ""),
                               S.next_detail), color_scheme="green", high_contrast=True, width="100%"),
        ),
    )


def _quality_line(line: rx.Var) -> rx.Component:
    mark = rx.match(line["status"], ("ok", "✓"), ("missing", "!"), "?")
    return rx.el.li(
        rx.hstack(
            rx.text(mark, aria_hidden="true", font_weight="700", min_width="1.5rem",
                    color=rx.match(line["status"], ("ok", "var(--green-11)"), ("missing", "var(--red-11)"),
                                   "var(--gray-11)")),
            rx.vstack(
                rx.text(line["number"], ". ", t_var(line["question"]), " ",
                        rx.el.span(rx.match(line["status"], ("ok", t("I orden")), ("missing", t("Mangler")),
                                            t("Vurder selv")), class_name="visually-hidden")),
                rx.cond(line["status"] != "ok", rx.text(line["advice"], size="2", color_scheme="gray"),
                        rx.fragment()),
                spacing="0",
            ),
            align="start", spacing="2",
        ),
        list_style="none",
    )


def _quality() -> rx.Component:
    return _section(
        t("Kvalitetstjek"), "quality",
        rx.text(t("Spørgsmålene fra vurderingsskemaet. Det, som data kan svare på, er tjekket."), size="2"),
        rx.el.ul(rx.foreach(S.quality, _quality_line), padding="0", margin="0"),
        rx.cond(S.met_line != "", rx.text(S.met_line), rx.fragment()),
        rx.cond(S.suggest_smaller, rx.callout(
            t("Under ca. 80 % af målene blev nået. Overvej sammen med borgeren at gøre målene mindre, "
              "så de kan nås."), color_scheme="amber", high_contrast=True, width="100%"), rx.fragment()),
    )


def _preparations() -> rx.Component:
    return rx.cond(S.preparations.length() > 0, _section(
        t("Borgerens forberedelse"), "preparation",
        rx.foreach(S.preparations, lambda p: rx.card(rx.vstack(
            rx.text(t("Delt af borgeren"), " ", p["when"].to(str), size="2", color_scheme="gray"),
            rx.foreach(p["lines"].to(list[dict[str, str]]), line_view), spacing="2"), width="100%")),
    ), rx.fragment())


def _frame_form() -> rx.Component:
    f = S.frame
    return _section(
        t("Rammen efter § 141"), "frame",
        rx.cond(S.frame_by != "", rx.text(t("Senest gemt af"), " ", S.frame_by, size="2", color_scheme="gray"),
                rx.text(t("Rammen er ikke skrevet endnu."), size="2")),
        message(S.frame_error),
        rx.cond(S.frame_error != "", rx.card(rx.vstack(
            rx.text.strong(t("Den gemte udgave")),
            rx.text(rx.text.strong(t("Formålet med indsatsen")), ": ", f["purpose"].to(str), white_space="pre-wrap"),
            rx.text(rx.text.strong(t("Indsatsen")), ": ", f["intervention"].to(str), white_space="pre-wrap"),
            rx.text(rx.text.strong(t("Forventet varighed")), ": ", f["duration_text"].to(str)), spacing="1"),
            width="100%"), rx.fragment()),
        rx.form(
            rx.vstack(
                rx.el.input(type="hidden", name="frame_version", value=S.frame_version.to_string()),
                text_box(t("Formålet med indsatsen"), "purpose", "frame-purpose", f["purpose"].to(str)),
                text_box(t("Indsatsen"), "intervention", "frame-intervention", f["intervention"].to(str)),
                radio_group(t("Forventet varighed"), "duration_kind", DURATION_CHOICES, f["duration_kind"].to(str)),
                text_box(t("Varigheden med dine ord"), "duration_text", "frame-duration", f["duration_text"].to(str),
                         rows="1", hint=rx.text(t("Fx \"ca. 2 år\" eller \"mindst 1 år\". Ikke en dato."), size="2",
                                                color_scheme="gray")),
                rx.el.fieldset(
                    rx.el.legend(t("Andre særlige forhold"), font_weight="600"),
                    rx.vstack(*[text_box(t(label), key, f"frame-{key}", f[key].to(str), rows="2")
                                for key, label in SPECIAL_FIELDS], spacing="2", width="100%"),
                    border="none", padding="0", margin="0", width="100%",
                ),
                date_box(t("Planen begyndte"), "started_on", "frame-started", f["started_on"].to(str)),
                radio_group(t("Hvor tæt skal der følges op?"), "close", CLOSE_CHOICES, f["close"].to(str)),
                rx.button(t("Gem rammen"), type="submit", size="3", min_height=TAP),
                spacing="3", width="100%",
            ),
            on_submit=S.save_frame, width="100%",
        ),
    )


def _goal(goal: rx.Var) -> rx.Component:
    goal_id = goal["id"].to(str)
    return rx.card(rx.vstack(
        rx.heading(goal["title"].to(str), as_="h3", size="4"),
        rx.cond(goal["success"].to(str) != "", rx.text(rx.text.strong(t("Sådan kan borgeren mærke det")), ": ",
                                                       goal["success"].to(str)), rx.fragment()),
        rx.cond(goal["target"].to(str) != "", rx.text(rx.text.strong(t("Hvornår")), ": ", goal["target"].to(str)),
                rx.fragment()),
        rx.foreach(goal["steps"].to(list[str]), lambda s: rx.text("• ", s)),
        rx.cond(goal["disagrees"].to(bool), rx.callout(
            t("Borgeren er ikke enig i dette mål. Skriv din faglige vurdering."), color_scheme="amber",
            high_contrast=True, width="100%"), rx.fragment()),
        rx.form(rx.vstack(
            rx.el.input(type="hidden", name="item_id", value=goal_id),
            radio_group(t("Formålstype"), "purpose_type", PURPOSE_CHOICES, goal["purpose_type"].to(str)),
            rx.el.label(rx.el.input(type="checkbox", name="linked", default_checked=goal["linked"].to(bool),
                                    class_name="big-choice"), t("Målet hører til formålet med indsatsen"),
                        display="flex", align_items="center", gap="0.5rem", min_height=TAP),
            text_box(t("Faglig vurdering"), "assessment", "assessment-" + goal_id, goal["assessment"].to(str)),
            rx.cond(goal["assessed"].to(str) != "", rx.text(t("Senest vurderet"), " ", goal["assessed"].to(str),
                                                            size="2", color_scheme="gray"), rx.fragment()),
            rx.button(t("Gem om målet"), type="submit", variant="soft", min_height=TAP),
            spacing="2", width="100%"), on_submit=S.assess, width="100%"),
        spacing="2", width="100%"), width="100%")


def _goals() -> rx.Component:
    return _section(
        t("Målene i planen"), "goals",
        message(S.goal_error),
        rx.cond(S.goals.length() > 0, rx.vstack(rx.foreach(S.goals, _goal), spacing="3", width="100%"),
                rx.text(t("Borgeren har ikke delt et mål med dig endnu."))),
    )


def _schedule() -> rx.Component:
    return _section(
        t("Sæt næste opfølgning"), "schedule",
        rx.text(t("Efter reglen senest"), " ", S.limit, ". ", t("Vælger du en senere dato, skriv hvorfor."), size="2"),
        message(S.schedule_error),
        rx.form(rx.vstack(
            date_box(t("Dato"), "due_on", "schedule-date", S.proposed),
            date_box(t("Tidspunkt (kan udelades)"), "at_time", "schedule-time", "", input_type="time"),
            text_box(t("Sted (kan udelades)"), "place", "schedule-place", "", rows="1"),
            text_box(t("Hvem deltager (kan udelades)"), "participants", "schedule-participants", "", rows="1"),
            text_box(t("Hvorfor senere end reglen (kun hvis datoen er senere)"), "reason_later", "schedule-reason", "",
                     rows="2"),
            rx.button(t("Sæt i kalenderen"), type="submit", size="3", min_height=TAP),
            spacing="3", width="100%"), on_submit=S.schedule, width="100%"),
    )


def _goal_fields(goal: rx.Var) -> rx.Component:
    goal_id = goal["id"].to(str)
    d = S.form_defaults
    return rx.card(rx.vstack(
        rx.heading(goal["title"].to(str), as_="h3", size="4"),
        radio_group(t("Opfyldelsesgrad"), "degree-" + goal_id, DEGREE_CHOICES, d["degree-" + goal_id].to(str)),
        text_box(t("Beskrivelse af målopfyldelsen"), "description-" + goal_id, "description-" + goal_id,
                 d["description-" + goal_id].to(str), rows="2"),
        text_box(t("Borgerens eget syn: Hvordan synes du selv, det er gået?"), "citizen_view-" + goal_id,
                 "citizen_view-" + goal_id, d["citizen_view-" + goal_id].to(str), rows="2"),
        radio_group(t("Borgerens egen vurdering"), "citizen_degree-" + goal_id, DEGREE_CHOICES,
                    d["citizen_degree-" + goal_id].to(str), with_none=NOT_SAID),
        spacing="2", width="100%"), width="100%")


def _record_form() -> rx.Component:
    d = S.form_defaults
    return _section(
        t("Opfølgningsmødet"), "record-form",
        rx.cond(S.correcting != "", rx.callout(rx.vstack(
            rx.text(t("Du retter opfølgningen fra"), " ", S.correcting, ". ", t("Den gamle bliver stående.")),
            rx.button(t("Fortryd rettelsen"), type="button", variant="outline", high_contrast=True,
                      on_click=S.cancel_correction,
                      min_height=TAP)), color_scheme="blue", high_contrast=True, width="100%"), rx.fragment()),
        rx.form(rx.vstack(
            date_box(t("Mødets dato"), "held_on", "record-held-on", d["held_on"].to(str)),
            text_box(t("Hvem var med"), "participants", "record-participants", d["participants"].to(str), rows="1"),
            radio_group(t("Formålet med indsatsen er"), "purpose_judgement", JUDGEMENT_CHOICES,
                        d["purpose_judgement"].to(str)),
            rx.foreach(S.goals, _goal_fields),
            text_box(t("Andet fra mødet (kan udelades)"), "note", "record-note", d["note"].to(str), rows="2"),
            rx.cond(S.correcting == "", rx.vstack(
                date_box(t("Næste opfølgning"), "next_due_on", "record-next", S.next_after_meeting),
                text_box(t("Hvorfor senere end reglen (kun hvis datoen er senere)"), "next_reason_later",
                         "record-next-reason", "", rows="2"),
                spacing="3", width="100%"), rx.fragment()),
            message(S.record_error),
            rx.text(t("Når du gemmer, bliver opfølgningen låst. En fejl rettes med en ny, dateret rettelse."),
                    size="2"),
            rx.button(t("Gem og lås opfølgningen"), type="submit", size="3", min_height=TAP),
            spacing="3", width="100%"),
            key=S.record_form_key.to_string(), on_submit=S.save_record, width="100%"),
    )


def _record(record: rx.Var) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(t("Opfølgning"), " ", record["held_on"].to(str), as_="h3", size="4"),
                  rx.cond(record["corrects"].to(bool), rx.badge(t("Rettelse"), color_scheme="blue",
                                                                 high_contrast=True), rx.fragment()),
                  rx.cond(record["corrected"].to(bool), rx.badge(t("Rettet senere"), color_scheme="gray",
                                                                  high_contrast=True), rx.fragment()),
                  wrap="wrap", align="center"),
        rx.text(t("Skrevet af"), " ", record["by"].to(str), " · ", record["signed"].to(str), size="2",
                color_scheme="gray"),
        rx.text(rx.text.strong(t("Hvem var med")), ": ", record["participants"].to(str)),
        rx.foreach(record["goals"].to(list[dict]), lambda g: goal_fulfilment(g, t("Borgeren"))),
        rx.cond(record["note"].to(str) != "", rx.text(record["note"].to(str), white_space="pre-wrap"), rx.fragment()),
        rx.cond(record["corrected"].to(bool), rx.fragment(),
                rx.button(t("Ret med en ny dateret rettelse"), variant="outline", min_height=TAP,
                          on_click=S.correct(record["id"].to(str)))),
        spacing="2", width="100%"), width="100%", role="listitem")


def _records() -> rx.Component:
    return _section(
        t("Tidligere opfølgninger"), "records",
        rx.cond(S.records.length() > 0, rx.vstack(rx.foreach(S.records, _record), spacing="3", width="100%",
                                                  role="list"),
                rx.text(t("Der er ingen opfølgninger endnu."))),
    )


def _jump_links() -> rx.Component:
    """On a long page at a meeting: straight to the part you need."""
    links = [("#quality", "Kvalitetstjek"), ("#goals", "Målene i planen"), ("#frame", "Rammen efter § 141"),
             ("#schedule", "Sæt næste opfølgning"), ("#record-form", "Opfølgningsmødet"),
             ("#records", "Tidligere opfølgninger")]
    return rx.el.nav(
        rx.flex(*[rx.link(t(label), href=href, underline="always", min_height=TAP, display="inline-flex",
                          align_items="center") for href, label in links], wrap="wrap", column_gap="1rem"),
        aria_label=t("På siden"), width="100%",
    )


def page() -> rx.Component:
    return frame(
        rx.fragment(t("Opfølgning"), ": ", S.citizen_name),
        rx.text(S.unit_line, color_scheme="gray"),
        message(S.error),
        rx.cond(S.loaded, rx.vstack(
            rx.flex(
                rx.link(t("Det, borgeren har delt"), href=S.shared_plan_href, underline="always"),
                rx.link(t("Udskriv planen"), href=S.print_href, underline="always"),
                rx.el.a(t("Hent planen som PDF"), href=S.pdf_href, download="indsatsplan.pdf", reload_document=True,
                        class_name="plain-link tap-link"),
                wrap="wrap", spacing="4"),
            _next_meeting(), _jump_links(), _quality(), _preparations(), _goals(), _frame_form(), _schedule(), _record_form(),
            _records(),
            spacing="6", width="100%"), rx.fragment()),
    )
