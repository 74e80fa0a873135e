"""Reports and redaction: colleagues report ideas and comments, handlers hide, restore or redact them

A report (reports) names an idea or one of its comments and a reason. Ideas and
comments gain `hidden` ("reported" once three people's reports are open,
"hidden" when a handler hid it) and the handler's `hidden_reason`; the
notifications' kinds learn "reported". The search index is installed anew so
that a hidden comment's words are not searched (server/ideas/search_index.py
follows the schema it is installed on).

Downgrading forgets every report and the "reported" notifications, and shows
every hidden item again.

Revision ID: f1a3c5e7b9d2
Revises: f2a6c8e0b4d7
Create Date: 2026-12-03 19:50:00

"""
from alembic import op
import sqlalchemy as sa

import server.timestamps
from server.ideas import search_index


# revision identifiers, used by Alembic.
revision = 'f1a3c5e7b9d2'
down_revision = 'f2a6c8e0b4d7'
branch_labels = None
depends_on = None

OLD_KINDS = ('acknowledged', 'status_changed', 'commented', 'new_idea', 'voted_implemented',
             'merged', 'watched_status_changed', 'watched_commented')


def _within(column, values):
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _kinds(kinds):
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notifications_kind_known'),
                                         _within('kind', kinds))


def upgrade():
    connection = op.get_bind()
    # Adding a column rebuilds no table on SQLite; the index is installed anew below.
    search_index.uninstall(connection)
    for table in ('ideas', 'comments'):
        op.add_column(table, sa.Column('hidden', sa.String(length=16), nullable=True))
        op.add_column(table, sa.Column('hidden_reason', sa.Text(), nullable=True))
    op.create_table(
        'reports',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('org_id', sa.Uuid(), nullable=False),
        sa.Column('idea_id', sa.Uuid(), nullable=False),
        sa.Column('comment_id', sa.Uuid(), nullable=True),
        sa.Column('reporter_id', sa.Uuid(), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', server.timestamps.UTCDateTime(timezone=True), nullable=False),
        sa.Column('resolved_at', server.timestamps.UTCDateTime(timezone=True), nullable=True),
        sa.Column('resolution', sa.String(length=16), nullable=True),
        sa.Column('resolver_id', sa.Uuid(), nullable=True),
        sa.CheckConstraint("reason IN ('client_data', 'offensive', 'other')",
                           name=op.f('ck_reports_reason_known')),
        sa.CheckConstraint("resolution IS NULL OR resolution IN ('restored', 'hidden', "
                           "'redacted')", name=op.f('ck_reports_resolution_known')),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'],
                                name=op.f('fk_reports_comment_id_comments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'],
                                name=op.f('fk_reports_idea_id_ideas'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reporter_id'], ['users.id'],
                                name=op.f('fk_reports_reporter_id_users'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['resolver_id'], ['users.id'],
                                name=op.f('fk_reports_resolver_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index('ix_reports_open_item', ['idea_id', 'comment_id', 'resolved_at'],
                              unique=False)
        batch_op.create_index('ix_reports_org_open', ['org_id', 'resolved_at', 'created_at'],
                              unique=False)
    _kinds(OLD_KINDS + ('reported',))
    search_index.install(connection)


def downgrade():
    connection = op.get_bind()
    notifications = sa.table('notifications', sa.column('kind', sa.String(32)))
    op.execute(notifications.delete().where(notifications.c.kind == 'reported'))
    _kinds(OLD_KINDS)
    op.drop_table('reports')
    search_index.uninstall(connection)
    for table in ('comments', 'ideas'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('hidden_reason')
            batch_op.drop_column('hidden')
    search_index.install(connection)
