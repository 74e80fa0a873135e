"""The statistics' own indexes on the ideas table."""
from __future__ import annotations

from sqlalchemy import Index, text

from ..ideas.models import Idea

# The year's decisions per sub-unit: one index range each, read without visiting the table
# (the unit is in the index, and the partial predicate is the status the query asks for).
# The query must name the status as a literal for the planner to match the predicate.
STATS_INDEXES = (
    Index("ix_ideas_stats_implemented", Idea.org_id, Idea.implemented_at, Idea.unit_id,
          postgresql_where=text("status = 'implemented'"),
          sqlite_where=text("status = 'implemented'")),
    Index("ix_ideas_stats_declined", Idea.org_id, Idea.declined_at, Idea.unit_id,
          postgresql_where=text("status = 'declined'"),
          sqlite_where=text("status = 'declined'")),
)
