"""Keep the snapshot browsers at the snapshot processes' low CPU priority.

A snapshot process runs niced (``jobs.NICENESS``) so that views people are waiting on go
first. The browsers it starts do not stay there on their own: kaleido starts its Chromium
in a new session (``start_new_session``) and Playwright starts its Chromium detached, and on
Linux with autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``) each session
is scheduled as a group of its own, so a browser's session takes as much CPU as the whole
web server's whatever its processes' nice values; Chromium also sets some of its processes'
nice values itself (to -8 when it may). :func:`lower_descendants` puts every process started
by this one at ``niceness`` at least, and the session groups they run in too. Linux only
(``/proc``); elsewhere it does nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process visible in /proc."""
    out = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1:
            out[int(entry.name)] = int(fields[1])
    return out


def descendants(pid: int | None = None) -> list[int]:
    """The pids of the processes started by ``pid`` (this process), at any depth."""
    pid = os.getpid() if pid is None else pid
    if not PROC.is_dir():
        return []
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    out, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _autogroup(pid: int) -> tuple[str, int] | None:
    """(group, nice) of ``pid``'s autogroup, from ``/proc/PID/autogroup`` ("/autogroup-12 nice 0")."""
    try:
        name, _, nice = (PROC / str(pid) / "autogroup").read_text().split()
        return name, int(nice)
    except (OSError, ValueError):
        return None


def lower_descendants(niceness: int) -> int:
    """Give every process this one started a nice value of at least ``niceness``, and each
    session group they run in apart from this process's the same. Returns how many
    processes or groups were lowered."""
    if niceness <= 0:
        return 0
    lowered = 0
    own = _autogroup(os.getpid())
    groups_done = {own[0]} if own else set()
    for pid in descendants():
        try:
            if os.getpriority(os.PRIO_PROCESS, pid) < niceness:
                os.setpriority(os.PRIO_PROCESS, pid, niceness)
                lowered += 1
        except OSError:
            continue  # gone, or not ours
        group = _autogroup(pid)
        if group is None or group[0] in groups_done:
            continue
        groups_done.add(group[0])
        if group[1] < niceness:
            try:
                (PROC / str(pid) / "autogroup").write_text(str(niceness))
                lowered += 1
            except OSError:
                pass  # the kernel allows one change a tenth of a second; the next pass does it
    return lowered
