"""Push notifications: VAPID key, device subscriptions, the in-app inbox and the outbox worker."""
from ..json_body import Blueprint

blp = Blueprint("push", __name__, url_prefix="/api/v1",
                description="Push subscriptions for devices and the in-app inbox of notifications.")

from . import routes  # noqa: E402,F401
