"""Reports and redaction: colleagues report client data or offensive words; handlers review."""
from ..json_body import Blueprint

blp = Blueprint("moderation", __name__, url_prefix="/api/v1",
                description="Report an idea or a comment; handlers restore, hide or redact it.")

from . import routes  # noqa: E402,F401
