"""Record sessions on the server so they can be ended

Each signed-in device gets a row that its cookie names; deleting the row signs
the device out. The per-user nonce that ended all sessions at once is replaced
by deleting a user's rows, so cookies from before this revision sign nobody in.

Revision ID: c4e1a7b9d2f3
Revises: 5d1e7b9c2a40
Create Date: 2026-12-03 10:45:00

"""
from alembic import op
import sqlalchemy as sa

import server.timestamps


# revision identifiers, used by Alembic.
revision = 'c4e1a7b9d2f3'
down_revision = '5d1e7b9c2a40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('passkey_id', sa.Uuid(), nullable=True),
    sa.Column('device', sa.String(length=80), nullable=False),
    sa.Column('created_at', server.timestamps.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', server.timestamps.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', server.timestamps.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['passkey_id'], ['passkeys.id'], name=op.f('fk_user_sessions_passkey_id_passkeys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_passkey_id'), ['passkey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_nonce')


def downgrade():
    # Every nonce is new: sessions recorded by the upgraded schema end.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_nonce', sa.String(length=32), nullable=False,
                                      server_default='0000000000000000'))
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_sessions_passkey_id'))

    op.drop_table('user_sessions')
