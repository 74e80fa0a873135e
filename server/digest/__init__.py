"""The handlers' weekly digest of waiting and overdue ideas, sent by the push worker."""
from ..push.worker import periodic
from . import services

# Hourly: the first look after Monday 07:00 sends the week's digests; the rest find them sent.
periodic("weekly_digest", 60 * 60)(services.send_digests)
