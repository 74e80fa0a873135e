"""Store notifications as a message id and its parameters, rendered in the reader's language

A notification used to keep its title and body in the language the recipient had when it
happened. It now keeps its kind (the message id) and parameters, and is rendered from the
catalogue when read or pushed. Rows written before keep their words as they were written
(the "written" parameter): their parameters cannot be recovered reliably from shortened text.

Revision ID: 5d1e7b9c2a40
Revises: 5d1e7b3a9c42
Create Date: 2026-12-03 10:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e7b9c2a40'
down_revision = '5d1e7b3a9c42'
branch_labels = None
depends_on = None

notifications = sa.table('notifications', sa.column('id', sa.Uuid()),
                         sa.column('title', sa.String(200)), sa.column('body', sa.Text()),
                         sa.column('params', sa.JSON()))


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(notifications.c.id, notifications.c.title,
                                        notifications.c.body)).all()
    for ident, title, body in rows:
        connection.execute(notifications.update().where(notifications.c.id == ident).values(
            params={"written": {"title": title, "body": body or ""}}))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('params', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('body')
        batch_op.drop_column('title')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=True))
    connection = op.get_bind()
    users = sa.table('users', sa.column('id', sa.Uuid()), sa.column('language', sa.String(8)))
    kinds = sa.table('notifications', sa.column('id', sa.Uuid()), sa.column('kind', sa.String(32)),
                     sa.column('user_id', sa.Uuid()), sa.column('params', sa.JSON()))
    from server.push import messages  # the catalogue as it is when the downgrade runs

    rows = connection.execute(sa.select(kinds.c.id, kinds.c.kind, kinds.c.params, users.c.language)
                              .join(users, users.c.id == kinds.c.user_id)).all()
    for ident, kind, params, language in rows:
        message = messages.render(kind, params or {}, language)
        connection.execute(notifications.update().where(notifications.c.id == ident).values(
            title=message.title[:200], body=message.body))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('title', existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('params')
