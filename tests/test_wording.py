"""The window's one way to fill and escape translated text."""

from kratomtrack.ui.wording import escape, fill


def test_fill_puts_each_value_in_its_blank():
    assert fill("%1 of %2 days", 5, 7) == "5 of 7 days"


def test_fill_lets_a_translation_reorder_the_blanks():
    assert fill("%2 Tage, davon %1", 5, 7) == "7 Tage, davon 5"


def test_fill_never_fills_a_blank_that_came_in_with_a_value():
    assert fill("%1 and %2", "50%2", "x") == "50%2 and x"


def test_fill_leaves_blanks_without_a_value_and_plain_percent_signs():
    assert fill("%1 at 100% and %3", "a") == "a at 100% and %3"


def test_escape_makes_markup_show_as_text():
    assert escape("<b>Red & Bali</b>") == "&lt;b&gt;Red &amp; Bali&lt;/b&gt;"
