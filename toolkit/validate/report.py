"""The validation section of the framing report, and its figure."""

from __future__ import annotations

import html
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.validate.agreement import AgreementUndefinedError, AgreementWarning, agreement
from toolkit.validate.corrected import ValidationWarning, corrected_shares
from toolkit.validate.precision import variant_precision
from toolkit.validate.sheets import read_coded

#: A variant whose precision interval starts below this falls short.
PRECISION_TARGET = 0.8
#: Alpha below this is reported as too low to rely on (Krippendorff's 0.667).
ALPHA_TARGET = 0.667

NO_VALIDATION = (
    "No validation was supplied: the label shares in this report count lexicon hits as they are. "
    "How many of the hits are right (precision) has not been measured, so the shares are not corrected "
    "for the lexicon's errors. Draw a sample with toolkit.sample_for_review, have it coded, and rerun "
    "with --validation coded.csv."
)


def plot_corrected_shares(
    table: pd.DataFrame,
    *,
    by: str = "outlet",
    ax: Axes | None = None,
    title: str | None = None,
    lexicon: object | None = None,
    labels: str = "both",
) -> Figure:
    """Uncorrected and corrected shares side by side, per group and variant.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`toolkit.validate.corrected_shares` (a ``concept``
        column is used for the title).
    by : str
        The group column.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes.
    title : str, optional
        The title (default: the concept's label).
    lexicon : Lexicon, optional
        Gives the display labels of the concept and its variants; without
        it, identifiers are shown as words («palestinian factions»).
    labels : {"ar", "en", "both"}
        Arabic label, English gloss, or both (as :func:`toolkit.plot.plot_label_shares`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from toolkit.plot import PALETTE, arabic_text
    from toolkit.plot._axes import new_axes, require
    from toolkit.plot.labels import concept_names, name_of, readable, variant_names
    from toolkit.plot.style import house_style

    require(table, [by, "variant", "share", "ci_low", "ci_high", "share_corrected", "ci_low_corrected",
                    "ci_high_corrected"], "plot_corrected_shares")  # fmt: skip
    concept = table["concept"].iloc[0] if "concept" in table.columns and len(table) else None
    shown = variant_names(lexicon, labels=labels)
    with house_style():
        fig, ax = new_axes(ax, aspect=0.35 + 0.12 * table[by].nunique())
        groups = sorted(table[by].dropna().unique(), key=str)
        variants = list(dict.fromkeys(table["variant"]))
        step = 0.8 / max(len(variants), 1)
        for k, variant in enumerate(variants):
            legend = name_of(shown, (str(concept), variant), readable(variant))
            rows = table[table["variant"] == variant].set_index(by).reindex(groups)
            base = np.arange(len(groups)) - 0.4 + step * (k + 0.5)
            color = PALETTE[k % len(PALETTE)]
            for suffix, offset, marker, fill, label in (
                ("", -step / 5, "o", "none", "_nolegend_"),
                ("_corrected", step / 5, "o", color, legend),
            ):
                share = rows[f"share{suffix}"].to_numpy(dtype=float)
                err = [np.nan_to_num(share - rows[f"ci_low{suffix}"].to_numpy(dtype=float)),
                       np.nan_to_num(rows[f"ci_high{suffix}"].to_numpy(dtype=float) - share)]  # fmt: skip
                err = np.clip(err, 0, None)  # a point on its interval's edge
                ax.errorbar(share, base + offset, xerr=err, fmt=marker, ms=4, lw=1, capsize=1.5, color=color,
                            mfc=fill, label=arabic_text(label))  # fmt: skip
        ax.set_yticks(np.arange(len(groups)), [arabic_text(g) for g in groups])
        ax.set_xlim(-0.02, 1.02)
        ax.set_xlabel("share of mentions (95% interval): open = hits as counted, filled = corrected")
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        if title or concept:
            name = name_of(concept_names(lexicon, labels=labels), str(concept), readable(concept))
            ax.set_title(arabic_text(title or f"{name}: corrected for precision"))
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize="small")
    return fig


def validation_html(
    *,
    agreement_table: pd.DataFrame | None,
    precision: pd.DataFrame | None,
    corrected: pd.DataFrame | None,
    figures: dict[str, str] | None = None,
    notes: list[str] | None = None,
    target: float = PRECISION_TARGET,
) -> str:
    """The validation section as HTML (states plainly when nothing was supplied).

    Parameters
    ----------
    agreement_table : pandas.DataFrame or None
        :meth:`toolkit.validate.Agreement.to_frame`, None with one coder.
    precision : pandas.DataFrame or None
        :func:`toolkit.validate.variant_precision`; None: no validation.
    corrected : pandas.DataFrame or None
        :func:`toolkit.validate.corrected_shares` of the coded concepts.
    figures : dict, optional
        Figure name → PNG path relative to the page.
    notes : list of str, optional
        Remarks shown first.
    target : float
        Precision a variant's interval should stay above.

    Returns
    -------
    str

    Examples
    --------
    >>> "No validation was supplied" in validation_html(agreement_table=None, precision=None, corrected=None)
    True
    """
    parts = ['<section id="validation"><h2>Validation</h2>']
    if precision is None:
        parts.append(f'<p class="no-validation"><strong>{html.escape(NO_VALIDATION)}</strong></p></section>')
        return "\n".join(parts)
    for note in notes or []:
        parts.append(f"<p><em>{html.escape(note)}</em></p>")
    parts.append("<h3>Agreement between coders</h3>")
    if agreement_table is None or agreement_table.empty:
        parts.append("<p>One coder only: agreement between coders was not measured.</p>")
    else:
        row = agreement_table.iloc[0]
        if row["defined"]:
            verdict = "" if row["alpha"] >= ALPHA_TARGET else f" (below {ALPHA_TARGET}: too low to rely on)"
            parts.append(
                f"<p>Krippendorff's alpha ({row['level']}) = {row['alpha']:.3f} "
                f"[{row['ci_low']:.3f}, {row['ci_high']:.3f}] over {row['n_units']} hits coded by "
                f"{row['n_coders']} coders{html.escape(verdict)}"
                + (f"; Cohen's kappa = {row['kappa']:.3f}" if pd.notna(row["kappa"]) else "")
                + "</p>"
            )
        else:
            parts.append(f"<p><strong>{html.escape(str(row['reason']))}</strong></p>")
    parts.append(f"<h3>Precision per variant (Wilson 95% intervals; target {target:.0%})</h3>")
    shown = precision.assign(falls_short=precision["ci_low"] < target)
    short = shown[(shown["stratum"] == "in_scope") & shown["falls_short"]]
    if len(short):
        names = ", ".join(f"{c}/{v}" for c, v in zip(short["concept"], short["variant"], strict=True))
        parts.append(
            f"<p><strong>Falling short</strong> (interval reaches below {target:.0%}): "
            f"{html.escape(names)}</p>"
        )
    else:
        parts.append(f"<p>Every coded variant's interval lies above {target:.0%}.</p>")
    parts.append(f'<div class="ar" dir="auto">{shown.round(3).to_html(index=False)}</div>')
    if corrected is not None and len(corrected):
        parts.append("<h3>Shares corrected for precision</h3>")
        parts.append(
            "<p>The corrected share weights each variant's hits by its precision; its interval resamples "
            "documents and draws each precision from its Beta posterior (see toolkit.validate.corrected).</p>"
        )
        for name, src in (figures or {}).items():
            parts.append(f'<img src="{html.escape(src)}" alt="{html.escape(name)}">')
        cols = [c for c in ("concept", "outlet", "variant", "n_mentions", "share", "ci_low", "ci_high",
                            "share_corrected", "ci_low_corrected", "ci_high_corrected", "precision")
                if c in corrected.columns]  # fmt: skip
        parts.append(f'<div class="ar" dir="auto">{corrected[cols].round(3).to_html(index=False)}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def validation_report(
    coded: str | Path | list | None,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    folder: str | Path,
    concepts: list[str],
    by: str = "outlet",
    n_boot: int = 2000,
    seed: int = 0,
    reuse: pd.DataFrame | None = None,
    provenance: dict | None = None,
    lexicon: object | None = None,
    labels: str = "both",
) -> tuple[str, dict[str, Path]]:
    """Compute and write the report's validation section from returned coding sheets.

    Parameters
    ----------
    coded : path, list of paths, or None
        Coded sheets (one per coder, see :func:`toolkit.validate.read_coded`);
        None gives the section that says no validation was supplied.
    matches, documents : pandas.DataFrame
        The report's matches and stories.
    folder : path
        The report folder (tables go to ``tables/``, figures to ``figures/``).
    concepts : list of str
        Concepts of the report; those with coded hits get corrected shares.
    by, n_boot, seed, reuse
        As for :func:`toolkit.label_shares`.
    provenance : dict, optional
        Provenance written beside the figures.
    lexicon, labels : optional
        Display labels of the figures (see :func:`plot_corrected_shares`).

    Returns
    -------
    tuple
        The section's HTML and the tables written (name → path).
    """
    if coded is None:
        return validation_html(agreement_table=None, precision=None, corrected=None), {}
    from toolkit.plot import save

    folder = Path(folder)
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    codes = read_coded(coded)
    notes: list[str] = []
    ids = set(codes["match_id"])
    if "doc_id" in matches.columns:
        present = set(matches["doc_id"].astype(str))
        if not any(m.split(":")[0] in present for m in ids):
            notes.append("The coded hits come from documents not in this corpus: their precision is applied "
                         "as a property of the lexicon.")  # fmt: skip
    agreement_table = None
    if codes["coder"].nunique() >= 2:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", AgreementWarning)
            try:
                agreement_table = agreement(
                    codes, unit="match_id", n_boot=n_boot, seed=seed, undefined="warn"
                ).to_frame()
            except (AgreementUndefinedError, ValueError) as error:
                notes.append(f"Agreement could not be computed: {error}")
        notes += [str(w.message) for w in caught if "left out" in str(w.message)]
    precision = variant_precision(codes)
    tables = {"validation_precision": folder / "tables" / "validation_precision.csv"}
    precision.to_csv(tables["validation_precision"], index=False)
    if agreement_table is not None:
        tables["validation_agreement"] = folder / "tables" / "validation_agreement.csv"
        agreement_table.to_csv(tables["validation_agreement"], index=False)
    corrected_parts, figures = [], {}
    coded_concepts = set(precision.loc[precision["stratum"] == "in_scope", "concept"].astype(str))
    for concept in [c for c in concepts if c in coded_concepts]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ValidationWarning)
            table = corrected_shares(
                matches, documents, concept=concept, validation=precision, by=by, n_boot=n_boot, seed=seed,
                reuse=reuse, unvalidated="as_is",
            ).assign(concept=concept)  # fmt: skip
        notes += [str(w.message) for w in caught if issubclass(w.category, ValidationWarning)]
        corrected_parts.append(table)
        fig = plot_corrected_shares(table, by=by, lexicon=lexicon, labels=labels)
        name = f"corrected_shares_{len(figures):02d}"
        record = {**(provenance or {}), "parameters": {"concept": concept, "n_boot": n_boot}}
        paths = save(fig, folder / "figures" / name, provenance=record)
        plt.close(fig)
        figures[name] = paths["png"].relative_to(folder).as_posix()
    corrected = pd.concat(corrected_parts, ignore_index=True) if corrected_parts else None
    if corrected is not None:
        tables["corrected_shares"] = folder / "tables" / "corrected_shares.csv"
        corrected.to_csv(tables["corrected_shares"], index=False)
    section = validation_html(
        agreement_table=agreement_table,
        precision=precision,
        corrected=corrected,
        figures=figures,
        notes=notes,
    )
    return section, tables
