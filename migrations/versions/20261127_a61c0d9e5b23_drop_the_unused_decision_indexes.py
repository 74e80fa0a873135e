"""Drop the decision indexes the statistics no longer read

The statistics count a year's decisions from ix_ideas_stats_implemented and
ix_ideas_stats_declined, which also carry the unit. The older two indexes
were read by nothing else, yet every status change had to keep them up to
date (about 190 MB at national scale).

Revision ID: a61c0d9e5b23
Revises: 3f8d2b6e1c57
Create Date: 2026-11-27 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a61c0d9e5b23'
down_revision = '3f8d2b6e1c57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_org_declined')
        batch_op.drop_index('ix_ideas_org_implemented')


def downgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index('ix_ideas_org_implemented', ['org_id', 'implemented_at'],
                              unique=False,
                              postgresql_where=sa.text('implemented_at IS NOT NULL'),
                              sqlite_where=sa.text('implemented_at IS NOT NULL'))
        batch_op.create_index('ix_ideas_org_declined', ['org_id', 'declined_at'], unique=False,
                              postgresql_where=sa.text('declined_at IS NOT NULL'),
                              sqlite_where=sa.text('declined_at IS NOT NULL'))
