"""A plan as a FHIR R4 Bundle (type collection), built as plain dicts and validated with fhir.resources.

Two CarePlans: the municipality's handleplan as Min Vej holds it (KL's CarePlan shape: category "Social
indsats", the purpose as an "Indsatsformål" Goal, its goals as "FFB indsatsmål") and the provider's
indsatsplan (basedOn the handleplan): her goals as "FFB borgers mål og ønsker" expressed by her, in her words,
and each delmål as "FFB delmål" expressed by the professional and related to her goal as KL relates a delmål
(goal-relationship, "based-on"). Follow-up ratings and her check-ins are Observations whose focus is the goal.
docs/fhir/README.md maps every field.
"""

import uuid
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from citizenplan.domain.fhir import codes
from citizenplan.domain.fhir.codes import EXT, kl
from citizenplan.domain.fhir.source import Part, PlanSource
from citizenplan.domain.follow_up import DEGREE_LABELS, PURPOSE_JUDGEMENT_LABELS
from citizenplan.domain.provider_plan import SubGoalView

NAMESPACE = uuid.UUID("6f1c3f0e-2b7a-4c52-9a43-3c1d8f0a6e11")  # Min Vej's, for stable urn:uuid addresses


def url(citizen_id: int, local: str) -> str:
    """The same resource gets the same address in every export, so a receiver can match versions."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{citizen_id}/{local}')}"


def _ext(name: str, kind: str, value: Any) -> dict:
    return {"url": EXT[name], kind: value}


def _text_ext(name: str, value: str) -> list[dict]:
    return [_ext(name, "valueString", value)] if (value or "").strip() else []


def iso(value: date | datetime | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat() + ("+00:00" if value.tzinfo is None else "")
    return value.isoformat() if isinstance(value, date) else str(value)


class _Builder:
    def __init__(self, source: PlanSource) -> None:
        self.source = source
        self.entries: list[dict] = []
        self.people: dict[str, str] = {}  # practitioner name -> address

    def add(self, local: str, resource: dict) -> str:
        address = url(self.source.citizen_id, local)
        resource["id"] = local
        self.entries.append({"fullUrl": address, "resource": resource})
        return address

    def practitioner(self, name: str) -> dict | None:
        name = (name or "").strip()
        if not name:
            return None
        if name not in self.people:
            self.people[name] = self.add(f"practitioner-{len(self.people) + 1}",
                                         {"resourceType": "Practitioner", "name": [{"text": name}]})
        return {"reference": self.people[name], "display": name}

    @property
    def patient(self) -> dict:
        return {"reference": url(self.source.citizen_id, "patient"), "display": self.source.citizen_name}


def bundle(source: PlanSource) -> dict:
    """The plan as a Bundle dict, validated (fhir.resources raises on anything that is not valid R4)."""
    b = _Builder(source)
    patient: dict[str, Any] = {"resourceType": "Patient", "name": [{"text": source.citizen_name}]}
    if "|" in source.municipal_ref:
        system, value = source.municipal_ref.split("|", 1)
        patient["identifier"] = [{"system": system, "value": value}]
    b.add("patient", patient)
    handleplan = _handleplan(b) if source.municipal else None
    _indsatsplan(b, handleplan)
    data = {"resourceType": "Bundle", "type": "collection", "timestamp": iso(source.exported_at),
            "entry": b.entries}
    return validated(data)


def validated(data: dict) -> dict:
    """The Bundle as fhir.resources reads it back: a check, and the JSON shape it prints."""
    return Bundle.model_validate(data).model_dump(mode="json", exclude_none=True)


def _handleplan(b: _Builder) -> str:
    plan = b.source.municipal
    frame, cid = plan.frame, b.source.citizen_id
    purpose = b.add("handleplan-purpose", {
        "resourceType": "Goal", "lifecycleStatus": "active", "category": [kl(codes.KL_PURPOSE)],
        "description": {"text": frame.purpose}, "subject": b.patient}) if frame.purpose.strip() else None
    goals = [b.add(f"handleplan-goal-{g.key}", {
        "resourceType": "Goal", "lifecycleStatus": "active", "category": [kl(codes.KL_INTERVENTION_GOAL)],
        "description": {"text": g.text}, "subject": b.patient,
        "identifier": [_goal_identifier(g)]}) for g in plan.goals]
    municipality = b.add("municipality", {"resourceType": "Organization", "name": frame.municipality}) \
        if frame.municipality.strip() else None
    offer = [_ext("offer", "extension", [
        {"url": "answer", "valueCode": frame.offer},
        *([{"url": "date", "valueDate": frame.offer_on.isoformat()}] if frame.offer_on else [])])] if frame.offer else []
    special = [_ext("special", "extension", sorted(
        ({"url": codes.code_of(codes.SPECIAL_CONDITION_CODES, key), "valueString": text}
         for key, text in frame.special.items()), key=lambda e: e["url"]))] if frame.special else []
    extensions = (_text_ext("scope", frame.intervention_scope) + _text_ext("duration", frame.duration_text)
                  + ([_ext("duration-kind", "valueCode", frame.duration_kind)] if frame.duration_kind else [])
                  + special + [_ext("close-follow-up", "valueBoolean", frame.close_follow_up)]
                  + _text_ext("suggestions", frame.suggestions) + offer)
    source, value = (frame.source.split("|", 1) if "|" in frame.source
                     else (codes.HANDLEPLAN_IDENTIFIER, f"{cid}"))
    careplan = {
        "resourceType": "CarePlan", "meta": {"versionId": str(frame.source_version or frame.version)},
        "identifier": [{"system": source, "value": value}], "extension": extensions,
        "status": "active", "intent": "order", "category": [kl(codes.KL_SOCIAL_CAREPLAN)],
        "title": "Handleplan (§ 141)", "description": frame.intervention or None, "subject": b.patient,
        "period": {"start": frame.started_on.isoformat()}, "created": iso(frame.made_on),
        "author": {"reference": municipality, "display": frame.municipality} if municipality else None,
        "goal": [{"reference": r} for r in (purpose, *goals) if r] or None,
    }
    worker = b.practitioner(frame.case_worker)
    if worker:
        careplan["contributor"] = [worker]
    return b.add("handleplan", careplan)


def _goal_identifier(goal) -> dict:
    """The municipality's own identifier of an imported goal; else Min Vej's key, which never changes."""
    if "|" in goal.source_ref:
        system, value = goal.source_ref.split("|", 1)
        return {"system": system, "value": value}
    return {"system": codes.MUNICIPAL_GOAL_KEY, "value": str(goal.key)}


def _note(kind: str, text: str, author: dict | None, time: date | datetime | None = None) -> dict:
    note: dict[str, Any] = {"extension": [_ext("note-kind", "valueCode", kind)], "text": text}
    if author:
        note["authorReference"] = author
    if time:
        note["time"] = iso(time)
    return note


def _indsatsplan(b: _Builder, handleplan: str | None) -> None:
    s, cid = b.source, b.source.citizen_id
    latest = {}  # goal item -> its newest rating (records are newest first)
    for record in reversed(s.records):
        for fulfilment in record.goals:
            latest[fulfilment.item_id] = fulfilment
    refs = []
    for goal in s.goals:
        refs.append({"reference": _her_goal(b, goal, latest.get(goal.item_id))})
        for view in s.provider.sub_goals.get(goal.item_id, ()):
            refs.append({"reference": _sub_goal(b, goal, view)})
    activities = [{"detail": {
        "kind": "Task", "code": {"text": "Skridt"}, "status": "completed" if step.content.get("done") else "not-started",
        "description": str(step.content.get("text") or step.content.get("title") or "-"),
        "goal": [{"reference": url(cid, f"goal-{step.parent_id}")}],
        **({"scheduledString": str(step.content["date"])} if step.content.get("date") else {})}}
        for step in s.steps]
    if s.next_due:
        activities.append({"detail": {"code": {"coding": [{"system": codes.PLAN_CODES, "code": "follow-up"}],
                                               "text": "Opfølgning"},
                                      "status": "scheduled", "scheduledString": s.next_due.isoformat()}})
    careplan: dict[str, Any] = {
        "resourceType": "CarePlan", "status": "active", "intent": "plan", "title": "Indsatsplan",
        "subject": b.patient, "created": iso(s.exported_at), "goal": refs or None, "activity": activities or None}
    if handleplan:
        careplan["basedOn"] = [{"reference": handleplan}]
    if s.provider_name:
        careplan["author"] = {"reference": b.add("provider", {"resourceType": "Organization",
                                                               "name": s.provider_name}), "display": s.provider_name}
    b.add("indsatsplan", careplan)
    for record in s.records:
        _record(b, record)
    for check_in in s.check_ins:
        _check_in(b, check_in)


def _her_goal(b: _Builder, goal: Part, rating) -> str:
    c, row = goal.content, b.source.provider.links.get(goal.item_id)
    target: dict[str, Any] = {}
    if c.get("success"):
        target["detailString"] = str(c["success"])
    if c.get("target_date"):
        target["dueDate"] = str(c["target_date"])
    notes = [_note("why", str(c["why"]), b.patient)] if c.get("why") else []
    extensions = []
    if c.get("life_area"):
        extensions.append(_ext("life-area", "valueCode", codes.code_of(codes.LIFE_AREA_CODES, str(c["life_area"]))))
    if c.get("horizon"):
        extensions.append(_ext("horizon", "valueCode", str(c["horizon"])))
    who = b.source.provider.who_dimension(goal.item_id, c)
    if who:
        extensions.append(_ext("who-dimension", "valueCode", codes.code_of(codes.WHO_DIMENSION_CODES, who)))
    if row is not None:
        author = b.practitioner(b.source.names.get(row.author_id, ""))
        if row.purpose_type:
            extensions.append(_ext("purpose-type", "valueCode", row.purpose_type))
        extensions += _text_ext("responsible", row.responsible)
        for kind, text in (("assessment", row.assessment), ("obstacles", row.obstacles), ("supports", row.supports)):
            if text.strip():
                notes.append(_note(kind, text, author, row.created_at))
        if row.municipal_goal_key is not None and b.source.municipal and \
                row.municipal_goal_key in b.source.municipal.goal_keys:
            extensions.append({"url": codes.GOAL_RELATIONSHIP, "extension": [
                {"url": "type", "valueCodeableConcept": {"text": codes.BASED_ON}},
                {"url": "target", "valueReference": {
                    "reference": url(b.source.citizen_id, f"handleplan-goal-{row.municipal_goal_key}")}}]})
    resource: dict[str, Any] = {
        "resourceType": "Goal", "extension": extensions or None,
        "lifecycleStatus": codes.LIFECYCLE.get(str(c.get("status") or "active"), "active"),
        "category": [kl(codes.KL_CITIZEN_GOAL)], "description": {"text": str(c.get("title") or "-")},
        "subject": b.patient, "expressedBy": b.patient, "target": [target] if target else None,
        "note": notes or None}
    if rating is not None and rating.degree in codes.ACHIEVEMENT:
        resource["achievementStatus"] = {"coding": [{"system": codes.GOAL_ACHIEVEMENT,
                                                     "code": codes.ACHIEVEMENT[rating.degree]}],
                                         "text": DEGREE_LABELS[rating.degree]}
    return b.add(f"goal-{goal.item_id}", resource)


def _sub_goal(b: _Builder, goal: Part, view: SubGoalView) -> str:
    sub = view.sub_goal
    author = b.practitioner(b.source.names.get(sub.author_id, ""))
    answer = view.answer
    notes = []
    if answer is not None and answer.words.strip():
        notes.append(_note("answer", answer.words, b.patient, answer.answered_at))
    for assessment in view.assessments:
        notes.append(_note("assessment", assessment.text, b.practitioner(b.source.names.get(assessment.author_id, "")),
                           assessment.assessed_on))
    return b.add(f"delmaal-{sub.id}", {
        "resourceType": "Goal", "extension": [
            {"url": codes.GOAL_RELATIONSHIP, "extension": [
                {"url": "type", "valueCodeableConcept": {"text": codes.BASED_ON}},
                {"url": "target", "valueReference": {"reference": url(b.source.citizen_id, f"goal-{goal.item_id}")}}]},
            *_text_ext("responsible", sub.responsible), *_text_ext("how-often", sub.how_often)],
        "lifecycleStatus": codes.SUB_GOAL_LIFECYCLE[answer.answer if answer else None],
        "category": [kl(codes.KL_SUB_GOAL)], "description": {"text": sub.what}, "subject": b.patient,
        "expressedBy": author, "startDate": sub.created_at.date().isoformat(), "note": notes or None})


def _record(b: _Builder, record) -> None:
    """Each rated goal of a follow-up in force, and the purpose judged there, as an Observation."""
    r, cid = record.record, b.source.citizen_id
    performer = b.practitioner(record.author_name)
    common = {"resourceType": "Observation", "status": "final", "subject": b.patient,
              "effectiveDateTime": r.held_on.isoformat(), "performer": [performer] if performer else None}
    for f in record.goals:
        if f.degree not in codes.ACHIEVEMENT:
            continue
        components = []
        if f.citizen_degree in codes.ACHIEVEMENT:
            components.append({"code": {"coding": [{"system": codes.PLAN_CODES, "code": "citizen-degree"}],
                                        "text": "Borgerens egen vurdering"},
                               "valueCodeableConcept": {"coding": [{"system": codes.GOAL_ACHIEVEMENT,
                                                                    "code": codes.ACHIEVEMENT[f.citizen_degree]}]}})
        notes = ([_note("description", f.description, performer)] if f.description.strip() else []) + (
            [_note("citizen-view", f.citizen_view, b.patient)] if f.citizen_view.strip() else [])
        b.add(f"opfoelgning-{f.id}", {
            **common, "code": {"coding": [{"system": codes.PLAN_CODES, "code": "goal-fulfilment"}],
                               "text": "Målopfyldelse ved opfølgning"},
            "focus": [{"reference": url(cid, f"goal-{f.item_id}")}],
            "valueCodeableConcept": {"coding": [{"system": codes.GOAL_ACHIEVEMENT,
                                                 "code": codes.ACHIEVEMENT[f.degree]}],
                                     "text": DEGREE_LABELS[f.degree]},
            "component": components or None, "note": notes or None})
    if r.purpose_judgement in codes.PURPOSE_ACHIEVEMENT and b.source.municipal:
        b.add(f"formaal-vurdering-{r.id}", {
            **common, "code": {"coding": [{"system": codes.PLAN_CODES, "code": "purpose-judgement"}],
                               "text": "Formålet vurderet ved opfølgning"},
            "focus": [{"reference": url(cid, "handleplan-purpose")}],
            "valueCodeableConcept": {"coding": [{"system": codes.GOAL_ACHIEVEMENT,
                                                 "code": codes.PURPOSE_ACHIEVEMENT[r.purpose_judgement]}],
                                     "text": PURPOSE_JUDGEMENT_LABELS[r.purpose_judgement]}})


def _check_in(b: _Builder, check_in: Part) -> None:
    """Her own "Hvordan går det?" (1-5), in her own export only: a check-in is never shared."""
    c = check_in.content
    b.add(f"checkin-{check_in.item_id}", {
        "resourceType": "Observation", "status": "final", "subject": b.patient, "performer": [b.patient],
        "code": {"coding": [{"system": codes.PLAN_CODES, "code": "check-in"}], "text": "Hvordan går det?"},
        "focus": [{"reference": url(b.source.citizen_id, f"goal-{check_in.parent_id}")}],
        "effectiveDateTime": iso(check_in.at), "valueInteger": int(c["score"]),
        "note": [_note("check-in", str(c["note"]), b.patient)] if c.get("note") else None})
