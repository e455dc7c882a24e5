"""the purpose judged at each follow-up; the report's handleplan facts

Revision ID: plan19b
Revises: plan19a
Create Date: 2026-12-07 04:20:00

follow_up_record.purpose_judgement: "naaet" / "paa_vej" / "ikke_naaet" (NULL in records signed before it
was asked). report_goal_fact.handleplan_from and the new report_plan_fact serve figure II (handleplaner
with an indsatsplan) and the offers. The goal facts are emptied, so `citizenplan migrate` rebuilds them
all with the new column and the editable WHO dimension (report_facts.built is then False).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'plan19b'
down_revision = 'plan19a'
branch_labels = None
depends_on = None

OPEN_END = 3652059  # date.max.toordinal()
PLAN_INDEX = ['unit_id', 'citizen_id', 'first_due_on', 'last_due_on', 'duration', 'shared_from', 'shared_until',
              'replaced_on', 'held_from', 'held_until', 'no_success', 'no_date', 'voice']


def upgrade() -> None:
    with op.batch_alter_table('follow_up_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose_judgement', sqlmodel.sql.sqltypes.AutoString(length=20),
                                      nullable=True))
    op.execute("DELETE FROM report_goal_fact")
    with op.batch_alter_table('report_goal_fact', schema=None) as batch_op:
        batch_op.drop_index('ix_report_goal_fact_plan')
        batch_op.add_column(sa.Column('handleplan_from', sa.Integer(), nullable=False,
                                      server_default=str(OPEN_END)))
        batch_op.create_index('ix_report_goal_fact_plan', PLAN_INDEX[:5] + ['handleplan_from'] + PLAN_INDEX[5:],
                              unique=False)
    op.create_table('report_plan_fact',
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('handleplan_from', sa.Integer(), nullable=False),
    sa.Column('offer', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('offer_on', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('citizen_id')
    )
    with op.batch_alter_table('report_plan_fact', schema=None) as batch_op:
        batch_op.create_index('ix_report_plan_fact_unit', ['unit_id', 'handleplan_from', 'offer', 'offer_on'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_plan_fact', schema=None) as batch_op:
        batch_op.drop_index('ix_report_plan_fact_unit')
    op.drop_table('report_plan_fact')
    with op.batch_alter_table('report_goal_fact', schema=None) as batch_op:
        batch_op.drop_index('ix_report_goal_fact_plan')
        batch_op.drop_column('handleplan_from')
        batch_op.create_index('ix_report_goal_fact_plan', PLAN_INDEX, unique=False)
    with op.batch_alter_table('follow_up_record', schema=None) as batch_op:
        batch_op.drop_column('purpose_judgement')
