"""Every GitHub workflow the project ships passes zizmor's audit (offline) with no finding.

Instructors copy .github/workflows/: actions pinned to a commit, a read-only token, and no
credentials left on disk by checkout are what zizmor's default audits ask for.
"""

import json
import sys
from pathlib import Path

import child_process

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ZIZMOR = Path(sys.executable).with_name("zizmor")  # the dev extra's pinned wheel, in this environment


def audit(*paths) -> tuple[int, list]:
    done = child_process.run(
        [ZIZMOR, "--offline", "--no-progress", "--format", "json", *map(str, paths)],
    )
    return done.returncode, json.loads(done.stdout or "[]")


def test_every_shipped_workflow_has_no_finding():
    assert WORKFLOWS, "no workflow found under .github/workflows"
    returncode, findings = audit(*WORKFLOWS)
    shown = [(finding["ident"], finding["desc"]) for finding in findings]
    assert returncode == 0 and not findings, f"zizmor findings: {shown}"


def test_the_audit_would_catch_what_it_guards(tmp_path):
    # The check can fail: the workflow as it was before pinning and permissions gives findings.
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n"
    )
    returncode, findings = audit(bad)
    idents = {finding["ident"] for finding in findings}
    assert returncode != 0 and {"unpinned-uses", "artipacked", "excessive-permissions"} <= idents
