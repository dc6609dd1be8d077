"""How `make test` shares the suite out: `--dist loadgroup` keeps the tests of an
`xdist_group` in one worker, so a module's demo data is seeded once (tests/conftest.py)
and the production server of tests/portal/test_production_server.py starts once.
pytest-xdist marks a grouped test by its node id; pytest 9.2 made that mark vanish
without an error (pytest-xdist#1386) and every group was shared out test by test.
This test fails if an upgrade does that again. The groups tests/conftest.py gives
(the demo's modules, the Nu HTML Checker's tests, the migration walks) reach the
scheduler only if its hook runs before pytest-xdist's; they did not for a while."""

import pytest


@pytest.mark.xdist_group("sharing-out")
def test_a_grouped_test_carries_its_group_to_the_scheduler(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs under make test (pytest-xdist with --dist loadgroup)")
    assert request.node.nodeid.endswith("@sharing-out")


def test_every_group_of_the_run_reaches_the_scheduler(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("runs under make test (pytest-xdist with --dist loadgroup)")
    groups = {
        item.nodeid: item.get_closest_marker("xdist_group").args[0]
        for item in request.session.items
        if item.get_closest_marker("xdist_group")
    }
    assert groups
    lost = [nodeid for nodeid, group in groups.items() if not nodeid.endswith(f"@{group}")]
    assert lost == []
