"""The year's ideas per category, for a unit's subtree or the organisation."""
from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select

from ..admin.models import Unit
from ..categories.models import Category, label
from ..extensions import db
from ..ideas.models import Idea


def category_figures(unit: Unit, start, end, *, language: str | None) -> list[dict]:
    """Count submitted, implemented and declined ideas per category, as the totals count them.

    Ideas are counted where they were submitted (their unit in the subtree), submitted by
    created_at, implemented and declined by when that happened; every active category is
    listed, an inactive one when it counted something, and ideas without a category last.
    """
    def within(column):
        return and_(column >= start, column < end)

    subtree = select(Unit.id).where(Unit.path.startswith(unit.path))
    implemented = and_(Idea.status == "implemented", within(Idea.implemented_at))
    declined = and_(Idea.status == "declined", within(Idea.declined_at))
    query = (select(Idea.category_id,
                    func.sum(case((within(Idea.created_at), 1), else_=0)),
                    func.sum(case((implemented, 1), else_=0)),
                    func.sum(case((declined, 1), else_=0)))
             .where(Idea.org_id == unit.org_id, Idea.unit_id.in_(subtree),
                    or_(within(Idea.created_at), implemented, declined))
             .group_by(Idea.category_id))
    counts = {category_id: [int(n or 0) for n in figures]
              for category_id, *figures in db.session.execute(query)}
    categories = db.session.scalars(select(Category).where(Category.org_id == unit.org_id)).all()
    rows = []
    for category in categories:
        if not category.active and category.id not in counts:
            continue
        rows.append(_row(category.id, label(category.name, category.name_en, language),
                         counts.get(category.id)))
    if not rows:
        return []  # an organisation that keeps no categories has no table, here or in the CSV
    rows.sort(key=lambda r: (r["name"].casefold(), r["id"].hex))
    rows.append(_row(None, None, counts.get(None)))
    return rows


def _row(category_id, name, counts) -> dict:
    submitted, implemented, declined = counts or (0, 0, 0)
    return {"id": category_id, "name": name, "submitted": submitted,
            "implemented": implemented, "declined": declined}
