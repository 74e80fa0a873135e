"""Claim idempotency keys while their request runs

A request with an Idempotency-Key first commits a short claim with a lease;
a second request with the same key meanwhile answers 409
idempotency_in_flight instead of doing the work twice. The claim is deleted
in the commit that stores the result, at once when the request fails, and
its lease runs out if the process dies.

Revision ID: 5d1e7b3a9c42
Revises: a61c0d9e5b23
Create Date: 2026-12-03 10:40:00

"""
from alembic import op
import sqlalchemy as sa
import server.timestamps


# revision identifiers, used by Alembic.
revision = '5d1e7b3a9c42'
down_revision = 'a61c0d9e5b23'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('idempotency_claims',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.Uuid(), nullable=False),
    sa.Column('token', sa.Uuid(), nullable=False),
    sa.Column('expires_at', server.timestamps.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idempotency_claims_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'key', name=op.f('pk_idempotency_claims'))
    )
    with op.batch_alter_table('idempotency_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_claims_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('idempotency_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_claims_expires_at'))

    op.drop_table('idempotency_claims')
