"""Administration: the unit tree, headcounts, targets and users."""
from ..json_body import Blueprint

blp = Blueprint("admin", __name__, url_prefix="/api/v1",
                description="The unit tree with headcounts and yearly targets, and users. "
                            "Administrators change their own organisation; handlers read "
                            "their own units and the people in them.")

from . import routes  # noqa: E402,F401
