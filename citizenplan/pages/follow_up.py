"""The follow-up screen, for a meeting with the citizen: quality check, the indsatsplan (the citizen's goals
with the delmål, other actors, unmet needs), the municipality's handleplan (§ 141) as recorded, calendar,
the record of the meeting, and the records before it."""

import reflex as rx
from reflex.vars import Var

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
    NEW_MUNICIPAL_GOALS,
    NOT_SAID,
    OFFER_CHOICES,
    PURPOSE_CHOICES,
    SPECIAL_FIELDS,
    WHO_CHOICES,
    FollowUpState,
)

S = FollowUpState
FHIR_UPLOAD, FHIR_CHOOSE = "fhir-upload", "fhir-choose"


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
    mark = rx.match(line.status, ("ok", "✓"), ("missing", "!"), "?")
    return rx.el.li(
        rx.hstack(
            rx.text(mark, aria_hidden="true", font_weight="700", min_width="1.5rem",
                    color=rx.match(line.status, ("ok", "var(--green-11)"), ("missing", "var(--red-11)"),
                                   "var(--gray-11)")),
            rx.vstack(
                rx.text(line.number, ". ", t_var(line.question), " ",
                        rx.el.span(rx.match(line.status, ("ok", t("I orden")), ("missing", t("Mangler")),
                                            t("Vurder selv")), class_name="visually-hidden")),
                rx.cond(line.status != "ok", rx.text(line.advice, size="2", color_scheme="gray"),
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
            rx.text(t("Delt af borgeren"), " ", p.when, size="2", color_scheme="gray"),
            rx.foreach(p.lines, line_view), spacing="2"), width="100%")),
    ), rx.fragment())


def _choice(name: str | rx.Var, value: rx.Var | str, label: rx.Var | rx.Component, checked: rx.Var) -> rx.Component:
    """One native radio as a 44 px target, for choices that come from data."""
    return rx.el.label(
        rx.el.input(type="radio", name=name, value=value, default_checked=checked, class_name="big-choice"),
        label, display="flex", align_items="center", gap="0.5rem", min_height=TAP, padding="0 0.75rem",
        border="1px solid var(--gray-8)", border_radius="8px", cursor="pointer",
    )


def _municipal_goal_box(goal: rx.Var) -> rx.Component:
    key = goal.key
    return text_box(t("Mål i handleplanen"), "mgoal-" + key, "mgoal-" + key, goal.text, rows="2")


def _labelled(upload: rx.Component, label_id: str) -> rx.Component:
    """Reflex's dropzone gives its hidden file input no name; screen readers (and axe) need one. The input's
    props come from react-dropzone's getInputProps(), which takes extra props: the chooser's own words."""
    file_input = upload.children[0].children[0]
    made = file_input.special_props[0]
    file_input.special_props = [Var(_js_expr=f"{made._js_expr[:-2]}({{'aria-labelledby': '{label_id}'}})",
                                    _var_type=None, _var_data=made._get_all_var_data())]
    return upload


def _fhir_import() -> rx.Component:
    """The handleplan from the municipality's system as a FHIR file (docs/fhir/README.md), instead of typing it."""
    return rx.card(rx.vstack(
        rx.heading(t("Hent handleplanen fra en fil"), as_="h3", size="3"),
        rx.text(t("Har du kommunens handleplan som FHIR-fil, kan du hente den ind her. Højst 1 MB."), size="2"),
        message(S.fhir_error),
        _labelled(rx.upload.root(
            rx.button(t("Vælg filen fra kommunen"), id=FHIR_CHOOSE, type="button", variant="outline", min_height=TAP),
            id=FHIR_UPLOAD, max_files=1, multiple=False,
            accept={"application/json": [".json"], "application/fhir+json": [".json"]}), FHIR_CHOOSE),
        rx.foreach(rx.selected_files(FHIR_UPLOAD), lambda name: rx.text(name, size="2")),
        rx.button(t("Hent handleplanen ind"), id="fhir-import", size="3", min_height=TAP,
                  on_click=S.import_fhir(rx.upload_files(upload_id=FHIR_UPLOAD))),
        spacing="2", width="100%"), width="100%")


def _frame_form() -> rx.Component:
    f = S.frame
    return _section(
        t("Kommunens handleplan (§ 141)"), "frame",
        rx.text(t("Handleplanen er kommunens. Skriv den af fra kommunens plan, som sagsbehandleren har lavet den."),
                size="2"),
        rx.cond(S.frame_by != "", rx.text(t("Skrevet ind af"), " ", S.frame_by, size="2",
                                          color_scheme="gray"),
                rx.text(t("Kommunens handleplan er ikke skrevet ind endnu."), size="2")),
        rx.cond(S.frame_source != "", rx.text(S.frame_source, size="2", color_scheme="gray")),
        _fhir_import(),
        message(S.frame_error),
        rx.cond(S.frame_error != "", rx.card(rx.vstack(
            rx.text.strong(t("Den gemte udgave")),
            rx.text(rx.text.strong(t("Formålet med indsatsen")), ": ", f.purpose, white_space="pre-wrap"),
            rx.text(rx.text.strong(t("Indsatsen")), ": ", f.intervention, white_space="pre-wrap"),
            rx.text(rx.text.strong(t("Forventet varighed")), ": ", f.duration_text), spacing="1"),
            width="100%"), rx.fragment()),
        rx.form(
            rx.vstack(
                rx.el.input(type="hidden", name="frame_version", value=S.frame_version.to_string()),
                text_box(t("Sagsbehandler"), "case_worker", "frame-case-worker", f.case_worker, rows="1"),
                text_box(t("Kommune"), "municipality", "frame-municipality", f.municipality, rows="1"),
                date_box(t("Handleplanens dato"), "made_on", "frame-made-on", f.made_on),
                text_box(t("Formålet med indsatsen"), "purpose", "frame-purpose", f.purpose),
                text_box(t("Den bevilgede indsats"), "intervention", "frame-intervention", f.intervention),
                text_box(t("Indsatsens omfang"), "intervention_scope", "frame-scope", f.intervention_scope,
                         rows="2", hint=rx.text(t("Fx \"bostøtte 4 timer om ugen\"."), size="2", color_scheme="gray")),
                radio_group(t("Forventet varighed"), "duration_kind", DURATION_CHOICES, f.duration_kind),
                text_box(t("Varigheden med dine ord"), "duration_text", "frame-duration", f.duration_text,
                         rows="1", hint=rx.text(t("Fx \"ca. 2 år\" eller \"mindst 1 år\". Ikke en dato."), size="2",
                                                color_scheme="gray")),
                rx.el.fieldset(
                    rx.el.legend(t("Handleplanens overordnede mål"), font_weight="600"),
                    rx.vstack(rx.foreach(S.municipal_goals, _municipal_goal_box),
                              rx.box(*[text_box(t("Nyt mål i handleplanen"), f"mgoal-new-{n}", f"mgoal-new-{n}",
                                                "", rows="2") for n in range(NEW_MUNICIPAL_GOALS)],
                                     key=S.sub_form_key.to_string(), width="100%"),
                              rx.text(t("Tøm feltet for at fjerne et mål, som kommunen har taget ud."), size="2",
                                      color_scheme="gray"),
                              spacing="2", width="100%"),
                    border="none", padding="0", margin="0", width="100%",
                ),
                rx.el.fieldset(
                    rx.el.legend(t("Andre særlige forhold"), font_weight="600"),
                    rx.vstack(*[text_box(t(label), key, f"frame-{key}", f.special[key], rows="2")
                                for key, label in SPECIAL_FIELDS], spacing="2", width="100%"),
                    border="none", padding="0", margin="0", width="100%",
                ),
                text_box(t("Kommunens forslag til udføreren"), "suggestions", "frame-suggestions",
                         f.suggestions, rows="2"),
                radio_group(t("Er borgeren tilbudt en handleplan?"), "offer", OFFER_CHOICES, f.offer),
                date_box(t("Dato for tilbuddet eller svaret"), "offer_on", "frame-offer-on", f.offer_on),
                date_box(t("Indsatsen begyndte"), "started_on", "frame-started", f.started_on),
                radio_group(t("Hvor tæt skal der følges op?"), "close", CLOSE_CHOICES, f.close),
                rx.button(t("Gem kommunens handleplan"), type="submit", size="3", min_height=TAP),
                spacing="3", width="100%",
            ),
            on_submit=S.save_frame, width="100%",
        ),
    )


def _answer(sub: rx.Var) -> rx.Component:
    return rx.match(
        sub.answer,
        ("agrees", rx.text(rx.text.strong(t("Borgeren er enig")), " · ", sub.answered)),
        ("disagrees", rx.text(rx.text.strong(t("Borgeren er ikke enig")), " · ", sub.answered)),
        rx.text(t("Borgeren har ikke svaret endnu."), color_scheme="gray"),
    )


def _sub_goal(sub: rx.Var) -> rx.Component:
    sub_id = sub.id
    return rx.box(rx.vstack(
        rx.text(rx.text.strong(sub.what)),
        rx.text(t("Ansvarlig"), ": ", sub.responsible,
                rx.cond(sub.how_often != "", rx.fragment(" · ", t("Hvor tit"), ": ", sub.how_often), rx.fragment())),
        _answer(sub),
        rx.cond(sub.words != "", rx.text(t("Borgerens ord"), ": \u201c", sub.words, "\u201d", white_space="pre-wrap"),
                rx.fragment()),
        rx.foreach(sub.assessments, lambda a: rx.text(
            rx.text.strong(t("Faglig vurdering"), " ", a.on), ": ", a.text, white_space="pre-wrap")),
        rx.cond(S.goal_error_at == "sub-" + sub_id, message(S.goal_error), rx.fragment()),
        rx.cond(sub.needs_assessment, rx.form(rx.vstack(
            rx.callout(t("Borgeren er ikke enig. Skriv din faglige vurdering med dato. Borgerens ord bliver stående."),
                       color_scheme="amber", high_contrast=True, width="100%"),
            rx.el.input(type="hidden", name="sub_goal_id", value=sub_id),
            text_box(t("Din faglige vurdering"), "assessment", "sub-assessment-" + sub_id, "", rows="3"),
            date_box(t("Dato for vurderingen"), "assessed_on", "sub-assessed-on-" + sub_id, S.today),
            rx.button(t("Gem vurderingen"), type="submit", variant="soft", min_height=TAP),
            spacing="2", width="100%"), on_submit=S.assess_sub_goal, width="100%"), rx.fragment()),
        rx.button(t("Fjern delmålet"), type="button", variant="outline", color_scheme="gray", min_height=TAP,
                  on_click=S.end_sub_goal(sub_id)),
        spacing="1", width="100%"), border_left="3px solid var(--accent-8)", padding_left="0.75rem", width="100%",
        role="listitem")


def _link_choices(goal: rx.Var) -> rx.Component:
    goal_id = goal.id
    return rx.cond(
        S.municipal_goals.length() > 0,
        rx.el.fieldset(
            rx.el.legend(t("Hører til handleplanens mål"), font_weight="600", margin_bottom="0.25rem"),
            rx.flex(
                rx.foreach(S.municipal_goals, lambda m: _choice("municipal_goal_key", m.key, m.text, goal.link == m.key)),
                _choice("municipal_goal_key", "0", t("Ikke knyttet"), goal.link == "0"),
                wrap="wrap", spacing="2"),
            border="none", padding="0", margin="0", width="100%", id="link-" + goal_id,
        ),
        rx.el.label(rx.el.input(type="checkbox", name="linked", default_checked=goal.linked,
                                class_name="big-choice"), t("Målet hører til formålet med indsatsen"),
                    display="flex", align_items="center", gap="0.5rem", min_height=TAP),
    )


def _goal(goal: rx.Var) -> rx.Component:
    goal_id = goal.id
    facts = [(t("Borgerens prioritet"), "priority"), (t("Kort eller lang sigt"), "horizon"),
             (t("Livsområde"), "life_area"), (t("Sådan kan borgeren mærke det"), "success"), (t("Hvornår"), "target")]
    return rx.card(rx.vstack(
        rx.text(t("Borgerens mål med egne ord"), size="2", color_scheme="gray"),
        rx.heading(goal.title, as_="h3", size="4"),
        *[rx.cond(goal[key] != "", rx.text(rx.text.strong(label), ": ", goal[key]), rx.fragment())
          for label, key in facts],
        rx.foreach(goal.steps, lambda s: rx.text("• ", s)),
        rx.cond(goal.disagrees, rx.callout(
            t("Borgeren er ikke enig i dette mål. Skriv din faglige vurdering."), color_scheme="amber",
            high_contrast=True, width="100%"), rx.fragment()),
        rx.cond(goal.link_removed, rx.callout(
            t("Målet er knyttet til et mål, som ikke længere står i kommunens handleplan. Vælg et af handleplanens "
              "mål."), color_scheme="amber", high_contrast=True, width="100%"), rx.fragment()),
        rx.cond(S.goal_error_at == goal_id, message(S.goal_error), rx.fragment()),
        rx.form(rx.vstack(
            rx.el.input(type="hidden", name="item_id", value=goal_id),
            _link_choices(goal),
            text_box(t("Hvem er ansvarlig for målet"), "responsible", "responsible-" + goal_id, goal.responsible,
                     rows="1"),
            radio_group(t("Formålstype"), "purpose_type", PURPOSE_CHOICES, goal.purpose_type),
            radio_group(t("WHO-livskvalitet"), "who_dimension", WHO_CHOICES, goal.who),
            text_box(t("Hvad kan gøre det svært?"), "obstacles", "obstacles-" + goal_id, goal.obstacles, rows="2"),
            text_box(t("Hvad kan hjælpe?"), "supports", "supports-" + goal_id, goal.supports, rows="2"),
            text_box(t("Faglig vurdering af målet"), "assessment", "assessment-" + goal_id, goal.assessment),
            rx.cond(goal.assessed != "", rx.text(t("Senest gemt"), " ", goal.assessed, size="2", color_scheme="gray"),
                    rx.fragment()),
            rx.button(t("Gem indsatsplanen for målet"), type="submit", variant="soft", min_height=TAP),
            spacing="2", width="100%"), on_submit=S.assess, width="100%"),
        rx.heading(t("Delmål"), as_="h4", size="3"),
        rx.cond(goal.sub_goals.length() > 0,
                rx.vstack(rx.foreach(goal.sub_goals, _sub_goal), spacing="3", width="100%", role="list"),
                rx.text(t("Der er ingen delmål endnu."), size="2")),
        rx.el.details(
            rx.el.summary(t("Foreslå et delmål"), style={"min_height": TAP, "cursor": "pointer", "font_weight": "600",
                                                          "padding": "0.6rem 0"}),
            rx.cond(S.goal_error_at == "new-" + goal_id, message(S.goal_error), rx.fragment()),
            rx.form(rx.vstack(
                rx.el.input(type="hidden", name="item_id", value=goal_id),
                text_box(t("Hvad skal der gøres?"), "what", "what-" + goal_id, "", rows="2",
                         hint=rx.text(t("Fx \"Bostøtten hjælper med en aftale om tid, sted og aktivitet med børnene\"."),
                                      size="2", color_scheme="gray")),
                text_box(t("Hvem er ansvarlig?"), "responsible", "sub-responsible-" + goal_id, "", rows="1"),
                text_box(t("Hvor tit? (kan udelades)"), "how_often", "how-often-" + goal_id, "", rows="1"),
                rx.button(t("Gem delmålet"), type="submit", min_height=TAP),
                spacing="2", width="100%"), on_submit=S.propose_sub_goal, width="100%",
                key=S.sub_form_key.to_string()),
            open=S.goal_error_at == "new-" + goal_id, width="100%",
        ),
        spacing="2", width="100%"), width="100%", id="goal-" + goal_id)


def _goals() -> rx.Component:
    return _section(
        t("Indsatsplan"), "goals",
        rx.text(t("Udførerens plan, lavet sammen med borgeren: borgerens egne mål, knyttet til kommunens handleplan, "
                  "og delmål om, hvem der gør hvad."), size="2"),
        rx.cond(S.removed_links > 0, rx.callout(
            t("Et eller flere mål er knyttet til et mål, som ikke længere står i kommunens handleplan."),
            color_scheme="amber", high_contrast=True, width="100%"), rx.fragment()),
        message(rx.cond(S.goal_error_at == "", S.goal_error, "")),
        rx.cond(S.goals.length() > 0, rx.vstack(rx.foreach(S.goals, _goal), spacing="3", width="100%"),
                rx.text(t("Borgeren har ikke delt et mål med dig endnu."))),
    )


def _around() -> rx.Component:
    """Other actors around the citizen, and unmet needs per life area (seed 004)."""
    return _section(
        t("Andre aktører og udækkede behov"), "around",
        message(S.around_error),
        rx.heading(t("Andre aktører omkring borgeren"), as_="h3", size="4"),
        rx.cond(S.actors.length() > 0, rx.vstack(rx.foreach(S.actors, lambda a: rx.hstack(
            rx.text(rx.text.strong(a.name), rx.cond(a.role != "", rx.fragment(" · ", a.role), rx.fragment()),
                    rx.cond(a.does != "", rx.fragment(": ", a.does), rx.fragment())),
            rx.button(t("Fjern"), type="button", variant="outline", color_scheme="gray", min_height=TAP,
                      on_click=S.end_actor(a.id)), justify="between", width="100%", align="center")),
            width="100%"), rx.text(t("Ingen andre aktører er skrevet på."), size="2")),
        rx.form(rx.vstack(
            text_box(t("Navn"), "actor_name", "actor-name", "", rows="1",
                     hint=rx.text(t("Fx psykiatrien, jobcentret eller egen læge."), size="2", color_scheme="gray")),
            text_box(t("Rolle (kan udelades)"), "actor_role", "actor-role", "", rows="1"),
            text_box(t("Hvad gør de? (kan udelades)"), "actor_does", "actor-does", "", rows="2"),
            rx.button(t("Tilføj aktøren"), type="submit", variant="soft", min_height=TAP),
            spacing="2", width="100%"), on_submit=S.add_actor, width="100%", key=S.sub_form_key.to_string()),
        rx.heading(t("Udækkede behov"), as_="h3", size="4"),
        rx.text(t("Beskriv behovet, ikke målet. Lad feltet stå tomt, hvis der ikke er et behov."), size="2"),
        rx.form(rx.vstack(
            rx.foreach(S.needs, lambda n: text_box(n.label, "need-" + n.area, "need-" + n.area, n.text, rows="2")),
            rx.button(t("Gem de udækkede behov"), type="submit", variant="soft", min_height=TAP),
            spacing="2", width="100%"), on_submit=S.save_needs, width="100%"),
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
    goal_id = goal.id
    d = S.form_defaults.goals[goal_id]  # undefined until a record is corrected: the fields start empty
    return rx.card(rx.vstack(
        rx.heading(goal.title, as_="h3", size="4"),
        radio_group(t("Opfyldelsesgrad"), "degree-" + goal_id, DEGREE_CHOICES, d.degree),
        text_box(t("Beskrivelse af målopfyldelsen"), "description-" + goal_id, "description-" + goal_id,
                 d.description, rows="2"),
        text_box(t("Borgerens eget syn: Hvordan synes du selv, det er gået?"), "citizen_view-" + goal_id,
                 "citizen_view-" + goal_id, d.citizen_view, rows="2"),
        radio_group(t("Borgerens egen vurdering"), "citizen_degree-" + goal_id, DEGREE_CHOICES,
                    d.citizen_degree, with_none=NOT_SAID),
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
            date_box(t("Mødets dato"), "held_on", "record-held-on", d.held_on),
            text_box(t("Hvem var med"), "participants", "record-participants", d.participants, rows="1"),
            radio_group(t("Formålet med indsatsen er"), "purpose_judgement", JUDGEMENT_CHOICES,
                        d.purpose_judgement),
            rx.foreach(S.goals, _goal_fields),
            text_box(t("Andet fra mødet (kan udelades)"), "note", "record-note", d.note, rows="2"),
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
        rx.hstack(rx.heading(t("Opfølgning"), " ", record.held_on, as_="h3", size="4"),
                  rx.cond(record.corrects, rx.badge(t("Rettelse"), color_scheme="blue", high_contrast=True),
                          rx.fragment()),
                  rx.cond(record.corrected, rx.badge(t("Rettet senere"), color_scheme="gray", high_contrast=True),
                          rx.fragment()),
                  wrap="wrap", align="center"),
        rx.text(t("Skrevet af"), " ", record.by, " · ", record.signed, size="2", color_scheme="gray"),
        rx.text(rx.text.strong(t("Hvem var med")), ": ", record.participants),
        rx.foreach(record.goals, lambda g: goal_fulfilment(g, t("Borgeren"))),
        rx.cond(record.note != "", rx.text(record.note, white_space="pre-wrap"), rx.fragment()),
        rx.cond(record.corrected, rx.fragment(),
                rx.button(t("Ret med en ny dateret rettelse"), variant="outline", min_height=TAP,
                          on_click=S.correct(record.id))),
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
    links = [("#quality", "Kvalitetstjek"), ("#goals", "Indsatsplan"), ("#around", "Andre aktører og udækkede behov"),
             ("#frame", "Kommunens handleplan (§ 141)"), ("#schedule", "Sæt næste opfølgning"),
             ("#record-form", "Opfølgningsmødet"), ("#records", "Tidligere opfølgninger")]
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
                rx.el.a(t("Hent planen som FHIR-fil"), href=S.fhir_href, download="indsatsplan.fhir.json",
                        reload_document=True, id="download-fhir", class_name="plain-link tap-link"),
                wrap="wrap", spacing="4"),
            _next_meeting(), _jump_links(), _quality(), _preparations(), _goals(), _around(), _frame_form(), _schedule(),
            _record_form(),
            _records(),
            spacing="6", width="100%"), rx.fragment()),
    )
