"""`make test` keeps this folder on one worker; a pytest or pytest-xdist that loses the grouping fails here.

The loss is silent otherwise: every test still passes, but each worker starts its own stack, and two
stacks starting at once can time each other out.
"""

from __future__ import annotations

import pytest


def test_this_folder_runs_as_one_group_under_loadgroup(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs under `--dist loadgroup` (make test)")
    assert request.node.nodeid.endswith("@stack"), (
        "pytest-xdist did not group tests/stack/ (see the pytest pin in pyproject.toml): "
        + request.node.nodeid
    )
