"""Side-effect rules of the day editor (core, no window): names already listed,
and ratings kept for side effects hidden from the list."""

from kratomtrack.core.side_effects import is_listed, ratings_to_save


def test_a_name_already_listed_is_found_whatever_its_case():
    names = ["dizziness", "Headache"]
    assert is_listed("headache", names) and is_listed("DIZZINESS", names)
    assert not is_listed("nausea", names) and not is_listed("nausea", [])


def test_a_hidden_side_effect_keeps_its_stored_rating():
    stored = {"headache": 2, "insomnia": 1}
    assert ratings_to_save(stored, ["insomnia", "nausea"], {"nausea": 3}) == {"headache": 2, "nausea": 3}


def test_a_shown_side_effect_saves_what_is_shown_and_unrated_drops_its_rating():
    stored = {"Insomnia": 1, "nausea": 2}
    assert ratings_to_save(stored, ["insomnia", "nausea"], {"insomnia": 3}) == {"insomnia": 3}


def test_nothing_stored_and_nothing_rated_saves_no_ratings():
    assert ratings_to_save({}, ["dizziness"], {}) == {}
