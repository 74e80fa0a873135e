"""Index the year's decisions with their unit, for index-only statistics per sub-unit

Revision ID: 3f8d2b6e1c57
Revises: 7c3e9a2f4b16
Create Date: 2026-11-27 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f8d2b6e1c57'
down_revision = '7c3e9a2f4b16'
branch_labels = None
depends_on = None


def upgrade():
    for status, column in (('implemented', 'implemented_at'), ('declined', 'declined_at')):
        predicate = sa.text(f"status = '{status}'")
        op.create_index(f'ix_ideas_stats_{status}', 'ideas', ['org_id', column, 'unit_id'],
                        unique=False, postgresql_where=predicate, sqlite_where=predicate)


def downgrade():
    op.drop_index('ix_ideas_stats_declined', table_name='ideas')
    op.drop_index('ix_ideas_stats_implemented', table_name='ideas')
