"""Migration jsonkeys stores the life areas, the WHO dimensions and the handleplan's særlige forhold in English,
inside JSON (item content, approved copies, chat answers, plan_frame.special) and in plain columns, and converts
the rows written before it both ways. The citizen's own words are never touched. SQLite and PostgreSQL."""

from sqlalchemy import JSON, column, table
from sqlmodel import Session, col, select

from alembic import command
from citizenplan import migrations
from citizenplan.db import engine_for
from citizenplan.domain import follow_up, provider_plan, report_facts
from citizenplan.domain.follow_up import GoalPlanInput, SpecialCondition
from citizenplan.domain.vocabulary import LifeArea, WhoDimension
from citizenplan.domain.workbook import ItemKind
from citizenplan.models import (
    Conversation,
    ConversationAnswer,
    GoalAssessment,
    ItemVersion,
    PlanFrame,
    ReportGoalFact,
    SharedSnapshot,
    UnmetNeed,
    WorkbookItem,
)
from tests.support.chat_engine import Chat
from tests.support.follow_up_case import NOW, make_case, save_frame, share_goal

HER_WORDS = "housing"  # a dream and a goal title she wrote: the same letters as a key, never converted


def _answer(db: Session, flow_id: str, step_id: str):
    return db.exec(select(ConversationAnswer.value).join(Conversation, col(Conversation.id) ==
                                                          ConversationAnswer.conversation_id)
                   .where(Conversation.flow_id == flow_id, ConversationAnswer.step_id == step_id)
                   .order_by(col(ConversationAnswer.id))).all()


def _stored(url: str) -> dict:
    """What the rows hold, read as the models read them (the tables are the same before and after)."""
    with Session(engine_for(url)) as db:
        goal = db.exec(select(WorkbookItem.id).where(WorkbookItem.kind == "goal").order_by(col(WorkbookItem.id))).first()
        content = db.exec(select(ItemVersion.content).where(ItemVersion.item_id == goal)
                          .order_by(col(ItemVersion.number).desc())).first()
        focus = db.exec(select(ItemVersion.content).join(WorkbookItem, col(WorkbookItem.id) == ItemVersion.item_id)
                        .where(WorkbookItem.kind == ItemKind.FOCUS_AREAS.value)).one()
        return {
            "goal": (content["title"], content["life_area"], content["who_dimension"]),
            "copy": db.exec(select(SharedSnapshot.content).where(SharedSnapshot.item_id == goal)).one()["life_area"],
            "focus": focus["areas"],
            "chat": (_answer(db, "getting_started", "areas"), _answer(db, "getting_started", "dream"),
                     _answer(db, "dream_to_goal", "area")),
            "special": db.exec(select(PlanFrame.special).order_by(col(PlanFrame.id).desc())).first(),
            "assessment": db.exec(select(GoalAssessment.who_dimension)).one(),
            "needs": sorted(db.exec(select(UnmetNeed.life_area)).all()),
            "facts": sorted(set(db.exec(select(ReportGoalFact.who)).all())),
        }


ENGLISH = {
    "goal": (HER_WORDS, "housing", "environment"), "copy": "housing", "focus": ["housing", "family"],
    "chat": ([["housing", "family"]], [HER_WORDS], ["money", "leisure"]),
    "special": {"housing": "Bor i botilbud.", "treatment": "Går i behandling."},
    "assessment": "psychological", "needs": ["daily_life", "money"], "facts": ["environment", "psychological"],
}
DANISH = {
    "goal": (HER_WORDS, "bolig", "naermiljoe"), "copy": "bolig", "focus": ["bolig", "familie"],
    "chat": ([["bolig", "familie"]], [HER_WORDS], ["oekonomi", "fritid"]),
    "special": {"bolig": "Bor i botilbud.", "behandling": "Går i behandling."},
    "assessment": "psykisk", "needs": ["hverdagen", "oekonomi"], "facts": ["naermiljoe", "psykisk"],
}


def _fill(db: Session) -> None:
    """Through the domain, as the app writes them: every place a life area, a WHO dimension or a særligt forhold
    is stored."""
    c = make_case(db)
    share_goal(c, HER_WORDS, life_area=LifeArea.HOUSING.value)
    other = share_goal(c, "Gå en tur", life_area=LifeArea.LEISURE.value)
    follow_up.assess_goal(db, c.contact, c.citizen, other, "developing", False, "", now=NOW,
                          plan=GoalPlanInput(who_dimension=WhoDimension.PSYCHOLOGICAL.value))
    save_frame(c, special={SpecialCondition.HOUSING.value: "Bor i botilbud.",
                           SpecialCondition.TREATMENT.value: "Går i behandling."})
    provider_plan.set_unmet_needs(db, c.contact, c.citizen, {LifeArea.DAILY_LIFE.value: "Indkøb og mad.",
                                                             LifeArea.MONEY.value: "Gæld."}, now=NOW)
    chat = Chat(db, c.me)
    chat.start("getting_started")
    for value in ("Jeg hedder Sara.", "Jeg vil bo for mig selv.", "Jeg håber, jeg får det bedre.", HER_WORDS, "no",
                  ["family", "housing"]):
        chat.answer(value)
    chat.start("dream_to_goal")
    chat.answer(chat.choices()[0])
    for value in ("Jeg går en tur i skoven hver morgen.", "Så får jeg det bedre om dagen.",
                  "Jeg går ud af døren hver morgen kl. 8.", "month", "Jeg køber gode sko.", "Min søster", "money"):
        chat.answer(value)
    report_facts.rebuild(db)
    db.commit()


def _answered_before(url: str, value: str) -> None:
    """A chat answer as the code before jsonkeys wrote it: a Danish life area (typed as JSON, as the model is)."""
    answers = table("conversation_answer", column("conversation_id"), column("step_id"), column("seq"),
                    column("value", JSON), column("skipped"), column("params", JSON), column("context_before", JSON),
                    column("client_id"), column("created_at"))
    with engine_for(url).begin() as connection:
        conversation, seq = connection.execute(select(answers.c.conversation_id, answers.c.seq)
                                               .where(answers.c.step_id == "area")).one()
        connection.execute(answers.insert().values(
            conversation_id=conversation, step_id="area", seq=seq + 1, value=value, skipped=False, params={},
            context_before={}, client_id="before-jsonkeys", created_at=NOW))


def test_existing_rows_are_converted_to_english_and_back_and_her_words_stay(db, db_url):
    _fill(db)
    db.close()
    engine_for(db_url).dispose()
    assert _stored(db_url) == {**ENGLISH, "chat": (ENGLISH["chat"][0], ENGLISH["chat"][1], ["money"])}

    config = migrations.alembic_config(db_url)
    command.downgrade(config, "typed_enums")  # the revision before jsonkeys: Danish keys, as that code wrote them
    _answered_before(db_url, "fritid")
    assert _stored(db_url) == DANISH
    engine_for(db_url).dispose()
    command.upgrade(config, "head")
    assert _stored(db_url) == ENGLISH
    engine_for(db_url).dispose()
    command.downgrade(config, "typed_enums")
    assert _stored(db_url) == DANISH
    engine_for(db_url).dispose()
    command.upgrade(config, "head")
    stored = _stored(db_url)
    assert stored == ENGLISH
    assert LifeArea(stored["copy"]) is LifeArea.HOUSING and WhoDimension(stored["assessment"]) is WhoDimension.PSYCHOLOGICAL
    assert {SpecialCondition(key) for key in stored["special"]} == {SpecialCondition.HOUSING, SpecialCondition.TREATMENT}
