"""Installing nnkit never touches a TensorFlow or Keras that is already there (Colab), and an empty
environment still gets the locked TensorFlow through the ``tensorflow`` extra.

No download: pip resolves the built wheel with ``--dry-run --report`` against folders of metadata only.
The "installed" packages are bare ``.dist-info`` folders in a fresh virtual environment (Colab's
versions); the "index" is ``--find-links`` to tiny wheels holding only the metadata of every locked
version (no code, no dependencies of their own), so pip decides exactly as it would for nnkit's own
requirements, and any TensorFlow or Keras it wanted would be offered to it.
"""

import json
import sys
import venv
import zipfile
from pathlib import Path

import child_process
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
TENSORFLOW_NAMES = {"tensorflow", "tensorflow-cpu", "tensorflow-intel", "tensorflow-macos", "tf-keras"}


def locked() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def metadata_text(name: str, version: str) -> str:
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"


def fake_wheel(folder: Path, name: str, version: str) -> None:
    """A wheel holding only its metadata: enough for pip to resolve, nothing to install."""
    stem = f"{canonicalize_name(name).replace('-', '_')}-{version}"
    with zipfile.ZipFile(folder / f"{stem}-py3-none-any.whl", "w") as wheel:
        info = f"{stem}.dist-info"
        wheel.writestr(f"{info}/METADATA", metadata_text(name, version))
        wheel.writestr(
            f"{info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: nnkit-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        wheel.writestr(f"{info}/RECORD", "")


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """Every locked version as a metadata-only wheel, plus TensorFlow under its plain name."""
    folder = tmp_path_factory.mktemp("index")
    pins = locked()
    for name, version in pins.items():
        fake_wheel(folder, name, version)
    fake_wheel(folder, "tensorflow", pins["tensorflow-cpu"])  # what non-Linux-x86 markers would pick
    return folder


def environment(tmp_path: Path, installed: dict[str, str]) -> Path:
    """A fresh virtual environment holding only the metadata of ``installed`` ({name: version})."""
    venv.create(tmp_path / "env", with_pip=False)
    python = tmp_path / "env" / "bin" / "python"
    site = Path(
        child_process.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True
        ).stdout.strip()
    )
    for name, version in installed.items():
        info = site / f"{canonicalize_name(name).replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(metadata_text(name, version))
        (info / "INSTALLER").write_text("pip\n")
        (info / "RECORD").write_text("")
    return python


def would_install(python: Path, index: Path, requirement: str, *options) -> dict[str, str]:
    """``{name: version}`` of what ``pip install`` would install into ``python``'s environment."""
    command = [sys.executable, "-m", "pip", "--python", python, "install", "--dry-run", "--quiet"]
    command += ["--report", "-", "--no-index", "--find-links", index, *options, requirement]
    done = child_process.run(command, check=True)
    report = json.loads(done.stdout)
    return {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"] for item in report["install"]
    }


@pytest.mark.parametrize(
    "tensorflow",
    [("tensorflow", "2.19.0"), ("tensorflow-cpu", "2.19.0"), ("tensorflow", "2.21.0")],
    ids=lambda pair: "==".join(pair),
)
def test_an_environment_with_tensorflow_and_keras_keeps_them(tmp_path, built_wheel, index, tensorflow):
    # Colab: tensorflow 2.19 with Keras 3.10; also the CPU distribution, and a newer release.
    # Colab's NumPy, pandas and matplotlib of the same runtime stay too (inside nnkit's ranges).
    colab = {"numpy": "2.0.2", "pandas": "2.2.2", "matplotlib": "3.10.0"}
    python = environment(tmp_path, {tensorflow[0]: tensorflow[1], "keras": "3.10.0", **colab})
    planned = would_install(python, index, str(built_wheel))
    assert "nnkit" in planned and "click" in planned  # the resolution did run over nnkit's requirements
    touched = sorted(set(planned) & (TENSORFLOW_NAMES | {"keras"} | set(colab)))
    assert not touched, f"pip would install {touched} over the environment's TensorFlow {tensorflow}"


def test_an_empty_environment_gets_the_locked_tensorflow_and_keras(tmp_path, built_wheel, index):
    python = environment(tmp_path, {})
    planned = would_install(python, index, f"{built_wheel}[tensorflow]", "-c", CONSTRAINTS)
    pins = locked()
    with zipfile.ZipFile(built_wheel) as archive:
        (name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        lines = archive.read(name).decode().splitlines()
    wanted = [Requirement(line.split(": ", 1)[1]) for line in lines if line.startswith("Requires-Dist: ")]
    (distribution,) = [
        canonicalize_name(r.name)
        for r in wanted
        if r.marker is not None
        and r.marker.evaluate({"extra": "tensorflow"})
        and r.name.startswith("tensorflow")
    ]
    assert planned.get(distribution) == pins[distribution]
    assert planned.get("keras") == pins["keras"]
    assert len(set(planned) & TENSORFLOW_NAMES) == 1  # one TensorFlow distribution, never two


def test_without_the_extra_nothing_names_tensorflow(tmp_path, built_wheel, index):
    # The Colab cell installs nnkit alone: even in an empty environment it asks for no TensorFlow.
    planned = would_install(environment(tmp_path, {}), index, str(built_wheel))
    assert not set(planned) & TENSORFLOW_NAMES and planned.get("keras")


# TensorFlow hidden from a fresh interpreter: what a user of `pip install nnkit` without the extra meets.
WITHOUT_TENSORFLOW = """
import sys
class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "tensorflow":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Hide())
import nnkit
for call in (lambda: nnkit.setup(), lambda: nnkit.dense_model):
    try:
        call()
    except ModuleNotFoundError as error:
        print(error)
"""


def test_without_tensorflow_nnkit_imports_and_says_how_to_install_it():
    done = child_process.run([sys.executable, "-c", WITHOUT_TENSORFLOW], check=True)
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all("Fix: pip install 'nnkit[tensorflow]'" in line for line in lines), lines
