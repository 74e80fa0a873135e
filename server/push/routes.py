"""HTTP routes of the push feature: the VAPID key, device subscriptions, the inbox."""
from __future__ import annotations

from flask_login import current_user

from ..idempotency.docs import IDEMPOTENCY_HEADER, replayable
from . import blp, services
from .schemas import (MarkReadArgs, NotificationListArgs, NotificationPageSchema, PublicKeySchema,
                      SubscriptionArgs, SubscriptionSchema, UnreadSchema, UnsubscribeArgs)


@blp.route("/push/key", methods=["GET"])
@blp.response(200, PublicKeySchema)
def push_key():
    """Return the VAPID public key that browsers subscribe with."""
    return {"public_key": services.vapid_keys().public_key_b64url}


@blp.route("/push/subscriptions", methods=["POST"])
@blp.arguments(SubscriptionArgs)
@blp.response(201, SubscriptionSchema)
@blp.alt_response(422, description="The endpoint is not a known push service, or the keys are unusable.")
@blp.alt_response(409, description="The endpoint belongs to another account (push_endpoint_taken); "
                  "the browser must unsubscribe and subscribe again for a new one.")
@replayable(blp, SubscriptionSchema)
def subscribe(args):
    """Subscribe this device to my notifications (the body is PushSubscription.toJSON())."""
    return services.subscribe(current_user, endpoint=args["endpoint"],
                              p256dh=args["keys"]["p256dh"], auth=args["keys"]["auth"],
                              expiration_ms=args["expiration_time"])


@blp.route("/push/subscriptions", methods=["DELETE"])
@blp.arguments(UnsubscribeArgs)
@blp.response(204)
def unsubscribe(args):
    """Stop sending notifications to this device: mine, or anyone's when its keys are given."""
    keys = args["keys"]
    services.unsubscribe(current_user, endpoint=args["endpoint"],
                         keys=(keys["p256dh"], keys["auth"]) if keys else None)


@blp.route("/notifications", methods=["GET"])
@blp.arguments(NotificationListArgs, location="query")
@blp.response(200, NotificationPageSchema)
def list_notifications(args):
    """List my notifications, newest first, with how many are unread."""
    cursor = services.decode_cursor(args["cursor"]) if args["cursor"] else None
    page, more = services.inbox_page(current_user, cursor=cursor, limit=args["limit"])
    items = [services.present(n, current_user.language) for n in page]
    return {"items": items, "unread_count": services.unread_count(current_user),
            "next_cursor": services.encode_cursor(page[-1]) if more else None}


@blp.route("/notifications/read", methods=["POST"])
@blp.arguments(MarkReadArgs)
@blp.response(200, UnreadSchema)
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
def mark_read(args):
    """Mark some of my notifications read, or all when no ids are given."""
    services.mark_read(current_user, ids=args["ids"])
    return {"unread_count": services.unread_count(current_user)}
