"""Write tests/fixtures/ant_2018-05-13_16_events.csv: hand-checked event labels.

Run: ``.venv/bin/python benchmarks/make_event_fixture.py`` (needs ../shared/corpora).

Labelling rule (applied to titles of ANT politics articles published
2018-05-13..16 UTC, then every label read and checked by a person; the
corrections are listed in OVERRIDES):

- ``embassy``: the title is about the opening or move of the US embassy in
  Jerusalem (the ceremony, its guests, who attended or stayed away), and
  names no killing, clash or protest;
- ``gaza``: the title is about the killings, clashes or protests at the
  Gaza border (casualties, victims, strikes), and names no embassy;
- ``reactions``: the title is about condemnations, diplomatic steps or UN
  Security Council action in response to the killings or the move;
- ``guatemala``: Guatemala's embassy opening in Jerusalem on 16 May;
- titles that name both the embassy and the killings, opinion pieces,
  interviews and other stories are left out.

Only doc ids and labels are written (the ANT licence does not clearly allow
redistributing its texts).
"""

from __future__ import annotations

import re

import toolkit
from toolkit.paths import ANT_POLITICS, REPO

TARGET = REPO / "tests" / "fixtures" / "ant_2018-05-13_16_events.csv"
EMBASSY = re.compile(r"سفار|السفارة|نقل السفارة|تدشين|افتتاح")
GAZA = re.compile(
    r"قتل|قتيل|قتلى|مقتل|مواجهات|رصاص|مجزرة|جرحى|الجرحى|ضحية|رضيعة|احتجاج|تظاهر|غارات|نزيف|دام|مذبحة|الغاز"
)
REACTION = re.compile(
    r"إدان|تدين|يدين|تستنكر|ردود فعل|مجلس الأمن|تستدعي|يستدعي|طرد|تحقيق|سفير|قنصل"
    r"|جلسة|مشروع قرار|اجتماع طارئ|الجامعة العربية"
)
CONTEXT = re.compile(r"غزة|القدس|الفلسطيني|إسرائيل|السفارة|النكبة")
#: Labels changed after reading the titles: doc_id -> label ("" drops it).
OVERRIDES: dict[str, str] = {
    "politics:8066": "",  # opinion piece on the move, no event
    "politics:8106": "",  # opinion piece
    "politics:8130": "reactions",  # PLO statement on the opening
    "politics:8169": "reactions",  # Abbas on the opening
    "politics:8174": "reactions",  # Arab League's Abu al-Gheit on the opening
    "politics:8182": "reactions",  # White House blames Hamas
    "politics:8194": "reactions",  # Abbas on the embassy
    "politics:8217": "",  # Security Council letter on settlements: another story
    "politics:8245": "",  # names both the opening and Gaza
    "politics:8247": "",  # strike and Nakba siren, not the Gaza border
    "politics:8253": "reactions",  # Saudi rejection of the move
    "politics:8258": "reactions",  # Kremlin statement
    "politics:8329": "",  # interview
    "politics:8343": "guatemala",  # Guatemala's embassy, two days later
    "politics:8351": "",  # interview on a Palestinian state
    "politics:8376": "guatemala",
    "politics:8397": "guatemala",
    "politics:8398": "reactions",  # Sisi on the move
    "politics:8419": "",  # air strikes of 16 May, another event
}


def label(title: str) -> str:
    if not CONTEXT.search(title):
        return ""
    if REACTION.search(title):
        return "reactions"
    embassy, gaza = bool(EMBASSY.search(title)), bool(GAZA.search(title))
    if embassy and not gaza:
        return "embassy"
    if gaza and not embassy:
        return "gaza"
    return ""


def main() -> None:
    docs = toolkit.load_corpus(ANT_POLITICS).documents
    window = docs[(docs["published"] >= "2018-05-13") & (docs["published"] < "2018-05-17")]
    window = window.drop_duplicates("title")
    rows = []
    for doc in window.itertuples():
        tag = OVERRIDES.get(doc.doc_id, label(doc.title or ""))
        if tag:
            rows.append((doc.doc_id, doc.outlet, doc.published.date().isoformat(), tag, doc.title))
    for row in rows:
        print(*row, sep=" | ")
    with TARGET.open("w", encoding="utf-8") as out:
        out.write("doc_id,outlet,date,label\n")
        for doc_id, outlet, date, tag, _ in rows:
            out.write(f"{doc_id},{outlet},{date},{tag}\n")
    print(f"wrote {len(rows)} labels to {TARGET}")


if __name__ == "__main__":
    main()
