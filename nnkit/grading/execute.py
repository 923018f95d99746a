"""Run one submission in its own kernel and collect the signed verdicts of the trusted checker calls.

The student's cells run in their order; right after the cell that holds an
exercise's answer (matched by cell id to the instructors' edition), the grader
runs its own cell: the instructors' checker call through
:func:`nnkit.grading.in_kernel.grade`. Exercises whose answer cell is gone are
graded after the last cell. Each cell has a time limit, the whole notebook
another; a cell past its limit is interrupted and the next one runs. A kernel
that dies (``os._exit``, a crash, the memory limit) ends the run: the exercises
graded before it keep their verdicts.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import nbformat

from nnkit.grading import sandbox as sandboxes
from nnkit.grading.assignment import Assignment, Exercise
from nnkit.grading.config import GradingConfig
from nnkit.grading.in_kernel import MIMETYPE, sign
from nnkit.grading.parts import PARTS


@dataclass
class Run:
    """What running one submission gave: a verdict per exercise graded, and notes on everything else."""

    verdicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run ended early, if it did


def grader_source(exercise: Exercise, nonce: str) -> str:
    """The grader's cell for ``exercise``: its trusted checker call, and its parts if it has any.

    Example:
        >>> from nnkit.grading.assignment import Exercise
        >>> print(grader_source(Exercise("01.1", "t", 1, "check.neuron_output(a_new)", "a_new", None), "n0"))
        __import__("nnkit.grading.in_kernel").grading.in_kernel.grade(
            '01.1', 'n0', lambda check: check.neuron_output(a_new), None
        )
    """
    parts = "None"
    if exercise.number in PARTS:
        parts = (
            'lambda check: __import__("nnkit.grading.parts").grading.parts.partial_credit('
            f"{exercise.number!r}, {exercise.arguments})"
        )
    return (
        '__import__("nnkit.grading.in_kernel").grading.in_kernel.grade(\n'
        f"    {exercise.number!r}, {nonce!r}, lambda check: {exercise.call}, {parts}\n)"
    )


def _plan(notebook: nbformat.NotebookNode, assignment: Assignment) -> list[tuple[str, Any]]:
    """The cells to run, in order: ("student", cell) and ("grade", exercise)."""
    by_answer_cell = {}
    for exercise in assignment.exercises:
        by_answer_cell.setdefault(exercise.answer_cell_id, []).append(exercise)
    plan, placed = [], set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        plan.append(("student", cell))
        for exercise in by_answer_cell.get(cell.get("id"), []):
            if exercise.number not in placed:
                plan.append(("grade", exercise))
                placed.add(exercise.number)
    plan.extend(("grade", exercise) for exercise in assignment.exercises if exercise.number not in placed)
    return plan


def _first_line(cell: Any) -> str:
    line = next((line for line in cell.source.splitlines() if line.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def _verdict(outputs: list[dict[str, Any]], key: bytes, nonce: str, number: str) -> dict[str, Any] | None:
    """The one signed verdict in a grader cell's outputs (anything unsigned or stale is ignored)."""
    for output in outputs:
        payload = (
            output.get("data", {}).get(MIMETYPE) if output.get("output_type") == "display_data" else None
        )
        if not isinstance(payload, dict):
            continue
        payload = dict(payload)
        signature = payload.pop("signature", "")
        if (
            isinstance(signature, str)
            and hmac.compare_digest(signature, sign(key, payload))
            and payload.get("nonce") == nonce
            and payload.get("exercise") == number
        ):
            return payload
    return None


def _errors(cell: Any, where: str) -> list[str]:
    """A note for each error a cell showed (a grader's cell shows one only if grade itself failed)."""
    stopped = ("CellTimeoutError", "KeyboardInterrupt")  # noted from the cell's time instead
    return [
        f"{where} raised {output.ename}: {output.evalue[:200]}"
        for output in cell.outputs
        if output.output_type == "error" and output.ename not in stopped
    ]


def run_submission(
    notebook: nbformat.NotebookNode,
    assignment: Assignment,
    config: GradingConfig,
    *,
    grading_seed: int | None = None,
    forbidden: tuple = (),
) -> Run:
    """Run ``notebook`` (a student's, already parsed) in a fresh sandbox; every exercise's verdict."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    run = Run()
    box = sandboxes.create(
        lesson=assignment.lesson,
        memory_mb=config.memory_mb,
        cpu_seconds=int(config.submission_seconds * 2),
        grading_seed=grading_seed,
        forbidden=list(forbidden),
    )
    try:
        nbformat.write(notebook, box.work / "submission.ipynb")
        specs = KernelSpecManager(kernel_dirs=[str(box.private / "kernels")])
        manager = AsyncKernelManager(kernel_name=sandboxes.KERNEL_NAME, kernel_spec_manager=specs)
        plan = _plan(notebook, assignment)
        nonces = [secrets.token_hex(8) for _ in plan]
        cells = [
            item if kind == "student" else nbformat.v4.new_code_cell(grader_source(item, nonce))
            for (kind, item), nonce in zip(plan, nonces, strict=True)
        ]
        client = NotebookClient(
            nbformat.v4.new_notebook(cells=cells),
            km=manager,
            timeout=config.cell_seconds,
            allow_errors=True,
            interrupt_on_timeout=True,
            # After the interrupt, go on at once: a cell that ignores it must not hold the run forever
            # (the next cells then time out too, until the submission's own limit ends the run).
            error_on_timeout={
                "ename": "CellTimeoutError",
                "evalue": "the cell ran past its time limit",
                "traceback": [],
            },
            record_timing=False,
            startup_timeout=120,
        )
        deadline = time.monotonic() + config.submission_seconds
        kernel_log = (box.private / "kernel.log").open(
            "wb"
        )  # TensorFlow's start-up lines, kept off the terminal
        with (
            kernel_log,
            client.setup_kernel(
                env=sandboxes.kernel_environment(box), cwd=str(box.work), stdout=kernel_log, stderr=kernel_log
            ),
        ):
            for index, ((kind, item), cell, nonce) in enumerate(zip(plan, cells, nonces, strict=True)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    limit = config.submission_seconds
                    run.stopped = f"the notebook ran past the limit of {limit:g} s for one submission"
                    break
                client.timeout = max(1, int(min(config.cell_seconds, remaining)))
                where = (
                    f"cell {notebook.cells.index(item) + 1} ({_first_line(item)})"
                    if kind == "student"
                    else f"the check of exercise {item.number}"
                )
                started = time.monotonic()
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:  # waiting for the outputs after the interrupt timed out
                    pass
                except DeadKernelError:
                    run.stopped = (
                        f"the kernel stopped during {where}: os._exit, a crash or the memory limit "
                        f"of {config.memory_mb} MB"
                    )
                    break
                verdict = _verdict(cell.outputs, box.key, nonce, item.number) if kind == "grade" else None
                if verdict is not None:
                    run.verdicts[item.number] = verdict
                if time.monotonic() - started >= client.timeout:
                    run.notes.append(f"{where} ran past {client.timeout} s and was stopped.")
                run.notes.extend(_errors(cell, where))
        run.notes.extend(f"refused: {reason}" for reason in box.refusals())
    finally:
        sandboxes.remove(box)
    return run


def verdict_summary(verdict: dict[str, Any]) -> str:
    """One line for a log: the exercise, its status, its message."""
    return json.dumps({k: verdict[k] for k in ("exercise", "status", "message")}, ensure_ascii=False)
