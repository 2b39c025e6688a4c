"""The consolidated report: a region's texts written from its boards' and committees' own
rounds (issue 12 item 6).

The region's template names whose reports feed it (`consolidates:` unit codes or unit
type codes, e.g. `namnd`). For each such unit under the report's unit, its *own* round
of the same period is the round of a plan of that unit with the same period start and
end (the board's delårsrapport beside the region's); a unit without one is read in the
region's round itself (a text the template asks it to write there). For every text
section of the region's template the page shows each unit's text with the same key,
and the controller picks, merges (`merge_texts`) and edits them into the region's text,
which `followup.services.section_text_consolidate` saves. The reads are in
`selectors.py` (`source_units`, `consolidation`); this module adds the merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from .selectors import SourceText


def merge_texts(texts: Sequence[SourceText]) -> str:
    """The chosen texts in the chosen order: one alone as written, several each under
    its unit's name ("Regionstyrelsen: …") so the reader knows whose text it is."""
    bodies = [t for t in texts if t.body.strip()]
    if len(bodies) == 1:
        return bodies[0].body.strip()
    return "\n\n".join(f"{t.source.name}: {t.body.strip()}" for t in bodies)
