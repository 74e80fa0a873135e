"""Import every feature's models so that Alembic and create_all see all tables."""
from .admin.models import Unit  # noqa: F401
from .auth.models import Invitation, Passkey, User, UserSession  # noqa: F401
from .categories.models import Category  # noqa: F401
from .digest.models import WeeklyDigest  # noqa: F401
from .idempotency.models import IdempotencyClaim, IdempotencyKey  # noqa: F401
from .ideas.models import Comment, Idea, IdeaEdit, IdeaWatch, Photo, StatusChange, Vote  # noqa: F401
from .moderation.models import Report  # noqa: F401
from .push.models import Notification, PushDelivery, PushSubscription  # noqa: F401
from .stats.models import STATS_INDEXES  # noqa: F401
