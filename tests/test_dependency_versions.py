"""The installed dependencies are builds kratomtrack can run on (pyproject.toml says
which are excluded and why): a broken build fails here, in CI, never in a person's
session."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import PySide6
import pytest
from packaging.requirements import Requirement

from kratomtrack.store import cipher, protection
from kratomtrack.store.schema import SchemaError

ROOT = Path(__file__).resolve().parent.parent
CALLS = 1000

# In a fresh interpreter, so that no other thread or test moves None's count meanwhile.
NONE_REFCOUNT = f"""
import sys
from PySide6.QtCore import QPointF
point = QPointF()
point.setX(1.0)  # the first call sets up what later calls reuse
before = sys.getrefcount(None)
for _ in range({CALLS}):
    point.setX(1.0)  # a Qt method that returns nothing
print(before - sys.getrefcount(None), flush=True)
"""


def test_qt_calls_that_return_nothing_keep_their_reference_to_none():
    result = subprocess.run([sys.executable, "-c", NONE_REFCOUNT], capture_output=True, text=True,
                            timeout=60)
    # Printed before the interpreter exits: an affected build then aborts as well.
    lost = int(result.stdout.split()[-1]) if result.stdout.split() else None
    assert lost is not None and lost < 10, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} lost {lost} references "
        f"to None in {CALLS} calls of QPointF.setX: Python aborts ('none_dealloc: deallocating "
        "None') once None's count reaches zero, as 6.12.0 does on Python 3.11. Exclude this "
        f"build in pyproject.toml and constraints.txt.\n{result.stderr}")
    assert result.returncode == 0, result.stderr


def test_the_installed_sqlcipher_is_version_4_and_opens_protected_logs():
    protection.check_cipher()  # raises UnsupportedCipherError otherwise
    conn = cipher.dbapi().connect(":memory:")
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    assert version.split(".")[0] == "4"
    assert cipher.cipher_version_refusal(version) is None


@pytest.mark.parametrize("version", ["4.12.0 community", "4.5.2 community", "4.0.0"])
def test_every_sqlcipher_4_is_accepted(version):
    assert cipher.cipher_version_refusal(version) is None


@pytest.mark.parametrize("version, named", [
    ("3.4.2 community", "SQLCipher 3.4.2"),
    ("5.0.0 community", "SQLCipher 5.0.0"),
    ("", "a SQLCipher whose version it cannot tell"),
    ("   ", "a SQLCipher whose version it cannot tell"),
])
def test_another_sqlcipher_is_refused_in_words(version, named):
    refusal = cipher.cipher_version_refusal(version)
    assert refusal is not None
    assert f"comes with {named}, so it can neither open nor protect one" in refusal
    assert "a SQLCipher 4 file" in refusal and "Nothing was opened or changed" in refusal
    assert "Reinstall kratomtrack" in refusal and "sqlcipher3-wheels, below version 0.6" in refusal


def test_the_refusal_is_an_error_the_window_and_the_commands_say_in_words():
    # Both catch SchemaError when a log cannot be used, and show its message.
    assert issubclass(cipher.UnsupportedCipherError, SchemaError)


# --- constraints.txt: the versions the tests ran with -------------------------------

def build_script():
    """packaging/build (a script without .py) as a module."""
    from importlib.machinery import SourceFileLoader
    from importlib.util import module_from_spec, spec_from_loader

    loader = SourceFileLoader("packaging_build", str(ROOT / "packaging" / "build"))
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def declared_requirements() -> list[Requirement]:
    """kratomtrack's own dependencies and its test tools, as pyproject.toml declares them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in
            [*project["dependencies"], *project["optional-dependencies"]["test"]]]


def test_the_tests_run_with_the_versions_constraints_txt_pins():
    drift = build_script().version_drift()
    assert drift == [], ("constraints.txt says which versions the tests ran with, and here "
                         + "; ".join(drift) + ". Install with pip install -c constraints.txt -e "
                         "'.[test]', or refresh constraints.txt as its first lines say.")


def test_constraints_txt_pins_every_declared_dependency_within_what_pyproject_allows():
    build = build_script()
    pins = build.pinned_versions()
    for requirement in declared_requirements():
        name = build.normalised(requirement.name)
        assert name in pins, f"constraints.txt does not pin {requirement.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name} {pins[name]}, which pyproject.toml "
            f"excludes ({requirement.specifier})")


def test_constraints_txt_pins_only_what_kratomtrack_and_its_tests_install():
    build = build_script()
    needed: set[str] = set()
    wanted = [build.normalised(r.name) for r in declared_requirements()]
    while wanted:
        name = wanted.pop()
        if name in needed:
            continue
        needed.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(build.normalised(requirement.name))
    assert set(build.pinned_versions()) <= needed, (
        "constraints.txt pins packages kratomtrack does not install: "
        + ", ".join(sorted(set(build.pinned_versions()) - needed)))


def test_the_build_names_each_package_whose_version_is_not_the_pinned_one(tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# a comment\nmatplotlib==0.1.0  # not this one\n"
                           f"numpy=={metadata.version('numpy')}\nno-such-package==1.0\n")
    assert build_script().version_drift(constraints) == [
        f"matplotlib {metadata.version('matplotlib')} is installed; constraints.txt has 0.1.0"]
