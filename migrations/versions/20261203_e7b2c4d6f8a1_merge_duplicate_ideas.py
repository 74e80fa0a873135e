"""Merge duplicate ideas: a merged status and the idea a duplicate went into

An idea can now be merged into another (server/ideas/merging.py): its status
becomes "merged" and ideas.merged_into_id points at the other idea. The status
check of ideas and the kind check of notifications learn the new values; on
SQLite that rebuilds both tables (batch mode), which env.py's search-trigger
repair follows.

Downgrading cannot give the moved votes back. It returns each merged idea to
the status it had before the merge and forgets the merges' history rows and
notifications, which the older schema has no words for.

Revision ID: e7b2c4d6f8a1
Revises: d3e5a1c7b9f4
Create Date: 2026-12-03 16:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7b2c4d6f8a1'
down_revision = 'd3e5a1c7b9f4'
branch_labels = None
depends_on = None

OLD_STATUSES = ('submitted', 'acknowledged', 'in_review', 'approved', 'implemented', 'declined')
OLD_KINDS = ('acknowledged', 'status_changed', 'commented', 'new_idea', 'voted_implemented')


def _within(column, values):
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _drop_sqlite_search_triggers():
    """Drop the search triggers before SQLite rebuilds `ideas`.

    The comments' triggers name `ideas`; renaming the rebuilt copy into place fails
    while they do. env.py puts every search trigger back after migrating.
    """
    connection = op.get_bind()
    if connection.dialect.name != 'sqlite':
        return
    names = connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name LIKE 'idea_search%'")).scalars().all()
    for name in names:
        op.execute(f'DROP TRIGGER "{name}"')


def _checks(statuses, kinds):
    _drop_sqlite_search_triggers()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ideas_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_ideas_status_known'), _within('status', statuses))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notifications_kind_known'), _within('kind', kinds))


def upgrade():
    _drop_sqlite_search_triggers()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_ideas_merged_into_id_ideas'), 'ideas',
                                    ['merged_into_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_ideas_merged_into_id'), ['merged_into_id'],
                              unique=False)
    _checks(OLD_STATUSES + ('merged',), OLD_KINDS + ('merged',))


def downgrade():
    ideas = sa.table('ideas', sa.column('id', sa.Uuid()), sa.column('status', sa.String(16)))
    changes = sa.table('status_changes', sa.column('idea_id', sa.Uuid()),
                       sa.column('from_status', sa.String(16)),
                       sa.column('to_status', sa.String(16)),
                       sa.column('created_at', sa.DateTime()))
    notifications = sa.table('notifications', sa.column('kind', sa.String(32)))
    before = (sa.select(changes.c.from_status)
              .where(changes.c.idea_id == ideas.c.id, changes.c.to_status == 'merged')
              .order_by(changes.c.created_at.desc()).limit(1).scalar_subquery())
    op.execute(ideas.update().where(ideas.c.status == 'merged')
               .values(status=sa.func.coalesce(before, 'submitted')))
    op.execute(changes.delete().where(changes.c.to_status == 'merged'))
    op.execute(notifications.delete().where(notifications.c.kind == 'merged'))
    _checks(OLD_STATUSES, OLD_KINDS)
    _drop_sqlite_search_triggers()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_merged_into_id'))
        batch_op.drop_constraint(op.f('fk_ideas_merged_into_id_ideas'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
