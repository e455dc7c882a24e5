"""The demo plans as an assessor would grade their prints (issue 19): Anna's well-kept plan scores "I høj grad"
on all nine questions but the one only a person can judge; Bo's shows what the check catches."""

import pytest
from sqlmodel import select

from citizenplan import demo, demo_plans
from citizenplan.db import session_scope
from citizenplan.domain import case_file
from citizenplan.domain.accounts import load_actor
from citizenplan.models import User
from citizenplan.reports.plan_document import printable_plan


@pytest.fixture
def demo_db(app_db):
    with session_scope() as db:
        demo.load(db)
    with session_scope() as db:
        demo_plans.load(db)


def _case(db, contact: str, citizen: str) -> case_file.CaseFile:
    ids = {u.username: u.id for u in db.exec(select(User)).all()}
    return case_file.case_file(db, load_actor(db, ids[contact]), ids[citizen])


def test_the_demo_plan_of_anna_passes_all_nine_and_her_print_says_i_hoej_grad(demo_db):
    with session_scope() as db:
        case = _case(db, "maria", "anna")
        assert {q.number: q.status for q in case.quality} == {
            1: "ok", 2: "ok", 3: "ok", 4: "ok", 5: "judge", 6: "ok", 7: "ok", 8: "ok", 9: "ok"}
        ids = {u.username: u.id for u in db.exec(select(User)).all()}
        blocks = printable_plan(db, load_actor(db, ids["maria"]), ids["anna"])
    check = blocks[[b.text for b in blocks].index("Kvalitetstjek"):]
    assert [b.text for b in check if b.kind == "field"].count("I høj grad") == 8
    assert blocks[0].text == "Indsatsplan for Anna Jensen"
    assert "Jeg vil gerne have, at Maria ringer, før hun kommer." in [b.text for b in blocks]  # her remarks


def test_the_demo_plan_of_bo_shows_what_the_check_catches(demo_db):
    with session_scope() as db:
        case = _case(db, "jonas", "bo")
    lines = {q.number: q for q in case.quality}
    assert {n for n, q in lines.items() if q.status == "missing"} == {2, 8, 9}
    assert lines[2].advice == "Spørg borgeren: Hvad kan gøre det svært? Hvad kan hjælpe? {count} mål mangler svaret."
    assert lines[8].advice == "Borgeren har ikke svaret på {count} delmål. Spørg borgeren."
    assert lines[9].advice == "Opfølgningen er overskredet. Hold mødet, eller flyt datoen."
