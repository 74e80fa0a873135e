"""People are sorted and searched by a case-folded copy of their name, with an index

SQLite's lower() folds ASCII letters only, so "Åsa" sorted and matched differently
there than on PostgreSQL, and the people list's cursor (made in Python) skipped or
repeated people. A column folded by Python is the same everywhere, and its index
lets a page of a large organisation be read without sorting everyone.

Revision ID: ad3e5f7a9b1c
Revises: 5e4c1a9b7d20
Create Date: 2026-12-03 14:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad3e5f7a9b1c'
down_revision = '5e4c1a9b7d20'
branch_labels = None
depends_on = None

users = sa.table('users', sa.column('id', sa.Uuid()), sa.column('display_name', sa.String(80)),
                 sa.column('sort_name', sa.String(240)))


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_name', sa.String(length=240), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.select(users.c.id, users.c.display_name)).all()
    for ident, name in rows:
        conn.execute(users.update().where(users.c.id == ident)
                     .values(sort_name=(name or "").casefold()))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('sort_name', existing_type=sa.String(length=240), nullable=False)
        batch_op.create_index('ix_users_sort_name', ['sort_name', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_sort_name')
        batch_op.drop_column('sort_name')
