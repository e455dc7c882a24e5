"""the handleplan imported as FHIR: its source and version, and the citizen's municipal identifier

Revision ID: fhir_0001
Revises: plan19b
Create Date: 2026-12-07 07:30:00

user.municipal_ref: the municipality's identifier for the citizen ("system|value"), matched against the
Patient of an imported Bundle. plan_frame.source / source_version: the CarePlan a handleplan version was
imported from and its version (an older or equal version is refused). municipal_goal.source_ref: the Goal a
handleplan goal came from, so its key stays the same across imported versions.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'fhir_0001'
down_revision = 'plan19b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipal_ref', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.create_index('ix_user_municipal_ref', ['municipal_ref'], unique=True)
    with op.batch_alter_table('plan_frame', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('source_version', sa.Integer(), nullable=True))
    with op.batch_alter_table('municipal_goal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_ref', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): batch mode would copy each table and drop the old one,
    # which SQLite refuses while other tables' rows point at it (foreign keys are on).
    op.drop_column('municipal_goal', 'source_ref')
    op.drop_column('plan_frame', 'source_version')
    op.drop_column('plan_frame', 'source')
    op.drop_index('ix_user_municipal_ref', table_name='user')
    op.drop_column('user', 'municipal_ref')
