"""Categories of ideas, kept per organisation, and the edits of an idea

An organisation keeps its categories (a Swedish and an optional English name, active
or not, optionally a unit whose handlers handle the category's ideas too); an idea
may have one. Edits of an idea's fields (the category now) are kept with who made
them and when, beside its status history.

Revision ID: 7b2d4f6a8c13
Revises: e7b2c4d6f8a1
Create Date: 2026-12-03 16:40:00

"""
from alembic import op
import sqlalchemy as sa

import server.timestamps


# revision identifiers, used by Alembic.
revision = '7b2d4f6a8c13'
down_revision = 'e7b2c4d6f8a1'
branch_labels = None
depends_on = None


def _drop_search_triggers():
    """Drop SQLite's search triggers before `ideas` is rebuilt; env.py puts them back after.

    SQLite rebuilds `ideas` by copying it and renaming the copy, which fails while the
    triggers on `comments` name the table that is gone for a moment.
    """
    connection = op.get_bind()
    if connection.dialect.name != 'sqlite':
        return
    names = connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name LIKE 'idea_search%'")).scalars().all()
    for name in names:
        op.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def upgrade():
    op.create_table(
        'categories',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('org_id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('name_en', sa.String(length=80), nullable=True),
        sa.Column('unit_id', sa.Uuid(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', server.timestamps.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['org_id'], ['units.id'],
                                name=op.f('fk_categories_org_id_units')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                name=op.f('fk_categories_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
        sa.UniqueConstraint('org_id', 'name', name='uq_categories_org_name'),
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_unit_id'), ['unit_id'], unique=False)

    op.create_table(
        'idea_edits',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('idea_id', sa.Uuid(), nullable=False),
        sa.Column('actor_id', sa.Uuid(), nullable=True),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('created_at', server.timestamps.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                                name=op.f('fk_idea_edits_actor_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'],
                                name=op.f('fk_idea_edits_idea_id_ideas'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_edits')),
    )
    with op.batch_alter_table('idea_edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_edits_idea_id'), ['idea_id'], unique=False)

    _drop_search_triggers()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_id', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_ideas_category_id_categories'), 'categories',
                                    ['category_id'], ['id'])
        batch_op.create_index('ix_ideas_category_feed', ['category_id', 'created_at', 'id'],
                              unique=False)


def downgrade():
    _drop_search_triggers()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_category_feed')
        batch_op.drop_constraint(batch_op.f('fk_ideas_category_id_categories'),
                                 type_='foreignkey')
        batch_op.drop_column('category_id')
    with op.batch_alter_table('idea_edits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_edits_idea_id'))
    op.drop_table('idea_edits')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_unit_id'))
    op.drop_table('categories')
