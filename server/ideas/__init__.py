"""Ideas: submit, browse, vote, comment, and move through the workflow."""
from ..json_body import Blueprint

blp = Blueprint("ideas", __name__, url_prefix="/api/v1",
                description="Ideas with photos, votes, comments and the status workflow.")

from . import routes  # noqa: E402,F401
