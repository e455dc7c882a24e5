"""stored values in one language, inside JSON too: the life areas, the WHO dimensions and the handleplan's
særlige forhold in English

Revision ID: jsonkeys
Revises: typed_enums
Create Date: 2026-12-07 11:00:00

domain.vocabulary.LifeArea and WhoDimension and domain.follow_up.SpecialCondition were stored as Danish words
("hverdagen", "naermiljoe", "bolig"): inside JSON (a workbook item's and an approved copy's content: life_area,
who_dimension, a focus item's areas; a chat answer to a life-area question; the keys of plan_frame.special) and
in plain columns (goal_assessment.who_dimension, unmet_need.life_area, report_goal_fact.who). Code and database
now hold English keys and the Danish stays in the UI labels (and in the FHIR files' codes, domain.fhir.codes).
Every existing row is converted, both ways. The JSON is read and written by SQLAlchemy's JSON type, row by row
in batches, so the same code runs on SQLite and PostgreSQL; only rows whose JSON names a converted field are read.
"""
from typing import Any

import sqlalchemy as sa

from alembic import op

revision = 'jsonkeys'
down_revision = 'typed_enums'
branch_labels = None
depends_on = None

LIFE_AREA = {
    'bolig': 'housing', 'arbejde_og_uddannelse': 'work_and_education', 'familie': 'family',
    'venner_og_netvaerk': 'friends_and_network', 'krop_og_helbred': 'body_and_health',
    'trivsel_og_psyke': 'wellbeing_and_mind', 'fritid': 'leisure', 'oekonomi': 'money', 'hverdagen': 'daily_life'}
WHO_DIMENSION = {'fysisk': 'physical', 'psykisk': 'psychological', 'naermiljoe': 'environment'}  # "social" stays
SPECIAL_CONDITION = {'bolig': 'housing', 'beskaeftigelse': 'employment', 'personlig_hjaelp': 'personal_help',
                     'behandling': 'treatment', 'hjaelpemidler': 'assistive_devices'}

# (table, column, {Danish: English})
COLUMNS = [
    ('goal_assessment', 'who_dimension', WHO_DIMENSION),
    ('unmet_need', 'life_area', LIFE_AREA),
    ('report_goal_fact', 'who', WHO_DIMENSION),
]
# the chat steps whose answer is a life area (flows.dream_to_goal "area", flows.getting_started "areas")
LIFE_AREA_STEPS = (('dream_to_goal', 'area'), ('getting_started', 'areas'))
BATCH = 1000


def _mapped(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [mapping.get(v, v) if isinstance(v, str) else v for v in value]
    return value


def _content(content: Any, life_area: dict[str, str], who: dict[str, str]) -> Any:
    """An item's content with its life area, WHO dimension and focus areas converted; the rest as it was."""
    if not isinstance(content, dict):
        return content
    changed = dict(content)
    for field, mapping in (('life_area', life_area), ('who_dimension', who), ('areas', life_area)):
        if field in changed:
            changed[field] = _mapped(changed[field], mapping)
    return changed


def _special(special: Any, keys: dict[str, str]) -> Any:
    if not isinstance(special, dict):
        return special
    return {keys.get(key, key): text for key, text in special.items()}


def _rewrite(table: str, column: str, change, where=None, other_columns: tuple[str, ...] = ()) -> None:
    """Each row's JSON in `column` through `change`, written back only where it changed, in batches by id.
    `where(rows)` narrows the rows read (it may use `other_columns`)."""
    connection = op.get_bind()
    rows = sa.table(table, sa.column('id', sa.Integer), sa.column(column, sa.JSON),
                    *(sa.column(name) for name in other_columns))
    update = rows.update().where(rows.c.id == sa.bindparam('row_id')).values({column: sa.bindparam('new')})
    last = 0
    while True:
        query = sa.select(rows.c.id, rows.c[column]).where(rows.c.id > last).order_by(rows.c.id).limit(BATCH)
        if where is not None:
            query = query.where(where(rows))
        batch = connection.execute(query).all()
        if not batch:
            return
        last = batch[-1][0]
        changed = [{'row_id': row_id, 'new': new} for row_id, value in batch if (new := change(value)) != value]
        if changed:
            connection.execute(update, changed)


def _names_any(column: str, *fields: str):
    """Rows whose JSON text mentions one of the fields: the others cannot hold a converted value."""
    def where(rows):
        text = sa.cast(rows.c[column], sa.Text)
        return sa.or_(*(text.like(f'%"{field}"%') for field in fields))
    return where


def _convert(backwards: bool) -> None:
    def way(mapping: dict[str, str]) -> dict[str, str]:
        return {english: danish for danish, english in mapping.items()} if backwards else mapping

    life_area, who, special = way(LIFE_AREA), way(WHO_DIMENSION), way(SPECIAL_CONDITION)
    for table in ('item_version', 'shared_snapshot'):
        _rewrite(table, 'content', lambda value: _content(value, life_area, who),
                 _names_any('content', 'life_area', 'who_dimension', 'areas'))
    _rewrite('plan_frame', 'special', lambda value: _special(value, special))
    conversation = sa.table('conversation', sa.column('id', sa.Integer), sa.column('flow_id', sa.String))
    for flow_id, step_id in LIFE_AREA_STEPS:
        runs = sa.select(conversation.c.id).where(conversation.c.flow_id == flow_id)
        _rewrite('conversation_answer', 'value', lambda value: _mapped(value, life_area),
                 lambda rows, runs=runs, step_id=step_id: sa.and_(rows.c.step_id == step_id,
                                                                  rows.c.conversation_id.in_(runs)),
                 other_columns=('step_id', 'conversation_id'))
    for table, column, mapping in COLUMNS:
        rows = sa.table(table, sa.column(column))
        for old, new in way(mapping).items():
            op.execute(rows.update().where(rows.c[column] == old).values({column: new}))


def upgrade() -> None:
    _convert(backwards=False)


def downgrade() -> None:
    _convert(backwards=True)
