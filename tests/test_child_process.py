"""The tests' command runner cannot hang a test run: not on a grandchild, not on a command that never ends."""

import sys

import child_process
import pytest

# Starts a grandchild in its own session that outlives the command, holding its stdout and stderr.
LEAVES_A_GRANDCHILD = """
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
print("done")
"""


def test_a_grandchild_left_running_does_not_hold_the_test():
    # Waiting for the grandchild's 60 s would end in "ran past 30 s" instead.
    done = child_process.run([sys.executable, "-c", LEAVES_A_GRANDCHILD], timeout=30)
    assert done.returncode == 0 and done.stdout == "done\n"


def test_a_command_past_its_timeout_fails_the_test_with_its_output():
    with pytest.raises(AssertionError, match=r"ran past 1 s and was stopped(.|\n)*waiting"):
        child_process.run([sys.executable, "-c", "print('waiting', flush=True); import time; time.sleep(60)"],
                          timeout=1)


def test_check_reports_the_exit_code_and_stderr():
    with pytest.raises(AssertionError, match=r"exited with 3:\nbroken"):
        failing = "import sys; sys.stderr.write('broken'); sys.exit(3)"
        child_process.run([sys.executable, "-c", failing], check=True)
