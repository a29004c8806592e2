"""The package as a user gets it: metadata, the README on an index page, wheel and sdist.

The slow tests build the wheel and the sdist (``python -m build``), install the wheel
alone in a fresh virtual environment and run the command there, and check that the
sdist carries every file the test suite reads (CI runs the suite from it).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
VALID = ROOT / "tests" / "golden" / "valid"
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]*`", re.MULTILINE | re.DOTALL)


def _links(page: Path) -> list[str]:
    """The targets of a Markdown page's links, code left out."""
    return _LINK.findall(_CODE.sub("", page.read_text(encoding="utf-8")))


def test_the_license_is_the_declared_one_and_ships() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_project_urls() -> None:
    urls = PROJECT["urls"]
    assert set(urls) >= {"Homepage", "Source", "Documentation", "Changelog", "Issues"}
    assert all(url.startswith(f"{urls['Source']}") for url in urls.values())


def _ci_pythons() -> list[str]:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    found = re.search(r'^PYTHONS="([^"]+)"', ci, re.MULTILINE)
    assert found, '.ci/run must list the Pythons it tests in PYTHONS="..."'
    return found[1].split()


def test_the_classifiers_list_exactly_the_pythons_ci_tests() -> None:
    prefix = "Programming Language :: Python :: 3."
    declared = [
        c.removeprefix("Programming Language :: Python :: ")
        for c in PROJECT["classifiers"]
        if c.startswith(prefix)
    ]
    assert declared == _ci_pythons()
    assert PROJECT["requires-python"] == f">={declared[0]}"


def test_development_tools_are_not_in_the_test_extra() -> None:
    extras = PROJECT["optional-dependencies"]
    names = {re.split(r"[<>=;\[ ]", requirement)[0] for requirement in extras["test"]}
    assert not names & {"ruff", "mypy", "atheris", "types-jsonschema"}
    tools = {re.split(r"[<>=;\[ ]", requirement)[0] for requirement in extras["dev"]}
    assert {"ruff", "mypy", "atheris"} <= tools
    assert "shared-types[test]" in extras["dev"]


def test_readme_links_work_on_a_package_index_page() -> None:
    # PyPI shows the README without the repository: relative links would be dead there.
    source = PROJECT["urls"]["Source"]
    for target in _links(ROOT / "README.md"):
        assert target.startswith(("https://", "#")), f"relative link in README.md: {target}"
        if target.startswith(f"{source}/blob/main/"):
            path = target.removeprefix(f"{source}/blob/main/").split("#")[0]
            assert (ROOT / path).is_file(), f"README.md links to a missing file: {path}"


def test_the_docs_stand_alone() -> None:
    # A clone, an sdist or an index page has only this repository: no link may leave it.
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{page.name} cites a folder outside the repository"
        for target in _links(page):
            if target.startswith(("https://", "http://", "#", "mailto:")):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.is_relative_to(ROOT), f"{page.name} links outside: {target}"
            assert path.exists(), f"{page.name} links to a missing file: {target}"


# --------------------------------------------------------------------------- built


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and, built from it, the wheel (``python -m build``)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(  # noqa: S603 (this interpreter, the build front end)
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out


def _run(
    argv: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreters and scripts)
        argv,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=cwd,
        env=env,
        input=input,
    )


@pytest.mark.slow
def test_the_wheel_alone_installs_and_runs_in_a_fresh_venv(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "shared_types/py.typed" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert not [name for name in names if name.startswith(("tests/", "benchmarks/"))]

    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    bin_ = venv / "bin"
    installed = _run([str(bin_ / "python"), "-m", "pip", "install", "-q", str(wheel)])
    assert installed.returncode == 0, installed.stderr
    command = str(bin_ / "shared-types")
    work = tmp_path / "work"  # away from the checkout: nothing can come from there
    work.mkdir()

    version = _run([command, "--version"], cwd=work)
    assert version.returncode == 0
    assert version.stdout.startswith(f"shared-types {PROJECT['version']} (wire protocol ")
    valid = _run([command, "validate", *map(str, sorted(VALID.glob("*.json")))], cwd=work)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    invalid = _run([command, "validate", "-"], cwd=work, input='{"event":"nope","payload":{}}')
    assert invalid.returncode == 1
    assert invalid.stdout.startswith("<stdin>:1: unknownEvent: ")
    assert _run([command, "generate", "--out", "gen"], cwd=work).returncode == 0
    check = _run([command, "generate", "--out", "gen", "--check"], cwd=work)
    assert check.returncode == 0, check.stdout + check.stderr
    where = _run(
        [str(bin_ / "python"), "-c", "import shared_types; print(shared_types.__file__)"], cwd=work
    )
    assert where.stdout.startswith(str(venv)), where.stdout


def _shipped(folder: Path) -> set[str]:
    """The files of a folder of the checkout a source distribution must carry.

    Build outputs the tests themselves make (`dist/` of the npm package, packed
    tarballs) are ignored by git and left out, as the sdist leaves them out.
    """
    skip = {"node_modules", "__pycache__", ".hypothesis", ".pytest_cache", "dist", "build"}
    return {
        str(path.relative_to(ROOT))
        for path in folder.rglob("*")
        if path.is_file() and not skip & set(path.relative_to(ROOT).parts) and path.suffix != ".tgz"
    }


@pytest.mark.slow
def test_the_sdist_carries_what_the_test_suite_reads(dist: Path) -> None:
    # CI (.ci/run) runs the fast tests from the unpacked sdist on every other Python;
    # this says which file is missing when that fails.
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        prefix = f"{sdist.name.removesuffix('.tar.gz')}/"
        names = {name.removeprefix(prefix) for name in archive.getnames()}
    needed = set()
    for folder in ("src", "tests", "benchmarks", "docs", "examples", "json-schema", "typescript"):
        needed |= _shipped(ROOT / folder)
    needed |= {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", ".ci/run"}
    assert sorted(needed - names) == []
