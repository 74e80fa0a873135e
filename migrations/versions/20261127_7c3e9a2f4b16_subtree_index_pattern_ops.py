"""Let PostgreSQL use the unit path index for subtree prefix matches

Revision ID: 7c3e9a2f4b16
Revises: 5b8e4c1d7a90
Create Date: 2026-11-27 15:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c3e9a2f4b16'
down_revision = '5b8e4c1d7a90'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_units_path', table_name='units')
    op.create_index('ix_units_path', 'units', ['path'], unique=False,
                    postgresql_ops={'path': 'varchar_pattern_ops'})


def downgrade():
    op.drop_index('ix_units_path', table_name='units')
    op.create_index('ix_units_path', 'units', ['path'], unique=False)
