"""Assign ideas and follow them up: an assignee and a due date per idea, weekly digests for handlers

An idea gets an assignee (a person of its organisation) and a due date, set by its
handlers; a handler may turn off the weekly digest (users.weekly_digest), and the
digests sent are kept per handler and ISO week so that none is sent twice. The kind
check of notifications learns "assigned" and "digest". On SQLite `ideas` and
`notifications` are rebuilt (batch mode); the search triggers are dropped first and
env.py puts them back.

Downgrading forgets the assignments, the digests, and the notifications of the two
new kinds, which the older schema has no words for.

Revision ID: c9a4e2f7b1d3
Revises: f1a3c5e7b9d2
Create Date: 2026-12-03 19:50:00

"""
from alembic import op
import sqlalchemy as sa

import server.timestamps


# revision identifiers, used by Alembic.
revision = 'c9a4e2f7b1d3'
down_revision = 'f1a3c5e7b9d2'
branch_labels = None
depends_on = None

OLD_KINDS = ('acknowledged', 'status_changed', 'commented', 'new_idea', 'voted_implemented',
             'merged', 'watched_status_changed', 'watched_commented', 'reported')
NEW_KINDS = ('assigned', 'digest')


def _within(column, values):
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _drop_search_triggers():
    """Drop SQLite's search triggers before `ideas` is rebuilt; env.py puts them back after."""
    connection = op.get_bind()
    if connection.dialect.name != 'sqlite':
        return
    names = connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name LIKE 'idea_search%'")).scalars().all()
    for name in names:
        op.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _kinds(kinds):
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notifications_kind_known'),
                                         _within('kind', kinds))


def upgrade():
    _drop_search_triggers()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignee_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('due_date', sa.Date(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_ideas_assignee_id_users'), 'users',
                                    ['assignee_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_ideas_assignee_feed', ['assignee_id', 'created_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_ideas_org_due', ['org_id', 'due_date'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weekly_digest', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    _kinds(OLD_KINDS + NEW_KINDS)
    op.create_table(
        'weekly_digests',
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('week', sa.String(length=8), nullable=False),
        sa.Column('notification_id', sa.Uuid(), nullable=True),
        sa.Column('created_at', server.timestamps.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'],
                                name=op.f('fk_weekly_digests_notification_id_notifications'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_weekly_digests_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'week', name=op.f('pk_weekly_digests')),
    )


def downgrade():
    op.drop_table('weekly_digests')
    notifications = sa.table('notifications', sa.column('id', sa.Uuid()),
                             sa.column('kind', sa.String(32)))
    deliveries = sa.table('push_deliveries', sa.column('notification_id', sa.Uuid()))
    gone = sa.select(notifications.c.id).where(notifications.c.kind.in_(NEW_KINDS))
    op.execute(deliveries.delete().where(deliveries.c.notification_id.in_(gone)))
    op.execute(notifications.delete().where(notifications.c.kind.in_(NEW_KINDS)))
    _kinds(OLD_KINDS)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('weekly_digest')
    _drop_search_triggers()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_org_due')
        batch_op.drop_index('ix_ideas_assignee_feed')
        batch_op.drop_constraint(op.f('fk_ideas_assignee_id_users'), type_='foreignkey')
        batch_op.drop_column('due_date')
        batch_op.drop_column('assignee_id')
