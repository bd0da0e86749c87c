"""Shared test setup. The suite tests the installed package (pip install ./bindings-python),
never the source tree, and refuses to pass with skipped tests."""

from __future__ import annotations

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Skipped or xfailed tests count as failures: every test here must really run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    not_run = sum(len(reporter.stats.get(kind, [])) for kind in ("skipped", "xfailed"))
    if not_run and exitstatus == pytest.ExitCode.OK:
        reporter.ensure_newline()
        reporter.write_line(f"ERROR: {not_run} test(s) skipped or xfailed; none may be", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="module")
def redis_server():
    """A real redis-server on a free loopback port for the module's tests, stopped after."""
    from _redis_server import RedisServer

    server = RedisServer().start()
    try:
        yield server
    finally:
        server.stop()
