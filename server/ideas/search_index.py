"""The search index's tables and triggers: installed, rebuilt, repaired, removed.

The index of ``search`` is not a model. ``db.create_all()`` makes it through the
DDL events in models.py, the migration through ``install``, and Alembic's
comparison skips its tables (``include_object``). Its statements are SQL kept
here whole: a later change to them needs a migration that uninstalls and
installs again.
"""
from __future__ import annotations

from sqlalchemy import inspect, text

from .search import FOLD_FROM, FOLD_TO


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to leave the search tables (not models) alone."""
    return not (type_ == "table" and is_search_table(name))


def is_search_table(name: str) -> bool:
    return name == "idea_search" or name.startswith("idea_search_")


def _extension(name: str) -> str:
    """Create an extension once, in public where there is one (it is the database's, shared)."""
    return f"""
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = '{name}') THEN
        IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
          CREATE EXTENSION {name} WITH SCHEMA public;
        ELSE
          CREATE EXTENSION {name};
        END IF;
      END IF;
    EXCEPTION WHEN unique_violation OR duplicate_object THEN
      NULL;  -- created at the same moment by another connection
    END $$
    """


# A search is always within one organisation, and its words are in many ideas of
# others: the GIN indexes lead with org_id (btree_gin), so that a search reads only
# its organisation's postings, not the whole country's.
PG_INDEXES = [
    "CREATE INDEX ix_idea_search_document ON idea_search USING gin (org_id, document)",
    # The operator classes are named with their schema, which need not be on the search path.
    """
    DO $$ DECLARE trgm name; btree name; BEGIN
      SELECT n.nspname INTO trgm FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
      SELECT n.nspname INTO btree FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'btree_gin';
      EXECUTE format('CREATE INDEX ix_idea_search_words ON idea_search '
                     'USING gin (org_id %I.uuid_ops, words %I.gin_trgm_ops)', btree, trgm);
    END $$
    """,
]

# A search picks its plan from the planner's estimate of how many ideas hold its words
# (search.many_matches). ``LIKE '%part%'`` is estimated from a sample of the column's
# values, 100 by default: too few to tell a part in 1 % of the ideas from one in 5 %.
PG_STATISTICS = "ALTER TABLE idea_search ALTER COLUMN words SET STATISTICS 1000"


# A hidden comment (moderation) is not searched: its words are for its author and the
# idea's handlers only. ``moderated=False`` builds the index as it was before comments
# could be hidden (the moderation migration's downgrade).
def _shown(moderated: bool) -> str:
    return " AND comments.hidden IS NULL" if moderated else ""


def _comment_columns(moderated: bool) -> str:
    return "body, idea_id, hidden" if moderated else "body, idea_id"


# pg_trgm and btree_gin are shared by the database: never dropped here (other schemas
# may use them).
def _pg_install(moderated: bool = True) -> list[str]:
    shown, comment_columns = _shown(moderated), _comment_columns(moderated)
    return [
    _extension("pg_trgm"),
    _extension("btree_gin"),
    """
    CREATE TABLE idea_search (
      idea_id uuid PRIMARY KEY REFERENCES ideas (id) ON DELETE CASCADE,
      org_id uuid NOT NULL,
      document tsvector NOT NULL,
      words text NOT NULL
    )
    """,
    *PG_INDEXES,
    PG_STATISTICS,
    f"""
    CREATE FUNCTION gnista_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT translate(lower(normalize(coalesce(t, ''), NFC)), '{FOLD_FROM}', '{FOLD_TO}')
    $$
    """,
    """
    CREATE FUNCTION gnista_search_vector(t text, weight "char") RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT setweight(to_tsvector('swedish', t) || to_tsvector('english', t)
                       || to_tsvector('simple', t), weight)
    $$
    """,
    # Comments beyond 200,000 characters would only make the vector too large.
    f"""
    CREATE FUNCTION gnista_refresh_idea_search(target uuid) RETURNS void
    LANGUAGE sql SET search_path FROM CURRENT AS $$
      INSERT INTO idea_search (idea_id, org_id, document, words)
      SELECT i.id, i.org_id,
             gnista_search_vector(gnista_fold(i.title), 'A')
             || gnista_search_vector(gnista_fold(i.description), 'B')
             || gnista_search_vector(gnista_fold(c.body), 'C'),
             gnista_fold(concat_ws(' ', i.title, i.description, c.body))
      FROM ideas i
      LEFT JOIN LATERAL (
        SELECT left(string_agg(body, ' ' ORDER BY created_at, id), 200000) AS body
        FROM comments WHERE comments.idea_id = i.id{shown}) c ON true
      WHERE i.id = target
      ON CONFLICT (idea_id) DO UPDATE SET org_id = EXCLUDED.org_id, document = EXCLUDED.document,
                                          words = EXCLUDED.words
    $$
    """,
    """
    CREATE FUNCTION gnista_idea_search_from_idea() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN
      PERFORM gnista_refresh_idea_search(NEW.id);
      RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION gnista_idea_search_from_comment() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN
      IF TG_OP <> 'DELETE' THEN
        PERFORM gnista_refresh_idea_search(NEW.idea_id);
      END IF;
      IF TG_OP = 'DELETE' OR NEW.idea_id IS DISTINCT FROM OLD.idea_id THEN
        PERFORM gnista_refresh_idea_search(OLD.idea_id);
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER idea_search_from_idea AFTER INSERT OR UPDATE OF title, description, org_id
    ON ideas FOR EACH ROW EXECUTE FUNCTION gnista_idea_search_from_idea()
    """,
    f"""
    CREATE TRIGGER idea_search_from_comment AFTER INSERT OR DELETE OR UPDATE OF {comment_columns}
    ON comments FOR EACH ROW EXECUTE FUNCTION gnista_idea_search_from_comment()
    """,
]

_PG_REBUILD = ["SELECT gnista_refresh_idea_search(id) FROM ideas"]

_PG_UNINSTALL = [
    "DROP TRIGGER IF EXISTS idea_search_from_comment ON comments",
    "DROP TRIGGER IF EXISTS idea_search_from_idea ON ideas",
    "DROP FUNCTION IF EXISTS gnista_idea_search_from_comment()",
    "DROP FUNCTION IF EXISTS gnista_idea_search_from_idea()",
    "DROP FUNCTION IF EXISTS gnista_refresh_idea_search(uuid)",
    "DROP FUNCTION IF EXISTS gnista_search_vector(text, \"char\")",
    "DROP FUNCTION IF EXISTS gnista_fold(text)",
    "DROP TABLE IF EXISTS idea_search",
]


def _sqlite_refresh(target: str, moderated: bool) -> str:
    comments = (f"(SELECT group_concat(body, ' ') FROM comments WHERE idea_id = {target}"
                f"{_shown(moderated)})")
    return f"""
      DELETE FROM idea_search WHERE idea_id = {target};
      DELETE FROM idea_search_trigram WHERE idea_id = {target};
      INSERT INTO idea_search (idea_id, title, description, comments)
        SELECT id, gnista_search_forms(title), gnista_search_forms(description),
               gnista_search_forms({comments})
        FROM ideas WHERE id = {target};
      INSERT INTO idea_search_trigram (idea_id, words)
        SELECT id, gnista_fold(coalesce(title, '') || ' ' || description || ' '
                               || coalesce({comments}, ''))
        FROM ideas WHERE id = {target};
    """


# FTS5 rows are found by the UNINDEXED idea_id, a scan of the search table: SQLite
# serves small installations; the rowid of ideas is not stable enough to key on
# (VACUUM and Alembic's table copies renumber it).
_SQLITE_TABLES = [
    "CREATE VIRTUAL TABLE idea_search USING fts5(idea_id UNINDEXED, title, description, "
    "comments, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE idea_search_trigram USING fts5(idea_id UNINDEXED, words, "
    "tokenize = 'trigram')",
]

_SQLITE_TRIGGER_NAMES = tuple(f"idea_search_{name}" for name in (
    "idea_insert", "idea_update", "idea_delete", "comment_insert", "comment_update",
    "comment_delete"))

def _sqlite_triggers(moderated: bool) -> list[str]:
    def refresh(target: str) -> str:
        return _sqlite_refresh(target, moderated)
    return [
        f"CREATE TRIGGER idea_search_idea_insert AFTER INSERT ON ideas BEGIN "
        f"{refresh('NEW.id')} END",
        f"CREATE TRIGGER idea_search_idea_update AFTER UPDATE OF title, description ON ideas "
        f"BEGIN {refresh('NEW.id')} END",
        "CREATE TRIGGER idea_search_idea_delete AFTER DELETE ON ideas BEGIN "
        "DELETE FROM idea_search WHERE idea_id = OLD.id; "
        "DELETE FROM idea_search_trigram WHERE idea_id = OLD.id; END",
        f"CREATE TRIGGER idea_search_comment_insert AFTER INSERT ON comments BEGIN "
        f"{refresh('NEW.idea_id')} END",
        f"CREATE TRIGGER idea_search_comment_update AFTER UPDATE OF {_comment_columns(moderated)} "
        f"ON comments BEGIN {refresh('OLD.idea_id')} {refresh('NEW.idea_id')} END",
        f"CREATE TRIGGER idea_search_comment_delete AFTER DELETE ON comments BEGIN "
        f"{refresh('OLD.idea_id')} END",
    ]


def _sqlite_rebuild(moderated: bool) -> list[str]:
    comments = ("(SELECT group_concat(body, ' ') FROM comments "
                f"WHERE comments.idea_id = ideas.id{_shown(moderated)})")
    return [
        "DELETE FROM idea_search",
        "DELETE FROM idea_search_trigram",
        "INSERT INTO idea_search (idea_id, title, description, comments) "
        "SELECT id, gnista_search_forms(title), gnista_search_forms(description), "
        f"gnista_search_forms({comments}) FROM ideas",
        "INSERT INTO idea_search_trigram (idea_id, words) "
        "SELECT id, gnista_fold(coalesce(title, '') || ' ' || description || ' ' || "
        f"coalesce({comments}, '')) FROM ideas",
    ]


_SQLITE_DROP_TRIGGERS = [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGER_NAMES]

_SQLITE_UNINSTALL = [
    *_SQLITE_DROP_TRIGGERS,
    "DROP TABLE IF EXISTS idea_search_trigram",
    "DROP TABLE IF EXISTS idea_search",
]


def _run(connection, statements: list[str]) -> None:
    for statement in statements:
        connection.execute(text(statement))


def _moderated(connection) -> bool:
    """Whether comments can be hidden yet: the index follows the schema it is installed on."""
    return any(c["name"] == "hidden" for c in inspect(connection).get_columns("comments"))


def install(connection) -> None:
    """Create the search index, its triggers and (PostgreSQL) pg_trgm, then fill it."""
    moderated = _moderated(connection)
    if connection.dialect.name == "postgresql":
        _run(connection, _pg_install(moderated))
    else:
        _run(connection, _SQLITE_TABLES + _sqlite_triggers(moderated))
    rebuild(connection)


def rebuild(connection) -> None:
    """Index every idea anew."""
    postgresql = connection.dialect.name == "postgresql"
    _run(connection, _PG_REBUILD if postgresql else _sqlite_rebuild(_moderated(connection)))


def repair(connection) -> bool:
    """On SQLite, put back triggers a table's rebuild dropped, and index every idea anew.

    SQLite alters a table by copying it and dropping the old one (Alembic's batch
    mode), and dropping a table drops its triggers: the index would silently stop
    following ideas and comments. Run after migrating; returns whether it repaired.
    """
    if connection.dialect.name != "sqlite":
        return False
    present = {row[0] for row in connection.execute(text(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
        "AND name LIKE 'idea_search%'"))}
    if "idea_search" not in present or set(_SQLITE_TRIGGER_NAMES) <= present:
        return False
    _run(connection, _SQLITE_DROP_TRIGGERS + _sqlite_triggers(_moderated(connection)))
    rebuild(connection)
    return True


def uninstall(connection) -> None:
    """Drop the search index and its triggers (pg_trgm and btree_gin stay)."""
    postgresql = connection.dialect.name == "postgresql"
    _run(connection, _PG_UNINSTALL if postgresql else _SQLITE_UNINSTALL)


def after_create(_table, connection, **_kw) -> None:
    install(connection)


def before_drop(_table, connection, **_kw) -> None:
    uninstall(connection)

