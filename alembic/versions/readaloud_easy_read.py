"""the citizen's "Let at læse" (easy-read) choice, kept on her user

Revision ID: readaloud
Revises: fhir_0001
Create Date: 2026-12-07 07:30:00

user.easy_read: larger text and a picture for each life area, chosen by her (issue 21). False for everyone
until she chooses it.
"""
from alembic import op
import sqlalchemy as sa


revision = 'readaloud'
down_revision = 'fhir_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE … ADD COLUMN: in batch mode SQLite copied `user` and dropped the old table, which it
    # refuses once other tables' rows point at it (an installation with data could not upgrade).
    op.add_column('user', sa.Column('easy_read', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # A plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): batch mode would copy `user` and drop the old table,
    # which SQLite refuses while other tables' rows point at it (foreign keys are on).
    op.drop_column('user', 'easy_read')
