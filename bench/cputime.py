"""CPU seconds used by process trees, sampled for bench/season.sh.

cputime.py EVERY NAME=ROOT … prints, every EVERY seconds until killed, a line with the
seconds since it started and then each tree's CPU seconds so far. ROOT is a process id,
or `cmd:TEXT` for the processes whose command line holds TEXT (locust, which starts
later). A tree counts the user and system time of every living process under its root
(the root included) with what their exited children used (Linux adds a reaped child's
time to its parent's), so a PostgreSQL backend or a gunicorn worker that has exited still
counts, and two lines subtract.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float, bytes]]:
    """pid -> (parent pid, CPU seconds of it and its reaped children, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # exited between listing and reading
            continue
        # The name is in parentheses and may hold spaces: the fields follow the last ")".
        fields = text[text.rindex(")") + 2 :].split()
        # utime, stime, cutime, cstime: fields 14–17 of stat, 12–15 after the name.
        cpu = sum(int(value) for value in fields[11:15]) / TICKS
        found[int(entry.name)] = (int(fields[1]), cpu, command)
    return found


def tree_seconds(processes: dict[int, tuple[int, float, bytes]], roots: set[int]) -> float:
    children: dict[int, list[int]] = {}
    for pid, (parent, _cpu, _command) in processes.items():
        children.setdefault(parent, []).append(pid)
    inside: set[int] = set()
    waiting = [pid for pid in roots if pid in processes]
    while waiting:
        pid = waiting.pop()
        if pid not in inside:
            inside.add(pid)
            waiting.extend(children.get(pid, []))
    return sum(processes[pid][1] for pid in inside)


def roots_of(spec: str, processes: dict[int, tuple[int, float, bytes]]) -> set[int]:
    if spec.startswith("cmd:"):
        text = spec[4:].encode()
        return {pid for pid, (_p, _c, command) in processes.items() if text in command}
    return {int(spec)}


def main(every: str, *trees: str) -> None:
    specs = [tree.split("=", 1) for tree in trees]
    me = os.getpid()
    start = time.monotonic()
    while True:
        processes = _processes()
        processes.pop(me, None)
        seconds = [
            tree_seconds(processes, roots_of(spec, processes) - {me}) for _name, spec in specs
        ]
        print(f"{time.monotonic() - start:.1f}", *(f"{s:.2f}" for s in seconds), flush=True)
        time.sleep(float(every))


if __name__ == "__main__":
    main(*sys.argv[1:])
