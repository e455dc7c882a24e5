"""A checksum of each citizen's workbook: the current text of every item she has, in her order.

Two databases with the same checksums hold the same workbooks (tests/unit/test_backup.py: a restore gives
back what the backup held). Deleted items are left out, as the citizen no longer sees them.
"""

import hashlib
import json

import sqlalchemy as sa

from citizenplan.db import engine_for

_CURRENT_ITEMS = sa.text(
    "SELECT i.citizen_id, i.id, i.kind, i.parent_id, i.position, v.content "
    "FROM workbook_item i JOIN item_version v ON v.item_id = i.id AND v.number = i.version "
    "WHERE i.deleted_at IS NULL ORDER BY i.citizen_id, i.kind, i.position, i.id"
)


def workbook_checksums(url: str) -> dict[int, str]:
    """citizen id -> SHA-256 over her items' kind, place and current content."""
    digests: dict[int, hashlib._Hash] = {}
    with engine_for(url).connect() as connection:
        for citizen_id, item_id, kind, parent_id, position, content in connection.execute(_CURRENT_ITEMS):
            if isinstance(content, str):  # SQLite hands JSON back as text
                content = json.loads(content)
            line = json.dumps([item_id, kind, parent_id, position, content], sort_keys=True, ensure_ascii=False)
            digests.setdefault(citizen_id, hashlib.sha256()).update(line.encode() + b"\n")
    return {citizen_id: digest.hexdigest() for citizen_id, digest in digests.items()}
