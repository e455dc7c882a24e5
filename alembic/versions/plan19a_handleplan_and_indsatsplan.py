"""the municipality's handleplan (§ 141) on plan_frame with its goals, and the provider's indsatsplan

Revision ID: plan19a
Revises: load_0007
Create Date: 2026-12-07 04:10:09.684483

Existing frames keep their fields; the new text columns start empty (server default ''), the new dates
and the goal link unknown (NULL). Nothing is guessed for older rows.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'plan19a'
down_revision = 'load_0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('other_actor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('does', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['citizen_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('other_actor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_other_actor_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('unmet_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('life_area', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['citizen_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unmet_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unmet_need_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('municipal_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('frame_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['frame_id'], ['plan_frame.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('frame_id', 'key')
    )
    with op.batch_alter_table('municipal_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_municipal_goal_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_municipal_goal_frame_id'), ['frame_id'], unique=False)

    op.create_table('sub_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('what', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('how_often', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['citizen_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['workbook_item.id'], ),
    sa.ForeignKeyConstraint(['replaces_id'], ['sub_goal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sub_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sub_goal_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sub_goal_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sub_goal_replaces_id'), ['replaces_id'], unique=False)

    op.create_table('sub_goal_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sub_goal_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('words', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['sub_goal_id'], ['sub_goal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sub_goal_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sub_goal_answer_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sub_goal_answer_sub_goal_id'), ['sub_goal_id'], unique=False)

    op.create_table('sub_goal_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sub_goal_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['sub_goal_answer.id'], ),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['citizen_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['sub_goal_id'], ['sub_goal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sub_goal_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sub_goal_assessment_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sub_goal_assessment_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sub_goal_assessment_sub_goal_id'), ['sub_goal_id'], unique=False)

    with op.batch_alter_table('goal_assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipal_goal_key', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('who_dimension', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('obstacles', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('supports', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False, server_default=''))

    with op.batch_alter_table('plan_frame', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_worker', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('made_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('intervention_scope', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('suggestions', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('offer', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('offer_on', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('plan_frame', schema=None) as batch_op:
        batch_op.drop_column('offer_on')
        batch_op.drop_column('offer')
        batch_op.drop_column('suggestions')
        batch_op.drop_column('intervention_scope')
        batch_op.drop_column('made_on')
        batch_op.drop_column('municipality')
        batch_op.drop_column('case_worker')

    with op.batch_alter_table('goal_assessment', schema=None) as batch_op:
        batch_op.drop_column('supports')
        batch_op.drop_column('obstacles')
        batch_op.drop_column('who_dimension')
        batch_op.drop_column('responsible')
        batch_op.drop_column('municipal_goal_key')

    with op.batch_alter_table('sub_goal_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sub_goal_assessment_sub_goal_id'))
        batch_op.drop_index(batch_op.f('ix_sub_goal_assessment_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_sub_goal_assessment_answer_id'))

    op.drop_table('sub_goal_assessment')
    with op.batch_alter_table('sub_goal_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sub_goal_answer_sub_goal_id'))
        batch_op.drop_index(batch_op.f('ix_sub_goal_answer_citizen_id'))

    op.drop_table('sub_goal_answer')
    with op.batch_alter_table('sub_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sub_goal_replaces_id'))
        batch_op.drop_index(batch_op.f('ix_sub_goal_item_id'))
        batch_op.drop_index(batch_op.f('ix_sub_goal_citizen_id'))

    op.drop_table('sub_goal')
    with op.batch_alter_table('municipal_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipal_goal_frame_id'))
        batch_op.drop_index(batch_op.f('ix_municipal_goal_citizen_id'))

    op.drop_table('municipal_goal')
    with op.batch_alter_table('unmet_need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unmet_need_citizen_id'))

    op.drop_table('unmet_need')
    with op.batch_alter_table('other_actor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_other_actor_citizen_id'))

    op.drop_table('other_actor')
