"""The grading kernel: limits and guards set before the student's code, and the trusted grade call.

``nnkit grade`` starts each submission's kernel as
``python -m nnkit.grading.in_kernel -f CONNECTION_FILE``. Before IPython loads, this module

- caps the kernel's memory (``resource.setrlimit``, address space) and CPU time;
- reads the grading secret (a key and the grading seed) from a file only the grader wrote, then
  deletes it, so the student's code finds no trace of it on disk;
- imports every checker and keeps a reference to each, plus a fingerprint of every module of
  :mod:`nnkit.exercises`, so a checker the notebook replaces or patches is noticed;
- installs an audit hook (:pep:`578`) that refuses writes outside the working folder, reads of
  the instructors' edition, and starting other programs, and records each refusal.

After the student's answer cell, the grader runs :func:`grade` with the checker call copied from
the instructors' edition. Its verdict goes back as display data signed with the key (HMAC), so a
cell that prints ✅ lines, or a fake ``grade``, cannot forge one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

MIMETYPE = "application/vnd.nnkit.grade+json"
SECRET_VARIABLE = "NNKIT_GRADING_SECRET"  # the path of the secret file, not the secret

_state: dict[str, Any] = {}


# --- the verdict's signature, shared with the grader --------------------------------------------------
def sign(key: bytes, payload: dict[str, Any]) -> str:
    """The HMAC of a verdict (its canonical JSON), as hex.

    Example:
        >>> sign(b"k", {"a": 1}) == sign(b"k", {"a": 1}) != sign(b"other", {"a": 1})
        True
    """
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True)
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


# --- fingerprints: what the checkers were before the student's code ran ------------------------------
def _fingerprint(value: Any) -> Any:
    if isinstance(value, types.FunctionType):
        return (
            id(value),
            id(value.__code__),
            id(value.__defaults__),
            id(value.__kwdefaults__),
            [_fingerprint(cell.cell_contents) for cell in value.__closure__ or () if _filled(cell)],
        )
    if isinstance(value, type):
        # __slotnames__ is pickle's cache, added when an instance is first pickled
        return (
            id(value),
            [(name, id(item)) for name, item in sorted(vars(value).items()) if name != "__slotnames__"],
        )
    if isinstance(value, types.ModuleType):
        return id(value)
    try:
        return hashlib.sha256(pickle.dumps(value)).hexdigest()
    except Exception:  # not picklable (a lock, a generator): its identity will do
        return id(value)


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 (an empty closure cell raises)
    except ValueError:
        return False
    return True


def _checker_modules() -> dict[str, types.ModuleType]:
    return {
        name: module
        for name, module in sorted(sys.modules.items())
        if name == "nnkit.exercises" or name.startswith("nnkit.exercises.")
    }


# State the checkers change as they run, by design: the count of wrong tries behind growing hints.
RUNTIME_STATE = {("nnkit.exercises.feedback", "_WRONG_TRIES")}


def _snapshot() -> dict[str, Any]:
    snapshot = {
        name: {
            attr: _fingerprint(value)
            for attr, value in vars(module).items()
            if not attr.startswith("__") and (name, attr) not in RUNTIME_STATE
        }
        for name, module in _checker_modules().items()
    }
    snapshot["sys.modules"] = {name: id(module) for name, module in _checker_modules().items()}
    return snapshot


def tampering() -> list[str]:
    """What changed in :mod:`nnkit.exercises` since the kernel started (empty: nothing)."""
    before, now = _state["snapshot"], _snapshot()
    changed = []
    for module, attributes in before.items():
        after = now.get(module, {})
        for attr, print_ in attributes.items():
            if after.get(attr) != print_:
                changed.append(attr if module == "sys.modules" else f"{module}.{attr}")
    return changed


# --- the guards -------------------------------------------------------------------------------------
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_SPAWN_EVENTS = (
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
)
# Events that change the file system, and which of their arguments are changed (the others are read).
_CHANGES = {
    "os.remove": (0,),
    "os.rename": (0, 1),
    "os.rmdir": (0,),
    "os.mkdir": (0,),
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.link": (0, 1),
    "os.symlink": (1,),
    "os.truncate": (0,),
    "os.utime": (0,),
    "shutil.rmtree": (0,),
    "shutil.copyfile": (1,),
    "shutil.copytree": (1,),
    "shutil.move": (0, 1),
    "shutil.copymode": (1,),
    "shutil.copystat": (1,),
}


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + os.sep)


def _audit(allowed: str, forbidden: list[str], log_fd: int) -> Callable[[str, tuple], None]:
    """The audit hook: refuse (PermissionError) and record what a submission must not do."""
    busy = [False]

    def refuse(reason: str) -> None:
        os.write(log_fd, (json.dumps(reason) + "\n").encode())
        raise PermissionError(f"nnkit grade: {reason} is not allowed while grading")

    def hook(event: str, args: tuple) -> None:
        if busy[0]:  # the hook's own path look-ups raise events too
            return
        if event.startswith(_SPAWN_EVENTS):
            refuse(f"starting another program ({event})")
        if event == "os.truncate" and args and args[0] == log_fd:
            refuse("truncating the grader's log")
        if event != "open" and event not in _CHANGES:
            return
        busy[0] = True
        try:
            resolved = [
                os.path.realpath(os.fsdecode(arg)) if isinstance(arg, (str, bytes, os.PathLike)) else None
                for arg in args[: 1 if event == "open" else 2]
            ]
        finally:
            busy[0] = False
        for path in resolved:
            if path is not None and any(_inside(path, folder) for folder in forbidden):
                refuse(f"reading or writing {path}, a file of the grader or the instructors' edition")
        if event == "open":
            mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else 0)
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            changed = (0,) if writes else ()
        else:
            changed = _CHANGES[event]
        for index in changed:
            path = resolved[index] if index < len(resolved) else None
            if path is not None and not (_inside(path, allowed) or _inside(path, "/dev")):
                refuse(f"writing outside the working folder ({path})")

    return hook


def _limit_resources(memory_mb: int, cpu_seconds: int) -> None:
    import resource

    if memory_mb > 0:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    if cpu_seconds > 0:  # a last resort behind the grader's wall-clock limits
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def prepare() -> None:
    """Read and delete the secret, set the limits, snapshot the checkers, install the audit hook."""
    secret_path = Path(os.environ.pop(SECRET_VARIABLE))
    secret = json.loads(secret_path.read_text())
    secret_path.unlink()
    _state["key"] = bytes.fromhex(secret["key"])
    _limit_resources(secret["memory_mb"], secret["cpu_seconds"])

    import importlib

    from nnkit.exercises import feedback, hidden_inputs

    hidden_inputs.activate(secret["grading_seed"])
    _state["forget_tries"] = feedback.forget_tries  # the trusted one, before any student code
    # Only the graded lesson's checkers: lessons 09 to 11 import Keras, which must wait for nnkit.setup().
    importlib.import_module(f"nnkit.exercises.lesson{secret['lesson']}")
    _state["lessons"] = {
        name: module
        for name, module in _checker_modules().items()
        if name.rsplit(".", 1)[-1].startswith("lesson")
    }
    _state["snapshot"] = _snapshot()
    import platform

    platform.processor()  # cached now: TensorFlow asks for it, by running `uname -p`, which the hook refuses
    log_fd = os.open(secret["log"], os.O_WRONLY | os.O_APPEND)
    _state["emit"] = _publisher()
    sys.addaudithook(
        _audit(
            os.path.realpath(secret["sandbox"]), [os.path.realpath(p) for p in secret["forbidden"]], log_fd
        )
    )


def _publisher() -> Callable[[dict], None]:
    """IPython's display publisher, looked up now: a notebook cannot swap the function grade calls."""

    def emit(data: dict) -> None:
        from IPython import get_ipython

        get_ipython().display_pub.publish(data={MIMETYPE: data, "text/plain": "(nnkit grade)"})

    return emit


# --- the trusted call --------------------------------------------------------------------------------
def grade(
    number: str, nonce: str, call: Callable[[Any], Any], parts: Callable[[Any], Any] | None = None
) -> None:
    """Run one exercise's checker (``call(lesson module)``) and publish the signed verdict.

    ``call`` is the instructors' checker call with ``check`` as its argument; this passes the
    module as it was when the kernel started. ``parts`` (from :mod:`nnkit.grading.parts`) gives
    partial credit when the verdict is not correct.
    """
    lesson = _state["lessons"][f"nnkit.exercises.lesson{number[:2]}"]
    payload: dict[str, Any] = {"exercise": number, "nonce": nonce, "fraction": None, "parts": []}
    tampered = tampering()
    if tampered:
        payload.update(
            status="tampered", message=f"the notebook changed nnkit's checkers ({', '.join(tampered[:3])})"
        )
    else:
        check = types.SimpleNamespace(**{name: value for name, value in vars(lesson).items()})
        _state["forget_tries"]()  # a graded verdict carries the first, shortest hint, whatever was tried
        try:
            verdict = call(check)
        except NameError as error:
            payload.update(
                status="not attempted",
                message=f"the answer is missing ({error}): the answer cell was deleted, renamed or not run.",
            )
        except Exception as error:  # the checker itself never raises; the call's arguments may
            payload.update(
                status="incorrect", message=f"the answer could not be read ({type(error).__name__}: {error})."
            )
        else:
            payload.update(status=verdict.status, message=verdict.message)
            if parts is not None and verdict.status == "incorrect":
                try:
                    fraction, labels = parts(check)
                except Exception:  # an answer too broken to split into parts earns no share
                    fraction, labels = None, []
                payload.update(fraction=fraction, parts=labels)
    payload["signature"] = sign(_state["key"], payload)
    _state["emit"](payload)


def main() -> None:
    # Run as ``python -m``, this file is __main__; the grader's cells import nnkit.grading.in_kernel,
    # so that module (not __main__) must hold the state.
    from nnkit.grading import in_kernel

    in_kernel.prepare()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
