"""Coding sheets: written for coders (CSV or XLSX), read back with strict checks.

A sheet has one row per sampled hit and a blank ``correct`` column. Coders
return their own copy; :func:`read_coded` turns any number of returned sheets
into one long table ``match_id, coder, code`` that :func:`toolkit.agreement`
and :func:`toolkit.validate.variant_precision` take. Every row carries the
``sample_id`` of the draw, so that a sheet from another sample is recognised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

#: Accepted spellings of the two default codes (case-insensitive).
YES = ("yes", "1", "y", "true", "t", "correct", "✓", "نعم", "صح")
NO = ("no", "0", "n", "false", "f", "incorrect", "wrong", "✗", "لا", "خطأ")
#: Default codebook: canonical code → accepted spellings.
DEFAULT_CODEBOOK: dict[str, tuple[str, ...]] = {"yes": YES, "no": NO}

#: Columns of a coding sheet, in the order a coder sees them (with the sheet
#: read right to left: context before the hit, the hit, context after, code).
SHEET_COLUMNS: dict[str, str] = {
    "match_id": "the hit: doc_id:start-end (doc_id:title:start-end for a title)",
    "left": "text before the hit",
    "surface": "the hit as written",
    "right": "text after the hit",
    "correct": "the code: blank until coded",
    "note": "free comment of the coder",
    "concept": "lexicon concept",
    "variant": "lexicon variant",
    "term": "lexicon term matched",
    "doc_id": "document",
    "field": "'text' or 'title'",
    "start": "offset of the hit in the field",
    "end": "offset after the hit",
    "stratum": "'in_scope' or 'out_of_scope' (hits a scope rule excluded)",
    "sample_id": "fingerprint of the sample the row belongs to",
}

DEFAULT_RULE = (
    "A hit is correct (yes) when the highlighted words refer to the referent of its concept as the "
    "lexicon describes it; it is wrong (no) otherwise. Leave the cell blank when you cannot decide."
)


def sample_fingerprint(match_ids: Iterable[str]) -> str:
    """Twelve hex digits that identify a sample by its hits (order does not matter).

    Examples
    --------
    >>> sample_fingerprint(["a:1-2", "b:3-4"]) == sample_fingerprint(["b:3-4", "a:1-2"])
    True
    """
    joined = "\n".join(sorted(map(str, match_ids)))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def normalize_codebook(codebook: Mapping[str, Iterable[str]] | Iterable[str] | None) -> dict[str, str]:
    """Spelling (lower case, stripped) → canonical code.

    Examples
    --------
    >>> normalize_codebook(["Frame A", "Frame B"])["frame a"]
    'Frame A'
    >>> normalize_codebook(None)["نعم"]
    'yes'
    """
    if codebook is None:
        codebook = DEFAULT_CODEBOOK
    if isinstance(codebook, Mapping):
        pairs = [(str(s), str(c)) for c, spellings in codebook.items() for s in (c, *spellings)]
    else:
        pairs = [(str(c), str(c)) for c in codebook]
    lookup: dict[str, str] = {}
    for spelling, canonical in pairs:
        key = spelling.strip().lower()
        if lookup.get(key, canonical) != canonical:
            raise ValueError(f"codebook spelling {spelling!r} stands for two codes")
        lookup[key] = canonical
    return lookup


def instructions(sample: pd.DataFrame, *, rule: str = DEFAULT_RULE, codebook=None) -> str:
    """The instructions that go with a coding sheet."""
    lookup = normalize_codebook(codebook)
    codes = sorted(set(lookup.values()))
    spelled = "; ".join(f"{c}: " + ", ".join(sorted({s for s, v in lookup.items() if v == c})) for c in codes)
    ids = sample["sample_id"].iloc[0] if len(sample) else ""
    return "\n".join(
        [
            "CODING INSTRUCTIONS",
            "",
            f"Sample {ids}: {len(sample)} hits of {sample['variant'].nunique()} variants.",
            "Each row is one hit of the lexicon. Read 'left' (text before), 'surface' (the hit) and "
            "'right' (text after), then fill in 'correct'.",
            "",
            "Coding rule: " + rule,
            "",
            f"Codes: {spelled}. A blank cell means not coded.",
            "Code alone: do not look at another coder's sheet. Do not edit, add, delete or reorder "
            "rows, and leave match_id and sample_id as they are. Use 'note' for comments.",
            "Return the file with your name in it (e.g. coding_amal.xlsx).",
        ]
    )


def write_sheet(
    sample: pd.DataFrame, path: str | Path, *, rule: str = DEFAULT_RULE, codebook=None
) -> dict[str, Path]:
    """Write a coding sheet: XLSX (right-to-left, with an instructions sheet) or CSV.

    A ``.csv`` is UTF-8 with a byte-order mark (Excel and LibreOffice then
    read the Arabic correctly); its instructions go beside it in
    ``<name>.instructions.txt``. An ``.xlsx`` has the sheets ``instructions``
    and ``coding``; the coding sheet reads right to left, wraps the context,
    freezes the header and offers the codes in a drop-down list.

    Parameters
    ----------
    sample : pandas.DataFrame
        From :func:`toolkit.sample_for_review`.
    path : path
        ``.xlsx`` or ``.csv``.
    rule : str
        The coding rule written into the instructions.
    codebook : mapping or list, optional
        The codes offered (default yes/no).

    Returns
    -------
    dict
        ``{"sheet": path, "instructions": path}`` (the same path for XLSX).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = instructions(sample, rule=rule, codebook=codebook)
    frame = sample[list(SHEET_COLUMNS)]
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(frame, path, text, codes=sorted(set(normalize_codebook(codebook).values())))
        return {"sheet": path, "instructions": path}
    if path.suffix.lower() != ".csv":
        raise ValueError(f"a coding sheet is written as .csv or .xlsx, not {path.suffix!r}")
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    notes = path.with_name(path.stem + ".instructions.txt")
    notes.write_text(text + "\n", encoding="utf-8")
    return {"sheet": path, "instructions": notes}


def _write_xlsx(frame: pd.DataFrame, path: Path, text: str, *, codes: list[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    about = book.active
    about.title = "instructions"
    for line in text.splitlines():
        about.append([line])
    about.column_dimensions["A"].width = 120
    sheet = book.create_sheet("coding")
    sheet.sheet_view.rightToLeft = True  # Arabic context reads in its own direction
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(v) else (int(v) if isinstance(v, bool) else v) for v in row])
    widths = {"left": 45, "surface": 18, "right": 45, "correct": 9, "note": 20, "match_id": 24}
    for i, name in enumerate(frame.columns, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 14)
        sheet.cell(row=1, column=i).font = Font(bold=True)
    for column in ("left", "surface", "right"):
        letter = sheet.cell(row=1, column=list(frame.columns).index(column) + 1).column_letter
        for cell in sheet[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right")
    code_letter = sheet.cell(row=1, column=list(frame.columns).index("correct") + 1).column_letter
    fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in sheet[code_letter][1:]:
        cell.fill = fill
    if len(frame):
        choices = DataValidation(type="list", formula1='"' + ",".join(codes) + '"', allow_blank=True)
        sheet.add_data_validation(choices)
        choices.add(f"{code_letter}2:{code_letter}{len(frame) + 1}")
    sheet.freeze_panes = "B2"
    book.active = 1
    book.save(path)


def _read_one(sheet: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, str]:
    if isinstance(sheet, pd.DataFrame):
        return sheet.copy(), "the sheet"
    path = Path(sheet)
    if not path.exists():
        raise FileNotFoundError(f"coded sheet {path} does not exist")
    if path.stat().st_size == 0:
        raise ValueError(f"coded sheet {path} is empty (0 bytes)")
    if path.suffix.lower() == ".xlsx":
        names = pd.ExcelFile(path).sheet_names
        name = "coding" if "coding" in names else names[0]
        frame = pd.read_excel(path, sheet_name=name, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame, str(path)


def read_coded(
    sheets: str | Path | pd.DataFrame | list | Mapping,
    *,
    sample: pd.DataFrame | None = None,
    codebook=None,
    code_column: str = "correct",
) -> pd.DataFrame:
    """Read coders' returned sheets into one long table of codes.

    Parameters
    ----------
    sheets : path, DataFrame, list of them, or mapping coder → sheet
        Returned coding sheets (CSV or XLSX). The coder of each is the
        mapping key, else the sheet's ``coder`` column, else the file name
        without extension.
    sample : pandas.DataFrame, optional
        The sample the sheets were made from (what
        :func:`toolkit.sample_for_review` returned). Rows that are not in it
        are an error, and so is a sheet of another sample.
    codebook : mapping or list, optional
        Canonical code → accepted spellings (default yes/no with common
        spellings: 1/0, true/false, ✓/✗, نعم/لا, صح/خطأ).
    code_column : str
        The column holding the codes.

    Returns
    -------
    pandas.DataFrame
        ``match_id``, ``coder``, ``code`` (canonical, missing when blank),
        ``note`` and the sample's ``doc_id``, ``concept``, ``variant``,
        ``stratum`` columns.

    Raises
    ------
    ValueError
        An empty sheet, a sheet without codes, a code outside the codebook
        (naming the row as the spreadsheet numbers it), rows that are not in
        the sample or a sheet of another sample, a hit listed twice.
    """
    if isinstance(sheets, Mapping):
        items = [(str(k), v) for k, v in sheets.items()]
    elif isinstance(sheets, str | Path | pd.DataFrame):
        items = [(None, sheets)]
    else:
        items = [(None, s) for s in sheets]
    lookup = normalize_codebook(codebook)
    frames = []
    codes_sample_ids: list[str] = []
    for coder, sheet in items:
        frame, where = _read_one(sheet)
        if "sample_id" in frame.columns and len(frame):
            codes_sample_ids += list(frame["sample_id"].astype(str).unique())
        if frame.empty:
            raise ValueError(f"{where} has no rows: nothing was coded")
        missing = [c for c in ("match_id", code_column) if c not in frame.columns]
        if missing:
            raise ValueError(f"{where} lacks column(s) {missing}; it has {list(frame.columns)}")
        if coder is None:
            if "coder" in frame.columns and frame["coder"].astype(str).str.strip().ne("").all():
                coder = None  # per row
            elif isinstance(sheet, str | Path):
                coder = Path(sheet).stem
            else:
                raise ValueError("name the coder of a DataFrame sheet: pass {coder: sheet}")
        raw = frame[code_column].fillna("").astype(str).str.strip()
        canonical = raw.str.lower().map(lookup)
        bad = (raw != "") & canonical.isna()
        if bad.any():
            rows = [int(i) + 2 for i in frame.index[bad.to_numpy()][:5]]
            raise ValueError(
                f"{where}: {int(bad.sum())} code(s) outside the codebook {sorted(set(lookup.values()))}, "
                f"e.g. {raw[bad].iloc[0]!r} in row {rows[0]} (rows {rows}; the header is row 1)"
            )
        if (raw == "").all():
            raise ValueError(f"{where}: every {code_column!r} cell is blank: nothing was coded")
        repeated = frame["match_id"].duplicated()
        if repeated.any():
            raise ValueError(f"{where}: hit {frame['match_id'][repeated].iloc[0]!r} is listed twice")
        if sample is not None:
            _check_belongs(frame, sample, where)
        out = pd.DataFrame(
            {
                "match_id": frame["match_id"].astype(str),
                "coder": frame["coder"].astype(str) if coder is None else coder,
                "code": canonical.where(raw != "", None),
                "note": frame["note"].astype(str) if "note" in frame.columns else "",
            }
        )
        if sample is None:
            for column in ("doc_id", "concept", "variant", "stratum"):
                if column in frame.columns:
                    out[column] = frame[column].to_numpy()
        frames.append(out)
    codes = pd.concat(frames, ignore_index=True)
    if sample is None:
        ids = set(codes_sample_ids)
        if len(ids) > 1:
            raise ValueError(f"the sheets come from different samples (sample_ids {sorted(ids)})")
    twice = codes.duplicated(["match_id", "coder"])
    if twice.any():
        raise ValueError(f"coder {codes.loc[twice, 'coder'].iloc[0]!r} returned more than one sheet")
    if sample is not None:
        keep = [c for c in ("match_id", "doc_id", "concept", "variant", "stratum") if c in sample.columns]
        info = sample[keep].astype({"match_id": str}).drop_duplicates("match_id")
        codes = codes.merge(info, on="match_id", how="left")
    return codes


def _check_belongs(frame: pd.DataFrame, sample: pd.DataFrame, where: str) -> None:
    known = set(sample["match_id"].astype(str))
    ids = frame["match_id"].astype(str)
    foreign = ~ids.isin(known)
    if foreign.all():
        theirs = frame["sample_id"].iloc[0] if "sample_id" in frame.columns else "unknown"
        ours = sample["sample_id"].iloc[0] if "sample_id" in sample.columns and len(sample) else "unknown"
        raise ValueError(
            f"{where} is from another sample: none of its {len(frame)} hits are in this one "
            f"(its sample_id {theirs}, this sample's {ours})"
        )
    if foreign.any():
        rows = [int(i) + 2 for i in frame.index[foreign.to_numpy()][:5]]
        raise ValueError(
            f"{where}: {int(foreign.sum())} row(s) are not in the sample, e.g. row {rows[0]} "
            f"({ids[foreign].iloc[0]!r}; rows {rows}; the header is row 1)"
        )
