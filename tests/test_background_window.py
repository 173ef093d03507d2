"""Settings → For my doctor (issue 27): filled, saved, reopened with every answer and
its day; "none" apart from "not answered"; a refusal in words that saves nothing."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from kratomtrack.core.background import NONE, Answer, Reasons, Substance
from kratomtrack.store import preferences
from kratomtrack.ui.dialogs.background import BackgroundTab
from kratomtrack.ui.dialogs.settings import SettingsDialog
from conftest import TODAY, real_today

pytestmark = pytest.mark.window

LATER = TODAY + dt.timedelta(days=5)


def choose(combo: QComboBox, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def tab_on(db, qtbot, today=TODAY) -> BackgroundTab:
    tab = BackgroundTab(db, today=today)
    qtbot.addWidget(tab)
    tab.resize(900, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def fill(tab: BackgroundTab, qtbot) -> None:
    pain = tab.reason_boxes["pain"]  # clicked on its box: Qt's tick box takes clicks on box and words only
    qtbot.mouseClick(pain, Qt.MouseButton.LeftButton, pos=QPoint(6, pain.height() // 2))
    qtbot.keyClicks(tab.texts["pain_where"], "lower back")
    choose(tab.goal, "stop")
    opioids = tab.substances["opioids"]
    choose(opioids.taken, "yes")
    qtbot.keyClicks(opioids.name, "oxycodone")
    qtbot.keyClicks(opioids.since, "2024-03")
    choose(tab.substances["cannabis"].taken, "none")
    alcohol = tab.substances["alcohol"]
    choose(alcohol.taken, "yes")
    alcohol.drinks.setValue(8)
    choose(tab.yes_no["naloxone"], False)


def test_every_question_starts_not_answered_and_every_field_has_a_name(db, qtbot):
    tab = tab_on(db, qtbot)
    assert tab.values() == dict.fromkeys(tab.values())  # all None: not answered
    assert {label.text() for label in tab.dates.values()} == {"not answered"}
    fields = [w for kind in (QLineEdit, QComboBox, QCheckBox, QSpinBox) for w in tab.findChildren(kind)
              if not isinstance(w.parent(), QSpinBox)]  # a spin box's own line edit is the spin box
    assert len(fields) > 30
    assert [w.objectName() or repr(w) for w in fields if not w.accessibleName()] == []
    # Details of a substance show only once it is taken.
    opioids = tab.substances["opioids"]
    assert not opioids.details.isVisible()
    choose(opioids.taken, "yes")
    assert opioids.details.isVisible() and opioids.name.accessibleName() == "Name (prescribed opioids)"


def test_answers_saved_are_there_with_their_days_when_the_page_opens_again(db, qtbot):
    tab = tab_on(db, qtbot)
    fill(tab, qtbot)
    assert tab.dates["goal"].text() == "answered 20\u00a0Nov\u00a02026"  # the day wraps as one word
    assert tab.dates["benzodiazepines"].text() == "not answered"
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "Saved."
    stored = preferences.background(db, today=TODAY)
    assert stored.answer("opioids") == Answer(Substance(True, "oxycodone", "", None, "2024-03"), TODAY)
    assert stored.answer("alcohol") == Answer(Substance(True, "", "", 8, ""), TODAY)
    assert stored.answer("cannabis") == Answer(NONE, TODAY)  # "none" is an answer ...
    assert stored.answer("benzodiazepines") is None  # ... "not answered" is none at all
    assert stored.answer("reasons") == Answer(Reasons(("pain",)), TODAY)
    assert stored.answer("naloxone") == Answer(False, TODAY)

    again = tab_on(db, qtbot, today=LATER)
    assert again.values() == tab.values()
    assert again.substances["cannabis"].taken.currentText() == "none"
    assert again.substances["benzodiazepines"].taken.currentText() == "not answered"
    assert again.dates["goal"].text() == "answered 20\u00a0Nov\u00a02026"  # its day, not today's
    choose(again.yes_no["naloxone"], True)
    assert again.dates["naloxone"].text() == "answered 25\u00a0Nov\u00a02026"
    assert again.yes_no["naloxone"].accessibleDescription() == again.dates["naloxone"].text()
    choose(again.yes_no["naloxone"], False)  # back as it was: its own day again
    assert again.dates["naloxone"].text() == "answered 20\u00a0Nov\u00a02026"
    choose(again.goal, "cut_down")
    assert again.save()
    after = preferences.background(db, today=LATER)
    assert after.answer("goal") == Answer("cut_down", LATER)
    assert after.answer("naloxone") == Answer(False, TODAY)  # unchanged: dated when it was given


def test_a_refused_answer_says_why_and_saves_nothing(db, qtbot):
    tab = tab_on(db, qtbot)
    choose(tab.goal, "stop")
    opioids = tab.substances["opioids"]
    choose(opioids.taken, "yes")
    qtbot.keyClicks(opioids.since, "2999")
    assert not tab.save()
    assert tab.status.text().startswith("Not saved: prescribed opioids: since: '2999' is after")
    assert db.setting(preferences.BACKGROUND) is None


def test_settings_ok_saves_the_answers_with_the_rest_and_a_refusal_shows_the_tab(db, qtbot):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.background)) == "For my doctor"
    choose(dialog.background.yes_no["seizures"], False)
    choose(dialog.background.substances["benzodiazepines"].taken, "yes")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    answers = preferences.background(db)
    assert answers.answer("seizures") == Answer(False, real_today())
    assert preferences.also_take(db) == {"benzodiazepines"}  # the banner's caution reads it

    again = SettingsDialog(db)
    qtbot.addWidget(again)
    assert "the main danger" in again.background.caution.text()
    again.background.texts["pain_kind"].setText("burning\u202e")  # pasted: a right-to-left override
    again.save()
    assert again.tabs.currentWidget() is again.background
    assert "Not saved: What kind of pain: contains invisible" in again.problem.text()
    assert preferences.background(db).answer("pain_kind") is None
