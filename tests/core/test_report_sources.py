"""The report cited as readers know it, not by line number."""

from core.report import cite, strip_line_refs


def test_a_line_in_a_table_cites_the_table():
    assert cite("L3967") == "Fafo-rapport 2018:46, tabell 5.4"


def test_a_range_cites_its_section():
    assert cite("L3758–4177") == "Fafo-rapport 2018:46, avsnitt 5.3 Ta sjansen (Hedmarken i Hedmark fylke)"


def test_text_without_line_references_is_kept():
    assert cite("Tabell 4.1") == "Tabell 4.1"
    assert cite("") == ""


def test_demo_text_loses_its_line_references():
    assert strip_line_refs("Kandidater i arbeid (L3651)") == "Kandidater i arbeid"
