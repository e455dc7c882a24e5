"""One workbook item: read it, change it, see its history, share it with approval, comment, answer a
proposed rewording."""

from typing import Any

import reflex as rx

from citizenplan import i18n, offload, routes
from citizenplan.domain import comments, item_page, proposals, provider_plan, sharing, workbook
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.ids import parse_id, parse_number, require_id
from citizenplan.domain.vocabulary import ROLE_LABELS, Audience, Role
from citizenplan.domain.workbook import KIND_LABELS, ItemKind
from citizenplan.state import inputs
from citizenplan.state.item_rows import (
    Change,
    CheckIn,
    EditField,
    Proposal,
    StepOffer,
    SubGoal,
    Version,
)
from citizenplan.state.rows import AssessmentRow, CommentRow
from citizenplan.state.session import SessionState
from citizenplan.state.workbook import FIELD_LABELS, Line, StepLink, item_lines, step_links

EDIT_LABELS = {**FIELD_LABELS, "title": N_("Mål"), "text": N_("Tekst"), "note": N_("Note")}
AUDIENCE_LABELS = {Audience.CONTACT_PERSON: N_("din kontaktperson"), Audience.RELATIVE: N_("dine pårørende")}
ROLE_NAMES = {**ROLE_LABELS, Role.CITIZEN: N_("dig")}  # on the citizen's own pages
VIA_LABELS = {"chat": N_("i samtalen"), "workbook": N_("i arbejdsbogen"), "proposal": N_("forslag, som du sagde ja til")}


class ItemState(SessionState):
    item_id: int = 0
    kind: str = ""
    kind_label: str = ""
    lines: list[Line] = []
    fields: list[EditField] = []  # what the edit form shows
    version: int = 0
    status: str = ""
    disagrees: bool = False
    step_done: bool = False
    editing: bool = False
    conflict: str = ""
    shared_with: list[str] = []  # msgids of the audiences
    unshared_changes: list[Change] = []
    choosing_audience: bool = False
    preview: bool = False
    pick_contact: bool = False  # the boxes in "Hvem må se det?" as the server last agreed to them
    pick_relative: bool = False
    pick_round: int = 0  # a new number draws the boxes again from the picks above: after a refused tick
    step_offers: list[StepOffer] = []  # a goal's preview: its steps its readers would not see
    history: list[Version] = []
    contact_thread: list[CommentRow] = []  # the comments the contact persons read
    relative_thread: list[CommentRow] = []  # the comments the relatives read
    own_notes: list[CommentRow] = []  # the citizen's own, read by nobody else
    to_contact: bool = False  # shared with the contact person now: the citizen may write to them
    to_relative: bool = False
    comment_error: str = ""
    comment_error_in: str = "-"  # the thread whose box the error is about ("" is the own notes)
    proposals: list[Proposal] = []
    check_ins: list[CheckIn] = []
    steps: list[StepLink] = []  # a goal's steps, each a way to it
    goal_title: str = ""  # a step's goal, and the way back to it
    goal_href: str = ""
    gone: bool = False
    horizon: str = ""  # a goal's "short" or "long", or ""
    handleplan_goal: str = ""  # the municipality's goal this goal is linked to, in the municipality's words
    sub_goals: list[SubGoal] = []  # what the contact person proposes under this goal, with her answers
    answer_error: str = ""
    answer_error_at: str = ""
    confirming_delete: bool = False  # "Slet" asks first: a tap by mistake must not take a goal away

    @rx.var
    def is_goal(self) -> bool:
        """Derived from the kind, so the two can never disagree."""
        return self.kind == ItemKind.GOAL.value

    @rx.var
    def is_step(self) -> bool:
        return self.kind == ItemKind.STEP.value

    @rx.event
    async def load(self):
        return await self._open(routes.WORKBOOK_ITEM, self._show)

    async def _show(self, actor) -> None:
        self.item_id = self._id_in_address()
        self.editing = self.choosing_audience = self.preview = self.confirming_delete = False
        self.conflict, self.comment_error, self.comment_error_in = "", "", "-"
        self.step_offers = []
        await self._refresh(actor)
        if not self.gone and not self.lines and self.fields:
            self.editing = True  # an empty item (new remarks) opens ready to write in, not as an empty card

    async def _refresh(self, actor) -> None:
        try:
            page = await offload.DATA.run_with_db(item_page.item_page, actor, require_id(self.item_id))
        except UserError as error:
            self.gone, self.error = True, self._explain(error, actor)
            return
        locale, view, state = actor.locale, page.view, page.sharing
        self.gone = False
        self.kind, self.kind_label, self.version = view.kind.value, KIND_LABELS[view.kind], view.version
        self.lines = item_lines(view.content, locale)
        self.fields = [EditField(f, EDIT_LABELS[f], str(view.content.get(f) or ""), f == "target_date")
                       for f in page.editable]
        self.status = str(view.content.get("status", "active")) if self.is_goal else ""
        self.disagrees = self.is_goal and view.content.get("agrees") is False
        self.step_done = bool(view.content.get("done"))
        self.shared_with = [AUDIENCE_LABELS[a] for a in sorted(state.audiences)]
        if not self.choosing_audience:  # keep what the citizen is ticking
            self.pick_contact = Audience.CONTACT_PERSON in state.audiences
            self.pick_relative = Audience.RELATIVE in state.audiences
        self.unshared_changes = [Change(EDIT_LABELS.get(c.field, "") or c.field, _plain(c.before), _plain(c.after))
                                 for c in page.unshared_changes if c.field in EDIT_LABELS]
        self.history = [Version(number=str(v.number), when=i18n.date_time(v.created_at, locale),
                                who=v.author_name, mine=v.author_is_citizen, via=VIA_LABELS.get(v.via, ""),
                                lines=item_lines(v.content, locale)) for v in page.versions]

        def thread(notes) -> list[CommentRow]:
            return [CommentRow(who=c.author_name, when=i18n.date_time(c.created_at, locale),
                         role=ROLE_NAMES[c.author_role] if not c.mine else N_("dig"), text=c.text) for c in notes]

        self.contact_thread, self.relative_thread = thread(page.contact_thread), thread(page.relative_thread)
        self.own_notes = thread(page.own_notes)
        self.to_contact = Audience.CONTACT_PERSON in state.audiences
        self.to_relative = Audience.RELATIVE in state.audiences
        self.proposals = [Proposal(id=str(p.proposal_id), who=p.author_name, text=p.text,
                                   label=EDIT_LABELS.get(p.field, ""), mine=str(view.content.get(p.field, "")))
                          for p in page.proposals]
        self.steps = step_links(page.steps)
        goal = page.goal
        self.goal_title = str(goal.content.get("title") or "") if goal else ""
        self.goal_href = routes.workbook_item(goal.item_id) if goal else ""
        self.check_ins = [CheckIn(i18n.long_date(c.updated_at, locale), int(c.content.get("score") or 0),
                                  str(c.content.get("note") or "")) for c in page.check_ins]
        self.horizon = str(view.content.get("horizon") or "") if self.is_goal else ""
        self.handleplan_goal = page.handleplan_goal
        self.sub_goals = [_sub_goal_for_citizen(v, locale) for v in page.sub_goals]

    async def _change(self, action, refresh: bool = True):
        """Run one domain call as the logged-in citizen, then show the item afresh (also after a refusal,
        so that what the tab shows, and would share, is what is stored now)."""
        self.comment_error, self.comment_error_in = "", "-"  # an earlier comment's refusal is over
        outcome = await self._as_actor(action)
        if outcome.actor is not None and (refresh or outcome.refusal):
            refused, self.error = self.error, ""
            await self._refresh(outcome.actor)
            self.error = refused or self.error
        return outcome

    @rx.event
    def start_edit(self):
        self.editing, self.conflict = True, ""

    @rx.event
    def cancel_edit(self):
        self.editing = False

    @rx.event
    async def save(self, form: dict):
        form = inputs.form(form)
        seen = parse_number(form.get("seen_version") or "0", lowest=0) or 0  # unreadable: as if none was shown
        changes = {k: v for k, v in form.items() if k != "seen_version"}  # workbook.save refuses any other field
        item_id = self.item_id
        outcome = await self._change(lambda db, actor: workbook.save(db, actor, item_id, changes, seen))
        if isinstance(outcome.value, workbook.SaveResult):
            self.editing = False
            self.conflict = N_("Du havde også ændret det et andet sted. Begge tekster er gemt i historikken.") \
                if outcome.value.conflict else ""
        return outcome.to_login

    @rx.event
    async def set_status(self, status: str):
        item_id = self.item_id
        return (await self._change(lambda db, actor: workbook.set_goal_status(db, actor, item_id, status))).to_login

    @rx.event
    async def set_horizon(self, horizon: str):
        item_id, horizon = self.item_id, inputs.text(horizon)
        return (await self._change(lambda db, actor: workbook.set_horizon(db, actor, item_id, horizon))).to_login

    @rx.event
    async def answer_sub_goal(self, form: dict):
        """The citizen's answer to what the contact person proposes: with it, or not, in her own words."""
        form = inputs.form(form)
        sub_id = form.get("sub_goal_id", "")
        outcome = await self._change(lambda db, actor: provider_plan.answer_sub_goal(
            db, actor, require_id(sub_id), form.get("answer", ""), form.get("words", "")))
        if self.error:  # shown at the answer, and the words she wrote stay in the box
            self.answer_error, self.answer_error_at, self.error = self.error, sub_id, ""
        else:
            self.answer_error, self.answer_error_at = "", ""
            self.notice = N_("Tak. Dit svar er gemt.")
        return outcome.to_login

    @rx.event
    async def set_agreement(self, agrees: bool):
        item_id = self.item_id
        return (await self._change(lambda db, actor: workbook.set_agreement(db, actor, item_id,
                                                                            inputs.flag(agrees)))).to_login

    @rx.event
    async def toggle_step(self):
        item_id = self.item_id
        return (await self._change(lambda db, actor: workbook.toggle_step(db, actor, item_id))).to_login

    @rx.event
    def ask_delete(self):
        self.confirming_delete = True

    @rx.event
    def keep(self):
        self.confirming_delete = False

    @rx.event
    async def delete(self):
        self.confirming_delete = False
        item_id = self.item_id
        outcome = await self._change(lambda db, actor: workbook.delete(db, actor, item_id), refresh=False)
        return rx.redirect(routes.WORKBOOK) if outcome.ok else outcome.to_login

    @rx.event
    def choose_audience(self):
        self.choosing_audience, self.preview = True, False

    @rx.event
    async def set_pick(self, audience: str, on: bool):
        """A tick in "Hvem må se det?". The box is the browser's own, so it shows the tap at once, however
        slow the phone's connection; here the server checks that the citizen may still share the item, and
        if not, says why and draws the boxes again as they were."""
        audience = inputs.text(audience)
        if audience not in {a.value for a in Audience} or not isinstance(on, bool):
            return None
        item_id = self.item_id
        outcome = await self._change(lambda db, actor: sharing.state_of(db, actor, item_id), refresh=False)
        if not outcome.ok:
            self.pick_round += 1
            return outcome.to_login  # None after a refusal (told in self.error), or the way to the login page
        if Audience(audience) is Audience.CONTACT_PERSON:
            self.pick_contact = bool(on)
        else:
            self.pick_relative = bool(on)
        return None

    def _picks(self) -> set[Audience]:
        return {a for a, on in ((Audience.CONTACT_PERSON, self.pick_contact),
                                (Audience.RELATIVE, self.pick_relative)) if on}

    @rx.event
    async def show_preview(self):
        """"Videre": exactly what will be shared, and for a goal each step its readers would not see."""
        outcome = await self._offer_steps()
        if outcome.ok:
            self.preview = True
        return outcome.to_login

    async def _offer_steps(self):
        """The steps to offer with the picks as they are, as stored now."""
        picks, item_id = self._picks(), self.item_id
        outcome = await self._change(lambda db, actor: [
            StepOffer(str(o.item_id), str(o.version), item_lines(o.content, actor.locale))
            for o in sharing.steps_to_offer(db, actor, item_id, picks)], refresh=False)
        if outcome.ok:
            self.step_offers = outcome.value
        return outcome

    @rx.event
    def cancel_share(self):
        self.choosing_audience = self.preview = False

    @rx.event
    async def share(self, form: dict):
        """"Del": the version shown, to the people picked, with the steps ticked in the preview."""
        form = inputs.form(form)
        seen = parse_number(form.get("seen_version", ""), lowest=0) or 0
        offered = {o.id for o in self.step_offers}
        steps = {step_id: version for name, value in form.items()
                 if name.startswith("step-") and name[5:] in offered
                 and (step_id := parse_id(name[5:])) is not None and (version := parse_id(value)) is not None}
        picks, item_id = self._picks(), self.item_id
        outcome = await self._change(lambda db, actor: sharing.share(db, actor, item_id, picks, seen, steps=steps))
        if outcome.ok:
            self.choosing_audience = self.preview = False
        elif outcome.actor is not None and not self.gone:  # refused: the preview shows the words as they are now
            refused = self.error
            await self._offer_steps()
            self.error = refused
        return outcome.to_login

    @rx.event
    async def approve_change(self, seen_version: int):
        item_id = self.item_id
        return (await self._change(lambda db, actor: sharing.approve_change(db, actor, item_id,
                                                                            seen_version))).to_login

    @rx.event
    async def stop_sharing(self):
        item_id = self.item_id
        return (await self._change(lambda db, actor: sharing.stop_sharing(db, actor, item_id))).to_login

    @rx.event
    async def add_comment(self, form: dict):
        """Into the thread the form belongs to; a refusal is told under that box, and the text stays in it."""
        form = inputs.form(form)
        text, thread, item_id = form.get("comment", ""), form.get("to", ""), self.item_id
        to = Audience(thread) if thread in {a.value for a in Audience} else None
        outcome = await self._change(lambda db, actor: comments.add_comment(db, actor, actor.user_id, item_id, text,
                                                                            to=to))
        if outcome.ok:
            return rx.set_value(f"comment-{to.value if to else 'own'}", "")
        if self.error and not self.gone:
            self.comment_error, self.comment_error_in, self.error = self.error, to.value if to else "", ""
        return outcome.to_login

    @rx.event
    async def answer_proposal(self, proposal_id: str, accept: bool):
        return (await self._change(lambda db, actor: proposals.answer(db, actor, require_id(proposal_id),
                                                                      inputs.flag(accept)))).to_login


def _sub_goal_for_citizen(view: provider_plan.SubGoalView, locale: str) -> SubGoal:
    answer = view.answer
    return SubGoal(id=str(view.sub_goal.id), what=view.sub_goal.what, who=view.sub_goal.responsible,
                   how_often=view.sub_goal.how_often, answer=answer.answer if answer else "",
                   words=answer.words if answer else "",
                   assessments=[AssessmentRow(on=i18n.long_date(a.assessed_on, locale), text=a.text) for a in view.assessments])


def _plain(value: Any) -> str:
    return "" if value is None else str(value)
