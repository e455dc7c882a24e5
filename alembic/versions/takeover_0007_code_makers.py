"""who made each code (on its use in the audit log); a colleague confirms a contact person's new access

Revision ID: takeover_0007
Revises: 0006
Create Date: 2026-12-07 00:40:50.258736
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'takeover_0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code_maker_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_event_action_at', ['action', 'at'], unique=False)
        batch_op.create_foreign_key('fk_audit_event_code_maker_id_user', 'user', ['code_maker_id'], ['id'])

    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key('fk_invitation_confirmed_by_id_user', 'user', ['confirmed_by_id'], ['id'])

    # Access set up before the two-person rule existed stands as it was: no manager is suddenly unable to
    # give their own staff citizens after an upgrade. (confirmed_by_id stays empty: nobody confirmed it.)
    op.execute("UPDATE invitation SET confirmed_at = used_at WHERE used_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_invitation_confirmed_by_id_user', type_='foreignkey')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmed_by_id')

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audit_event_code_maker_id_user', type_='foreignkey')
        batch_op.drop_index('ix_audit_event_action_at')
        batch_op.drop_column('code_maker_id')
