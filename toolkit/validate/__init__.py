"""Validation: coded samples, agreement between coders, precision and recall, corrected shares.

The stage between annotation and comparison::

    sample_for_review → (coders) → read_coded / read_label_studio → agreement
    → variant_precision / variant_recall → corrected_shares → validation_report

Examples
--------
>>> import toolkit
>>> codes = [["yes", "yes"], ["no", "no"], ["yes", "no"], ["yes", "yes"]]
>>> round(toolkit.agreement(codes, n_boot=0).alpha, 3)
0.533
"""

from toolkit.validate.agreement import Agreement, AgreementUndefinedError, AgreementWarning, agreement
from toolkit.validate.corrected import CORRECTED_COLUMNS, ValidationWarning, corrected_shares
from toolkit.validate.labelstudio import (
    label_studio_spans,
    label_studio_tasks,
    read_label_studio,
    utf16_offsets,
)
from toolkit.validate.precision import (
    PRECISION_TABLE_COLUMNS,
    RECALL_COLUMNS,
    match_ids,
    pool_codes,
    restratify,
    variant_precision,
    variant_recall,
)
from toolkit.validate.report import plot_corrected_shares, validation_html, validation_report
from toolkit.validate.sheets import (
    DEFAULT_CODEBOOK,
    DEFAULT_RULE,
    SHEET_COLUMNS,
    normalize_codebook,
    read_coded,
    sample_fingerprint,
    write_sheet,
)
from toolkit.validate.simulate import simulate_validated

__all__ = [
    "CORRECTED_COLUMNS",
    "DEFAULT_CODEBOOK",
    "DEFAULT_RULE",
    "PRECISION_TABLE_COLUMNS",
    "RECALL_COLUMNS",
    "SHEET_COLUMNS",
    "Agreement",
    "AgreementUndefinedError",
    "AgreementWarning",
    "ValidationWarning",
    "agreement",
    "corrected_shares",
    "label_studio_spans",
    "label_studio_tasks",
    "match_ids",
    "normalize_codebook",
    "plot_corrected_shares",
    "pool_codes",
    "read_coded",
    "read_label_studio",
    "restratify",
    "sample_fingerprint",
    "simulate_validated",
    "utf16_offsets",
    "validation_html",
    "validation_report",
    "variant_precision",
    "variant_recall",
    "write_sheet",
]
