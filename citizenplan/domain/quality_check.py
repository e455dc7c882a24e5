"""Kvalitetstjek: the nine questions of seed 002's assessment form (Vurderingsskema), judged strictly from
the data of the two-level plan, with "Vurder selv" only where the data cannot tell.

Plain Python over `PlanFacts` (case_file builds them from the handleplan, the indsatsplan and the
follow-ups), so every rule can be tested with a plan that should pass and one that should fail.
A line is "ok" only when everything the question asks for is in the plan; it then reads "I høj grad".
Each missing part gives its own advice, first the one that matters most.
"""

from dataclasses import dataclass

from citizenplan.domain.errors import N_

OK, MISSING, JUDGE = "ok", "missing", "judge"


@dataclass(frozen=True)
class GoalFacts:
    """What the check needs to know about one goal of the indsatsplan (one shared goal of the citizen)."""

    item_id: int
    has_date: bool = False
    has_horizon: bool = False  # kort sigt / lang sigt (rec. 8)
    realism: bool = False  # "Hvad kan gøre det svært? Hvad kan hjælpe?" answered (SMART: realistic)
    date_passed_unmet: bool = False  # the goal's date has passed and it was not met at the newest follow-up
    has_success: bool = False  # how she can tell the goal is reached (rec. 4-5)
    linked: bool = False  # linked to a goal of the handleplan in force (not to one removed since)
    purpose_type: bool = False  # kompenserende / vedligeholdende / udviklende
    sub_goals: int = 0  # live delmål: who does what
    unanswered_sub_goals: int = 0  # delmål the citizen has not answered
    unassessed_disagreements: int = 0  # her disagreement (goal or delmål) without the dated professional assessment
    responsible: bool = False  # who is responsible for the goal
    own_view_at_follow_up: bool | None = None  # her own view at the newest follow-up; None: not followed up yet


@dataclass(frozen=True)
class PlanFacts:
    has_handleplan: bool = False
    purpose: bool = False
    unjudged_follow_ups: int = 0  # follow-ups in force under the handleplan without "nået / på vej / ikke nået"
    granted: bool = False  # the granted indsats
    scope: bool = False  # its scope (omfang)
    duration: bool = False  # the expected duration (a length, seed 004)
    offer_recorded: bool = False  # whether she was offered the handleplan, with the date (seed 000)
    goals: tuple[GoalFacts, ...] = ()
    next_follow_up: bool = False
    overdue: bool = False
    suggest_smaller_goals: bool = False  # the 80 % rule (seed 003)


@dataclass(frozen=True)
class QualityLine:
    """One question. status: "ok", "missing" or "judge"; `advice` is the first of `reasons` (msgid, count)."""

    number: int
    question: str  # msgid
    status: str
    advice: str = ""  # msgid, may use {count}
    count: int = 0
    reasons: tuple[tuple[str, int], ...] = ()


QUESTIONS = {
    1: N_("Er formålet med indsatsen tydeligt?"),
    2: N_("Kan målene nås inden for tiden?"),
    3: N_("Står det, hvornår målene er nået?"),
    4: N_("Er omfanget af indsatsen tydeligt?"),
    5: N_("Giver målene plads til udførerens faglighed?"),
    6: N_("Er den forventede varighed angivet?"),
    7: N_("Hænger formål, mål og indsats sammen?"),
    8: N_("Er borgeren med i planen?"),
    9: N_("Kan planen bruges til at styre efter?"),
}
STATUS_LABELS = {OK: N_("I høj grad"), MISSING: N_("Mangler"), JUDGE: N_("Vurder selv")}
NO_GOALS = N_("Borgeren har ikke delt et mål endnu.")
NO_HANDLEPLAN = N_("Skriv kommunens handleplan ind.")


def _line(number: int, reasons: list[tuple[str, int]]) -> QualityLine:
    found = [(msgid, count) for msgid, count in reasons if msgid]
    if not found:
        return QualityLine(number, QUESTIONS[number], OK)
    return QualityLine(number, QUESTIONS[number], MISSING, found[0][0], found[0][1], tuple(found))


def _count(goals: tuple[GoalFacts, ...], test) -> int:
    return sum(1 for g in goals if test(g))


def _when(condition: bool, msgid: str, count: int = 0) -> tuple[str, int]:
    return (msgid, count) if condition else ("", 0)


def quality_check(plan: PlanFacts) -> tuple[QualityLine, ...]:
    """The nine lines, in the form's order. Line 9 passes only when every other line the data can answer
    passes, the next follow-up is set and not overdue, and the offer of a handleplan is on record."""
    goals = plan.goals
    none = not goals
    no_date = _count(goals, lambda g: not g.has_date)
    no_horizon = _count(goals, lambda g: not g.has_horizon)
    no_realism = _count(goals, lambda g: not g.realism)
    passed = _count(goals, lambda g: g.date_passed_unmet)
    no_success = _count(goals, lambda g: not g.has_success)
    unlinked = _count(goals, lambda g: not g.linked)
    no_type = _count(goals, lambda g: not g.purpose_type)
    no_sub_goals = _count(goals, lambda g: g.sub_goals == 0)
    no_responsible = _count(goals, lambda g: not g.responsible)
    unanswered = sum(g.unanswered_sub_goals for g in goals)
    unassessed = sum(g.unassessed_disagreements for g in goals)
    followed = [g for g in goals if g.own_view_at_follow_up is not None]
    no_view = sum(1 for g in followed if not g.own_view_at_follow_up)
    frame = not plan.has_handleplan

    lines = [
        _line(1, [_when(frame, NO_HANDLEPLAN),
                  _when(not frame and not plan.purpose, N_("Skriv formålet fra kommunens handleplan.")),
                  _when(plan.unjudged_follow_ups > 0,
                        N_("Vurder ved hver opfølgning, om formålet er nået, på vej eller ikke nået. "
                           "Det mangler ved {count} af opfølgningerne."), plan.unjudged_follow_ups)]),
        _line(2, [_when(none, NO_GOALS),
                  _when(no_date > 0, N_("Aftal en dato med borgeren for hvert mål. {count} mål mangler en dato."),
                        no_date),
                  _when(no_horizon > 0, N_("Skriv, om hvert mål er på kort eller lang sigt. {count} mål mangler det."),
                        no_horizon),
                  _when(no_realism > 0, N_("Spørg borgeren: Hvad kan gøre det svært? Hvad kan hjælpe? "
                                           "{count} mål mangler svaret."), no_realism),
                  _when(passed > 0, N_("Datoen for {count} mål er gået, uden at målet er nået. Aftal en ny dato, "
                                       "eller gør målet mindre."), passed),
                  _when(plan.suggest_smaller_goals, N_("Under ca. 80 % af målene blev nået ved sidste opfølgning. "
                                                       "Overvej at gøre målene mindre."))]),
        _line(3, [_when(none, NO_GOALS),
                  _when(no_success > 0, N_("Spørg borgeren: Hvordan kan du mærke, at du er nået i mål? "
                                           "{count} mål mangler det."), no_success)]),
        _line(4, [_when(frame, NO_HANDLEPLAN),
                  _when(not frame and not plan.granted, N_("Skriv den bevilgede indsats fra kommunens handleplan.")),
                  _when(not frame and not plan.scope, N_("Skriv omfanget af den bevilgede indsats."))]),
        QualityLine(5, QUESTIONS[5], JUDGE, N_("Vurder selv: Siger målene hvad, og ikke hvordan?")),
        _line(6, [_when(frame, NO_HANDLEPLAN),
                  _when(not frame and not plan.duration, N_("Skriv den forventede varighed fra kommunens handleplan."))]),
        _line(7, [_when(frame, NO_HANDLEPLAN),
                  _when(none, NO_GOALS),
                  _when(unlinked > 0, N_("Knyt hvert mål til et mål i kommunens handleplan. {count} mål er ikke "
                                         "knyttet."), unlinked),
                  _when(no_type > 0, N_("Vælg en formålstype for hvert mål. {count} mål mangler typen."), no_type),
                  _when(no_sub_goals > 0, N_("Skriv mindst ét delmål til hvert mål: hvem gør hvad. {count} mål "
                                             "mangler et delmål."), no_sub_goals),
                  _when(no_responsible > 0, N_("Skriv, hvem der er ansvarlig for hvert mål. {count} mål mangler "
                                               "det."), no_responsible)]),
        _line(8, [_when(none, NO_GOALS),
                  _when(unanswered > 0, N_("Borgeren har ikke svaret på {count} delmål. Spørg borgeren."),
                        unanswered),
                  _when(unassessed > 0, N_("Borgeren er uenig i {count} mål eller delmål. Skriv din faglige "
                                           "vurdering med dato."), unassessed),
                  _when(no_view > 0, N_("Borgerens eget syn mangler ved {count} mål i den seneste opfølgning. "
                                        "Skriv det, når I følger op."), no_view)]),
    ]
    others = [line for line in lines if line.status != JUDGE]
    not_passing = sum(1 for line in others if line.status != OK)
    lines.append(_line(9, [
        _when(plan.overdue, N_("Opfølgningen er overskredet. Hold mødet, eller flyt datoen.")),
        _when(not plan.overdue and not plan.next_follow_up, N_("Sæt en dato for næste opfølgning.")),
        _when(not frame and not plan.offer_recorded,
              N_("Skriv, om borgeren er tilbudt kommunens handleplan, og hvornår.")),
        _when(not_passing > 0, N_("{count} af spørgsmålene ovenfor mangler noget."), not_passing),
    ]))
    return tuple(sorted(lines, key=lambda line: line.number))
