"""Index the statistics of a year: the year's ideas and the year's decisions

Revision ID: 5b8e4c1d7a90
Revises: 92d2c3401ca3
Create Date: 2026-11-27 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b8e4c1d7a90'
down_revision = '92d2c3401ca3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index('ix_ideas_org_year', ['org_id', 'created_at'], unique=False,
                              postgresql_include=['id', 'unit_id', 'submitter_id',
                                                  'first_response_at'])
        batch_op.create_index('ix_ideas_org_implemented', ['org_id', 'implemented_at'],
                              unique=False,
                              postgresql_where=sa.text('implemented_at IS NOT NULL'),
                              sqlite_where=sa.text('implemented_at IS NOT NULL'))
        batch_op.create_index('ix_ideas_org_declined', ['org_id', 'declined_at'], unique=False,
                              postgresql_where=sa.text('declined_at IS NOT NULL'),
                              sqlite_where=sa.text('declined_at IS NOT NULL'))


def downgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_org_declined')
        batch_op.drop_index('ix_ideas_org_implemented')
        batch_op.drop_index('ix_ideas_org_year')
