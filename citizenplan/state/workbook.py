"""The workbook as a plain list, in the citizen's own words (the full workbook screens come with issue 5)."""

from datetime import date

from citizenplan import i18n, routes
from citizenplan.db import session_scope
from citizenplan.domain import workbook
from citizenplan.domain.errors import N_
from citizenplan.domain.vocabulary import LIFE_AREA_LABELS, LifeArea, Role
from citizenplan.domain.workbook import KIND_LABELS
from citizenplan.state.session import SessionState

FIELD_LABELS = {
    "title": "", "text": "", "wants": N_("Det vil jeg"), "why": N_("Derfor er det vigtigt"),
    "success": N_("Sådan kan jeg mærke det"), "target_date": N_("Hvornår"), "life_area": N_("Del af livet"),
    "helper": N_("Hvem hjælper"), "score": N_("Sådan går det"), "note": N_("Note"),
    "signs": N_("Tegn på, at jeg får det værre"), "helps": N_("Det hjælper"), "not_helps": N_("Det hjælper ikke"),
    "contacts": N_("Ring til"), "practical": N_("Praktiske ting"), "areas": "",
}
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


def _lines(content: dict, locale: str) -> list[dict[str, str]]:
    """Each field as a line: msgid label (may be empty) and either the citizen's text or a msgid."""
    lines = []
    for key, label in FIELD_LABELS.items():
        value = content.get(key)
        if value in (None, "", []):
            continue
        if key == "target_date":
            lines.append({"label": label, "text": i18n.long_date(date.fromisoformat(value), locale), "msgid": ""})
        elif key == "life_area" and value in LifeArea._value2member_map_:
            lines.append({"label": label, "text": "", "msgid": LIFE_AREA_LABELS[LifeArea(value)]})
        elif key == "areas":
            lines.extend({"label": "", "text": "", "msgid": LIFE_AREA_LABELS[LifeArea(a)]}
                         for a in value if a in LifeArea._value2member_map_)
        elif key == "score":
            lines.append({"label": label, "text": f"{FACES.get(int(value), '')} {value}", "msgid": ""})
        elif key == "contacts":
            lines.extend({"label": label, "text": f"{c.get('name', '')} {c.get('phone', '')}".strip(), "msgid": ""}
                         for c in value)
        else:
            lines.append({"label": label, "text": str(value), "msgid": ""})
    return lines


class WorkbookState(SessionState):
    items: list[dict] = []

    async def load(self):
        actor, follow_up = await self._enter(Role.CITIZEN, routes.WORKBOOK)
        if actor is None:
            return follow_up
        with session_scope() as db:
            views = workbook.items(db, actor)
        self.items = [{"kind": KIND_LABELS[v.kind], "lines": _lines(v.content, actor.locale),
                       "child": "yes" if v.parent_id else ""} for v in views]
        return follow_up
