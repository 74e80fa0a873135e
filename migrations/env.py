import logging
from contextlib import contextmanager
from logging.config import fileConfig

from flask import current_app

from alembic import context

from server.ideas import search_index

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name)
logger = logging.getLogger('alembic.env')


def get_engine():
    return current_app.extensions['migrate'].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


@contextmanager
def foreign_keys_off(connection):
    """On SQLite, keep foreign keys from acting while tables are rebuilt.

    SQLite alters a table by copying it and dropping the old one (Alembic's
    batch mode). With foreign keys on, dropping `users` would run every
    ON DELETE CASCADE and SET NULL that points at it: everyone's passkeys,
    sessions and votes would go, and ideas would lose their submitters. The
    pragma has no effect inside a transaction, so it is set on the driver's
    connection before the migrations begin one. Yields a check to run before
    the migrations commit: a reference to a missing row stops the upgrade.
    """
    if connection.dialect.name != "sqlite":
        yield lambda: None
        return
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA foreign_keys=OFF")

    def check():
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left references to missing rows: {broken[:5]}")
    try:
        yield check
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def repair_search_index(connection):
    """On SQLite, put back the search triggers a rebuilt table lost, and reindex.

    Batch mode drops `ideas` or `comments` to rebuild them, and their triggers
    go with them: search would silently stop following ideas and comments.
    Alembic commits each SQLite migration on its own (no transactional DDL), so
    this runs after them, in a transaction of its own.
    """
    if connection.dialect.name != "sqlite":
        return
    if search_index.repair(connection):
        logger.info('Reinstalled the search triggers and rebuilt the search index.')
    connection.commit()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            # The search index's tables are made by their own statements, not models.
            include_object=search_index.include_object,
            **conf_args
        )

        with foreign_keys_off(connection) as check_references, context.begin_transaction():
            context.run_migrations()
            check_references()
        repair_search_index(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
