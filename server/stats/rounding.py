"""The one rounding rule for the statistics: the API, the CSV and the app show the same figure.

Each ratio is rounded once, here, half away from zero as people and Excel
round. Python's ``round`` and ``"%.2f"`` round the binary value half to even
(1 idea for 8 employees, 0.125, became "0,12" in the CSV), while the
browser's ``Intl.NumberFormat`` rounds half away from zero ("0,13" on the
dashboard). Both now print a value that already has its final decimals.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Decimals kept per figure; shares are fractions, so 3 decimals are 0.1 percentage points.
DECIMALS = {"per_employee": 2, "target_per_employee": 2, "target_ideas": 1,
            "implemented_share": 3, "median_hours_to_acknowledge": 1,
            "acknowledged_within_7_days_share": 3, "participation": 3,
            "implemented_by_due_date_share": 3}


def half_up(value: float, decimals: int) -> float:
    """Round half away from zero on the decimal value, not on its binary approximation."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def rounded(figures: dict) -> dict:
    """Return the figures (and those of each unit in them) with every ratio rounded."""
    out = {key: half_up(value, DECIMALS[key]) if key in DECIMALS and value is not None else value
           for key, value in figures.items()}
    if "units" in figures:
        out["units"] = [rounded(unit) for unit in figures["units"]]
    return out
