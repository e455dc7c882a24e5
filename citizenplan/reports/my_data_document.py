"""Her data as a readable document: the same content as the JSON export (domain/my_data.py), laid out as
headings and "label: text" lines for the PDF. A table added later shows up under its own name until it
gets a Danish heading here; nothing is left out because it has no label."""

from datetime import date, datetime
from typing import Any

from sqlmodel import SQLModel

import citizenplan.models  # noqa: F401 - every table on the metadata
from citizenplan import i18n
from citizenplan.domain.errors import N_
from citizenplan.domain.follow_up import SPECIAL_CONDITION_LABELS
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, WHO_DIMENSION_LABELS
from citizenplan.reports.plan_document import Block

TABLE_LABELS = {
    "user": N_("Dig"),
    "workbook_item": N_("Din arbejdsbog"),
    "item_version": N_("Alle udgaver af det, du har skrevet"),
    "conversation": N_("Dine samtaler"),
    "conversation_answer": N_("Dine svar i samtalerne"),
    "shared_snapshot": N_("Det, du har delt"),
    "share_event": N_("Hvornår du delte og stoppede deling"),
    "comment": N_("Kommentarer"),
    "rewording_proposal": N_("Forslag til andre ord"),
    "plan_frame": N_("Kommunens handleplan for dig"),
    "municipal_goal": N_("Målene i kommunens handleplan"),
    "sub_goal": N_("Delmål: hvem gør hvad"),
    "sub_goal_answer": N_("Dine svar på delmål"),
    "sub_goal_assessment": N_("Faglige vurderinger af delmål"),
    "other_actor": N_("Andre omkring dig"),
    "unmet_need": N_("Udækkede behov"),
    "goal_assessment": N_("Faglige vurderinger af dine mål"),
    "follow_up": N_("Møder om din plan"),
    "follow_up_record": N_("Referater fra møderne"),
    "goal_fulfilment": N_("Hvordan det gik med dine mål"),
    "case_view": N_("Hvornår din kontaktperson sidst så din plan"),
    "contactassignment": N_("Dine kontaktpersoner"),
    "relativegrant": N_("Dine pårørende"),
    "invitation": N_("Koder til at logge ind"),
    "auth_session": N_("Dine logins"),
    "audit_event": N_("Hvem har set din plan"),
}
FIELD_LABELS = {
    "text": N_("Tekst"), "title": N_("Titel"), "why": N_("Derfor er det vigtigt"),
    "success": N_("Sådan kan du mærke det"), "content": N_("Indhold"), "note": N_("Note"),
    "value": N_("Svar"), "created_at": N_("Skrevet"), "at": N_("Tidspunkt"), "kind": N_("Slags"),
    "author_id": N_("Skrevet af"), "actor_id": N_("Hvem"), "display_name": N_("Navn"),
    "description": N_("Beskrivelse"), "citizen_view": N_("Dit eget syn"), "degree": N_("Opfyldt"),
    "purpose": N_("Formål"), "assessment": N_("Vurdering"), "held_on": N_("Mødet var"),
    "participants": N_("Hvem var med"), "goal_title": N_("Mål"), "relation": N_("Hvem er det for dig"),
    "username": N_("Brugernavn"), "role": N_("Rolle"), "locale": N_("Sprog"), "action": N_("Hvad skete der"),
    "allowed": N_("Tilladt"), "audience": N_("Hvem kan se det"), "approved_at": N_("Godkendt"),
    "number": N_("Udgave"), "via": N_("Skrevet i"), "life_area": N_("Livsområde"), "target_date": N_("Hvornår"),
    "status": N_("Status"), "helper": N_("Hvem hjælper"), "contact_person_id": N_("Kontaktperson"), "relative_id": N_("Pårørende"), "viewer_id": N_("Hvem"),
}


# fields whose values are stored keys (English): shown by their label, as every screen shows them
CODE_LABELS = {"life_area": LIFE_AREA_LABELS, "areas": LIFE_AREA_LABELS, "who_dimension": WHO_DIMENSION_LABELS}


def _user_columns() -> dict[str, set[str]]:
    """Per table, the columns that name a person: shown by name. Other ids are left to the JSON file."""
    return {t.name: {fk.parent.name for fk in t.foreign_keys if fk.column.table.name == "user"}
            for t in SQLModel.metadata.sorted_tables}


def _people(export: dict[str, Any]) -> dict[int, str]:
    found = {p["id"]: p["name"] for p in export.get("people", [])}
    for me in export["tables"].get("user", []):
        found[me["id"]] = me["display_name"]
    return found


def _label(key: str, locale: str) -> str:
    """A field's name, or a handleplan's særligt forhold (the keys of plan_frame.special)."""
    label = FIELD_LABELS.get(key) or SPECIAL_CONDITION_LABELS.get(key)
    return i18n.translate(label, locale) if label else key


def _text(value: Any, locale: str, key: str = "") -> str:
    if isinstance(value, bool):
        return i18n.translate(N_("Ja") if value else N_("Nej"), locale)
    if isinstance(value, dict):
        return "\n".join(f"{_label(k, locale)}: {_text(v, locale, k)}"
                         for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return ", ".join(_text(v, locale, key) for v in value)
    if isinstance(value, str) and value in CODE_LABELS.get(key, {}):
        return i18n.translate(CODE_LABELS[key][value], locale)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            moment = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
        return i18n.date_time(moment, locale) if isinstance(moment, datetime) else i18n.long_date(moment, locale)
    return str(value)


def my_data_blocks(export: dict[str, Any], name: str, locale: str) -> list[Block]:
    def _(message: str, **params) -> str:
        return i18n.translate(message, locale, **params)

    people = _people(export)
    named = _user_columns()
    blocks = [Block("h1", _(N_("Mine data i Min Vej: {name}"), name=name)),
              Block("text", _(N_("Alt, hvad Min Vej har om dig. Hentet {when}."),
                              when=_text(export["exported_at"], locale)))]
    for table, rows in export["tables"].items():
        blocks.append(Block("h2", _(TABLE_LABELS[table]) if table in TABLE_LABELS else table))
        if not rows:
            blocks.append(Block("text", _(N_("Intet her."))))
        for number, row in enumerate(rows, start=1):
            blocks.append(Block("h3", f"{number}."))
            for key, value in row.items():
                is_person = key in named.get(table, set())
                if value in (None, "", [], {}) or key == "id" or (key.endswith("_id") and not is_person) \
                        or key == "citizen_id":
                    continue
                shown = people.get(value, str(value)) if is_person else _text(value, locale, key)
                label = _(FIELD_LABELS[key]) if key in FIELD_LABELS else key
                blocks.append(Block("field", shown, label))
    return blocks
