"""Every CSV file the site writes goes through here, so none can carry a formula.

A spreadsheet opening the file runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return before one) as a formula, and a budget item's title is
typed by staff: one careless or hostile paste would then run on every reader's machine.
OWASP's rule is applied to every cell, ours included: a leading quote makes the cell
text. Amounts are never negative (the money fields refuse it), so no number we format
ourselves starts with one of these characters and none is changed.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The cell as text a spreadsheet shows rather than runs; None stays an empty cell."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename, header, rows):
    """A CSV download: a header row, then the rows, every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in [header, *rows]:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
