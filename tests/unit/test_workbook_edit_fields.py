"""What the citizen may change on an item's own screen is decided in the domain (workbook.EDITABLE_FIELDS)
and enforced by workbook.save, whatever the browser sends: a status, a score, a tick or a share has its own
way, and a forged field is refused in plain words with nothing written. SQLite and PostgreSQL."""

import pytest
from sqlmodel import func, select

from citizenplan.domain import workbook
from citizenplan.domain.errors import AccessDenied, UserError
from citizenplan.domain.workbook import EDITABLE_FIELDS, NOT_EDITABLE, ItemKind
from citizenplan.models import ItemVersion
from tests.support.sharing_world import CONTENT, version_of, world, write


def _versions(db) -> int:
    return db.exec(select(func.count()).select_from(ItemVersion)).one()


@pytest.mark.parametrize(("kind", "forged"), [
    (ItemKind.GOAL, "status"), (ItemKind.GOAL, "who_dimension"), (ItemKind.GOAL, "agrees"),
    (ItemKind.STEP, "done"), (ItemKind.CHECK_IN, "score"), (ItemKind.DREAM, "life_area"),
    (ItemKind.PREPARATION, "went_well"),  # no edit form at all: it is changed in the chat
])
def test_a_forged_field_is_refused_plainly_and_nothing_is_written(db, kind, forged):
    w = world(db)
    item = write(db, w.me, kind)
    before, content = _versions(db), workbook.content_of(db, w.me, item)
    editable = EDITABLE_FIELDS.get(kind, ())
    changes = {**({editable[0]: "Nye ord"} if editable else {}), forged: "forfalsket"}
    with pytest.raises(UserError) as caught:
        workbook.save(db, w.me, item, changes, version_of(db, w.me, item))
    assert not isinstance(caught.value, AccessDenied)  # her own item: bad input, not a refusal of access
    assert caught.value.message == NOT_EDITABLE
    db.rollback()
    assert (_versions(db), workbook.content_of(db, w.me, item)) == (before, content)


@pytest.mark.parametrize("kind", list(EDITABLE_FIELDS))
def test_every_field_of_the_edit_form_is_saved(db, kind):
    w = world(db)
    item = write(db, w.me, kind)
    changes = {name: "2027-03-01" if name == "target_date" else f"Nyt i {name}" for name in EDITABLE_FIELDS[kind]}
    saved = workbook.save(db, w.me, item, changes, version_of(db, w.me, item)).item.content
    assert {name: saved[name] for name in changes} == changes
    assert set(CONTENT[kind]) - set(changes) <= set(saved)  # the rest stays as it was


def test_another_citizens_item_is_refused_as_access_before_any_field_is_looked_at(db):
    w = world(db)
    item = write(db, w.me, ItemKind.GOAL)
    with pytest.raises(AccessDenied):
        workbook.save(db, w.neighbour, item, {"status": "dropped"}, 1)
