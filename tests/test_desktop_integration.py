"""The Linux desktop entry, AppStream metainfo, icons, their installer, and the wheel's resources."""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kratomtrack.resource_files import APP_ID, ICON_NAME, ICON_SIZES, icon_pngs, resource_dir

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "resources" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALLER = ROOT / "packaging" / "install-desktop-entry"


def tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


def desktop_keys(path):
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_desktop_entry_passes_desktop_file_validate():
    result = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def test_metainfo_passes_appstreamcli_validate():
    result = subprocess.run([tool("appstreamcli"), "validate", "--no-net", "--explain",
                             str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_and_desktop_entry_name_the_same_app_and_icon():
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.find("provides").findtext("binary") == "kratomtrack"
    keys = desktop_keys(DESKTOP)
    assert keys["Icon"] == ICON_NAME
    assert keys["Exec"] == "kratomtrack"


def test_store_texts_make_no_dosing_advice_or_health_claims():
    # The claims /work/shared/clinical.md forbids, in the words they usually take.
    forbidden = [r"\bstart at\b", r"\d\s*-\s*\d+\s*g\b", r"recommended dose", r"tolerance",
                 r"lower risk", r"without the side effects", r"\bsafe\b", r"relie(f|ves)\b",
                 r"treat", r"cure"]
    text = (DESKTOP.read_text() + METAINFO.read_text()).lower()
    for pattern in forbidden:
        assert not re.search(pattern, text), pattern
    assert "no dosing advice" in text


def test_every_hicolor_png_exists_at_its_size():
    from PySide6.QtGui import QImage

    pngs = icon_pngs()
    assert sorted(pngs) == sorted(ICON_SIZES)
    for size, path in pngs.items():
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path
        assert image.hasAlphaChannel(), path


def test_the_app_icon_has_every_size(qapp):
    from kratomtrack.ui.app.icon import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)


def test_a_checkout_finds_its_resources_in_the_top_level_folder():
    assert resource_dir() == ROOT / "resources"


def test_the_built_package_carries_the_icons(tmp_path):
    """What `pip install .` puts in site-packages: kratomtrack/resources/icons/…"""
    pytest.importorskip("setuptools")
    source = tmp_path / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, source)
    for name in ("kratomtrack", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    build = tmp_path / "lib"
    result = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "-d", str(build)],
                            cwd=source, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    icons = build / "kratomtrack" / "resources" / "icons"
    assert (icons / f"{ICON_NAME}.svg").is_file()
    assert sorted(p.parent.parent.name for p in icons.glob("hicolor/*/apps/*.png")) == sorted(
        f"{s}x{s}" for s in ICON_SIZES)
    assert (build / "kratomtrack" / "ui" / "app" / "icon.py").is_file()


# --- packaging/install-desktop-entry ----------------------------------------------


@pytest.fixture
def command(tmp_path):
    """A real kratomtrack command in a folder whose name needs quoting in Exec."""
    folder = tmp_path / "my apps"
    folder.mkdir()
    path = folder / "kratomtrack"
    path.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m kratomtrack "$@"\n')
    path.chmod(0o755)
    return path


def run_installer(data_home, *args):
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([sys.executable, str(INSTALLER), *map(str, args)],
                          capture_output=True, text=True, env=env)


def installed_files(data_home):
    return sorted(str(p.relative_to(data_home)) for p in data_home.rglob("*") if p.is_file())


def test_install_puts_entry_metainfo_and_icons_in_xdg_data_home(tmp_path, command):
    share = tmp_path / "share"
    result = run_installer(share, "--exec", command)
    assert result.returncode == 0, result.stderr
    entry = share / "applications" / DESKTOP.name
    assert (share / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    assert (share / "icons/hicolor/scalable/apps/kratomtrack.svg").is_file()
    for size in ICON_SIZES:
        assert (share / f"icons/hicolor/{size}x{size}/apps/kratomtrack.png").is_file()
    keys = desktop_keys(entry)
    assert keys["Exec"] == f'"{command}"'  # quoted: the folder name has a space
    assert keys["TryExec"] == str(command)
    result = subprocess.run([tool("desktop-file-validate"), str(entry)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def test_uninstall_removes_exactly_what_install_added(tmp_path, command):
    share = tmp_path / "share"
    other = share / "applications" / "someone.else.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n")
    assert run_installer(share, "--exec", command).returncode == 0
    result = run_installer(share, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert installed_files(share) == ["applications/someone.else.desktop"]


def test_install_refuses_a_command_that_is_not_kratomtrack(tmp_path):
    share = tmp_path / "share"
    result = run_installer(share, "--exec", "/bin/true")
    assert result.returncode != 0
    assert "did not answer as kratomtrack" in result.stderr
    assert not share.exists()
