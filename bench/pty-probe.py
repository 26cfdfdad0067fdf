#!/usr/bin/env python3
"""Runs one command in a pseudo-terminal and times what a person would see.

    python3 bench/pty-probe.py '<json>'

The JSON names the command and a script:
    {"argv": [...], "env": {...}, "cols": 100, "rows": 30, "timeout_ms": 10000,
     "ready": "text of the first full frame's last line",
     "keys": [{"send": "\\u001b[C", "expect": "Step 2 of 10"}, ...],
     "gap_ms": 200, "quit": "q"}

It prints one JSON line: milliseconds from the fork to the ready text, each key's
milliseconds from the write to its expected text, how many full-screen clears (ESC[2J)
arrived after the first frame, the child's peak memory (max RSS, KiB) and its exit status.
Text is matched with escape sequences removed, in the output that arrived after the key.
"""

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
CLEAR_SCREEN = b"\x1b[2J"


def visible(data: bytes) -> str:
    return ESCAPES.sub(b"", data).decode("utf-8", "replace")


def main() -> None:
    spec = json.loads(sys.argv[1])
    cols, rows = spec.get("cols", 100), spec.get("rows", 30)
    deadline_s = spec.get("timeout_ms", 10_000) / 1000

    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

    result = {"ready_ms": None, "keys_ms": [], "clears_after_ready": 0, "output_bytes": 0}
    since = b""  # output since the last milestone
    everything_after_ready = b""

    def read_until(text: str | None, limit: float) -> float | None:
        """Reads output until `text` shows (returns when, in seconds since start) or EOF."""
        nonlocal since, everything_after_ready
        while time.perf_counter() < limit:
            ready, _, _ = select.select([fd], [], [], max(0.0, limit - time.perf_counter()))
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return None
            if not chunk:
                return None
            at = time.perf_counter()
            result["output_bytes"] += len(chunk)
            since += chunk
            if result["ready_ms"] is not None:
                everything_after_ready += chunk
            if text is not None and text in visible(since):
                return at
        return None

    limit = started + deadline_s
    at = read_until(spec["ready"], limit)
    if at is not None:
        result["ready_ms"] = (at - started) * 1000
        since = b""
        for key in spec.get("keys", []):
            # A person's key presses are apart; meanwhile the output goes on being read.
            read_until(None, time.perf_counter() + spec.get("gap_ms", 0) / 1000)
            since = b""
            sent = time.perf_counter()
            os.write(fd, key["send"].encode())
            at = read_until(key["expect"], limit)
            if at is None:
                result["keys_ms"].append(None)
                break
            result["keys_ms"].append((at - sent) * 1000)
            since = b""
        if spec.get("quit"):
            try:
                os.write(fd, spec["quit"].encode())
            except OSError:
                pass  # it has already ended
            read_until(None, time.perf_counter() + 2)
    result["clears_after_ready"] = everything_after_ready.count(CLEAR_SCREEN)

    # Whatever is still running (a timeout, or a program that does not quit on a key) ends here.
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    _, status, usage = os.wait4(pid, 0)
    os.close(fd)
    result["max_rss_kib"] = usage.ru_maxrss
    result["exit_status"] = os.waitstatus_to_exitcode(status)
    result["tail"] = visible(since)[-300:] if result["ready_ms"] is None else ""
    print(json.dumps(result))


if __name__ == "__main__":
    main()
