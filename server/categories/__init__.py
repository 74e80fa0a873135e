"""Categories: the organisation's kinds of idea, and the unit each may route new ideas to."""
from ..json_body import Blueprint

blp = Blueprint("categories", __name__, url_prefix="/api/v1",
                description="The organisation's categories of ideas. Everyone signed in reads "
                            "them; administrators keep them. A category with a unit routes its "
                            "ideas to that unit's handlers as well.")

from . import routes  # noqa: E402,F401
