"""Article text and metadata from HTML pages, through trafilatura."""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura


@dataclass(frozen=True)
class ExtractedHtml:
    """What trafilatura found in one page."""

    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str = ""


def extract_html(html: str) -> ExtractedHtml:
    """Extract the main text and metadata of an HTML page.

    Parameters
    ----------
    html : str
        Decoded HTML.

    Returns
    -------
    ExtractedHtml
        ``text`` is empty when no article text was found. The page's
        paragraphs are separated by newlines, so the page segmenter can then
        classify them like those of a text file.
    """
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False
    )
    if document is None:
        return ExtractedHtml(text="", note="trafilatura found no main text")
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    tags = [t.strip() for t in (found.get("tags") or "").split(",") if t.strip()]
    return ExtractedHtml(
        text=found.get("text") or "",
        title=found.get("title"),
        date=found.get("date"),
        sitename=found.get("sitename"),
        url=found.get("url"),
        tags=tags,
        note=f"text extracted from HTML with trafilatura {trafilatura.__version__}",
    )
