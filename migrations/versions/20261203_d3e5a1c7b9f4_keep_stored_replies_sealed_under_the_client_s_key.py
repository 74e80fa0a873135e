"""Keep stored replies sealed under the client's Idempotency-Key

A reply stored for a replay used to sit in the database in plain text with its
key beside it: the reply to creating an invitation holds the invitation's token,
so a leaked database or backup handed out working invitation links. Now a row is
found by a hash of the user and the key, and the reply (and the request's
fingerprint) is sealed under a key derived from the Idempotency-Key, bound to the
user, method and path. The claims of running requests are found by the same hash.

Existing rows still hold their plain key, so they are hashed and sealed in place,
a batch at a time. The sealing below is a frozen copy of server/idempotency/
sealing.py as it was when this revision was written: a later change of scheme
must not change what this revision does.

The plain replies leave the table here, not the disk: PostgreSQL keeps the old row
versions until they are vacuumed (run VACUUM FULL idempotency_keys after the
upgrade), and earlier backups keep them until they are rotated out.

Revision ID: d3e5a1c7b9f4
Revises: ad3e5f7a9b1c
Create Date: 2026-12-03 14:40:00

"""
import hashlib
import hmac
import os

from alembic import op
import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


# revision identifiers, used by Alembic.
revision = 'd3e5a1c7b9f4'
down_revision = 'ad3e5f7a9b1c'
branch_labels = None
depends_on = None

BATCH = 500

keys_table = sa.table('idempotency_keys', sa.column('user_id', sa.Uuid()),
                      sa.column('key', sa.Uuid()), sa.column('key_hash', sa.String(64)),
                      sa.column('fingerprint', sa.String(64)), sa.column('method', sa.String(8)),
                      sa.column('path', sa.String(300)), sa.column('status_code', sa.Integer()),
                      sa.column('response_body', sa.Text()),
                      sa.column('sealed_body', sa.LargeBinary()))
claims_table = sa.table('idempotency_claims', sa.column('user_id', sa.Uuid()),
                        sa.column('key', sa.Uuid()), sa.column('key_hash', sa.String(64)))


def _key_hash(user_id, key):
    return hashlib.sha256(b"gnista idempotency key v1\x00" + user_id.bytes + key.bytes).hexdigest()


def _seal(row):
    material = HKDF(algorithm=hashes.SHA256(), length=64, salt=row.user_id.bytes,
                    info=b"gnista idempotency reply v1\x00" + row.method.encode() + b"\x00"
                    + row.path.encode()).derive(row.key.bytes)
    seal_key, fingerprint_key = material[:32], material[32:]
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(seal_key).encrypt(nonce, (row.response_body or "").encode(),
                                              b"status=%d" % row.status_code)
    fingerprint = hmac.new(fingerprint_key, row.fingerprint.encode(), hashlib.sha256).hexdigest()
    return sealed, fingerprint


def upgrade():
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('sealed_body', sa.LargeBinary(), nullable=True))
    with op.batch_alter_table('idempotency_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_hash', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    while True:
        rows = connection.execute(sa.select(
            keys_table.c.user_id, keys_table.c.key, keys_table.c.fingerprint,
            keys_table.c.method, keys_table.c.path, keys_table.c.status_code,
            keys_table.c.response_body).where(keys_table.c.key_hash.is_(None))
            .limit(BATCH)).all()
        if not rows:
            break
        for row in rows:
            sealed, fingerprint = _seal(row)
            connection.execute(keys_table.update().where(
                keys_table.c.user_id == row.user_id, keys_table.c.key == row.key).values(
                key_hash=_key_hash(row.user_id, row.key), sealed_body=sealed,
                fingerprint=fingerprint, response_body=""))
    while True:
        rows = connection.execute(sa.select(claims_table.c.user_id, claims_table.c.key)
                                  .where(claims_table.c.key_hash.is_(None)).limit(BATCH)).all()
        if not rows:
            break
        for row in rows:
            connection.execute(claims_table.update().where(
                claims_table.c.user_id == row.user_id, claims_table.c.key == row.key).values(
                key_hash=_key_hash(row.user_id, row.key)))

    for table in ('idempotency_keys', 'idempotency_claims'):
        _swap_primary_key(table, drop='key', keep='key_hash')
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_column('response_body')
        batch_op.alter_column('sealed_body', existing_type=sa.LargeBinary(), nullable=False)


def downgrade():
    # The plain key cannot be had back from its hash, nor the reply without the key:
    # the stored replies and running claims are deleted. A replay after the downgrade
    # is taken as a new request, which is acceptable only here.
    op.execute(keys_table.delete())
    op.execute(claims_table.delete())
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response_body', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('key', sa.Uuid(), nullable=True))
    with op.batch_alter_table('idempotency_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key', sa.Uuid(), nullable=True))
    for table in ('idempotency_keys', 'idempotency_claims'):
        _swap_primary_key(table, drop='key_hash', keep='key')
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_column('sealed_body')
        batch_op.alter_column('response_body', existing_type=sa.Text(), nullable=False)


def _swap_primary_key(table, *, drop, keep):
    """Make (user_id, keep) the primary key of table and drop the column drop."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(keep, existing_type=_type(keep), nullable=False)
        batch_op.drop_constraint(f'pk_{table}', type_='primary')
        batch_op.drop_column(drop)
        batch_op.create_primary_key(f'pk_{table}', ['user_id', keep])


def _type(column):
    return sa.String(length=64) if column == 'key_hash' else sa.Uuid()

