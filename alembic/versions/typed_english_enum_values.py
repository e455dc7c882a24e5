"""stored values in one language: the offer, the expected duration's kind, the purpose judgement, the
citizen's answer to a delmål, the degree of goal fulfilment, the purpose type and the service area in English

Revision ID: typed_enums
Revises: readaloud
Create Date: 2026-12-07 08:30:00

The enums of domain.municipal_plan.Offer, domain.follow_up.DurationKind, PurposeJudgement, Degree and PurposeType,
domain.provider_plan.Answer, domain.vocabulary.ServiceArea and the report facts' "not given" were stored as Danish words ("accepteret",
"omtrentlig", "paa_vej", "enig", "delvist_opfyldt", "udviklende", "ikke_angivet"); code and database now hold English
values and the Danish stays in the UI labels. Every existing row is converted, both ways.
"""
import sqlalchemy as sa

from alembic import op


revision = 'typed_enums'
down_revision = 'readaloud'
branch_labels = None
depends_on = None

OFFER = {'accepteret': 'accepted', 'afslaaet': 'declined', 'ikke_endnu': 'not_yet'}
DURATION_KIND = {'perspektiv': 'perspective', 'omtrentlig': 'approximate'}  # "minimum" is the same word
ANSWER = {'enig': 'agrees', 'uenig': 'disagrees'}
DEGREE = {'opfyldt': 'met', 'delvist_opfyldt': 'partly_met', 'ikke_opfyldt': 'not_met'}
PURPOSE_TYPE = {'kompenserende': 'compensating', 'vedligeholdende': 'maintaining', 'udviklende': 'developing'}
NOT_GIVEN = {'ikke_angivet': 'not_given'}  # domain.report_facts.NOT_GIVEN: a goal fact without a WHO dimension or type
SERVICE_AREA = {'psykiatri': 'psychiatry', 'forsorg_og_misbrug': 'homelessness_and_addiction'}  # "handicap" stays
PURPOSE_JUDGEMENT = {'naaet': 'reached', 'paa_vej': 'on_the_way', 'ikke_naaet': 'not_reached'}

# (table, column, {Danish: English})
COLUMNS = [
    ('plan_frame', 'offer', OFFER),
    ('report_plan_fact', 'offer', OFFER),
    ('plan_frame', 'duration_kind', DURATION_KIND),
    ('follow_up_record', 'purpose_judgement', PURPOSE_JUDGEMENT),
    ('sub_goal_answer', 'answer', ANSWER),
    ('goal_fulfilment', 'degree', DEGREE),
    ('goal_fulfilment', 'citizen_degree', DEGREE),
    ('goal_assessment', 'purpose_type', PURPOSE_TYPE),
    ('report_goal_fact', 'degree', DEGREE),
    ('report_goal_fact', 'purpose', {**PURPOSE_TYPE, **NOT_GIVEN}),
    ('report_goal_fact', 'who', NOT_GIVEN),
    ('unit', 'service_area', SERVICE_AREA),
]


def _convert(backwards: bool) -> None:
    for table, column, mapping in COLUMNS:
        for danish, english in mapping.items():
            old, new = (english, danish) if backwards else (danish, english)
            rows = sa.table(table, sa.column(column))
            op.execute(rows.update().where(rows.c[column] == old).values({column: new}))


def upgrade() -> None:
    _convert(backwards=False)


def downgrade() -> None:
    _convert(backwards=True)
