"""What goes in (…Args) and what comes out (…Schema) of the push and notifications API."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ..inputs import InputSchema
from .models import KINDS
from .sender import MAX_ENDPOINT_LENGTH


class PublicKeySchema(Schema):
    public_key = fields.String(dump_only=True, metadata={
        "description": "The VAPID public key (base64url): the applicationServerKey for subscribe()."})


class SubscriptionKeysArgs(InputSchema):
    class Meta:
        unknown = EXCLUDE

    p256dh = fields.String(required=True, validate=validate.Length(min=1, max=128))
    auth = fields.String(required=True, validate=validate.Length(min=1, max=64))


class SubscriptionArgs(InputSchema):
    """A browser's PushSubscription.toJSON()."""

    class Meta:
        # Browsers may add fields to toJSON(); they are not ours to refuse.
        unknown = EXCLUDE

    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=MAX_ENDPOINT_LENGTH))
    expiration_time = fields.Integer(data_key="expirationTime", load_default=None, allow_none=True,
                                     strict=False)
    keys = fields.Nested(SubscriptionKeysArgs, required=True)


class UnsubscribeArgs(InputSchema):
    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=MAX_ENDPOINT_LENGTH))
    keys = fields.Nested(SubscriptionKeysArgs, load_default=None, metadata={
        "description": "The subscription's own keys, as in toJSON(). They prove the caller holds the "
                       "device, so a shared phone's last holder's subscription ends even when it was "
                       "made by someone else."})


class SubscriptionSchema(Schema):
    endpoint = fields.String(dump_only=True)
    expires_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class NotificationSchema(Schema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(dump_only=True, validate=validate.OneOf(KINDS))
    title = fields.String(dump_only=True)
    body = fields.String(dump_only=True)
    url = fields.String(dump_only=True)
    idea_id = fields.UUID(dump_only=True, allow_none=True)
    read_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class NotificationPageSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema), dump_only=True)
    unread_count = fields.Integer(dump_only=True)
    next_cursor = fields.String(dump_only=True, allow_none=True)


class NotificationListArgs(InputSchema):
    cursor = fields.String(load_default=None, validate=validate.Length(max=200))
    limit = fields.Integer(load_default=30, validate=validate.Range(min=1, max=100))


class MarkReadArgs(InputSchema):
    ids = fields.List(fields.UUID(), load_default=None, validate=validate.Length(max=500),
                      metadata={"description": "The notifications to mark read; none means all."})


class UnreadSchema(Schema):
    unread_count = fields.Integer(dump_only=True)
