"""What the follow-up page shows, as typed rows: the handleplan as recorded, the quality check, each shared goal
with its indsatsplan and delmål, other actors, unmet needs, and the record form's defaults.

Frozen dataclasses: Reflex 0.10 serialises them field by field (nested lists and dicts too), and the page reads
`goal.title` as a typed var instead of casting `goal["title"].to(str)`."""

from dataclasses import dataclass, field
from datetime import date

from citizenplan import i18n
from citizenplan.domain import case_file, municipal_plan, provider_plan
from citizenplan.domain.errors import N_
from citizenplan.domain.follow_up import SPECIAL_CONDITIONS
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea
from citizenplan.state.rows import AssessmentRow
from citizenplan.state.workbook import Line

HORIZON_LABELS = {"short": N_("Kort sigt"), "long": N_("Lang sigt")}
PRIORITY = N_("nr. {n} af {of}")


@dataclass(frozen=True)
class FrameRow:
    """The newest handleplan version as the form shows it; dates are ISO for the date inputs."""

    purpose: str = ""
    intervention: str = ""
    duration_kind: str = ""
    duration_text: str = ""
    close: str = ""  # the radio's value: "yes" (within 3 months) or "no" (within a year)
    started_on: str = ""
    special: dict[str, str] = field(default_factory=dict)  # andre særlige forhold, by SPECIAL_CONDITIONS key
    case_worker: str = ""
    municipality: str = ""
    made_on: str = ""
    intervention_scope: str = ""
    suggestions: str = ""
    offer: str = ""
    offer_on: str = ""


@dataclass(frozen=True)
class QualityRow:
    number: str = ""
    question: str = ""  # a msgid
    status: str = ""  # "ok", "missing" or "judge"
    advice: str = ""


@dataclass(frozen=True)
class PreparationRow:
    when: str = ""
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class MunicipalGoalRow:
    key: str = ""
    text: str = ""


@dataclass(frozen=True)
class SubGoalRow:
    id: str = ""
    what: str = ""
    responsible: str = ""
    how_often: str = ""
    answer: str = ""  # the citizen's answer's stored value, "" while she has not answered
    words: str = ""
    answered: str = ""
    needs_assessment: bool = False
    assessments: list[AssessmentRow] = field(default_factory=list)


@dataclass(frozen=True)
class GoalRow:
    """A shared goal in the citizen's words, with the contact person's indsatsplan for it."""

    id: str = ""
    title: str = ""
    success: str = ""
    target: str = ""
    horizon: str = ""
    priority: str = ""
    life_area: str = ""
    disagrees: bool = False
    purpose_type: str = ""
    linked: bool = False
    assessment: str = ""
    assessed: str = ""
    steps: list[str] = field(default_factory=list)
    link: str = ""  # the handleplan goal's key, "" where none (or one the newest version no longer has)
    link_removed: bool = False
    link_text: str = ""
    responsible: str = ""
    who: str = ""
    obstacles: str = ""
    supports: str = ""
    sub_goals: list[SubGoalRow] = field(default_factory=list)


@dataclass(frozen=True)
class ActorRow:
    id: str = ""
    name: str = ""
    role: str = ""
    does: str = ""


@dataclass(frozen=True)
class NeedRow:
    area: str = ""
    label: str = ""
    text: str = ""


@dataclass(frozen=True)
class GoalDefaults:
    """One goal's fields in the record form, filled in from an earlier record when it is corrected."""

    degree: str = ""
    description: str = ""
    citizen_view: str = ""
    citizen_degree: str = ""


@dataclass(frozen=True)
class RecordDefaults:
    held_on: str = ""
    participants: str = ""
    note: str = ""
    purpose_judgement: str = ""
    goals: dict[str, GoalDefaults] = field(default_factory=dict)  # by the goal's item id


def frame_row(case: case_file.CaseFile, today: date) -> FrameRow:
    frame = case.frame
    if frame is None:
        return FrameRow(close="yes" if case.close_follow_up else "no", started_on=today.isoformat(),
                        special=dict.fromkeys(SPECIAL_CONDITIONS, ""))
    return FrameRow(
        purpose=frame.purpose, intervention=frame.intervention, duration_kind=frame.duration_kind,
        duration_text=frame.duration_text, close="yes" if case.close_follow_up else "no",
        started_on=frame.started_on.isoformat(),
        special={key: frame.special.get(key, "") for key in SPECIAL_CONDITIONS},
        case_worker=frame.case_worker, municipality=frame.municipality,
        made_on=frame.made_on.isoformat() if frame.made_on else "", intervention_scope=frame.intervention_scope,
        suggestions=frame.suggestions, offer=frame.offer, offer_on=frame.offer_on.isoformat() if frame.offer_on else "")


def quality_rows(case: case_file.CaseFile, locale: str) -> list[QualityRow]:
    say = i18n.translate
    return [QualityRow(number=str(q.number), question=q.question, status=q.status,
                       advice=" ".join(say(m, locale, count=n) for m, n in q.reasons)
                       or say(q.advice, locale, count=q.count)) for q in case.quality]


def need_rows(plan: provider_plan.ProviderPlan, locale: str) -> list[NeedRow]:
    return [NeedRow(area=area.value, label=i18n.translate(LIFE_AREA_LABELS[area], locale),
                    text=plan.unmet_needs[area.value].text if area.value in plan.unmet_needs else "")
            for area in LifeArea]


def goal_row(case: case_file.CaseFile, plan: provider_plan.ProviderPlan,
             handleplan: municipal_plan.MunicipalPlan | None, goal, priority: int, of: int, locale: str) -> GoalRow:
    say = i18n.translate
    assessed = case.assessments.get(goal.item_id)
    target = goal.content.get("target_date")
    area = goal.content.get("life_area")
    key = plan.link_of(goal.item_id)
    return GoalRow(
        id=str(goal.item_id), title=str(goal.content.get("title") or ""),
        success=str(goal.content.get("success") or ""),
        target=i18n.long_date(date.fromisoformat(target), locale) if target else "",
        horizon=say(HORIZON_LABELS[goal.content["horizon"]], locale)
        if goal.content.get("horizon") in HORIZON_LABELS else "",
        priority=say(PRIORITY, locale, n=priority, of=of),
        life_area=say(LIFE_AREA_LABELS[LifeArea(area)], locale) if area in LifeArea._value2member_map_ else "",
        disagrees=goal.content.get("agrees") is False,
        purpose_type=(assessed.purpose_type or "") if assessed else "",
        linked=bool(assessed and assessed.linked_to_purpose),
        assessment=assessed.assessment if assessed else "",
        assessed=i18n.date_time(assessed.created_at, locale) if assessed else "",
        steps=[str(s.content.get("text") or "") for s in case.steps_of(goal.item_id)],
        link=str(key) if key is not None and not plan.link_removed(goal.item_id) else "",
        link_removed=plan.link_removed(goal.item_id),
        link_text=handleplan.goal_text(key) if handleplan else "",
        responsible=assessed.responsible if assessed else "",
        who=plan.who_dimension(goal.item_id, goal.content),
        obstacles=assessed.obstacles if assessed else "", supports=assessed.supports if assessed else "",
        sub_goals=[sub_goal_row(v, locale) for v in plan.sub_goals.get(goal.item_id, ())],
    )


def sub_goal_row(view: provider_plan.SubGoalView, locale: str) -> SubGoalRow:
    answer = view.answer
    return SubGoalRow(
        id=str(view.sub_goal.id), what=view.sub_goal.what, responsible=view.sub_goal.responsible,
        how_often=view.sub_goal.how_often,
        answer=answer.answer if answer else "", words=answer.words if answer else "",
        answered=i18n.date_time(answer.answered_at, locale) if answer else "",
        needs_assessment=view.needs_assessment,
        assessments=[AssessmentRow(on=i18n.long_date(a.assessed_on, locale), text=a.text) for a in view.assessments],
    )
