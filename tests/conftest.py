"""Fixtures shared by the test files."""

import sys
from pathlib import Path

import child_process
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """nnkit's wheel, built once per test process from this checkout, offline (no build isolation)."""
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out]
    command.append(ROOT)
    child_process.run(command, check=True)
    (wheel,) = out.glob("nnkit-*.whl")
    return wheel
