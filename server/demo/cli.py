"""Command: create the demo municipality on an empty database."""
from __future__ import annotations

import random
from datetime import timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..admin.models import Unit
from ..auth.models import User
from ..categories.models import Category
from ..extensions import db
from ..ideas import merging
from ..ideas import services as ideas
from ..photos.services import clean_all
from ..timestamps import utcnow
from . import content
from .pictures import picture


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when there is any unit already.")
def demo(if_empty: bool) -> None:
    """Create a demo municipality with units, people and ideas in every status."""
    if db.session.scalar(select(func.count()).select_from(Unit)):
        if if_empty:
            click.echo("The database has data already; no demo data added.")
            return
        raise click.ClickException("The database is not empty.")
    people = create_demo()
    db.session.commit()
    click.echo(f"Demo data created: {len(content.UNITS) + 1} units, {len(people)} people, "
               f"{len(content.IDEAS)} ideas.")


def create_demo() -> dict[str, User]:
    name, headcount, target = content.ORGANISATION
    units = {name: Unit(name=name, headcount=headcount, target_per_employee=target)}
    db.session.add(units[name])
    for unit_name, parent, count, unit_target in content.UNITS:
        units[unit_name] = Unit(name=unit_name, parent=units[parent], headcount=count,
                                target_per_employee=unit_target)
        db.session.add(units[unit_name])
    people = {}
    for display_name, unit_name, role, language in content.PEOPLE:
        people[display_name] = User(display_name=display_name, unit=units[unit_name],
                                    role=role, language=language)
        db.session.add(people[display_name])
    categories = {}
    for category_name, name_en, unit_name in content.CATEGORIES:
        categories[category_name] = Category(org_id=units[name].id, name=category_name,
                                             name_en=name_en, active=True,
                                             unit=units[unit_name] if unit_name else None)
        db.session.add(categories[category_name])
    db.session.flush()
    rng = random.Random(7)
    made = {}
    for n, row in enumerate(content.IDEAS):
        made[row[1]] = _demo_idea(n, row, people, categories, rng)
    for duplicate, kept, note in content.DUPLICATES:
        merging.merge_idea(people["Karin Lund"], made[duplicate], into=made[kept], note=note)
    return people


def _demo_idea(n: int, row, people: dict[str, User], categories: dict[str, Category],
               rng: random.Random):
    submitter, title, description, anonymous, steps, photo_count, days_ago, category = row
    author = people[submitter]
    idea = ideas.submit_idea(author, title=title, description=description, anonymous=anonymous,
                             photos=clean_all([picture(n * 10 + i) for i in range(photo_count)]),
                             category_id=categories[category].id if category else None)
    created = utcnow() - timedelta(days=days_ago, hours=rng.randrange(1, 9))
    idea.created_at = created
    idea.history[0].created_at = created
    handler = people["Karin Lund"] if author.unit.path.startswith(
        people["Karin Lund"].unit.path) else people["Mikael Strand"]
    # Colleagues vote while the idea is open: a decided idea takes no votes.
    for voter in rng.sample(content.VOTERS, k=rng.randrange(0, len(content.VOTERS))):
        if people[voter].id != author.id:
            ideas.vote(people[voter], idea)
    moment = created
    for to_status, note in steps:
        ideas.change_status(handler, idea, to_status=to_status, note=note)
        moment += timedelta(hours=rng.randrange(4, 24 * max(1, days_ago // 10)))
        moment = min(moment, utcnow())
        _backdate(idea, moment)
    for body in rng.sample(content.COMMENTS, k=rng.randrange(0, 3)):
        commenter = people[rng.choice(content.VOTERS)]
        ideas.add_comment(commenter, idea, body=body).created_at = min(
            created + timedelta(hours=rng.randrange(1, 48)), utcnow())
    db.session.flush()
    return idea


def _backdate(idea, moment) -> None:
    """Give the latest status change a realistic time and keep the metrics columns in step."""
    change = idea.history[-1]
    change.created_at = moment
    idea.updated_at = moment
    if len(idea.history) == 2:
        idea.first_response_at = moment
    if change.to_status == "implemented":
        idea.implemented_at = moment
    if change.to_status == "declined":
        idea.declined_at = moment
