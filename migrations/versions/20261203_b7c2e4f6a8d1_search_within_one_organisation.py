"""Search within one organisation: the search index keeps each idea's org_id and leads its GIN indexes with it

A search is always of one organisation, but its words are in ideas all over the
country: with org_id first in both GIN indexes (btree_gin), PostgreSQL reads only
the organisation's postings. PostgreSQL only (SQLite's FTS5 tables are as they
were); the index is installed anew and every idea indexed again, which takes a
while on a large database.

Revision ID: b7c2e4f6a8d1
Revises: 7b2d4f6a8c13
Create Date: 2026-12-03 16:40:00

"""
from alembic import op

from server.ideas import search_index


# revision identifiers, used by Alembic.
revision = 'b7c2e4f6a8d1'
down_revision = '7b2d4f6a8c13'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        search_index.uninstall(connection)
        search_index.install(connection)


# The index as revision 5e4c1a9b7d20 made it, without org_id.
_DOWNGRADE = [
    "DROP INDEX ix_idea_search_document",
    "DROP INDEX ix_idea_search_words",
    "ALTER TABLE idea_search DROP COLUMN org_id",
    "CREATE INDEX ix_idea_search_document ON idea_search USING gin (document)",
    """
    DO $$ DECLARE home name; BEGIN
      SELECT n.nspname INTO home FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
      EXECUTE format('CREATE INDEX ix_idea_search_words ON idea_search '
                     'USING gin (words %I.gin_trgm_ops)', home);
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION gnista_refresh_idea_search(target uuid) RETURNS void
    LANGUAGE sql SET search_path FROM CURRENT AS $$
      INSERT INTO idea_search (idea_id, document, words)
      SELECT i.id,
             gnista_search_vector(gnista_fold(i.title), 'A')
             || gnista_search_vector(gnista_fold(i.description), 'B')
             || gnista_search_vector(gnista_fold(c.body), 'C'),
             gnista_fold(concat_ws(' ', i.title, i.description, c.body))
      FROM ideas i
      LEFT JOIN LATERAL (
        SELECT left(string_agg(body, ' ' ORDER BY created_at, id), 200000) AS body
        FROM comments WHERE comments.idea_id = i.id) c ON true
      WHERE i.id = target
      ON CONFLICT (idea_id) DO UPDATE SET document = EXCLUDED.document, words = EXCLUDED.words
    $$
    """,
    "DROP TRIGGER idea_search_from_idea ON ideas",
    """
    CREATE TRIGGER idea_search_from_idea AFTER INSERT OR UPDATE OF title, description
    ON ideas FOR EACH ROW EXECUTE FUNCTION gnista_idea_search_from_idea()
    """,
]


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in _DOWNGRADE:
            op.execute(statement)
