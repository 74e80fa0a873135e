"""Watch ideas: who follows an idea, and the notifications they get

Anyone who can see an idea may follow it (idea_watches) and is told of its
status changes and new comments. The kind check of notifications learns the
two new kinds; on SQLite that rebuilds `notifications` only (batch mode).

Downgrading forgets who watched what and the watchers' notifications, which
the older schema has no words for.

Revision ID: f2a6c8e0b4d7
Revises: b7c2e4f6a8d1
Create Date: 2026-12-03 19:45:00

"""
from alembic import op
import sqlalchemy as sa

import server.timestamps


# revision identifiers, used by Alembic.
revision = 'f2a6c8e0b4d7'
down_revision = 'b7c2e4f6a8d1'
branch_labels = None
depends_on = None

OLD_KINDS = ('acknowledged', 'status_changed', 'commented', 'new_idea', 'voted_implemented',
             'merged')
NEW_KINDS = ('watched_status_changed', 'watched_commented')


def _kinds(kinds):
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_kind_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_notifications_kind_known'),
            "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")")


def upgrade():
    op.create_table(
        'idea_watches',
        sa.Column('idea_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('created_at', server.timestamps.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'],
                                name=op.f('fk_idea_watches_idea_id_ideas'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_idea_watches_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('idea_id', 'user_id', name=op.f('pk_idea_watches')),
    )
    with op.batch_alter_table('idea_watches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_watches_user_id'), ['user_id'], unique=False)
    _kinds(OLD_KINDS + NEW_KINDS)


def downgrade():
    notifications = sa.table('notifications', sa.column('kind', sa.String(32)))
    op.execute(notifications.delete().where(notifications.c.kind.in_(NEW_KINDS)))
    _kinds(OLD_KINDS)
    with op.batch_alter_table('idea_watches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_watches_user_id'))
    op.drop_table('idea_watches')
