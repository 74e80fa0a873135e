"""Search ideas in Swedish: a stemmed and a trigram index of titles, descriptions and comments

PostgreSQL gets the pg_trgm extension and the table idea_search (a stored
tsvector and the folded text, both in GIN indexes); SQLite gets two FTS5
tables. Triggers on ideas and comments keep them in step; existing ideas are
indexed here. The statements are those of server/ideas/search_index.py: a later
change to them needs a revision that uninstalls and installs again.

Revision ID: 5e4c1a9b7d20
Revises: 1a7e3c9d5b20
Create Date: 2026-12-03 14:10:00

"""
from alembic import op

from server.ideas import search_index


# revision identifiers, used by Alembic.
revision = '5e4c1a9b7d20'
down_revision = '1a7e3c9d5b20'
branch_labels = None
depends_on = None


def upgrade():
    search_index.install(op.get_bind())


def downgrade():
    search_index.uninstall(op.get_bind())
