"""The statistics as a CSV file that Swedish Excel opens as it is."""
from __future__ import annotations

import csv
import io
import re
import unicodedata

from .. import texts
from .rounding import DECIMALS

# Excel reads a UTF-8 file as such only with a byte-order mark, and in a Swedish locale
# splits fields on semicolons and reads numbers with a decimal comma.
BOM = "\ufeff"
SEPARATOR = ";"
# A share keeps 3 decimals: one decimal of a per cent.
PERCENT_DECIMALS = DECIMALS["participation"] - 2

# Decimals as the figures were rounded (rounding.DECIMALS); shares are printed in per cent.
COLUMNS = (("submitted", "int"), ("headcount", "int"), ("per_employee", DECIMALS["per_employee"]),
           ("target_per_employee", DECIMALS["target_per_employee"]),
           ("target_ideas", DECIMALS["target_ideas"]), ("implemented", "int"),
           ("declined", "int"), ("implemented_share", "%"),
           ("median_hours_to_acknowledge", DECIMALS["median_hours_to_acknowledge"]),
           ("acknowledged_within_7_days_share", "%"), ("participants", "int"),
           ("participation", "%"), ("implemented_by_due_date_share", "%"), ("overdue", "int"))


def number(value, kind) -> str:
    """Format a rounded figure with a decimal comma; an undefined figure is an empty cell."""
    if value is None:
        return ""
    if kind == "int":
        return str(int(value))
    if kind == "%":
        return f"{value * 100:.{PERCENT_DECIMALS}f}".replace(".", ",")
    return f"{value:.{kind}f}".replace(".", ",")


def text(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in Excel (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(figures: dict, *, language: str = "sv") -> str:
    """Render the statistics: a row for the unit and each sub-unit, the months, the categories."""
    words = texts.section(language, "csv")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([words["unit"], words["year"], *(words[name] for name, _ in COLUMNS)])
    for row in (figures, *figures["units"]):
        name = figures["unit"]["name"] if row is figures else row["name"]
        writer.writerow([text(name), figures["year"],
                         *(number(row[key], kind) for key, kind in COLUMNS)])
    writer.writerow([])
    writer.writerow([words["month"], words["monthly_submitted"], words["monthly_implemented"]])
    for month in figures["monthly"]:
        writer.writerow([f"{figures['year']}-{month['month']:02d}", month["submitted"],
                         month["implemented"]])
    if not figures.get("categories"):
        return BOM + out.getvalue()
    writer.writerow([])
    writer.writerow([words["category"], words["submitted"], words["implemented"],
                     words["declined"]])
    for row in figures["categories"]:
        writer.writerow([text(row["name"]) if row["id"] is not None else words["no_category"],
                         row["submitted"], row["implemented"], row["declined"]])
    return BOM + out.getvalue()


def filename(figures: dict, *, language: str = "sv") -> str:
    """Name the file after the unit and year, in plain ASCII for every browser."""
    ascii_name = unicodedata.normalize("NFKD", figures["unit"]["name"]).encode(
        "ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "gnista"
    return f"gnista-{texts.section(language, 'csv')['filename']}-{figures['year']}-{slug}.csv"
