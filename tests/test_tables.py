from campaign.tables import format_table


def test_columns_are_padded_to_their_widest_cell_without_trailing_spaces():
    assert format_table([("CODE", "NAME", "GAPS"), ("BE", "Belgium", "-"), ("XK", "Kosovo", "")]) == [
        "CODE  NAME     GAPS",
        "BE    Belgium  -",
        "XK    Kosovo",
    ]


def test_no_rows_no_lines():
    assert format_table([]) == []
