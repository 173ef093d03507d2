"""The banner, red flags, PEG/SDS dialogs, due markers and settings, driven as a person would."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QRadioButton,
)

from kratomtrack.core.checkups import Peg, Sds
from kratomtrack.core.records import Dose, Form
from kratomtrack.core.warning.settings import WarningSettings
from kratomtrack.store import checkups, preferences
from kratomtrack.store.database import LogDatabase
from kratomtrack.ui.dialogs.checkups import PegDialog, SdsDialog
from kratomtrack.ui.pages.today.due_markers import CheckupDueMarker
from kratomtrack.ui.widgets.red_flags import RedFlagsSection
from kratomtrack.ui.dialogs.settings import SettingsDialog
from kratomtrack.ui.widgets.warning_banner import WarningBanner

from conftest import TODAY

pytestmark = pytest.mark.window


def ago(n):
    return TODAY - dt.timedelta(days=n)


def add(db, n_ago, grams, form=Form.POWDER, hour=8):
    db.add_dose(Dose(dt.datetime.combine(ago(n_ago), dt.time(hour)), grams, form), today=TODAY)


def rising_log(db):
    """4 g/day (two doses) for 120 days, then 6.6 g/day for the last 14."""
    with db.transaction():
        for n in range(120):
            grams = 3.3 if n < 14 else 2.0
            add(db, n, grams, hour=8)
            add(db, n, grams, hour=14)


@pytest.fixture
def banner(qtbot, db):
    widget = WarningBanner(db, default_country="US")
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    return widget


def test_banner_appears_and_disappears_with_the_log(banner, db):
    banner.update_from(db, TODAY)
    assert banner.isHidden() and banner.visible_kinds() == []
    rising_log(db)
    banner.update_from(db, TODAY)
    assert not banner.isHidden()
    assert banner.visible_kinds() == ["warning"]
    assert "frequent and rising" in banner.warning_box.title.text()
    for n in range(14):  # the step up is removed (History's "delete day")
        db.delete_day(ago(n))
    banner.update_from(db, TODAY)
    assert banner.isHidden() and banner.visible_kinds() == []


def test_warning_has_an_icon_and_words_not_colour_alone(banner, db):
    rising_log(db)
    banner.update_from(db, TODAY)
    assert not banner.warning_box.icon.pixmap().isNull()
    assert banner.warning_box.title.text().startswith("Warning:")
    assert banner.warning_box.accessibleName().startswith("Warning:")


def test_banner_says_the_warning_in_the_words_the_warning_command_prints(banner, db):
    from kratomtrack.core.safety import WARNING_EXPLANATION, WARNING_HEADLINE, WHAT_TO_DO

    rising_log(db)
    banner.update_from(db, TODAY)
    assert banner.warning_box.title.text() == "Warning: " + WARNING_HEADLINE[:1].lower() + WARNING_HEADLINE[1:]
    assert banner.warning_box.text.text() == WARNING_EXPLANATION
    assert all(line in banner.what_text.text() for line in WHAT_TO_DO)


def test_explanation_shows_the_persons_figures_and_what_to_do(qtbot, banner, db):
    rising_log(db)
    preferences.set_help_country(db, "GB")
    banner.update_from(db, TODAY)
    assert banner.why_text.isHidden() and banner.what_text.isHidden()
    qtbot.mouseClick(banner.why_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(banner.what_button, Qt.MouseButton.LeftButton)
    assert not banner.why_text.isHidden() and not banner.what_text.isHidden()
    why = banner.why_text.text()
    assert "Used 7 of the last 7 days" in why
    assert "Average 6.6 g per logged day this week vs 4.9 g over the 3 weeks before" in why
    assert "Average 5.3 g per logged day over the last 4 weeks vs 4.0 g over the 8 weeks before" in why
    assert "conventions, not validated medical cut-offs" in why
    what = banner.what_text.text()
    assert "Talk to your doctor" in what and "printed summary" in what
    assert "FRANK: 0300 123 6600" in what and "last checked 2026-11-25" in what


def test_dismissal_persists_and_is_overridden_by_worsening(qtbot, banner, db, data_dir):
    rising_log(db)
    banner.update_from(db, TODAY)
    assert banner.dismiss_button.text() == "Dismiss for 7 days"
    with qtbot.waitSignal(banner.dismissed):
        qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert banner.visible_kinds() == ["dismissed"]
    # A new banner on a reopened log (a restart) keeps it dismissed.
    with LogDatabase.open_folder(data_dir) as reopened:
        again = WarningBanner(reopened, default_country="US")
        qtbot.addWidget(again)
        again.update_from(reopened, TODAY)
        assert again.visible_kinds() == ["dismissed"]
        assert "dismissed until" in again.dismissed_box.title.text()
    # 3.5 g more today lifts the last 7 days' mean by 7.6%: still dismissed.
    add(db, 0, 3.5, hour=20)
    banner.update_from(db, TODAY)
    assert banner.visible_kinds() == ["dismissed"]
    # Another 1.5 g makes it +10.8% since the dismissal: the warning is back.
    add(db, 0, 1.5, hour=21)
    banner.update_from(db, TODAY)
    assert banner.visible_kinds() == ["warning"]


def test_show_it_again_undoes_a_dismissal(qtbot, banner, db):
    rising_log(db)
    banner.update_from(db, TODAY)
    banner.dismiss()
    qtbot.mouseClick(banner.show_again_button, Qt.MouseButton.LeftButton)
    assert banner.visible_kinds() == ["warning"]


def test_red_flag_raises_its_alert_at_once_above_everything(qtbot, banner, db):
    rising_log(db)
    banner.update_from(db, TODAY)
    section = RedFlagsSection(db)
    qtbot.addWidget(section)
    section.set_day(TODAY)
    section.flags_changed.connect(lambda day: banner.update_from(db, TODAY))
    assert section.body.isHidden()  # collapsed until opened
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert not section.body.isHidden()
    with qtbot.waitSignal(section.flags_changed):
        section.boxes["seizure"].click()
    assert checkups.red_flags_on(db, TODAY) == {"seizure"}
    assert banner.visible_kinds() == ["emergency", "warning"]
    alert = banner.alert_boxes[0]
    assert alert.title.text().startswith("Emergency:")
    assert "call the local emergency number" in alert.text.text()
    assert "911" in alert.text.text()
    section.boxes["pale stools"].click()
    assert banner.visible_kinds() == ["emergency", "liver", "warning"]
    assert "see a doctor soon" in banner.alert_boxes[1].text.text()
    assert "2 ticked" in section.header.text()
    section.boxes["seizure"].click()
    section.boxes["pale stools"].click()
    assert banner.visible_kinds() == ["warning"]


def test_red_flags_section_shows_the_chosen_day(qtbot, db):
    checkups.set_red_flag(db, ago(3), "dark urine", today=TODAY)
    section = RedFlagsSection(db)
    qtbot.addWidget(section)
    section.set_day(ago(3))
    assert section.ticked() == {"dark urine"}
    section.set_day(ago(2))
    assert section.ticked() == set()
    assert checkups.red_flags_on(db, ago(3)) == {"dark urine"}  # loading a day writes nothing


def test_concentrate_alert_and_interaction_caution(qtbot, banner, db):
    add(db, 3, 1.0, Form.EXTRACT)
    preferences.set_also_take(db, {"opioids"})
    banner.update_from(db, TODAY)
    assert banner.visible_kinds() == ["concentrate", "caution"]
    concentrate = banner.alert_boxes[0]
    assert "extract" in concentrate.text.text()
    qtbot.mouseClick(concentrate.more_button, Qt.MouseButton.LeftButton)
    assert "more potent than morphine" in concentrate.more_text.text()
    assert "the main danger" in banner.caution_box.text.text()
    assert banner.caution_box.title.text().startswith("Caution:")


def click_scale(dialog, item, value):
    dialog.groups[item].button(value).click()


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_peg_is_scored_stored_with_its_date_and_editable(qtbot, db):
    dialog = PegDialog(db, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.day() == TODAY and dialog.date_edit.maximumDate() == QDate(TODAY)
    assert not save_button(dialog).isEnabled()  # nothing pre-selected
    click_scale(dialog, 0, 7)
    click_scale(dialog, 1, 5)
    assert not save_button(dialog).isEnabled()
    click_scale(dialog, 2, 4)
    assert dialog.result_label.text() == "Score: 5.3 of 10 (the mean of the three answers)"
    dialog.date_edit.setDate(QDate(ago(2)))
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert checkups.all_pegs(db) == [Peg(ago(2), 7, 5, 4)]

    edit = PegDialog(db, ago(2), today=TODAY)
    qtbot.addWidget(edit)
    assert edit.answers() == [7, 5, 4] and edit.delete_button.isVisibleTo(edit)
    click_scale(edit, 0, 9)
    edit.date_edit.setDate(QDate(ago(1)))  # the date can be corrected too
    edit.save()
    assert checkups.all_pegs(db) == [Peg(ago(1), 9, 5, 4)]


def test_sds_is_scored_and_stored(qtbot, db):
    dialog = SdsDialog(db, today=TODAY)
    qtbot.addWidget(dialog)
    for item, value in enumerate((1, 0, 1, 0, 1)):
        click_scale(dialog, item, value)
    assert dialog.result_label.text() == "Total: 3 of 15"
    assert "worth discussing" not in dialog.note.text()
    click_scale(dialog, 4, 2)
    assert dialog.result_label.text() == "Total: 4 of 15"
    assert "worth discussing with your doctor" in dialog.note.text()
    assert "No cut-off has been validated for kratom" in dialog.note.text()
    assert isinstance(dialog.groups[4].button(3), QRadioButton)
    assert dialog.groups[4].button(3).text() == "impossible"
    dialog.save()
    assert checkups.sds_on(db, TODAY) == Sds(TODAY, (1, 0, 1, 0, 2))


def test_peg_on_a_day_that_has_one_is_refused_not_overwritten(qtbot, db):
    checkups.save_peg(db, Peg(ago(1), 1, 1, 1), today=TODAY)
    checkups.save_peg(db, Peg(ago(5), 2, 2, 2), today=TODAY)
    dialog = PegDialog(db, ago(5), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(ago(1)))
    dialog.save()
    assert not dialog.problem.isHidden() and "already one" in dialog.problem.text()
    assert checkups.all_pegs(db) == [Peg(ago(5), 2, 2, 2), Peg(ago(1), 1, 1, 1)]


def test_due_marker_offers_and_can_be_dismissed(qtbot, db):
    for n_ago in range(30, 23, -1):  # a week with a record
        add(db, n_ago, 2.0)
    marker = CheckupDueMarker(db, "peg")
    qtbot.addWidget(marker)
    assert marker.update_from(db, TODAY) and not marker.isHidden()
    qtbot.mouseClick(marker.later_button, Qt.MouseButton.LeftButton)
    assert marker.isHidden()
    fresh = CheckupDueMarker(db, "peg")
    qtbot.addWidget(fresh)
    assert not fresh.update_from(db, TODAY)  # "not now" survives a restart
    assert fresh.update_from(db, TODAY + dt.timedelta(days=7))


def test_due_marker_answer_now_opens_the_dialog_and_hides_after_saving(qtbot, db):
    add(db, 30, 2.0)
    marker = CheckupDueMarker(db, "sds")
    qtbot.addWidget(marker)
    marker.update_from(db, TODAY)
    dialog = marker.dialog()
    qtbot.addWidget(dialog)
    for item in range(5):
        click_scale(dialog, item, 0)
    with qtbot.waitSignal(marker.answered):
        dialog.save()
    assert marker.isHidden() and checkups.sds_on(db, TODAY).total == 0


def test_settings_dialog_saves_thresholds_and_resets_to_defaults(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    assert "conventions, not validated medical cut-offs" in dialog.findChild(
        type(dialog.problem), "conventions_statement").text()
    dialog.inputs["frequent_days"].setValue(6)
    dialog.inputs["rise_percent"].setValue(30)
    alcohol = dialog.background.substances["alcohol"].taken  # "I also take" is on "For my doctor" now
    alcohol.setCurrentIndex(alcohol.findData("yes"))
    dialog.sds_reminders.setChecked(False)
    dialog.country.setCurrentIndex(dialog.country.findData("AU"))
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    saved = preferences.load_preferences(db)
    assert saved.warning == WarningSettings(frequent_days=6, rise_percent=30.0)
    assert preferences.also_take(db) == {"alcohol"} and not saved.sds_reminders and saved.country == "AU"

    again = SettingsDialog(db)
    qtbot.addWidget(again)
    assert again.inputs["frequent_days"].value() == 6
    qtbot.mouseClick(again.reset_button, Qt.MouseButton.LeftButton)
    assert again.warning_settings() == WarningSettings()
    again.save()
    assert preferences.warning_settings(db) == WarningSettings()


def test_settings_dialog_refuses_inconsistent_thresholds_and_saves_nothing(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.inputs["recent_days"].setValue(4)  # 5 of 4 days cannot be
    opioids = dialog.background.substances["opioids"].taken
    opioids.setCurrentIndex(opioids.findData("yes"))
    dialog.save()
    assert not dialog.problem.isHidden()
    assert "Frequent: days with doses" in dialog.problem.text()
    assert dialog.tabs.currentWidget() is dialog.advanced
    assert preferences.load_preferences(db) == preferences.Preferences()
    assert preferences.also_take(db) == frozenset()  # the background's answer was not saved either


LOGGED_DAY_MINIMUMS = [
    ("recent_min_logged", "Logged days needed in the recent window, at least", 4),
    ("short_min_history", "Logged days needed in the short-term baseline, at least", 14),
    ("middle_min_logged", "Logged days needed up to the short-term baseline's end, at least", 14),
    ("long_min_history", "Logged days needed in the long-term baseline, at least", 28),
    ("regular_use_min_logged", "Regular use: logged days needed in that time, at least", 92),
]


def test_settings_dialog_shows_each_logged_day_minimum_with_its_label_and_default(qtbot, db):
    from PySide6.QtWidgets import QLabel
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    labels = {label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy()}
    for name, label, default in LOGGED_DAY_MINIMUMS:
        spin = dialog.inputs[name]
        assert (labels[spin], spin.value(), spin.suffix()) == (label, default, " days")
        assert spin.accessibleDescription() == f"default {default}"
    dialog.inputs["long_min_history"].setValue(40)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert preferences.warning_settings(db) == WarningSettings(long_min_history=40)


def test_settings_dialog_refuses_a_minimum_beyond_its_window(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    dialog.inputs["recent_min_logged"].setValue(8)  # 8 logged days of the last 7 cannot be
    dialog.save()
    assert not dialog.problem.isHidden()
    assert "Logged days needed in the recent window" in dialog.problem.text()
    assert "cannot be more than the 7 days it counts in" in dialog.problem.text()
    assert preferences.load_preferences(db) == preferences.Preferences()


def test_settings_country_defaults_from_the_system_locale(qtbot, db, monkeypatch):
    from PySide6.QtCore import QLocale
    monkeypatch.setattr("kratomtrack.ui.widgets.warning_banner.QLocale.system",
                        lambda: QLocale(QLocale.Language.English, QLocale.Country.Australia))
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.country.currentData() == "AU"
    assert "1800 250 015" in dialog.help_preview.text()


def test_settings_add_withdrawal_symptoms_in_one_click(qtbot, db):
    dialog = SettingsDialog(db)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.add_withdrawal_button, Qt.MouseButton.LeftButton)
    assert "craving" in [s.name for s in db.side_effects()]
    assert dialog.withdrawal_result.text().startswith("Added: muscle aches")


def test_every_input_has_an_accessible_name(qtbot, db):
    rising_log(db)
    checkups.set_red_flag(db, TODAY, "seizure", today=TODAY)
    banner = WarningBanner(db, default_country="US")
    banner.update_from(db, TODAY)
    widgets = [banner, RedFlagsSection(db), PegDialog(db, today=TODAY), SdsDialog(db, today=TODAY),
               SettingsDialog(db), CheckupDueMarker(db, "peg")]
    from kratomtrack.ui.pages.history.checkups import CheckupHistory
    widgets.append(CheckupHistory(db, today=TODAY))
    for widget in widgets:
        qtbot.addWidget(widget)
        inputs = widget.findChildren(QAbstractSpinBox) + widget.findChildren(QComboBox) \
            + widget.findChildren(QCheckBox) + widget.findChildren(QAbstractButton)
        assert inputs
        for child in inputs:
            name = child.accessibleName() or (child.text() if isinstance(child, QAbstractButton) else "")
            assert name.strip(), f"{type(widget).__name__}: {type(child).__name__} has no accessible name"


def test_checkup_history_lists_edits_deletes_and_undoes(qtbot, db):
    from kratomtrack.ui.pages.history.checkups import CheckupHistory
    checkups.save_peg(db, Peg(ago(8), 6, 5, 4), today=TODAY)
    checkups.save_sds(db, Sds(ago(3), (1, 1, 1, 1, 1)), today=TODAY)
    checkups.set_red_flag(db, ago(1), "dark urine", today=TODAY)
    history = CheckupHistory(db, today=TODAY)
    qtbot.addWidget(history)
    history.set_range(ago(30), TODAY)
    cells = [[history.table.item(r, c).text() for c in range(4)] for r in range(history.table.rowCount())]
    assert [row[0] for row in cells] == ["Thu 19 Nov 2026", "Tue 17 Nov 2026", "Thu 12 Nov 2026"]
    assert [row[1:] for row in cells] == [
        ["Red flag", "dark urine", "possible liver injury"],
        ["Severity of Dependence Scale", "5 of 15 — worth discussing with your doctor", "answers 1 1 1 1 1"],
        ["Weekly pain check (PEG)", "5.0 of 10", "pain 6, enjoyment 5, activity 4"],
    ]
    history.edit(2)
    history.dialog.groups[0].button(9).click()
    with qtbot.waitSignal(history.changed):
        history.dialog.save()
    assert history.table.item(2, 2).text() == "6.0 of 10"
    with qtbot.waitSignal(history.changed):
        history.delete(1)
    assert checkups.all_sds(db) == [] and history.table.rowCount() == 2
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert checkups.all_sds(db) == [Sds(ago(3), (1, 1, 1, 1, 1))]
    history.set_range(ago(2), TODAY)
    assert history.table.rowCount() == 1


def test_demo_log_has_weekly_peg_and_monthly_sds(run_cli, data_dir):
    assert run_cli("demo", "--days", "90", "--today", TODAY.isoformat())[0] == 0
    with LogDatabase.open_folder(data_dir) as db:
        pegs, answers = checkups.all_pegs(db), checkups.all_sds(db)
    assert 8 <= len(pegs) <= 13 and 1 <= len(answers) <= 3
    assert all(p.day <= TODAY for p in pegs)
