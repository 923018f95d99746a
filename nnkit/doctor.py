"""``nnkit doctor``: what a lesson will run on, checked, in lines a student can paste into a question."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

OK, WARN, FAIL, ABSENT = "ok", "warning", "FAIL", "absent"

# The optional parts: distribution, the extra that installs it, what it enables.
OPTIONAL = (
    ("ipywidgets", "playground", "the playground's controls (nnkit.playground, lessons 08 and 12)"),
    ("keras-tuner", "prototype", "nnkit train --tune and nnkit.prototype(tune=...): the size search"),
)


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was checked, what was found, and how bad a problem is."""

    topic: str
    found: str
    level: str = OK
    fix: str = ""

    def __str__(self) -> str:
        mark = {OK: "  ok  ", WARN: " warn ", FAIL: " FAIL ", ABSENT: "  --  "}[self.level]
        return f"[{mark}] {self.topic:<22} {self.found}" + (f"\n{'':31}{self.fix}" if self.fix else "")


def _declared() -> dict[str, Requirement]:
    """nnkit's own runtime requirements that apply on this platform, by distribution name."""
    wanted = {}
    for text in metadata.requires("nnkit") or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            wanted[requirement.name] = requirement
    return wanted


def _tensorflow_range() -> SpecifierSet:
    """The TensorFlow releases nnkit is tested on (its ``tensorflow`` extra), whatever the distribution."""
    for text in metadata.requires("nnkit") or []:
        requirement = Requirement(text)
        if requirement.marker is not None and requirement.marker.evaluate({"extra": "tensorflow"}):
            return requirement.specifier
    return SpecifierSet()


def _tensorflow_distribution() -> Finding:
    """Which distribution installed TensorFlow (tensorflow, tensorflow-cpu...): exactly one is sound."""
    tested = _tensorflow_range()
    names = sorted(
        {canonicalize_name(name) for name in metadata.packages_distributions().get("tensorflow", [])}
    )
    if not names:
        return Finding(
            "TensorFlow",
            "not installed",
            FAIL,
            "Fix: pip install 'nnkit[tensorflow]' (Colab and GPU set-ups already have TensorFlow).",
        )
    if len(names) > 1:
        return Finding(
            "TensorFlow",
            f"{len(names)} distributions share one package: {', '.join(names)}",
            FAIL,
            f"Fix: pip uninstall -y {' '.join(names)}, then pip install 'nnkit[tensorflow]'.",
        )
    version = metadata.version(names[0])
    inside = Version(version) in tested
    return Finding(
        "TensorFlow",
        f"{version} ({names[0]}; tested: {tested})",
        OK if inside else WARN,
        "" if inside else f"Fix: pip install '{names[0]}{tested}' (outputs may differ otherwise)",
    )


def _optional() -> list[Finding]:
    findings = []
    for name, extra, enables in OPTIONAL:
        try:
            found = f"{metadata.version(name)}: {enables}"
        except metadata.PackageNotFoundError:
            fix = f"Fix: pip install 'nnkit[{extra}]'"
            findings.append(Finding(name, f"not installed: {enables}", ABSENT, fix))
            continue
        findings.append(Finding(name, found))
    return findings


def _versions() -> list[Finding]:
    findings = []
    python = platform.python_version()
    supported = metadata.metadata("nnkit").get("Requires-Python", "")
    findings.append(Finding("Python", python, OK if Version(python) in SpecifierSet(supported) else FAIL))
    for name, requirement in _declared().items():
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            findings.append(
                Finding(
                    name,
                    "not installed",
                    FAIL,
                    f"Fix: pip install '{requirement.name}{requirement.specifier}'",
                )
            )
            continue
        inside = Version(version) in requirement.specifier
        findings.append(
            Finding(
                name,
                f"{version} (tested: {requirement.specifier})",
                OK if inside else WARN,
                ""
                if inside
                else f"Fix: pip install '{name}{requirement.specifier}' (outputs may differ otherwise)",
            )
        )
    findings.append(_tensorflow_distribution())
    return findings


def _tensorflow(imported_before_setup: bool) -> list[Finding]:
    from nnkit.session import TENSORFLOW_ENVIRONMENT

    findings = []
    if imported_before_setup:
        findings.append(
            Finding(
                "TensorFlow import",
                "imported before nnkit.setup()",
                FAIL,
                "Fix: restart the kernel and call nnkit.setup() before importing tensorflow or keras.",
            )
        )
    else:
        for name, value in TENSORFLOW_ENVIRONMENT.items():
            os.environ.setdefault(name, value)  # as nnkit.setup() would, before TensorFlow loads
    onednn = os.environ.get("TF_ENABLE_ONEDNN_OPTS", "unset (TensorFlow's default: on)")
    findings.append(
        Finding(
            "oneDNN",
            onednn,
            OK if onednn == "0" else WARN,
            ""
            if onednn == "0"
            else "Fix: call nnkit.setup() first; oneDNN reorders sums and moves printed digits.",
        )
    )
    try:
        import keras
        import tensorflow as tf
    except Exception as error:  # a broken install: report it, do not crash the report
        return [
            *findings,
            Finding(
                "TensorFlow import",
                f"fails ({error})",
                FAIL,
                "Fix: pip install --force-reinstall 'nnkit[tensorflow]'.",
            ),
        ]
    backend = keras.config.backend()
    findings.append(
        Finding(
            "Keras backend",
            backend,
            OK if backend == "tensorflow" else FAIL,
            "" if backend == "tensorflow" else "Fix: set KERAS_BACKEND=tensorflow before importing keras.",
        )
    )
    gpus = tf.config.list_physical_devices("GPU")
    findings.append(
        Finding("GPU", f"{len(gpus)} visible" if gpus else "none (CPU only: the lessons need none)")
    )
    return findings


def _data() -> Finding:
    from nnkit.datasets.mnist import bundled_digits_ok

    problem = bundled_digits_ok()
    if problem is None:
        return Finding("bundled digits", "present, SHA-256 checked")
    message, _, fix = problem.partition(" Fix: ")
    return Finding("bundled digits", message, FAIL, f"Fix: {fix}")


def _kernel() -> Finding:
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return Finding("Jupyter kernel", "jupyter_client not installed", WARN, "Fix: pip install jupyter")
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Finding("Jupyter kernel", "no python3 kernel", WARN, "Fix: python -m ipykernel install --user")
    executable = spec.argv[0]
    same = executable in ("python", "python3", "{python}") or os.path.realpath(
        executable
    ) == os.path.realpath(sys.executable)
    found = f"python3 runs {executable}" + ("" if same else f", not this Python ({sys.executable})")
    fix = (
        ""
        if same
        else f"Fix: {sys.executable} -m ipykernel install --user --name nnkit, then pick kernel nnkit."
    )
    return Finding("Jupyter kernel", found, OK if same else WARN, fix)


def doctor(*, file=None) -> bool:
    """Print what the lessons will run on and a one-line verdict; return ``False`` if a lesson would break.

    The optional parts come last, each with what it enables; a missing one is no failure.

    Safe at the top of a notebook: it sets nnkit's TensorFlow environment itself
    before TensorFlow loads, as :func:`nnkit.setup` does.

    Example:
        >>> import io
        >>> report = io.StringIO()
        >>> doctor(file=report)
        True
        >>> report.getvalue().splitlines()[-1]
        'Verdict: ready, every lesson should run as committed.'
    """
    file = sys.stdout if file is None else file
    imported_before_setup = "tensorflow" in sys.modules and os.environ.get("TF_ENABLE_ONEDNN_OPTS") != "0"
    findings = [*_versions(), *_tensorflow(imported_before_setup), _data(), _kernel()]
    print(f"nnkit {metadata.version('nnkit')} on {platform.platform(terse=True)}", file=file)
    for finding in findings:
        print(finding, file=file)
    print("Optional parts (a missing one breaks no lesson):", file=file)
    for finding in _optional():
        print(finding, file=file)
    failures = [finding.topic for finding in findings if finding.level == FAIL]
    warnings = [finding.topic for finding in findings if finding.level == WARN]
    if failures:
        verdict = f"Verdict: broken ({', '.join(failures)}): apply the fixes above before running a lesson."
    elif warnings:
        verdict = (
            f"Verdict: runs, with warnings ({', '.join(warnings)}): printed numbers may differ from the text."
        )
    else:
        verdict = "Verdict: ready, every lesson should run as committed."
    print(verdict, file=file)
    return not failures
