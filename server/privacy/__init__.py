"""Privacy: a person's data export, erasure of a person, and photo retention."""
from ..json_body import Blueprint

blp = Blueprint("privacy", __name__, url_prefix="/api/v1",
                description="Data protection (GDPR): export my data, erase a person.")

from . import routes  # noqa: E402,F401
