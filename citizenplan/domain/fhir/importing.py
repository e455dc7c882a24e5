"""The municipality's handleplan taken in from a FHIR R4 Bundle: a new version of the handleplan record.

Refused with one Danish sentence, and nothing written (the caller's one transaction rolls back), when the
file is not valid FHIR R4, holds no handleplan, is about another citizen, or is an older or equal version of
the handleplan already taken in from the same source. The citizen is recognised by her municipal identifier
(`User.municipal_ref`, "system|value") among the Patient's identifiers; a citizen without one is bound to
the Patient only by the command line's explicit `--bind` (an integration set up by someone who knows the
mapping), never by a contact person's upload. Every import and every refusal is in the audit log.
"""

import json
from dataclasses import dataclass, replace
from datetime import datetime

from pydantic import ValidationError
from sqlmodel import Session, col, select

from citizenplan.clock import utcnow
from citizenplan.domain import follow_up, municipal_plan
from citizenplan.domain.actors import Actor
from citizenplan.domain.errors import N_, UserError
from citizenplan.domain.fhir import codes
from citizenplan.domain.fhir.export import validated
from citizenplan.domain.policy import Action, Target, authorize
from citizenplan.models import AuditEvent, MunicipalGoal, PlanFrame, User

LARGEST = 1_000_000  # bytes: a handleplan is a few kilobytes; anything near this is not one
AUDIT_ACTION = "import_fhir"
LARGEST_VERSION = 2**31 - 1  # the column is a 32-bit integer in PostgreSQL


class ImportRefused(UserError):
    """A refusal whose audit line stays after the rollback (db.session_scope keeps `records_after_rollback`)."""

    def __init__(self, message: str, reason: str, actor: Actor | None, citizen_id: int | None, **params) -> None:
        super().__init__(message, field="fhir_file", **params)
        self.records_after_rollback = [AuditEvent(
            actor_id=actor.user_id if actor else None, action=AUDIT_ACTION, allowed=False, citizen_id=citizen_id,
            target_kind="handleplan", detail=reason[:500])]


@dataclass(frozen=True)
class Handleplan:
    """What the Bundle's handleplan says, before any check against Min Vej."""

    entry: follow_up.FrameInput
    source: str  # "system|value" of the CarePlan's identifier, or "CarePlan/<id>"
    version: int
    patient_refs: frozenset[str]  # "system|value" of each Patient identifier
    goal_refs: tuple[str, ...]  # per goal in entry.goals, the Goal it came from


def parse(raw: bytes | str) -> Handleplan:
    """Read and check the file. Raises UserError (no actor yet: the caller adds the audit line)."""
    if len(raw) > LARGEST:
        raise UserError(N_("Filen er for stor til at være en handleplan (højst 1 MB), så intet er hentet ind."),
                        field="fhir_file")
    try:
        data = validated(json.loads(raw))
    # fhir.resources raises ValidationError for most bad input, but a KeyError for an empty resourceType deep
    # inside (found by the Hypothesis test): anything it cannot read is not a valid file
    except (ValueError, ValidationError, TypeError, LookupError, AttributeError):
        raise UserError(N_("Filen er ikke en gyldig FHIR R4-fil, så intet er hentet ind."), field="fhir_file") \
            from None
    if data.get("resourceType") != "Bundle":
        raise UserError(N_("Filen er ikke en gyldig FHIR R4-fil, så intet er hentet ind."), field="fhir_file")
    resources, by_ref = _index(data)
    plan = _the_handleplan([r for r in resources if r["resourceType"] == "CarePlan"])
    if not _codes_bound(plan, [by_ref.get(g.get("reference", "")) or {} for g in plan.get("goal") or []]):
        raise UserError(N_("Filen er ikke en gyldig FHIR R4-fil, så intet er hentet ind."), field="fhir_file")
    version = str((plan.get("meta") or {}).get("versionId") or "")
    if not (version.isascii() and version.isdigit() and 0 < int(version) <= LARGEST_VERSION):
        raise UserError(N_("Filen siger ikke, hvilken udgave af handleplanen den er, så intet er hentet ind."),
                        field="fhir_file")
    patient = by_ref.get((plan.get("subject") or {}).get("reference", ""))
    if patient is None or patient.get("resourceType") != "Patient":
        raise UserError(N_("Filen siger ikke, hvilken borger handleplanen handler om, så intet er hentet ind."),
                        field="fhir_file")
    goals = [by_ref.get(g.get("reference", "")) for g in plan.get("goal") or []]
    goals = [g for g in goals if g and g.get("resourceType") == "Goal"]
    purpose = next((g for g in goals if codes.has_kl(g.get("category"), codes.KL_PURPOSE)), None)
    overall = [g for g in goals if g is not purpose and _words(g)]
    identifier = (plan.get("identifier") or [{}])[0]
    source = (f"{identifier['system']}|{identifier['value']}" if identifier.get("system") and identifier.get("value")
              else f"CarePlan/{plan.get('id', '')}")[:500]
    ext = _extensions(plan)
    offer = ext.get("offer") or {}
    entry = follow_up.FrameInput(
        purpose=_words(purpose) if purpose else "", intervention=plan.get("description") or "",
        duration_kind=ext.get("duration-kind", ""), duration_text=ext.get("duration", ""),
        special={codes.SPECIAL_CONDITION_OF_CODE.get(code, code): text for code, text in (ext.get("special") or {}).items()},
        close_follow_up=ext.get("close-follow-up", True),
        started_on=((plan.get("period") or {}).get("start") or "")[:10],
        case_worker=next((c.get("display") or _name(by_ref.get(c.get("reference", "")))
                          for c in plan.get("contributor") or []), ""),
        municipality=(plan.get("author") or {}).get("display") or _name(by_ref.get(
            (plan.get("author") or {}).get("reference", ""))),
        made_on=(plan.get("created") or "")[:10], intervention_scope=ext.get("scope", ""),
        suggestions=ext.get("suggestions", ""), offer=offer.get("answer", ""), offer_on=offer.get("date", ""),
        goals=tuple((None, _words(g)) for g in overall))
    return Handleplan(entry, source, int(version), frozenset(_patient_refs(patient)),
                      tuple(_goal_ref(g) for g in overall))


# FHIR R4's required bindings for what is read here (fhir.resources checks a code's form, not its value set)
CAREPLAN_STATUS = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
CAREPLAN_INTENT = {"proposal", "plan", "order", "option"}
GOAL_LIFECYCLE = {"proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
                  "entered-in-error", "rejected"}


def _codes_bound(plan: dict, goals: list[dict]) -> bool:
    return (plan.get("status") in CAREPLAN_STATUS and plan.get("intent") in CAREPLAN_INTENT
            and all(g.get("lifecycleStatus", "active") in GOAL_LIFECYCLE for g in goals))


def _index(data: dict) -> tuple[list[dict], dict[str, dict]]:
    resources, by_ref = [], {}
    for e in data.get("entry") or []:
        resource = e.get("resource")
        if not resource:
            continue
        resources.append(resource)
        if e.get("fullUrl"):
            by_ref[e["fullUrl"]] = resource
        if resource.get("id"):
            by_ref[f"{resource['resourceType']}/{resource['id']}"] = resource
    return resources, by_ref


def _the_handleplan(careplans: list[dict]) -> dict:
    """KL's "Social indsats" CarePlan; a Bundle with one CarePlan only is taken as the handleplan too."""
    found = [p for p in careplans if codes.has_kl(p.get("category"), codes.KL_SOCIAL_CAREPLAN)]
    if len(found) == 1:
        return found[0]
    if not found and len(careplans) == 1:
        return careplans[0]
    raise UserError(N_("Filen har ikke præcis én handleplan fra kommunen, så intet er hentet ind."),
                    field="fhir_file")


def _words(goal: dict | None) -> str:
    return ((goal or {}).get("description") or {}).get("text", "").strip()


def _name(resource: dict | None) -> str:
    if not resource:
        return ""
    if resource.get("name") and isinstance(resource["name"], str):
        return resource["name"]
    for name in resource.get("name") or []:
        text = name.get("text") or " ".join([*name.get("given", []), name.get("family", "")]).strip()
        if text:
            return text
    return ""


def _patient_refs(patient: dict) -> list[str]:
    return [f"{i['system']}|{i['value']}" for i in patient.get("identifier") or [] if i.get("system") and i.get("value")]


def _goal_ref(goal: dict) -> str:
    identifier = (goal.get("identifier") or [{}])[0]
    if identifier.get("system") and identifier.get("value"):
        return f"{identifier['system']}|{identifier['value']}"[:500]
    return f"Goal/{goal.get('id', '')}"[:500]


def _extensions(plan: dict) -> dict:
    """Min Vej's own extensions (codes.EXT) by their short name; anyone else's are left alone."""
    names = {address: name for name, address in codes.EXT.items()}
    found: dict = {}
    for ext in plan.get("extension") or []:
        name = names.get(ext.get("url"))
        if name in ("special", "offer"):
            found[name] = {inner["url"]: next((v for k, v in inner.items() if k.startswith("value")), "")
                           for inner in ext.get("extension") or []}
        elif name:
            found[name] = next((v for k, v in ext.items() if k.startswith("value")), "")
    return found


# ---------------------------------------------------------------- into Min Vej


def import_handleplan(db: Session, actor: Actor, citizen_id: int, raw: bytes | str, bind: bool = False,
                      now: datetime | None = None) -> PlanFrame:
    """The handleplan in the file as a new version of hers, marked with its source and version. `bind` (the
    command line only): a citizen with no municipal identifier yet takes the Patient's."""
    citizen = db.get(User, citizen_id)
    target = Target(kind="follow_up", citizen_id=citizen_id, unit_id=citizen.unit_id if citizen else None)
    authorize(db, actor, Action.RECORD_FRAME, target)
    try:
        plan = parse(raw)
    except UserError as error:
        raise ImportRefused(error.message, "invalid", actor, citizen_id, **error.params) from None
    if not citizen.municipal_ref:
        if not bind or len(plan.patient_refs) != 1:
            raise ImportRefused(N_("{name} har ikke et borger-id fra kommunen i Min Vej endnu, så filen kan ikke "
                                   "tjekkes, og intet er hentet ind."), "no municipal_ref", actor, citizen_id,
                                name=citizen.display_name)
        ref = next(iter(plan.patient_refs))
        if db.exec(select(User.id).where(User.municipal_ref == ref)).first() is not None:
            raise ImportRefused(N_("Filen handler om en anden borger end {name}, så intet er hentet ind."),
                                "another citizen", actor, citizen_id, name=citizen.display_name)
        citizen.municipal_ref = ref
        db.add(citizen)
    elif citizen.municipal_ref not in plan.patient_refs:
        raise ImportRefused(N_("Filen handler om en anden borger end {name}, så intet er hentet ind."),
                            "another citizen", actor, citizen_id, name=citizen.display_name)
    have = db.exec(select(PlanFrame.source_version).where(
        PlanFrame.citizen_id == citizen_id, PlanFrame.source == plan.source, PlanFrame.source_version.is_not(None))
        .order_by(col(PlanFrame.source_version).desc())).first()
    if have is not None and plan.version <= have:
        raise ImportRefused(N_("Filen er udgave {got} af handleplanen, men Min Vej har allerede udgave {have}, så "
                               "intet er hentet ind."), f"version {plan.version} <= {have}", actor, citizen_id,
                            got=plan.version, have=have)
    entry = _with_known_keys(db, citizen_id, plan)
    current = municipal_plan.newest_frame(db, citizen_id)
    try:
        frame = follow_up.record_frame(db, actor, citizen_id, entry, current.version if current else 0, now=now)
    except UserError as error:  # a date in the future, a text too long: the municipality's file, said as such
        raise ImportRefused(error.message, f"rejected: {error.field}", actor, citizen_id, **error.params) from None
    frame.source, frame.source_version = plan.source, plan.version
    db.add(frame)
    _remember_sources(db, frame, plan)
    db.add(AuditEvent(actor_id=actor.user_id, action=AUDIT_ACTION, allowed=True, citizen_id=citizen_id,
                      target_kind="handleplan", target_id=frame.id, at=now or utcnow(),
                      detail=f"{plan.source} v{plan.version}"[:500]))
    db.flush()
    return frame


def _with_known_keys(db: Session, citizen_id: int, plan: Handleplan) -> follow_up.FrameInput:
    """A goal the same source sent before keeps its key, so the indsatsplan's links to it survive."""
    current = municipal_plan.newest_frame(db, citizen_id)
    current_goals = municipal_plan.goals_of(db, current.id) if current else ()
    known = {f"{codes.MUNICIPAL_GOAL_KEY}|{g.key}": g.key for g in current_goals}  # Min Vej's own, sent back
    known |= {g.source_ref: g.key for g in current_goals if g.source_ref}
    goals = tuple((known.get(ref), text) for ref, (_, text) in zip(plan.goal_refs, plan.entry.goals, strict=True))
    return replace(plan.entry, goals=goals)


def _remember_sources(db: Session, frame: PlanFrame, plan: Handleplan) -> None:
    """Each goal of the new version remembers the Goal it came from (record_frame gave the new ones keys)."""
    rows = db.exec(select(MunicipalGoal).where(MunicipalGoal.frame_id == frame.id)
                   .order_by(MunicipalGoal.position)).all()
    for row, ref in zip(rows, plan.goal_refs, strict=False):
        row.source_ref = ref
        db.add(row)
