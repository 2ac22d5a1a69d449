"""Repository-wide pytest hooks: report how long each notebook took to execute under nbval and fail
the run when one exceeds the course's per-notebook budget: 120 s on 2 CPU cores in the small tier
(DLCOURSE_NOTEBOOK_LIMIT_S overrides it, e.g. for a slower machine)."""
import os
from collections import defaultdict
from pathlib import Path

LIMIT_S = float(os.environ.get("DLCOURSE_NOTEBOOK_LIMIT_S", 120))
_durations = defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        _durations[Path(path).name] += report.duration


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _durations:
        return
    terminalreporter.section("notebook run times (nbval)")
    for name, seconds in sorted(_durations.items()):
        flag = f"  FAILED: over the {LIMIT_S:.0f} s limit" if seconds > LIMIT_S else ""
        terminalreporter.write_line(f"{name:45s} {seconds:7.1f} s{flag}")


def pytest_sessionfinish(session, exitstatus):
    slow = {n: s for n, s in _durations.items() if s > LIMIT_S}
    if slow and session.exitstatus == 0:
        session.exitstatus = 1  # the table in the terminal summary names them
