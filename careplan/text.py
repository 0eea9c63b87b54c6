"""What every free text accepted from a person must be: printable, with ordinary line breaks.

Control characters (NUL above all) are refused at the edge, the same on both engines:
PostgreSQL cannot store NUL in text, and SQLite would store it silently.
"""

from __future__ import annotations

import msgspec

PRINTABLE = msgspec.Meta(
    pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
    description="Text without control characters (line breaks and tabs are fine)",
)
