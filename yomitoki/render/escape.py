"""Making source text literal in Markdown and HTML.

Every ASCII punctuation character of the source is written as a numeric
character reference.  Python-Markdown and its extensions (attribute lists,
emoji, critic, mark, tilde, Jinja in MkDocs macros…) only ever react to
literal punctuation, and a browser shows ``&#42;`` as ``*``: the text stays
exactly what the plan wrote and can never become markup.  The same output
is valid inside raw HTML blocks and attribute values.
"""
from __future__ import annotations

import re

_SPECIAL = "&<>\"'`*_{}[]()#+-.!|~^=:$%@\\/;?,"
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_TABLE[ord("&")] = "&amp;"
_TABLE[ord("<")] = "&lt;"
_TABLE[ord(">")] = "&gt;"
_TABLE[ord('"')] = "&quot;"
# Control characters other than tab and newline cannot appear in HTML.
for _c in range(0x20):
    if _c not in (9, 10):
        _TABLE[_c] = "\ufffd"
_TABLE[0x7F] = "\ufffd"


# Any character escape() changes (str.translate looks every character up).
_CHANGED = re.compile("[" + "".join(f"\\x{o:02x}" if o < 0x80 else chr(o) for o in sorted(_TABLE)) + "\\n\\t]")


def escape(text: str) -> str:
    """Source text as literal Markdown/HTML, newlines folded to spaces."""
    if _CHANGED.search(text) is None:
        return text
    return text.translate(_TABLE).replace("\n", " ").replace("\t", " ")


def escape_attr(text: str) -> str:
    """Text for an HTML attribute value in double quotes."""
    return escape(text)


_REFERENCE = re.compile(r"&(?:#(\d+)|(amp|lt|gt|quot));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"'}


def unescape(text: str) -> str:
    """The text :func:`escape` was given (with tabs and newlines as spaces).

    Unlike :func:`html.unescape`, every numeric reference comes back as its
    own character, noncharacters included (HTML drops those).
    """
    if "&" not in text:
        return text
    return _REFERENCE.sub(lambda m: chr(int(m[1])) if m[1] else _NAMED[m[2]], text)
