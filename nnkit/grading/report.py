"""What ``nnkit grade`` writes: ``grades.csv``, feedback per student (Markdown and HTML), a class summary.

- ``grades.csv``: one row per student, one column per exercise (its score), the total and the
  maximum, and the notes (cells stopped, refusals) in one column.
- ``feedback/STUDENT.md`` and ``.html``: each exercise, its score, the verdict and the hint.
- ``summary.md``: per exercise, how many got it, and the most frequent hints among those who did
  not, so the instructor sees which misconception to revisit.
"""

from __future__ import annotations

import csv
import html
from collections import Counter
from pathlib import Path

from nnkit.grading.grader import SubmissionResult

SYMBOLS = {
    "correct": "✅",
    "partly correct": "◑",
    "incorrect": "❌",
    "not attempted": "⏳",
    "not graded": "⛔",
}
MISTAKES_SHOWN = 3


def _by_student(results: list[SubmissionResult]) -> dict[str, list[SubmissionResult]]:
    students: dict[str, list[SubmissionResult]] = {}
    for result in results:
        students.setdefault(result.student, []).append(result)
    return students


def _numbers(results: list[SubmissionResult]) -> list[str]:
    return sorted({item.number for result in results for item in result.scores})


def write_grades(results: list[SubmissionResult], path: Path) -> None:
    """``grades.csv``: student, one score per exercise (empty: not submitted), total, maximum, notes."""
    numbers = _numbers(results)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", *numbers, "total", "maximum", "notes"])
        for student, own in _by_student(results).items():
            scores = {item.number: item for result in own for item in result.scores}
            row = [f"{scores[n].score:g}" if n in scores else "" for n in numbers]
            total = sum(result.total for result in own)
            maximum = sum(result.maximum for result in own)
            notes = " | ".join(note for result in own for note in result.notes)
            writer.writerow([student, *row, f"{total:g}", f"{maximum:g}", notes])


def feedback_markdown(student: str, own: list[SubmissionResult]) -> str:
    """One student's feedback as Markdown."""
    total, maximum = sum(r.total for r in own), sum(r.maximum for r in own)
    lines = [f"# Feedback for {student}", "", f"**Total: {total:g} / {maximum:g} points**", ""]
    for result in own:
        lines += [f"## {result.path.name}" + (f" (lesson {result.lesson})" if result.lesson else ""), ""]
        for item in result.scores:
            lines.append(
                f"- {SYMBOLS[item.status]} **Exercise {item.number}** {item.title}: "
                f"{item.score:g} / {item.points:g}, {item.status}. {item.message}"
            )
        if result.notes:
            lines += ["", "Notes from the grader:", ""] + [f"- {note}" for note in result.notes]
        lines.append("")
    return "\n".join(lines)


def feedback_html(student: str, own: list[SubmissionResult]) -> str:
    """One student's feedback as a standalone HTML page (every text escaped)."""
    e = html.escape
    total, maximum = sum(r.total for r in own), sum(r.maximum for r in own)
    body = [
        f"<h1>Feedback for {e(student)}</h1>",
        f"<p><strong>Total: {total:g} / {maximum:g} points</strong></p>",
    ]
    for result in own:
        body.append(
            f"<h2>{e(result.path.name)}</h2><table><tr><th>Exercise</th><th>Score</th>"
            "<th>Verdict</th><th>Feedback</th></tr>"
        )
        for item in result.scores:
            body.append(
                f"<tr><td>{SYMBOLS[item.status]} {e(item.number)} {e(item.title)}</td>"
                f"<td>{item.score:g} / {item.points:g}</td><td>{e(item.status)}</td>"
                f"<td>{e(item.message)}</td></tr>"
            )
        body.append("</table>")
        if result.notes:
            body.append(
                "<h3>Notes from the grader</h3><ul>"
                + "".join(f"<li>{e(n)}</li>" for n in result.notes)
                + "</ul>"
            )
    style = (
        "body{font-family:sans-serif;max-width:60em}td,th{border:1px solid #ccc;padding:.3em;text-align:left}"
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Feedback for {e(student)}</title>"
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n"
    )


def summary_markdown(results: list[SubmissionResult]) -> str:
    """The class summary: per exercise, how many got it, and the most frequent hints of the rest."""
    lines = [
        "# Class summary",
        "",
        f"{len(_by_student(results))} students, {len(results)} notebooks.",
        "",
        "| Exercise | Points | Correct | Partly | Not yet | Not attempted | Not graded | Mean |",
        "|---|---|---|---|---|---|---|---|",
    ]
    mistakes: dict[str, Counter] = {}
    for number in _numbers(results):
        items = [item for result in results for item in result.scores if item.number == number]
        count = Counter(item.status for item in items)
        mean = sum(item.score for item in items) / len(items)
        lines.append(
            f"| {number} {items[0].title} | {items[0].points:g} | {count['correct']} | "
            f"{count['partly correct']} | {count['incorrect']} | {count['not attempted']} | "
            f"{count['not graded']} | {mean:.2f} |"
        )
        mistakes[number] = Counter(
            item.hint for item in items if item.status in ("incorrect", "partly correct")
        )
    lines += ["", "## Most frequent mistakes", ""]
    for number, hints in mistakes.items():
        if hints:
            lines.append(f"- **{number}**:")
            lines += [f"  - {count} × {hint}" for hint, count in hints.most_common(MISTAKES_SHOWN)]
    return "\n".join(lines) + "\n"


def write_reports(results: list[SubmissionResult], out: Path) -> None:
    """Write ``grades.csv``, ``feedback/`` and ``summary.md`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    write_grades(results, out / "grades.csv")
    (out / "feedback").mkdir(exist_ok=True)
    for student, own in _by_student(results).items():
        (out / "feedback" / f"{student}.md").write_text(feedback_markdown(student, own), encoding="utf-8")
        (out / "feedback" / f"{student}.html").write_text(feedback_html(student, own), encoding="utf-8")
    (out / "summary.md").write_text(summary_markdown(results), encoding="utf-8")
