"""Small-cell suppression and CSV, without the database."""

import pytest

from core.figures import Cell, Figure, Series, amount, count, figure_csv, percent


@pytest.mark.parametrize(
    "value, businesses, text, chart",
    [
        pytest.param(0, 0, "0", 0, id="zero-shown"),
        pytest.param(1, 1, "<5", None, id="one-suppressed"),
        pytest.param(4, 4, "<5", None, id="four-suppressed"),
        pytest.param(5, 5, "5", 5, id="five-shown"),
        pytest.param(12, 3, "–", None, id="orders-of-three-sellers-dash"),
        pytest.param(3, None, "3", 3, id="not-about-businesses"),
    ],
)
def test_count_suppression(value, businesses, text, chart):
    cell = count(value, businesses) if businesses is not None else Cell(value, None, "count")
    assert cell.text == text and cell.chart_value == chart and cell.csv == text


def test_amounts_and_rates_of_suppressed_cells_are_hidden():
    assert amount(20_000_000, 4).text == "–" and amount(20_000_000, 4).chart_value is None
    assert amount(20_000_000, 5).csv == "20000000"
    assert percent(count(3), count(10)).text == "–"
    assert percent(count(10), count(3)).text == "–"
    assert percent(count(6), count(12)).csv == "50.0"
    assert percent(count(0), count(0)).text == "–"


def test_csv_has_suppressed_cells_and_defuses_formulas():
    figure = Figure(
        key="k",
        title="T",
        label_heading="Kecamatan",
        labels=["=cmd()", "Weleri"],
        series=[Series("Usaha", [count(2), count(9)])],
    ).as_context()
    assert figure_csv(figure).splitlines() == ["Kecamatan,Usaha", "'=cmd(),<5", "Weleri,9"]
    assert figure["chart"]["datasets"][0]["data"] == [None, 9]
    assert figure["chart"]["datasets"][0]["text"] == ["<5", "9"]
    assert "disembunyikan" in figure["summary"] and "Weleri (9)" in figure["summary"]
