from __future__ import annotations

from datetime import date

import pytest

from dotterel.stages.dates import resolve_expression

PUB = date(2016, 5, 3)  # a Tuesday


@pytest.mark.parametrize("text,want,precision", [
    ("yesterday", "2016-05-02", "day"),
    ("today", "2016-05-03", "day"),
    ("Monday", "2016-05-02", "day"),
    ("on Sunday", "2016-05-01", "day"),
    ("Tuesday", "2016-05-03", "day"),
    ("last January", "2016-01", "month"),
    ("in March", "2016-03", "month"),
    ("in June", "2015-06", "month"),
    ("two weeks ago", "2016-04-19", "day"),
    ("three days ago", "2016-04-30", "day"),
    ("last month", "2016-04", "month"),
    ("last year", "2015", "year"),
    ("earlier this year", "2016", "year"),
    ("in March 2015", "2015-03", "month"),
    ("September 2015", "2015-09", "month"),
    ("2012", "2012", "year"),
    ("March 5, 2014", "2014-03-05", "day"),
    ("April 30", "2016-04-30", "day"),
    ("the last months", "2016", "year"),
])
def test_expressions(text, want, precision):
    d = resolve_expression(text, PUB)
    assert d is not None and (d.value, d.precision) == (want, precision)


def test_future_weekday_for_intended_events():
    assert resolve_expression("on Friday", PUB, future=True).value == "2016-05-06"


def test_unusable_expression():
    assert resolve_expression("the coming days", PUB) is None
    assert resolve_expression("Monday", None) is None
