"""Migration typed_enums stores the offer, the expected duration's kind, the purpose judgement and the answer
to a delmål in English, and converts the rows written before it both ways. SQLite and PostgreSQL."""

from sqlalchemy import text

from alembic import command
from citizenplan import migrations
from citizenplan.db import engine_for
from citizenplan.domain import report_facts
from citizenplan.domain.follow_up import Degree, DurationKind, PurposeJudgement, PurposeType
from citizenplan.domain.municipal_plan import Offer
from citizenplan.domain.provider_plan import Answer
from citizenplan.domain.vocabulary import ServiceArea
from tests.support.follow_up_case import make_case
from tests.support.two_levels import follow_up_on, plan_goal, record_handleplan

ROWS = ("SELECT (SELECT offer FROM plan_frame ORDER BY id DESC LIMIT 1),"
        " (SELECT duration_kind FROM plan_frame ORDER BY id DESC LIMIT 1),"
        " (SELECT offer FROM report_plan_fact LIMIT 1),"
        " (SELECT purpose_judgement FROM follow_up_record LIMIT 1),"
        " (SELECT answer FROM sub_goal_answer LIMIT 1),"
        " (SELECT degree FROM goal_fulfilment LIMIT 1),"
        " (SELECT purpose_type FROM goal_assessment ORDER BY id DESC LIMIT 1),"
        " (SELECT purpose FROM report_goal_fact WHERE purpose <> 'ikke_angivet' AND purpose <> 'not_given' LIMIT 1),"
        " (SELECT service_area FROM unit WHERE name = 'Psykiatrien Test')")
ENGLISH = ("accepted", "perspective", "accepted", "reached", "agrees", "met", "developing", "developing",
           "psychiatry")
DANISH = ("accepteret", "perspektiv", "accepteret", "naaet", "enig", "opfyldt", "udviklende", "udviklende",
          "psykiatri")


def _stored(url: str) -> tuple:
    with engine_for(url).connect() as connection:
        return tuple(connection.execute(text(ROWS)).one())


def test_existing_rows_are_converted_to_english_and_back(db, db_url):
    c = make_case(db)
    keys = record_handleplan(c, ((None, "Klare indkøb selv"),), duration_kind="perspective")
    follow_up_on(c, [plan_goal(c, "Jeg vil handle ind selv", keys[0])], judgement="reached")
    report_facts.rebuild(db)
    db.commit()
    db.close()
    engine_for(db_url).dispose()
    assert _stored(db_url) == ENGLISH

    config = migrations.alembic_config(db_url)
    command.downgrade(config, "readaloud")  # the revision before typed_enums
    assert _stored(db_url) == DANISH
    engine_for(db_url).dispose()
    command.upgrade(config, "head")
    assert _stored(db_url) == ENGLISH

    offer, kind, fact_offer, judgement, answer, degree, purpose_type, _, area = _stored(db_url)
    assert (Offer(offer), DurationKind(kind), Offer(fact_offer), PurposeJudgement(judgement), Answer(answer),
            Degree(degree), PurposeType(purpose_type), ServiceArea(area)) == (
        Offer.ACCEPTED, DurationKind.PERSPECTIVE, Offer.ACCEPTED, PurposeJudgement.REACHED, Answer.ACCEPTED,
        Degree.MET, PurposeType.DEVELOPING, ServiceArea.PSYCHIATRY)
