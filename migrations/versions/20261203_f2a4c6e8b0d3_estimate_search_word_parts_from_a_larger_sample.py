"""Estimate how many ideas hold a search word's part from a larger sample of the index's text

A search by relevance walks the newest ideas when the planner expects many matches,
else reads the indexes (server/ideas/search.py, many_matches). The estimate of
``words LIKE '%part%'`` comes from a sample of the column's values, 100 by default;
1,000 tells a part in 1 % of the ideas from one in 5 %. PostgreSQL only; the index
is analysed again, which reads a sample of its rows.

Revision ID: f2a4c6e8b0d3
Revises: c9a4e2f7b1d3
Create Date: 2026-12-03 19:55:00

"""
from alembic import op

from server.ideas import search_index


# revision identifiers, used by Alembic.
revision = 'f2a4c6e8b0d3'
down_revision = 'c9a4e2f7b1d3'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(search_index.PG_STATISTICS)
        op.execute("ANALYZE idea_search")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE idea_search ALTER COLUMN words SET STATISTICS -1")
