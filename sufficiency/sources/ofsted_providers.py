"""Read one Ofsted provider list or joiners/leavers table into canonical columns.

Only children's homes (children's homes, secure children's homes, residential special
schools registered as children's homes) are kept. Home names, addresses and postcodes are
never read into the result; the owning organisation (published by Ofsted) is. Each kept row carries its file line (``line``) so that later checks
can name it.
"""

from __future__ import annotations

import logging

import pandas as pd

from ..errors import DataError, FixLog, MissingColumn
from ..provenance import Provenance
from . import ofsted_labels as labels
from .ofsted_catalogue import DATED_JOINERS_LEAVERS, OfstedSource, published_without_places
from .tabular import RawTable, _rows_from_csv, _rows_from_workbook, read_table

log = logging.getLogger(__name__)

#: Canonical name for each header spelling (lower case, "latest full inspection " removed).
COLUMN_NAMES = {
    "urn": "urn",
    "provision type": "provision_type",
    "provider type": "provision_type",
    "local authority": "la_name",
    "la": "la_name",
    "parliamentary constituency": "constituency",
    "sector": "sector",
    "organisation": "owner",
    "organisation which owns the provider": "owner",
    "organisation name": "owner",
    "places": "places",
    "max/estimated places": "places",
    "registration date": "registration_date",
    "first effective date (that the provider became active)": "registration_date",
    "date closed": "closed_1",
    "cancelled or resigned date": "closed_1",
    "resigned/closed date": "closed_1",
    "first effective date (that the provider became resigned)": "closed_1",
    "first effective date (that the provider closed)": "closed_2",
    "first effective date (that the provider became cancelled)": "closed_3",
    "joiner status": "joiner_status",
    "leaver status": "leaver_status",
    "leave_join": "leave_join",
    "date": "event_date",
    "registration status": "status_end",
    "reg status": "status_end",
    "short breaks only": "short_breaks_only",
    "short breaks only children's home": "short_breaks_only",
    "short-break-only children's home": "short_breaks_only",
    "inspection date": "inspection_date",
    "overall effectiveness": "pre_overall",
    "safeguarding children and young people": "pre_help_protect",
    "the safety of children and young people": "pre_help_protect",
    "leadership and management": "pre_leadership",
    "overall experiences and progress of children and young people": "sccif_overall",
    "how well children and young people are helped and protected": "sccif_help_protect",
    "the effectiveness of leaders and managers": "sccif_leadership",
}
RATING_COLUMNS = ("rating_overall", "rating_help_protect", "rating_leadership")
OUTPUT_COLUMNS = [
    "urn", "provision_type", "sector", "owner", "la_name", "constituency", "places", "registration_date",
    "closure_date", "joiner", "leaver", "status_start", "status_end", "event_date",
    "short_breaks_only", "inspection_date", "framework", *RATING_COLUMNS, "line",
]


def canonical_name(header: str) -> str | None:
    h = " ".join(header.replace("\u2019", "'").split()).lower()
    if h.startswith("previous"):
        return None
    if h.startswith("latest full inspection "):
        h = h[len("latest full inspection "):]
        if h == "date":
            return "inspection_date"
    if h.startswith("registration status"):
        return "status_start" if ("startdate" in h or "1 april" in h) else "status_end"
    return COLUMN_NAMES.get(h)


def _columns(raw: RawTable) -> dict[str, str]:
    """canonical name -> published header (first occurrence wins)."""
    out: dict[str, str] = {}
    for col in raw.frame.columns:
        name = canonical_name(col) if col != "_line" else None
        if name and name not in out:
            out[name] = col
    return out


def _map_labels(values: pd.Series, lines: pd.Series, fn, *, file, column: str) -> pd.Series:
    """Apply a label function once per distinct value, naming the first row of a bad one."""
    mapping = {}
    for value in values.unique():
        first = values.index[values == value][0]
        mapping[value] = fn(value, file=file, row=int(lines[first]), column=column)
    return values.map(mapping)


NULL_TOKENS = {"NULL"}


def _dates(values: pd.Series, lines: pd.Series, *, file, column: str, fixes: FixLog) -> pd.Series:
    text = values.fillna("").astype(str).str.strip()
    null = text.isin(NULL_TOKENS)
    if null.any():
        fixes.add(file, f"date cell 'NULL' read as missing ({column})", int(null.sum()),
                  example=f"row {int(lines[null.idxmax()])}")
        text = text.where(~null, "")
    parsed = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    iso = pd.to_datetime(text.where(parsed.isna()), format="%Y-%m-%d", errors="coerce")
    parsed = parsed.fillna(iso)
    bad = parsed.isna() & (text != "")
    if bad.any():
        i = bad.idxmax()
        raise DataError("a date that is neither dd/mm/yyyy nor yyyy-mm-dd", file=file, row=int(lines[i]),
                        column=column, value=text[i], hint="Correct the cell or add its format to ofsted_providers._dates")
    return parsed.astype("datetime64[ns]")


def _places(values: pd.Series, lines: pd.Series, *, file, column: str, fixes: FixLog) -> pd.Series:
    text = values.str.replace(",", "", regex=False).str.strip()
    num = pd.to_numeric(text, errors="coerce")
    bad = num.isna() & (text != "") | (num.notna() & (num % 1 != 0))
    if bad.any():
        i = bad.idxmax()
        raise DataError("registered places must be a whole number", file=file, row=int(lines[i]),
                        column=column, value=values[i], hint="Correct the cell in the file")
    blank = text == ""
    fixes.add(file, "children's home with blank places read as missing", int(blank.sum()),
              example=f"row {int(lines[blank.idxmax()])}" if blank.any() else None)
    return num.astype("Int64")


def _owner(values: pd.Series, lines: pd.Series, *, file, fixes: FixLog) -> pd.Series:
    text = values.fillna("").astype(str)
    clean = text.map(lambda t: " ".join(t.split()))
    spaced = clean != text.str.strip()
    fixes.add(file, "owner name with repeated spaces: collapsed to single spaces", int(spaced.sum()),
              example=f"row {int(lines[spaced.idxmax()])}" if spaced.any() else None)
    return clean.replace("", None)


def read_source(
    source: OfstedSource,
    *,
    provenance: Provenance | None = None,
    fixes: FixLog | None = None,
    require_places: bool | None = None,
) -> pd.DataFrame:
    """Children's-home rows of ``source`` in canonical columns (see OUTPUT_COLUMNS).

    ``require_places`` (default: every source but those Ofsted published without places,
    ``ofsted_catalogue.PUBLISHED_WITHOUT_PLACES``): a missing places column stops the read.
    A URN listed twice in a list or an official joiners/leavers table stops it too, unless
    both rows hold the same values (then the second is dropped, a counted fix)."""
    fixes = fixes if fixes is not None else (provenance.fixes if provenance else FixLog())
    if require_places is None:
        require_places = not published_without_places(source)
    raw = _read(source)
    df, cols, file = raw.frame, _columns(raw), source.label
    lines = df["_line"]
    for need in ("urn", "provision_type", "la_name", "sector"):
        if need not in cols:
            raise MissingColumn(
                f"the header row has no {need.replace('_', ' ')} column",
                file=file, row=raw.header_line, value=", ".join(c for c in df.columns if c != "_line"),
                hint="Check the file is an Ofsted provider list, or add the new column name to ofsted_providers.COLUMN_NAMES",
            )
    if require_places and "places" not in cols:
        raise MissingColumn(
            "the header row has no places column ('Places' or 'Max/Estimated Places'); without it the homes "
            "of this list would take their places from other lists unnoticed",
            file=file, row=raw.header_line, value=", ".join(c for c in df.columns if c != "_line"),
            hint="Use a release of the list that has registered places, or add the new name of the column to "
                 "ofsted_providers.COLUMN_NAMES",
        )
    ptype = _map_labels(df[cols["provision_type"]], lines, labels.provision_type, file=file, column=cols["provision_type"])
    keep = ptype != labels.OTHER_PROVISION
    df, ptype, lines = df[keep], ptype[keep], lines[keep]

    out = pd.DataFrame(index=df.index)
    out["urn"] = df[cols["urn"]].str.strip()
    blank_urn = out["urn"] == ""
    if blank_urn.any():
        i = blank_urn.idxmax()
        raise DataError("a children's home without a URN", file=file, row=int(lines[i]), column=cols["urn"],
                        value="", hint="Every Ofsted provider has a URN; correct the row")
    out["provision_type"] = ptype
    out["sector"] = _map_labels(df[cols["sector"]], lines, labels.sector, file=file, column=cols["sector"])
    out["la_name"] = df[cols["la_name"]].str.strip()
    if (out["la_name"] == "").any():
        i = (out["la_name"] == "").idxmax()
        raise DataError("a children's home without a local authority", file=file, row=int(lines[i]),
                        column=cols["la_name"], value="", hint="Correct the row in the file")
    out["constituency"] = df[cols["constituency"]].str.strip().replace("", None) if "constituency" in cols else None
    # the owning organisation as published, spaces collapsed (merged across years: sources.ofsted_owners)
    out["owner"] = _owner(df[cols["owner"]], lines, file=file, fixes=fixes) if "owner" in cols else None
    if "places" in cols:
        out["places"] = _places(df[cols["places"]], lines, file=file, column=cols["places"], fixes=fixes)
    else:
        out["places"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    for name in ("registration_date", "event_date", "inspection_date"):
        out[name] = (_dates(df[cols[name]], lines, file=file, column=cols[name], fixes=fixes) if name in cols
                     else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]"))
    closed = [_dates(df[cols[c]], lines, file=file, column=cols[c], fixes=fixes) for c in ("closed_1", "closed_2", "closed_3") if c in cols]
    out["closure_date"] = pd.concat(closed, axis=1).min(axis=1) if closed else pd.NaT
    out["closure_date"] = out["closure_date"].astype("datetime64[ns]")
    out["joiner"], out["leaver"] = _join_leave(df, cols, lines, source)
    for name in ("status_start", "status_end"):
        out[name] = df[cols[name]].str.strip().replace("", None) if name in cols else None
    if "short_breaks_only" in cols:
        labels.check_short_breaks(df[cols["short_breaks_only"]], lines, file=file, column=cols["short_breaks_only"])
        out["short_breaks_only"] = labels.short_breaks(df[cols["short_breaks_only"]])
    else:
        out["short_breaks_only"] = pd.Series(pd.NA, index=df.index, dtype="boolean")
    _ratings(out, df, cols, lines, file, fixes)
    out["line"] = lines.astype(int)
    out = out[OUTPUT_COLUMNS].reset_index(drop=True)
    if source.kind != DATED_JOINERS_LEAVERS:  # the research compilation lists each home's join and leave
        out = _one_row_per_urn(out, cols, file, fixes)
    if provenance is not None:
        provenance.record(source.path, rows_read=len(raw.frame), rows_kept=len(out), part=source.sheet)
    return out


def _cell(value) -> str:
    """A canonical value as text, for comparing two rows and naming what differs."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _one_row_per_urn(out: pd.DataFrame, cols: dict[str, str], file: str, fixes: FixLog) -> pd.DataFrame:
    """Each URN once: a repeated row with the same values is dropped (a counted fix); a URN
    listed twice with different values stops the build, naming both rows and the values."""
    repeated = out["urn"].duplicated(keep=False)
    if not repeated.any():
        return out
    values = [c for c in OUTPUT_COLUMNS if c != "line"]
    same = out.duplicated(subset=values, keep="first")
    for urn, rows in out[repeated & ~same].groupby("urn", sort=False):
        if len(rows) < 2:
            continue
        first, second = rows.iloc[0], rows.iloc[1]
        differ = next(c for c in values if _cell(first[c]) != _cell(second[c]))
        raise DataError(
            f"URN {urn} is listed twice with different values: row {int(first['line'])} has "
            f"{_cell(first[differ])!r}, this row has {_cell(second[differ])!r}",
            file=file, row=int(second["line"]), column=cols.get(differ, differ), value=_cell(second[differ]),
            hint="A list holds each home once: remove the wrong row",
        )
    dropped = out[same]
    fixes.add(file, "URN listed twice with the same values: the repeated row dropped", len(dropped),
              example=f"URN {dropped['urn'].iloc[0]}, row {int(dropped['line'].iloc[0])}")
    log.warning("%s: %d URN(s) listed twice with the same values; the repeated rows are dropped (first: URN %s, "
                "row %d)", file, len(dropped), dropped["urn"].iloc[0], int(dropped["line"].iloc[0]))
    return out[~same].reset_index(drop=True)


def _read(source: OfstedSource) -> RawTable:
    """read_table, with a no-URN-header error that shows the likeliest header line."""
    try:
        return read_table(source.path, sheet=source.sheet)
    except MissingColumn:
        rows = (_rows_from_workbook(source.path, source.sheet) if source.sheet else _rows_from_csv(source.path)[0])[:30]
        best = max(range(len(rows)), key=lambda i: sum(bool(str(c).strip()) for c in rows[i]), default=None)
        cells = ", ".join(str(c).strip() for c in rows[best] if str(c).strip()) if best is not None else ""
        raise MissingColumn(
            "no header row with a 'URN' column in the first 30 lines; the fullest line is shown",
            file=source.label, row=None if best is None else best + 1, value=cells,
            hint="Ofsted lists identify providers by URN: check that this is an Ofsted provider list "
                 "and that its URN column is named 'URN'",
        ) from None


def _join_leave(df, cols, lines, source) -> tuple[pd.Series, pd.Series]:
    if source.kind == DATED_JOINERS_LEAVERS:
        if "leave_join" not in cols or "event_date" not in cols:
            raise MissingColumn("the compilation has no 'leave_join' or 'Date' column", file=source.label)
        v = df[cols["leave_join"]].str.strip().str.lower()
        bad = ~v.isin(["join", "leave"])
        if bad.any():
            i = bad.idxmax()
            raise DataError("leave_join must be 'Join' or 'Leave'", file=source.label, row=int(lines[i]),
                            column=cols["leave_join"], value=df.loc[i, cols["leave_join"]])
        return v == "join", v == "leave"
    j = df[cols["joiner_status"]].str.strip().str.lower() == "joiner" if "joiner_status" in cols else False
    lv = df[cols["leaver_status"]].str.strip().str.lower() == "leaver" if "leaver_status" in cols else False
    return j, lv


def _ratings(out, df, cols, lines, file, fixes: FixLog) -> None:
    pre = "pre_overall" in cols
    sccif = "sccif_overall" in cols
    prefix = "pre_" if pre else "sccif_"
    for canon, part in zip(RATING_COLUMNS, ("overall", "help_protect", "leadership")):
        key = prefix + part
        if key in cols:
            src = df[cols[key]]
            keys = src.str.strip().str.lower()
            not_judged = keys.isin(labels.NOT_JUDGED)
            fixes.add(file, f"rating 'Not judged' read as missing ({canon})", int(not_judged.sum()),
                      example=f"row {int(lines[not_judged.idxmax()])}" if not_judged.any() else None)
            legacy = keys.isin(labels.LEGACY_RATINGS)
            fixes.add(file, f"legacy grade 'Adequate'/'Satisfactory' read as 'Requires improvement to be good' ({canon})",
                      int(legacy.sum()), example=f"row {int(lines[legacy.idxmax()])}" if legacy.any() else None)
            out[canon] = _map_labels(src, lines, labels.rating, file=file, column=cols[key]).astype("string")
        else:
            out[canon] = pd.Series(pd.NA, index=df.index, dtype="string")
    framework = labels.FRAMEWORK_PRE_2019 if pre else labels.FRAMEWORK_SCCIF if sccif else None
    rated = out[list(RATING_COLUMNS)].notna().any(axis=1)
    out["framework"] = pd.Series(pd.NA, index=df.index, dtype="string")
    if framework:
        out.loc[rated, "framework"] = framework
