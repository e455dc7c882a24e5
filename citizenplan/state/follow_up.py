"""The follow-up screen: the municipality's handleplan (§ 141) as recorded, the indsatsplan made with the
citizen (her goals, the delmål, other actors, unmet needs), the calendar, the meeting's record."""

import inspect

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.clock import danish_today
from citizenplan.domain import case_file, follow_up, municipal_plan, overview, provider_plan
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.fhir import importing
from citizenplan.domain.follow_up import (
    DEGREE_LABELS,
    PURPOSE_JUDGEMENT_LABELS,
    SPECIAL_CONDITIONS,
    Degree,
    PurposeJudgement,
)
from citizenplan.domain.ids import parse_id, parse_number, require_id
from citizenplan.domain.vocabulary import SERVICE_AREA_LABELS, WHO_DIMENSION_LABELS, LifeArea, WhoDimension
from citizenplan.state import inputs
from citizenplan.state.follow_up_rows import (
    ActorRow,
    FrameRow,
    GoalDefaults,
    GoalRow,
    MunicipalGoalRow,
    NeedRow,
    PreparationRow,
    QualityRow,
    RecordDefaults,
    frame_row,
    goal_row,
    need_rows,
    quality_rows,
)
from citizenplan.state.rows import MeetingRow, meeting_row
from citizenplan.state.session import SessionState
from citizenplan.state.workbook import item_lines

IMPORTED = N_("Hentet ind fra kommunens fil, udgave {n}.")
NO_FILE = N_("Vælg først filen fra kommunen.")


def _text(form: dict[str, str], name: str) -> str:
    """A field of a form read through inputs.form."""
    return form.get(name, "")


def _case_of(db, actor, citizen_id: int) -> tuple:
    """The case, the handleplan and the indsatsplan, and what was new is seen: one unit of work, in a thread."""
    case = case_file.case_file(db, actor, citizen_id)
    handleplan = municipal_plan.municipal_plan(db, actor, citizen_id)
    plan = provider_plan.provider_plan(db, actor, citizen_id)
    overview.mark_seen(db, actor, citizen_id)
    return case, handleplan, plan


class FollowUpState(SessionState):
    citizen_id: int = 0
    loaded: bool = False
    citizen_name: str = ""
    unit_line: str = ""
    next_due: str = ""
    next_detail: str = ""
    overdue: bool = False
    proposed: str = ""  # ISO, for the date input
    limit: str = ""
    next_after_meeting: str = ""
    today: str = ""
    frame: FrameRow = FrameRow()
    frame_version: int = 0
    frame_by: str = ""
    goals: list[GoalRow] = []
    quality: list[QualityRow] = []
    records: list[MeetingRow] = []
    preparations: list[PreparationRow] = []
    met_line: str = ""
    suggest_smaller: bool = False
    frame_error: str = ""
    goal_error: str = ""
    goal_error_at: str = ""  # the goal (item id) or delmål ("sub-<id>") whose card shows goal_error
    municipal_goals: list[MunicipalGoalRow] = []  # the handleplan's overall goals
    removed_links: int = 0  # goals linked to a handleplan goal the newest version no longer has
    actors: list[ActorRow] = []
    needs: list[NeedRow] = []
    around_error: str = ""
    sub_form_key: int = 0  # a new number empties the delmål forms after a save
    schedule_error: str = ""
    notice_in: str = ""  # the section whose save the notice is about: it is shown there
    record_error: str = ""
    correcting: str = ""  # the date of the record being corrected, shown above the form
    correcting_id: int = 0
    form_defaults: RecordDefaults = RecordDefaults()
    record_form_key: int = 0
    _fresh_defaults: RecordDefaults = RecordDefaults()
    shared_plan_href: str = ""
    print_href: str = ""
    pdf_href: str = ""
    fhir_href: str = ""
    fhir_error: str = ""
    frame_source: str = ""  # "udgave N fra kommunens fil" when the newest handleplan version was imported

    @rx.event
    async def load(self):
        return await self._open(routes.FOLLOW_UP, self._show_case)

    async def _show_case(self, actor) -> None:
        self.citizen_id = self._id_in_address()
        self.shared_plan_href = routes.shared_plan(self.citizen_id)
        self.print_href, self.pdf_href = routes.print_plan(self.citizen_id), routes.plan_pdf(self.citizen_id)
        self.fhir_href = routes.fhir_plan(self.citizen_id)
        self.frame_error = self.goal_error = self.schedule_error = self.record_error = self.fhir_error = ""
        self._cancel_correction()
        await self._refresh(actor)

    async def _refresh(self, actor) -> None:
        try:
            case, handleplan, plan = await offload.DATA.run_with_db(_case_of, actor, require_id(self.citizen_id))
        except UserError as error:  # nothing of a citizen shown before may stay on the page
            self.loaded, self.error = False, self._explain(error, actor)
            self.citizen_name = self.unit_line = self.next_due = self.next_detail = self.frame_by = self.met_line = ""
            self.frame, self.goals, self.quality, self.records, self.preparations = FrameRow(), [], [], [], []
            self.municipal_goals, self.actors, self.needs, self.removed_links = [], [], [], 0
            self.form_defaults = self._fresh_defaults = RecordDefaults()
            self.overdue = self.suggest_smaller = False
            return
        self._show(case, actor.locale)
        self._show_levels(case, handleplan, plan, actor.locale)
        self.loaded = True

    def _show(self, case: case_file.CaseFile, locale: str) -> None:
        say = i18n.translate
        self.citizen_name = case.citizen_name
        area = say(SERVICE_AREA_LABELS[case.service_area], locale) if case.service_area else ""
        self.unit_line = " · ".join(x for x in (case.unit_name, area) if x)
        today = danish_today(case.printed_at)
        self.today = today.isoformat()
        nxt = case.next
        self.next_due = i18n.long_date(nxt.due_on, locale) if nxt else ""
        self.next_detail = " · ".join(x for x in (nxt.at_time, nxt.place, nxt.participants) if x) if nxt else ""
        self.overdue = case.overdue
        self.proposed, self.limit = case.proposed.isoformat(), i18n.long_date(case.limit, locale)
        self.next_after_meeting = case.next_after_meeting.isoformat()
        frame = case.frame
        self.frame_version = frame.version if frame else 0
        self.frame = frame_row(case, today)
        self.frame_by = (f"{case.frame_author} · {i18n.date_time(frame.created_at, locale)} · "
                         f"{say(VERSION, locale, n=frame.version)}") if frame else ""
        self.frame_source = say(IMPORTED, locale, n=frame.source_version) if frame and frame.source else ""
        self.quality = quality_rows(case, locale)
        self.records = [meeting_row(r, locale) for r in case.records]
        self.preparations = [PreparationRow(when=i18n.long_date(p.approved_at, locale),
                                            lines=item_lines(p.content, locale)) for p in case.preparations]
        self.met_line = say(N_("{met} af {total} mål opfyldt ved sidste opfølgning."), locale,
                            met=case.met, total=case.followed_up) if case.followed_up else ""
        self.suggest_smaller = case.suggest_smaller_goals
        self._fresh_defaults = RecordDefaults(held_on=self.today, participants=nxt.participants if nxt else "")
        if not self.correcting_id:
            self.form_defaults = self._fresh_defaults

    def _show_levels(self, case: case_file.CaseFile, handleplan: municipal_plan.MunicipalPlan | None,
                     plan: provider_plan.ProviderPlan, locale: str) -> None:
        """The two levels beside each other: the handleplan's goals, and per citizen goal the indsatsplan."""
        self.municipal_goals = [MunicipalGoalRow(key=str(g.key), text=g.text)
                                for g in (handleplan.goals if handleplan else ())]
        goals = case.goals
        self.goals = [goal_row(case, plan, handleplan, g, n + 1, len(goals), locale) for n, g in enumerate(goals)]
        self.removed_links = sum(1 for g in goals if plan.link_removed(g.item_id))
        self.actors = [ActorRow(id=str(a.id), name=a.name, role=a.role, does=a.does) for a in plan.actors]
        self.needs = need_rows(plan, locale)

    async def _save(self, action, say_in: str) -> bool:
        """One domain write as the logged-in person; a refusal is said in the section's `say_in`, and every
        typed word stays. An earlier "saved" must not stand beside a new refusal."""
        self.notice = self.notice_in = ""
        return (await self._as_actor(action, say_in=say_in, refresh=True)).ok

    @rx.event
    async def save_frame(self, form: dict):
        citizen_id = self.citizen_id
        form = inputs.form(form)
        # a goal whose box is not in the form stays as it is; an emptied box removes it
        known = [(parse_number(g.key, lowest=1), form.get(f"mgoal-{g.key}", g.text)) for g in self.municipal_goals]
        added = [(None, _text(form, f"mgoal-new-{n}")) for n in range(NEW_MUNICIPAL_GOALS)]
        entry = follow_up.FrameInput(
            purpose=_text(form, "purpose"), intervention=_text(form, "intervention"),
            duration_kind=_text(form, "duration_kind"), duration_text=_text(form, "duration_text"),
            special={key: _text(form, key) for key in SPECIAL_CONDITIONS},
            close_follow_up=_text(form, "close") != "no", started_on=_text(form, "started_on"),
            case_worker=_text(form, "case_worker"), municipality=_text(form, "municipality"),
            made_on=_text(form, "made_on"), intervention_scope=_text(form, "intervention_scope"),
            suggestions=_text(form, "suggestions"), offer=_text(form, "offer"), offer_on=_text(form, "offer_on"),
            goals=tuple((k, v) for k, v in known if k is not None) + tuple(added))
        seen = parse_number(_text(form, "frame_version") or "0", lowest=0) or 0  # unreadable: as if none was shown
        if await self._save(lambda db, actor: follow_up.record_frame(db, actor, citizen_id, entry, seen), "frame_error"):
            self.notice, self.notice_in = N_("Kommunens handleplan er gemt."), "frame"
            self.sub_form_key += 1  # the new-goal boxes start empty again
        return rx.scroll_to("frame")  # the answer stands at the top of the section, out of sight on a phone

    @rx.event
    async def import_fhir(self, files: list[rx.UploadFile]):
        """The municipality's handleplan from a FHIR file: read (at most one byte past the limit) and taken in
        off the loop; a refusal says why in one sentence and writes nothing."""
        self.notice = self.notice_in = ""
        actor = await self._actor()
        if actor is None:
            return rx.redirect(routes.LOGIN, replace=True)
        read = getattr(files[0], "read", None) if isinstance(files, list) and files else None
        if not inspect.iscoroutinefunction(read):  # no file chosen (or a forged call: the browser sent words)
            self.fhir_error = self._say(actor, NO_FILE)
            return rx.scroll_to("frame")
        raw = await read(importing.LARGEST + 1)
        try:
            await offload.HEAVY.run_with_db(importing.import_handleplan, actor, self.citizen_id, raw)
        except UserError as error:
            self.fhir_error = self._explain(error, actor)
        else:
            self.fhir_error = ""
            self.notice, self.notice_in = N_("Kommunens handleplan er hentet ind fra filen."), "frame"
        await self._refresh(actor)
        return rx.scroll_to("frame")

    @rx.event
    async def assess(self, form: dict):
        citizen_id = self.citizen_id
        form = inputs.form(form)
        link = _text(form, "municipal_goal_key")
        plan = follow_up.GoalPlanInput(
            municipal_goal_key=parse_number(link, lowest=0) if link else None,
            responsible=_text(form, "responsible"), who_dimension=_text(form, "who_dimension"),
            obstacles=_text(form, "obstacles"), supports=_text(form, "supports"))
        self.goal_error_at = _text(form, "item_id")
        if await self._save(lambda db, actor: follow_up.assess_goal(
                db, actor, citizen_id, require_id(_text(form, "item_id")), _text(form, "purpose_type"),
                _text(form, "linked") == "on", _text(form, "assessment"), plan=plan), "goal_error"):
            self.notice, self.notice_in = N_("Indsatsplanen for målet er gemt."), "goals"
            return rx.scroll_to("goals")
        return rx.scroll_to("goal-" + self.goal_error_at)

    @rx.event
    async def propose_sub_goal(self, form: dict):
        """The contact person's delmål under one goal; the citizen answers it on her own page."""
        citizen_id = self.citizen_id
        form = inputs.form(form)
        entry = provider_plan.SubGoalInput(what=_text(form, "what"), responsible=_text(form, "responsible"),
                                           how_often=_text(form, "how_often"))
        replaces = parse_id(_text(form, "replaces_id")) if _text(form, "replaces_id") else None
        self.goal_error_at = "new-" + _text(form, "item_id")
        if await self._save(lambda db, actor: provider_plan.propose_sub_goal(
                db, actor, citizen_id, require_id(_text(form, "item_id")), entry, replaces_id=replaces),
                "goal_error"):
            self.notice, self.notice_in = N_("Delmålet er gemt. Borgeren kan nu svare på det."), "goals"
            self.goal_error_at, self.sub_form_key = "", self.sub_form_key + 1
            return rx.scroll_to("goals")
        return rx.scroll_to("goal-" + _text(form, "item_id"))

    @rx.event
    async def end_sub_goal(self, sub_goal_id: str):
        citizen_id = self.citizen_id
        self.goal_error_at = "sub-" + inputs.text(sub_goal_id)
        if await self._save(lambda db, actor: provider_plan.end_sub_goal(
                db, actor, citizen_id, require_id(inputs.text(sub_goal_id))), "goal_error"):
            self.notice, self.notice_in, self.goal_error_at = N_("Delmålet er fjernet. Det står stadig i historikken."), \
                "goals", ""

    @rx.event
    async def assess_sub_goal(self, form: dict):
        """The dated professional assessment where the citizen disagrees; her words stay beside it."""
        citizen_id = self.citizen_id
        form = inputs.form(form)
        self.goal_error_at = "sub-" + _text(form, "sub_goal_id")
        if await self._save(lambda db, actor: provider_plan.assess_sub_goal(
                db, actor, citizen_id, require_id(_text(form, "sub_goal_id")), _text(form, "assessment"),
                _text(form, "assessed_on")), "goal_error"):
            self.notice, self.notice_in, self.goal_error_at = N_("Din faglige vurdering er gemt."), "goals", ""
            self.sub_form_key += 1
            return rx.scroll_to("goals")
        return None

    @rx.event
    async def add_actor(self, form: dict):
        citizen_id = self.citizen_id
        form = inputs.form(form)
        entry = provider_plan.ActorInput(name=_text(form, "actor_name"), role=_text(form, "actor_role"),
                                         does=_text(form, "actor_does"))
        if await self._save(lambda db, actor: provider_plan.add_other_actor(db, actor, citizen_id, entry),
                     "around_error"):
            self.notice, self.notice_in = N_("Aktøren er gemt."), "around"
            self.sub_form_key += 1
        return rx.scroll_to("around")

    @rx.event
    async def end_actor(self, actor_id: str):
        citizen_id = self.citizen_id
        if await self._save(lambda db, actor: provider_plan.end_other_actor(
                db, actor, citizen_id, require_id(inputs.text(actor_id))), "around_error"):
            self.notice, self.notice_in = N_("Aktøren er fjernet fra listen."), "around"

    @rx.event
    async def save_needs(self, form: dict):
        citizen_id = self.citizen_id
        form = inputs.form(form)
        needs = {area.value: _text(form, f"need-{area.value}") for area in LifeArea}
        if await self._save(lambda db, actor: provider_plan.set_unmet_needs(db, actor, citizen_id, needs),
                     "around_error"):
            self.notice, self.notice_in = N_("De udækkede behov er gemt."), "around"
        return rx.scroll_to("around")

    @rx.event
    async def schedule(self, form: dict):
        citizen_id = self.citizen_id
        form = inputs.form(form)
        entry = follow_up.ScheduleInput(
            due_on=_text(form, "due_on"), at_time=_text(form, "at_time"), place=_text(form, "place"),
            participants=_text(form, "participants"), reason_later=_text(form, "reason_later"))
        if await self._save(lambda db, actor: follow_up.schedule(db, actor, citizen_id, entry), "schedule_error"):
            self.notice, self.notice_in = N_("Opfølgningen er sat i kalenderen."), "schedule"
        return rx.scroll_to("schedule")

    @rx.event
    async def save_record(self, form: dict):
        citizen_id = self.citizen_id
        form = inputs.form(form)
        goals = tuple(follow_up.GoalInput(
            item_id=int(g.id), degree=_text(form, f"degree-{g.id}"),
            description=_text(form, f"description-{g.id}"), citizen_view=_text(form, f"citizen_view-{g.id}"),
            citizen_degree=_text(form, f"citizen_degree-{g.id}")) for g in self.goals)
        correcting = self.correcting_id or None
        entry = follow_up.RecordInput(
            held_on=_text(form, "held_on"), participants=_text(form, "participants"), note=_text(form, "note"),
            goals=goals, corrects_id=correcting, purpose_judgement=_text(form, "purpose_judgement"),
            next=None if correcting else follow_up.ScheduleInput(
                due_on=_text(form, "next_due_on"), reason_later=_text(form, "next_reason_later")))
        if await self._save(lambda db, actor: follow_up.record(db, actor, citizen_id, entry), "record_error"):
            self.notice = N_("Rettelsen er gemt.") if correcting else N_("Opfølgningen er gemt og låst.")
            self.notice_in = "records"
            self._cancel_correction()
            return rx.scroll_to("records")
        return rx.scroll_to("record-form")

    @rx.event
    async def correct(self, record_id: str):
        """Open the record form filled in from an earlier record; saving makes a new, correcting record."""
        record = next((r for r in self.records if r.id == record_id), None)
        if record is None or (found := parse_id(record_id)) is None:
            return None
        self.correcting_id, self.correcting = found, record.held_on
        self.form_defaults = await self._defaults_from(found)
        self.record_form_key += 1
        return rx.scroll_to("record-form")

    async def _defaults_from(self, record_id: int) -> RecordDefaults:
        citizen_id = self.citizen_id
        records = (await self._as_actor(lambda db, actor: follow_up.records_of(db, actor, citizen_id))).value
        found = next((r for r in records or () if r.record.id == record_id), None)
        if found is None:
            return RecordDefaults()
        return RecordDefaults(
            held_on=found.record.held_on.isoformat(), participants=found.record.participants,
            note=found.record.note, purpose_judgement=found.record.purpose_judgement or "",
            goals={str(g.item_id): GoalDefaults(degree=g.degree, description=g.description,
                                                citizen_view=g.citizen_view, citizen_degree=g.citizen_degree or "")
                   for g in found.goals})

    @rx.event
    def cancel_correction(self):
        self._cancel_correction()

    def _cancel_correction(self) -> None:
        self.correcting_id, self.correcting, self.form_defaults = 0, "", self._fresh_defaults
        self.record_form_key += 1


NEW_MUNICIPAL_GOALS = 2  # empty boxes for new handleplan goals under the ones already there

# The choices the page offers, as (value, Danish msgid).
DEGREE_CHOICES = [(d.value, DEGREE_LABELS[d]) for d in Degree]
JUDGEMENT_CHOICES = [(j.value, PURPOSE_JUDGEMENT_LABELS[j]) for j in PurposeJudgement]
PURPOSE_CHOICES = [(p.value, label) for p, label in follow_up.PURPOSE_TYPE_LABELS.items()]
DURATION_CHOICES = [(k.value, label) for k, label in follow_up.DURATION_KIND_LABELS.items()]
CLOSE_CHOICES = [("yes", N_("Ny eller kompliceret sag: senest efter 3 måneder")),
                 ("no", N_("Ellers: senest efter et år"))]
NOT_SAID = N_("Ikke sagt")
VERSION = N_("udgave {n}")
SPECIAL_FIELDS = [(key, follow_up.SPECIAL_CONDITION_LABELS[key]) for key in SPECIAL_CONDITIONS]
OFFER_CHOICES = [(o.value, label) for o, label in municipal_plan.OFFER_LABELS.items()]
WHO_CHOICES = [(w.value, WHO_DIMENSION_LABELS[w]) for w in WhoDimension]
