"""How `make test` shares the suite out: `--dist loadgroup` keeps the tests of an
`xdist_group` in one worker, so a module's demo data is seeded once (tests/conftest.py)
and the production server of tests/portal/test_production_server.py starts once.
pytest-xdist marks a grouped test by its node id; pytest 9.2 made that mark vanish
without an error (pytest-xdist#1386) and every group was shared out test by test.
This test fails if an upgrade does that again."""

import pytest


@pytest.mark.xdist_group("sharing-out")
def test_a_grouped_test_carries_its_group_to_the_scheduler(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs under make test (pytest-xdist with --dist loadgroup)")
    assert request.node.nodeid.endswith("@sharing-out")
