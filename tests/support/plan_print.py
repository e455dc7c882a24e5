"""A full plan to print, for domain tests: a named case with shared goals, steps, a frame and a signed record."""

from datetime import date, timedelta

from citizenplan.domain import follow_up
from citizenplan.domain.follow_up import GoalInput
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import User
from tests.support.follow_up_case import (
    CP,
    MET,
    NOT_MET,
    NOW,
    PARTLY,
    Case,
    make_case,
    plan,
    save_frame,
    share_goal,
    share_item,
    sign,
)

NAME = "Åse Ærø Bøgh"
WALK = "Gå en tur ved åen hver dag"
MONEY = "Lægge et budget for måneden"


def named_case(db) -> Case:
    c = make_case(db)
    db.get(User, c.citizen).display_name = NAME
    db.commit()
    return c


def full_plan(c: Case) -> tuple[int, int]:
    """Everything a printed plan can hold; returns the two goals' ids."""
    db = c.db
    walk = share_goal(c, WALK, why="Jeg sover bedre.", success="Når jeg har gået hver dag i en måned.",
                      target_date="2026-11-01")
    money = share_goal(c, MONEY, why="Så jeg har penge til mad.", success="", target_date=None)
    share_item(c, ItemKind.STEP, {"text": "Købe gode sko", "helper": "Maria"}, CP, parent_id=walk)
    share_item(c, ItemKind.STEP, {"text": "Gå til Netto", "helper": ""}, CP, parent_id=walk)
    share_item(c, ItemKind.REMARKS, {"text": "Jeg vil gerne have mere tid til møderne."}, CP)
    save_frame(c, based_on=0, purpose="Mere overskud i hverdagen.", intervention="Bostøtte (§ 85) to gange om ugen.",
               duration_kind="approximate", duration_text="ca. 2 år", special={"housing": "Bor i botilbud."},
               started_on="2026-03-01")
    follow_up.assess_goal(db, c.contact, c.citizen, walk, "developing", True, "", now=NOW)
    follow_up.assess_goal(db, c.contact, c.citizen, money, "compensating", False,
                          "Borgeren har brug for hjælp til regningerne.", now=NOW)
    db.commit()
    sign(c, {walk: GoalInput(walk, PARTLY, description="Tre dage om ugen.", citizen_view="Det går bedre, end jeg "
                             "troede.", citizen_degree=MET),
             money: GoalInput(money, NOT_MET)},
         held_on=date(2026, 4, 20), now=NOW - timedelta(days=14), note="Vi aftalte at tale om penge næste gang.",
         participants="Åse, Contact og Maria", next_due=date(2026, 6, 1))
    plan(c, date(2026, 6, 1), at_time="10:00", place="Bostedet")
    return walk, money
