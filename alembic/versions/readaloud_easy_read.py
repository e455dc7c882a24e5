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
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('easy_read', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('easy_read')
