"""Commands that tests run, bounded: a stuck command fails its test with its output, never hangs the run.

``subprocess.run(..., capture_output=True)`` waits until every process holding its pipes has closed them,
so a grandchild left running (a Jupyter kernel, a server) holds the test forever, even after a timeout.
Here the output goes to files, the command runs in its own process group, and the whole group is killed
when the command ends or runs past ``timeout``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile


def run(command, *, timeout: float = 300, check: bool = False, **options) -> subprocess.CompletedProcess:
    """Run ``command`` (a list) like ``subprocess.run(..., capture_output=True, text=True)``; after
    ``timeout`` seconds it is killed with its process group and the test fails with its output's end;
    ``check``: a non-zero exit fails the test too, with the end of stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [str(part) for part in command], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True, **options,
        )  # fmt: skip
        timed_out = False
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(process.pid)
            process.wait()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    shown = " ".join(map(str, command))[:300]
    if timed_out:
        raise AssertionError(
            f"{shown} ran past {timeout:g} s and was stopped.\n"
            f"stdout ends:\n{stdout[-2000:]}\nstderr ends:\n{stderr[-3000:]}"
        )
    if check and process.returncode != 0:
        raise AssertionError(f"{shown} exited with {process.returncode}:\n{stderr[-3000:]}")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
