"""The start's guards around PySide6 (kratomtrack/pyside_guard.py)."""

from __future__ import annotations

import linecache
import sys

from kratomtrack.pyside_guard import skip_feature_scan


def test_modules_imported_after_the_feature_scan_is_skipped_are_not_read_for_pyside(tmp_path, monkeypatch):
    assert skip_feature_scan()
    module_file = tmp_path / "kt_feature_probe.py"
    module_file.write_text("import PySide6\nVALUE = 3\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    namespace: dict = {}
    exec("import kt_feature_probe", namespace)  # the import statement, which PySide hooks
    module = namespace["kt_feature_probe"]
    try:
        assert module.VALUE == 3
        # PySide's scan read the file through linecache (inspect.getsource); now nothing reads it.
        assert str(module_file) not in linecache.cache
        feature = sys.modules["shibokensupport.feature"]
        assert feature.pyside_feature_dict["kt_feature_probe"] == -1
    finally:
        sys.modules.pop("kt_feature_probe", None)
