"""Invitations remember whether they came from the command line, and can be revoked

An invitation now dies when its creator loses the right to make it; one made on the
command line has no creator and stays valid. Both used to leave `created_by_id` null
(the command line, and a creator who was erased), so the new flag tells them apart.
Existing invitations without a creator are taken to come from the command line: the
erasure of a creator cannot be told from them any more, and refusing them could lock
a fresh install out of its first administrator's invitation.

Revision ID: 1a7e3c9d5b20
Revises: c4e1a7b9d2f3
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa

import server.timestamps


# revision identifiers, used by Alembic.
revision = '1a7e3c9d5b20'
down_revision = 'c4e1a7b9d2f3'
branch_labels = None
depends_on = None

invitations = sa.table('invitations', sa.column('created_by_id', sa.Uuid()),
                       sa.column('from_command_line', sa.Boolean()),
                       sa.column('revoked_at', server.timestamps.UTCDateTime(timezone=True)),
                       sa.column('use_count', sa.Integer()), sa.column('max_uses', sa.Integer()))


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_command_line', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('revoked_at', server.timestamps.UTCDateTime(timezone=True),
                                      nullable=True))
    op.execute(invitations.update().where(invitations.c.created_by_id.is_(None))
               .values(from_command_line=True))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.alter_column('from_command_line', existing_type=sa.Boolean(),
                              server_default=None)


def downgrade():
    # Without the column a revoked invitation would work again: mark it used up instead.
    op.execute(invitations.update().where(invitations.c.revoked_at.isnot(None))
               .values(use_count=invitations.c.max_uses))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('from_command_line')
