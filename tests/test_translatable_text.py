"""Every user-visible string in the window goes through Qt's translation functions.

Parses kratomtrack/ui/*.py with ``ast`` and flags (1) a string literal with
words in it given straight to a Qt text setter or widget constructor, and
(2) a tr()/translate() call whose text is not a literal, which
pyside6-lupdate cannot see. Text that comes from kratomtrack.core is marked
there with ``translatable(context, text)`` and shown with
``QCoreApplication.translate(context, text)`` (see kratomtrack.core.translatable).
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = sorted((ROOT / "kratomtrack" / "ui").rglob("*.py"))

# Methods whose text arguments are shown to the person.
TEXT_SETTERS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle", "setPlaceholderText",
    "setAccessibleName", "setAccessibleDescription", "setInformativeText", "setDetailedText",
    "setSpecialValueText", "setSuffix", "setPrefix", "setTitle", "setTabText", "setTabToolTip",
    "setHeaderLabels", "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setLabelText",
    "addAction", "addMenu", "addTab", "insertTab", "addItem", "addItems", "insertItem", "addRow",
    "addButton", "showMessage", "setIconText", "setPlainText", "setHtml", "set_message",
}
# Classes (and static functions) whose text arguments are shown to the person.
TEXT_CONSTRUCTORS = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QToolButton", "QGroupBox", "QAction",
    "QMenu", "QMessageBox", "QTreeWidgetItem", "QTableWidgetItem", "QListWidgetItem",
    "information", "warning", "critical", "question", "about",
    "getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory",
    "toggle_button",
}
TRANSLATORS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "translatable"}

# Strings that are not language, so there is nothing to translate. Keep this short.
ALLOWED = {
    "kratomtrack",  # the program's name
    "HH:mm", "dddd d MMMM yyyy",  # Qt time and date formats are patterns, not words
}


def has_words(text: str) -> bool:
    return text not in ALLOWED and re.search(r"[A-Za-z]{2,}", text) is not None


def literal_words(node: ast.AST) -> list[str]:
    """The wordy string literals that reach a call argument without passing through tr()."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if has_words(node.value) else []
    if isinstance(node, ast.JoinedStr):
        return [part for v in node.values for part in literal_words(v)]
    if isinstance(node, ast.FormattedValue):
        return literal_words(node.value)
    if isinstance(node, ast.BinOp):
        return literal_words(node.left) + literal_words(node.right)
    if isinstance(node, ast.IfExp):
        return literal_words(node.body) + literal_words(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [w for element in node.elts for w in literal_words(element)]
    if isinstance(node, ast.Call):
        name = call_name(node)
        if name in TRANSLATORS or ast.unparse(node.func).startswith("os.path."):
            return []  # translated already, or a file name
        # "…".format(...), "…".replace(...), "…".join(...): the literal is still shown.
        if isinstance(node.func, ast.Attribute):
            return literal_words(node.func.value) + [w for a in node.args for w in literal_words(a)]
    return []


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def text_argument(call: ast.Call) -> ast.AST | None:
    """The text a tr()/translate() call translates (its literal must be visible to lupdate)."""
    name = call_name(call)
    if name == "tr" and call.args:
        return call.args[0]
    if name in ("translate", "QT_TRANSLATE_NOOP", "translatable") and len(call.args) >= 2:
        return call.args[1]
    return None


def marking_contexts() -> set[str]:
    """Contexts under which text is marked where it is written (translatable, QT_TRANSLATE_NOOP)."""
    contexts = set()
    for path in (ROOT / "kratomtrack").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and call_name(node) in ("translatable", "QT_TRANSLATE_NOOP")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                contexts.add(node.args[0].value)
    return contexts


def marked_elsewhere(call: ast.Call, contexts: set[str]) -> bool:
    """translate("context", variable) shows text marked under that context where it is written."""
    context = call.args[0] if call.args else None
    return (call_name(call) == "translate" and isinstance(context, ast.Constant)
            and context.value in contexts)


def problems_in(path: Path, contexts: set[str] = frozenset(), root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    # pyside6-lupdate does not look inside f-strings: a tr() there is never extracted.
    for fstring in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
        for inner in ast.walk(fstring):
            if (isinstance(inner, ast.Call) and isinstance(text_argument(inner), ast.Constant)):
                found.append(f"{path.relative_to(root)}:{inner.lineno}: {call_name(inner)}() inside an "
                             "f-string, where pyside6-lupdate does not look")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node)
        where = f"{path.relative_to(root)}:{node.lineno}"
        if name in TEXT_SETTERS or name in TEXT_CONSTRUCTORS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                found += [f"{where}: {name}({text!r}) is not marked for translation"
                          for text in literal_words(arg)]
        text = text_argument(node)
        if (text is not None and not (isinstance(text, ast.Constant) and isinstance(text.value, str))
                and not marked_elsewhere(node, contexts)):
            found.append(f"{where}: {name}() of something pyside6-lupdate cannot see "
                         f"({ast.unparse(text)}); mark the text where it is written")
    return found


def test_every_user_visible_string_in_the_window_is_marked():
    contexts = marking_contexts()
    assert {"warning", "checkups", "safety", "sources", "KeyboardShortcuts"} <= contexts
    problems = [p for path in UI_FILES for p in problems_in(path, contexts)]
    assert problems == []


def test_the_check_flags_unmarked_text_and_passes_marked_text(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label = QLabel('Grams')\n"                           # flagged
        "button.setToolTip(f'Remove {name}')\n"               # flagged
        "box.setText(self.tr(GROUP_TITLES[key]))\n"           # flagged: lupdate cannot see it
        "box.setText(QCoreApplication.translate('nowhere', x))\n"  # flagged: nothing marked there
        "ok.setText(QCoreApplication.translate('warning', spec.label))\n"
        "ok = QLabel(self.tr('Grams'))\n"
        "ok.setText(self.tr('%1 g').replace('%1', str(g)))\n"
        "ok.setText(QCoreApplication.translate('core', 'Pain'))\n"
        "ok.setWindowTitle('kratomtrack')\n"
        "ok.setText('⚠ ' + text)\n"
        "bad = f\"<p>{self.tr('Hidden from lupdate')}</p>\"\n"  # flagged
    )
    problems = problems_in(sample, {"warning"}, root=tmp_path)
    assert sorted(p.split(":")[1] for p in problems) == ["1", "11", "2", "3", "4"]


def qt_tool(name: str) -> str | None:
    """A Qt tool that PySide6 installs: on PATH, or beside this Python (a venv not on PATH)."""
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


@pytest.mark.skipif(qt_tool("pyside6-lupdate") is None, reason="pyside6-lupdate not installed")
def test_update_translations_writes_the_ts_file_without_errors(tmp_path):
    ts = tmp_path / "kratomtrack.ts"
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "update-translations"), "--ts", str(ts)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    text = ts.read_text(encoding="utf-8")
    assert "<source>Log a dose</source>" in text  # a window string
    assert "<source>Keyboard shortcuts</source>" in text
    assert "<name>warning</name>" in text  # text marked in kratomtrack.core
    assert "<source>Did you worry about your use?</source>" in text



GERMAN_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context><name>DoseEntryForm</name>
<message><source>Log a dose</source><translation>Dosis eintragen</translation></message>
</context>
<context><name>checkups</name>
<message><source>Did you worry about your use?</source><translation>Haben Sie sich Sorgen gemacht?</translation></message>
</context>
</TS>
"""


@pytest.mark.skipif(qt_tool("pyside6-lrelease") is None, reason="pyside6-lrelease not installed")
def test_a_translation_in_the_folder_reaches_window_text_and_core_text(tmp_path, qtbot, db):
    from PySide6.QtCore import QCoreApplication, QLocale

    from kratomtrack.ui.dialogs.checkups import SdsDialog
    from kratomtrack.ui.commands.log_editor import LogEditor
    from kratomtrack.ui.pages.today.page import TodayPage
    from kratomtrack.ui.app.translations import install_translations

    (tmp_path / "kratomtrack_de.ts").write_text(GERMAN_TS, encoding="utf-8")
    subprocess.run([qt_tool("pyside6-lrelease"), str(tmp_path / "kratomtrack_de.ts")], check=True,
                   capture_output=True, timeout=60)
    app = QCoreApplication.instance()
    assert install_translations(app, QLocale("fr"), tmp_path) == []  # no French: English stays
    installed = install_translations(app, QLocale("de"), tmp_path)
    try:
        assert installed
        page = TodayPage(db, LogEditor(db))
        qtbot.addWidget(page)
        assert page.entry_heading.text() == "Dosis eintragen"
        dialog = SdsDialog(db)  # a question marked in kratomtrack.core.checkups
        qtbot.addWidget(dialog)
        assert any("Haben Sie sich Sorgen gemacht?" in label.text()
                   for label in dialog.findChildren(type(page.entry_heading)))
    finally:
        for translator in installed:
            app.removeTranslator(translator)
