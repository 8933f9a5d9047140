"""Reproducible XLSX workbooks: openpyxl stamps the time of saving into the archive and its properties; these
helpers date both from ``SOURCE_DATE_EPOCH`` (default 2000-01-01), so the same content gives the same bytes.

Used by the spreadsheet templates (:mod:`partnerkg.spreadsheets.blanks`) and the Kumu workbook of a map
(:mod:`partnerkg.visualise.exports`).

>>> source_date().tzinfo is None and source_date() >= dt.datetime(1970, 1, 1)
True
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

__all__ = ["reproducible_xlsx", "source_date"]


def source_date() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` as a naive UTC datetime, or 2000-01-01 when it is unset or not a number."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC).replace(tzinfo=None)
    except ValueError:
        return dt.datetime(2000, 1, 1)


def reproducible_xlsx(data: bytes) -> bytes:
    """The same archive with every entry dated SOURCE_DATE_EPOCH (openpyxl stamps the current time)."""
    epoch = source_date()
    stamp = max(epoch, dt.datetime(1980, 1, 1)).timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the time of saving as 'modified'
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + epoch.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()
