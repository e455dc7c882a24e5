"""a relative's chosen duration, a withdrawn code, and the approved copy a reader was shown

Revision ID: people17
Revises: takeover_0007
Create Date: 2026-12-07

Filled for older rows where the data says it for certain: "Indtil jeg stopper det" where a grant never
ends; a duration where the end is exactly 3, 6 or 12 months after the start; a code as withdrawn where its
relative was removed at the moment the code stopped working; and for each reading of a shared item, the
approved copy that was live for the reader's audience at that moment. Anything else stays unknown.
"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa
import sqlmodel
from dateutil.relativedelta import relativedelta


revision = 'people17'
down_revision = 'takeover_0007'
branch_labels = None
depends_on = None

MONTHS = {3: "3m", 6: "6m", 12: "1y"}


def upgrade() -> None:
    with op.batch_alter_table('relativegrant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duration', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot_id', sa.Integer(), nullable=True))

    connection = op.get_bind()
    connection.execute(sa.text("UPDATE relativegrant SET duration = 'open' WHERE expires_at IS NULL"))
    for grant_id, created_at, expires_at in connection.execute(sa.text(
            "SELECT id, created_at, expires_at FROM relativegrant WHERE expires_at IS NOT NULL")).all():
        created_at, expires_at = _datetime(created_at), _datetime(expires_at)
        label = next((v for m, v in MONTHS.items() if created_at + relativedelta(months=m) == expires_at), None)
        if label is not None:
            connection.execute(sa.text("UPDATE relativegrant SET duration = :d WHERE id = :i"),
                               {"d": label, "i": grant_id})
    connection.execute(sa.text(
        "UPDATE invitation SET withdrawn_at = expires_at WHERE used_at IS NULL AND EXISTS ("
        " SELECT 1 FROM relativegrant g WHERE g.relative_id = invitation.user_id"
        " AND g.ended_at IS NOT NULL AND g.ended_at = invitation.expires_at)"))
    connection.execute(sa.text(
        "UPDATE audit_event SET snapshot_id = ("
        " SELECT s.id FROM shared_snapshot s JOIN \"user\" u ON u.id = audit_event.actor_id"
        " WHERE s.item_id = audit_event.target_id AND s.citizen_id = audit_event.citizen_id"
        " AND s.audience = u.role AND s.approved_at <= audit_event.at"  # a reader's audience is named as their role
        " AND (s.revoked_at IS NULL OR s.revoked_at > audit_event.at)"
        " ORDER BY s.approved_at DESC, s.id DESC LIMIT 1)"
        " WHERE action = 'read_shared' AND allowed AND target_id IS NOT NULL"))


def _datetime(value):
    """SQLite hands back text, PostgreSQL a datetime."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def downgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('snapshot_id')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
    with op.batch_alter_table('relativegrant', schema=None) as batch_op:
        batch_op.drop_column('duration')
