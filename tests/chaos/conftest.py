"""The chaos tests drive the system's Chromium as the browser tests do, under the same guard."""
from tests.e2e.conftest import (  # noqa: F401  (fixtures)
    base_url, browser_type_launch_args, page_must_not_fail)
