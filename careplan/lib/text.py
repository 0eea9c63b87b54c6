"""What every free text accepted from a person must be: printable, with ordinary line breaks.

Control characters (NUL above all) are refused at the edge, the same on both engines:
PostgreSQL cannot store NUL in text, and SQLite would store it silently. So are C1 controls
and the characters that override the direction of text: a parent must read what was written.
"""

from __future__ import annotations

import msgspec

# C0 controls but tab and line breaks, DEL, the C1 controls (U+0080 to U+009F) and the
# bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which
# can make text read differently from what it says ("gnp.exe" shown as "exe.png").
PRINTABLE = msgspec.Meta(
    pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*$",
    description=(
        "Text without control characters or direction overrides (line breaks and tabs are fine)"
    ),
)
