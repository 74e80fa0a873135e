"""List the web app's shell, compute its version and write pwa/sw/shell.js.

Run `python tests/e2e/pwa_shell.py` after changing anything in pwa/; a test
fails while pwa/sw/shell.js is out of date.
"""

import gzip
import hashlib
import html
import json
import re
import sys
from pathlib import Path

PWA = Path(__file__).resolve().parents[2] / "pwa"
GENERATED = PWA / "sw" / "shell.js"
WORKER = PWA / "sw.js"
# sw.js carries the version on its first line: browsers compare the worker
# script byte for byte, and not every browser compares its imported modules.
STAMP = "// Shell version "
IMAGES = {".png", ".svg", ".jpg", ".webp", ".ico"}
# Served and versioned, but never precached: the browser fetches these itself.
WORKER_ONLY = {"sw.js"}
# Desk screens (statistics, administration) and the printable poster need the
# network anyway: they are cached when first used, not precached, and do not
# count against the phone's app-shell budget.
# So are the privacy notice and the accessibility statement, whose long texts
# (i18n/info/) would otherwise take a tenth of the budget, and the desk screens'
# strings (i18n/desk/), which every start would otherwise download.
LAZY = {"js/screens/admin.js", "js/screens/admin/units.js", "js/screens/admin/people.js",
        "js/screens/admin/person.js", "js/screens/admin/invite.js",
        "js/screens/admin/open-invitations.js", "js/screens/admin/fields.js",
        "js/screens/admin/confirm.js", "js/screens/dashboard.js", "js/ui/charts.js",
        "css/dashboard.css", "poster.css", "poster.html",
        "js/screens/privacy.js", "js/screens/accessibility.js", "js/ui/info-section.js",
        "i18n/info/sv.json", "i18n/info/en.json", "i18n/desk/sv.json", "i18n/desk/en.json",
        # English is the second language: its catalogue is fetched by those who choose it
        # and kept from then on, so a Swedish phone's first start carries only Swedish.
        "i18n/en.json",
        # Photos full screen: loaded at the first tap on a photo, whose full size needs the network too.
        "js/ui/photo-viewer.js", "css/viewer.css",
        # Editing a rejected outbox entry or resending a stale one: fetched ahead when one shows.
        "js/ui/outbox-fix.js",
        # A handler's tools on the idea screen (category, workflow, merging), the edits and the
        # ideas merged with one: few people use them; the handler's inbox fetches them ahead.
        "js/ui/handling.js", "js/ui/workflow.js", "js/ui/merge.js",
        "i18n/merge/sv.json", "i18n/merge/en.json",
        # The devices I am signed in on: a list that needs the network, fetched when settings open.
        "js/ui/devices.js",
        # Similar ideas under the new idea's text: fetched when the form opens, kept from then on.
        "js/ui/similar.js", "js/similar/score.js", "i18n/similar/sv.json", "i18n/similar/en.json",
        # The feed's filter sheet: loaded when first opened; the one-line bar stays in the shell.
        "js/ui/feed-sheet.js", "css/filters.css", "i18n/filters/sv.json", "i18n/filters/en.json",
        # Filtering the feed offline: fetched ahead whenever the feed shows online (screens/feed.js).
        "js/feed-local.js",
        # Joining redeems an invitation, which needs the network anyway.
        "js/screens/join.js",
        # The categories: the submitter's optional pick, loaded after the form is drawn (the
        # form works without it), the handler's category control (with the tools above), and the
        # administrators' screen with the other desk screens.
        "js/ui/category-pick.js", "js/ui/idea-handling.js",
        "i18n/category/sv.json", "i18n/category/en.json", "js/screens/admin/categories.js",
        "js/ui/category-table.js",
        # The submitter's edit form, following an idea and their queued writes: the follow
        # toggle loads with each idea screen, the form only for the submitter of a new idea.
        "js/ui/idea-edit.js", "js/ui/follow.js", "js/outbox/idea-edits.js",
        "i18n/edit/sv.json", "i18n/edit/en.json",
        # Reports and redaction: the idea screen's after-drawing part (reporting, hidden and
        # removed words, and the door to a handler's tools) and the inbox's open reports.
        "js/ui/idea-more.js", "js/ui/report.js", "js/ui/reports.js", "js/ui/removed.js",
        "css/report.css", "i18n/report/sv.json", "i18n/report/en.json",
        # The workflow's statuses: only the handler's tools and the filter sheet, both
        # loaded on first use, import them, and fetch them with themselves.
        "js/status.js",
        # The desk's work queue (≥ 1024 px): app.js imports it only on a wide screen.
        "js/desk/desk.js", "js/desk/queue.js", "css/desk.css", "i18n/queue/sv.json", "i18n/queue/en.json",
        # Who carries an idea out by when, the overdue ideas and the digest's switch: with the
        # handler's other tools (handling.js), so few phones ever fetch them.
        "js/ui/assignment.js", "i18n/assign/sv.json", "i18n/assign/en.json"}


def shell_files() -> list[Path]:
    """Return every file of the app shell, in a stable order."""
    return sorted(
        p for p in PWA.rglob("*")
        if p.is_file() and p != GENERATED and not p.name.startswith(".")
    )


def precached_urls() -> list[str]:
    """Return the URLs the service worker precaches."""
    urls = []
    for p in shell_files():
        rel = p.relative_to(PWA).as_posix()
        if rel in WORKER_ONLY or rel in LAZY or rel.startswith("sw/"):
            continue
        urls.append("/" + rel)
    return urls


def version() -> str:
    """Return a short hash over the names and contents of the shell's files and what is precached.

    The precache list counts too: moving a file in or out of LAZY changes no file's
    contents, yet phones must fetch the new worker to precache the new list.
    """
    digest = hashlib.sha256("\n".join(precached_urls()).encode() + b"\0")
    for p in shell_files():
        data = unstamped(p.read_text()).encode() if p == WORKER else p.read_bytes()
        digest.update(p.relative_to(PWA).as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]


INDEX = PWA / "index.html"
ENTRY = "js/app.js"
PRELOAD_START, PRELOAD_END = "<!-- modulepreload -->", "<!-- /modulepreload -->"
# Static imports only: `import x from './y.js'` and `import './y.js'`, not import().
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\s[^'"();]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]""",
                           re.MULTILINE)


def module_closure(*entries: str) -> list[str]:
    """Return the entries and every module they import statically, in a stable order."""
    seen, queue = set(), list(entries)
    while queue:
        rel = queue.pop()
        if rel in seen:
            continue
        seen.add(rel)
        base = (PWA / rel).parent
        for match in STATIC_IMPORT.finditer((PWA / rel).read_text()):
            target = (base / (match.group(1) or match.group(2))).resolve().relative_to(PWA)
            queue.append(target.as_posix())
    return sorted(seen)


# What a signed-in visitor's first screen asks for on a phone that has not
# opened Gnista before: the feed with its default choice (feed-query.js) in
# the default language (i18n.js). The block is a comment in the file; the
# server opens it for a signed-in visitor of / only (server/shell).
HINTS_START, HINTS_END = "<!-- signed-in\n", "signed-in -->\n"
FIRST_SCREEN = "feed"
FIRST_DATA = ["/api/v1/me", "/i18n/sv.json", "/api/v1/ideas?scope=unit&sort=new"]


def _replace_block(text: str, start_marker: str, end_marker: str, body: str) -> str:
    start, end = text.index(start_marker), text.index(end_marker)
    return text[:start] + start_marker + body + text[end:]


def preloaded_index() -> str:
    """Return index.html with a modulepreload link for each module the app starts with.

    Without them the browser discovers the modules one import level at a time:
    on a phone's 4G that is a round trip per level before anything is drawn.
    The signed-in block adds the first screen's data and modules, so they
    are fetched with the page instead of after the app has started.
    """
    text = INDEX.read_text()
    links = "".join(f'<link rel="modulepreload" href="/{rel}">\n' for rel in module_closure(ENTRY)
                    if rel != ENTRY)
    text = _replace_block(text, PRELOAD_START, PRELOAD_END, "\n" + links)
    # The data early (the server takes a moment), the screen's modules after
    # those the app starts with: that is the order they are needed in.
    data = "".join(f'<link rel="preload" href="{html.escape(url)}" as="fetch" crossorigin>\n'
                   for url in FIRST_DATA)
    modules = "".join(f'<link rel="modulepreload" href="{href}">\n'
                      for href in screen_modules()[FIRST_SCREEN])
    first, second = text.index(HINTS_START), text.rindex(HINTS_START)
    assert first != second, "index.html needs two signed-in blocks: data, then modules"
    head, tail = text[:second], text[second:]
    return (_replace_block(head, HINTS_START, HINTS_END, data)
            + _replace_block(tail, HINTS_START, HINTS_END, modules))


ROUTER = PWA / "js" / "router.js"
SCREENS_START, SCREENS_END = "// <screen-modules>", "// </screen-modules>"


def screen_modules() -> dict[str, list[str]]:
    """Return, per screen, its module and those it imports that the app does not start with."""
    started = set(module_closure(ENTRY))
    return {p.stem: ["/" + rel for rel in module_closure(p.relative_to(PWA).as_posix())
                     if rel not in started]
            for p in sorted((PWA / "js" / "screens").glob("*.js"))}


def mapped_router() -> str:
    """Return router.js with the map of each screen's modules, so it can fetch them at once."""
    lines = "".join(f"  {name}: {json.dumps(modules)},\n".replace('","', '", "')
                    for name, modules in screen_modules().items())
    return _replace_block(ROUTER.read_text(), SCREENS_START, SCREENS_END,
                          "\nconst SCREEN_MODULES = {\n" + lines + "};\n")


SIMILAR = PWA / "js" / "similar" / "score.js"
RULES_START, RULES_END = "// <similar-rules>", "// </similar-rules>"


def similar_rules() -> str:
    """Return score.js with the server's rules of similar ideas, so the phone scores as it does."""
    root = str(PWA.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from server.ideas import search, similar
    rules = {"fold_from": search._LOWER_FROM, "fold_to": search._LOWER_TO,
             "stopwords": sorted(similar.STOPWORDS), "title_weight": similar.TITLE_WEIGHT,
             "part_weight": similar.PART_WEIGHT, "min_inside": similar.MIN_INSIDE,
             "min_shared": similar.MIN_SHARED, "min_score": similar.MIN_SCORE,
             "min_part": search.MIN_PART, "max_terms": similar.MAX_TERMS,
             "max_ending": similar.MAX_ENDING, "min_start": similar.MIN_START}
    return _replace_block(SIMILAR.read_text(), RULES_START, RULES_END,
                          "\nconst RULES = " + json.dumps(rules, ensure_ascii=False) + ";\n")


def unstamped(text: str) -> str:
    """Return sw.js without its version line."""
    return text.split("\n", 1)[1] if text.startswith(STAMP) else text


def stamped_worker() -> str:
    """Return sw.js with the current version on its first line."""
    return f"{STAMP}{version()} (written by tests/e2e/pwa_shell.py)\n" + unstamped(WORKER.read_text())


def render() -> str:
    """Return the text of pwa/sw/shell.js."""
    urls = json.dumps(precached_urls(), indent=2)
    return (
        "// Generated by tests/e2e/pwa_shell.py from the files in pwa/; do not edit.\n"
        f'export const VERSION = "{version()}";\n'
        f"export const SHELL = {urls};\n"
    )


def gzip_size(*, lazy: bool = False) -> int:
    """Return the gzip size in bytes of the shell's files that are not images.

    With lazy=True, of the files loaded on first use instead.
    """
    return sum(
        len(gzip.compress(p.read_bytes(), compresslevel=9))
        for p in shell_files() + [GENERATED]
        if p.suffix not in IMAGES and p.exists()
        and (p.relative_to(PWA).as_posix() in LAZY) == lazy
    )


if __name__ == "__main__":
    ROUTER.write_text(mapped_router())
    SIMILAR.write_text(similar_rules())
    INDEX.write_text(preloaded_index())
    WORKER.write_text(stamped_worker())
    GENERATED.write_text(render())
    print(f"wrote {GENERATED} (version {version()}, shell {gzip_size()} bytes gzip, "
          f"loaded on first use {gzip_size(lazy=True)})")
    sys.exit(0)
