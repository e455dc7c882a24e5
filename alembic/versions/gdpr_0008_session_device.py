"""the browser a login was made in, for "Mine logins"

Revision ID: gdpr_0008
Revises: load_0007
Create Date: 2026-12-07 04:15:00
"""
import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = 'gdpr_0008'
down_revision = 'load_0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('auth_session') as batch:
        batch.add_column(sa.Column('user_agent', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('auth_session') as batch:
        batch.drop_column('user_agent')
