"""The snapshot processes' browsers are kept at the processes' low priority, their session
groups included (kaleido and Playwright start Chromium in sessions of their own). Each test
runs in a process of its own, so that nothing else this test run started is touched."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sufficiency.config import PROJECT_ROOT
from sufficiency.snapshot import priority

pytestmark = pytest.mark.skipif(not priority.PROC.is_dir(), reason="Linux /proc only")

_LOWER = """
import json, os, subprocess, sys, time
from sufficiency.snapshot import priority

# a grandchild in a session of its own, as Chromium under kaleido or Playwright
outer = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; subprocess.Popen([sys.executable, "
                          "'-c', 'import os, time; os.setsid(); time.sleep(30)']); time.sleep(30)"])
deadline = time.monotonic() + 10
while time.monotonic() < deadline and len(priority.descendants()) < 2:
    time.sleep(0.05)
found = priority.descendants()
inner = [p for p in found if p != outer.pid][0]
before = {"nice": os.getpriority(os.PRIO_PROCESS, inner), "group": priority._autogroup(inner)}
for _ in range(30):  # the kernel allows one change of a group a tenth of a second
    priority.lower_descendants(10)
    if (priority._autogroup(inner) or ("", 10))[1] >= 10:
        break
    time.sleep(0.11)
after = {"nice": os.getpriority(os.PRIO_PROCESS, inner), "group": priority._autogroup(inner),
         "again": priority.lower_descendants(10)}
print(json.dumps({"found": len(found), "outer": outer.pid in found, "before": before, "after": after,
                  "own": priority._autogroup(os.getpid())}))
for p in found:
    os.kill(p, 9)
"""


def test_every_process_started_and_its_session_group_are_lowered(tmp_path):
    script = tmp_path / "lower.py"
    script.write_text(_LOWER)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                         cwd=PROJECT_ROOT, env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    r = json.loads(out.stdout)
    assert r["found"] == 2 and r["outer"]  # the child and the grandchild
    assert r["before"]["nice"] < 10 and r["after"]["nice"] == 10
    own, before = r["own"], r["before"]["group"]
    # where autogroup is on and readable (not in every container), the grandchild's own
    # session group is lowered too
    if own is not None and before is not None and before[0] != own[0]:
        assert r["after"]["group"][1] == 10
    assert r["after"]["again"] == 0  # nothing left to lower


def test_nothing_is_lowered_at_niceness_zero():
    assert priority.lower_descendants(0) == 0
