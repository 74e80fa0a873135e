"""Generate the national deployment in PostgreSQL and time the largest municipality on it.

    python -m benchmarks scale [--scale 0.1] [--keep]
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from .. import databases, instance, machine, report
from . import generate, measure

DATABASE = "gnista_scale"
LABELS = {
    "feed_unit": "feed of one's own unit, 20 newest (the app's start screen)",
    "feed_org": "feed of the whole municipality, 20 newest",
    "feed_org_top": "feed of the municipality, 20 most voted",
    "feed_org_implemented": "feed of the municipality, implemented only",
    "detail": "idea detail, a random idea",
    "stats_org": "statistics of the whole municipality, this year",
    "stats_administration": "statistics of one administration, this year",
}


def _section(args, built: dict, measured: dict) -> str:
    counts, steps = built["counts"], built["steps"]
    org = measured["largest_org"]
    national = "" if args.scale == 1 else (
        " (Scale 1, the national deployment, is 1.2 million users, 10 million ideas and "
        "30 million votes.)")
    lines = [
        f"## Scale {args.scale:g}: a national deployment in PostgreSQL", "",
        f"Measured on {machine.describe(databases.POSTGRES_SERVER + '/postgres')}, default "
        f"PostgreSQL settings (shared_buffers 128 MB), warm cache. **Scale {args.scale:g}**: "
        f"{counts['users']:,} users in {counts['orgs']} municipalities, {counts['ideas']:,} ideas, "
        f"{counts['votes']:,} votes, one history entry per idea "
        f"({counts['bytes'] / 2**30:.1f} GiB).{national} Municipality sizes fall off like a Zipf "
        f"law; the largest has {org['users']:,} accounts and {org['ideas']:,} ideas. Generated "
        f"with SQL (`generate_series`) in {steps['rows']:.0f} s, indexes in "
        f"{steps['indexes']:.0f} s, vacuum and analyze in {steps['vacuum']:.0f} s.", "",
        "Each idea has a Swedish title and two or three sentences drawn from pools of "
        f"{generate.POOLS['titles']:,} titles and {generate.POOLS['sentences']:,} sentences "
        "(`benchmarks/scale/texts.py`: nouns in all four forms and inside compounds, verbs in "
        "their tenses, words drawn with Zipf weights; one idea in 5,000 has a sentence with a "
        "rare word). The search index is filled as its trigger fills it; of 2,000 sampled ideas, "
        f"{counts['search_differs']} had other index words than the trigger would write.", ""]
    return "\n".join(lines) + "\n" + _timings(args, measured)


def _timings(args, measured: dict) -> str:
    lines = [f"Whole requests through the app (Flask test client in-process, {args.repeats} "
             "requests each after one untimed first request); SQL is the summed execution time "
             "of the request's queries under EXPLAIN ANALYZE. Plans: `benchmarks/plans/`.", "",
             "| request (largest municipality) | p50 ms | p95 ms | first ms | queries | SQL ms |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, figures in measured["requests"].items():
        lines.append(f"| {LABELS[name]} | {figures['p50'] * 1000:.1f} | {figures['p95'] * 1000:.1f} | "
                     f"{figures['first'] * 1000:.0f} | {figures['queries']} | {figures['sql_ms']:.1f} |")
    return "\n".join(lines) + "\n" + _searches(args, measured["search"])


def _searches(args, search: dict) -> str:
    lines = ["", f"Searches of the whole municipality as the web app asks for them "
             f"(`GET /api/v1/ideas?scope=org&q=...`, by relevance, 20 a page), {args.repeats} "
             "requests per query after one untimed first; plans per kind in "
             "`benchmarks/plans/search_*.txt`.", "",
             "| search kind | queries | p50 ms | p95 ms |", "|---|---|---:|---:|"]
    for kind, figures in search["kinds"].items():
        words = ", ".join(f"`{q}`" for q in figures["queries"])
        lines.append(f"| {kind} | {words} | {figures['p50'] * 1000:.1f} | "
                     f"{figures['p95'] * 1000:.1f} |")
    overall = search["overall"]
    lines.append(f"| **all searches** ({overall['requests']} requests) | | "
                 f"{overall['p50'] * 1000:.1f} | {overall['p95'] * 1000:.1f} |")
    lines += ["", f"By relevance, a search ranks its {search['ranked']:,} newest matches "
              "(`SEARCH_RANKED_MATCHES`) and shows the best of them first: ranking reads "
              "every ranked idea's words, which for a word in a hundred thousand ideas no "
              "request can afford. The newest matches are found by walking the "
              "municipality's ideas newest first (\"walk\") when the planner expects many "
              "matches, else by reading every match through the GIN indexes (\"index\"); "
              "both find the same ideas.", "",
              "Per query: SQL is the request's summed execution time under EXPLAIN ANALYZE. "
              "The last columns time the page's query alone, p50 of runs taken in turns on this "
              "database: as it is, and with the bound lifted so that it ranks every match, as "
              "search did before (it also orders every match by date first, so it costs "
              "somewhat more than the query of before did; plans: "
              "`benchmarks/plans/search_before.txt`).", "",
              "| query | kind | p50 ms | p95 ms | first ms | SQL ms | on page 1 | found by "
              "| page query ms | ranking every match ms | ratio |",
              "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    for query, figures in search["queries"].items():
        page = figures["page_sql"]
        lines.append(f"| `{query}` | {figures['kind']} | {figures['p50'] * 1000:.1f} | "
                     f"{figures['p95'] * 1000:.1f} | {figures['first'] * 1000:.0f} | "
                     f"{figures['sql_ms']:.1f} | {figures['items']} | {figures['found_by']} | "
                     f"{page['after'] * 1000:.1f} | {page['before'] * 1000:.1f} | "
                     f"{page['before'] / page['after']:.1f}× |")
    return "\n".join(lines) + "\n"


def _again(args, measured: dict, orgs: int) -> str:
    org = measured["largest_org"]
    if orgs < generate.FULL["orgs"]:
        title = (f"## Scale {args.scale:g}, the largest {orgs} municipalities alone" if orgs > 1
                 else f"## Scale {args.scale:g}, the largest municipality alone")
        built = (f"A database built with `--orgs {orgs}`: the largest of the "
                 f"{generate.FULL['orgs']} municipalities at their size in the whole deployment, "
                 "without the others' rows (so the search indexes hold only their words, and "
                 "their rows lie closer together than among the whole country's), timed with "
                 "`--reuse`")
    else:
        title = f"## Scale {args.scale:g}, timed again on the kept database"
        built = "The database of an earlier `--keep` run, timed again with `--reuse`"
    return (f"{title}\n\n{built}, on {machine.describe(databases.POSTGRES_SERVER + '/postgres')}, "
            f"default PostgreSQL settings (shared_buffers 128 MB), warm cache. The largest "
            f"municipality has {org['users']:,} accounts and {org['ideas']:,} ideas.\n\n"
            + _timings(args, measured))


def _orgs(url: str) -> int:
    """How many municipalities a generated database holds."""
    result = subprocess.run(["psql", url, "-Atc", "SELECT count(*) FROM bench_orgs"],
                            capture_output=True, text=True, check=True)
    return int(result.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks scale", description=__doc__)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time an already generated database")
    parser.add_argument("--database", default=DATABASE, help="the database's name (made and dropped)")
    parser.add_argument("--orgs", type=int, help="build only this many of the largest municipalities "
                        "(at their size in the whole deployment), keep it and time nothing: a "
                        "quick database to work on")
    args = parser.parse_args(argv)
    if not databases.postgres_available():
        raise SystemExit("PostgreSQL is not reachable at " + databases.POSTGRES_SERVER)
    if args.orgs:
        # A database to work on: kept, neither timed nor recorded.
        with databases.postgres_database(args.database, keep=True) as url, \
                tempfile.TemporaryDirectory() as folder:
            instance.upgrade(instance.environment(Path(folder), url, "http://localhost"))
            generate.build(url, args.scale, kept=args.orgs)
        return
    with databases.postgres_database(args.database, keep=args.keep or args.reuse,
                                     fresh=not args.reuse) as url, \
            tempfile.TemporaryDirectory() as folder:
        if args.reuse:
            # A kept database is brought to the code's schema first, as a deployment is.
            instance.upgrade(instance.environment(Path(folder), url, "http://localhost"))
            built = {"counts": generate.sizes(args.scale), "steps": {}, "orgs": _orgs(url)}
        else:
            env = instance.environment(Path(folder), url, "http://localhost")
            instance.upgrade(env)
            built = generate.build(url, args.scale)
        measured = measure.measure(url, repeats=args.repeats)
        if not (args.keep or args.reuse):
            subprocess.run(["psql", url, "-qc", "DROP TABLE IF EXISTS bench_orgs"], check=False)
        if args.reuse:
            orgs = built["orgs"]
            name = "again" if orgs == generate.FULL["orgs"] else f"largest-{orgs}"
            report.save(f"scale-{args.scale:g}-{name}", _again(args, measured, orgs))
        else:
            report.save(f"scale-{args.scale:g}", _section(args, built, measured))


if __name__ == "__main__":
    main()
