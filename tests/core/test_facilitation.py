from core import facilitation


def test_four_categories_with_finn_kandidat_value_sets():
    assert [c.value for c in facilitation.Category] == [
        "arbeidstid",
        "fysisk",
        "arbeidshverdagen",
        "utfordringer_med_norsk",
    ]
    assert len(facilitation.all_codes()) == 5 + 7 + 7 + 5
    assert "arbeidshverdagen:mentor" in facilitation.all_codes()


def test_codes_labels_and_categories():
    assert facilitation.is_valid_code("fysisk:ergonomi")
    assert not facilitation.is_valid_code("fysisk:diagnose") and not facilitation.is_valid_code("ukjent:x")
    assert str(facilitation.label("arbeidstid:fleksibel")) == "Arbeidstid: Fleksibel arbeidstid"
    assert facilitation.categories_of(["fysisk:syn", "fysisk:horsel", "x:y"]) == {"fysisk"}
    groups = facilitation.grouped_choices()
    assert len(groups) == 4 and groups[0][1][0][0] == "arbeidstid:heltid"
