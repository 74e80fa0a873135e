"""Sign-in: invitations, sessions and passkeys."""
from ..json_body import Blueprint

blp = Blueprint("auth", __name__, url_prefix="/api/v1", template_folder="templates",
                description="Who I am, invitations, passkeys and sessions.")

from . import passkey_routes, routes  # noqa: E402,F401
