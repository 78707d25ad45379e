"""tests/stack/: the site as deployed (gunicorn, nginx, systemd, make stack, Java's Nu Html Checker, wrk).

Every test here starts a server or another program, so every one is `slow`: `make test` runs them
(all on one of its workers), `make test-fast` leaves them out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


# First: pytest-xdist's own hook reads the xdist_group marks to group the tests, so they must be on by then.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `slow` and `stack`, and keep them on one xdist worker."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.stack)
            item.add_marker(pytest.mark.slow)
            # `make test` spreads the suite over every CPU (--dist loadgroup); these start nginx and
            # several gunicorn masters each, so one worker runs them one after another while the
            # others run the rest, rather than two stacks starting at once and timing each other out.
            item.add_marker(pytest.mark.xdist_group("stack"))
