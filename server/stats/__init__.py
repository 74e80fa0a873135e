"""Statistics: the yearly metrics per unit and organisation, as JSON and CSV."""
from ..json_body import Blueprint

blp = Blueprint("stats", __name__, url_prefix="/api/v1",
                description="The metrics the municipalities set as their goal: ideas per "
                            "employee against the target, implemented improvements, how "
                            "quickly ideas are answered, and participation.")

from . import routes  # noqa: E402,F401
