"""expand_ruby against a token-by-token reading of the page.

:func:`yomitoki.ruby.expand_ruby` looks at the page token by token only
where a marker can be in a tag, a comment or raw text.  The oracle below
is the earlier implementation, which tokenised the whole page: both must
give the same page for any input, however malformed.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yomitoki import ruby
from yomitoki.ruby import expand_ruby, finish_page, inject_head, strip_markers

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+|<", re.S)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_RAW_TEXT = ("title", "script", "style", "textarea")


def tokenwise(page: str, late=None) -> str:
    """The page read one token at a time (the earlier expand_ruby)."""
    if not ruby.has_markers(page):
        return page
    def expand_text(text: str) -> str:
        if late is not None:
            text = ruby.resolve_late(text, late)
        return ruby._MARKER.sub(ruby._ruby_from_marker, text) if ruby._OPEN in text else text

    out = []
    raw = None
    for m in _TOKEN.finditer(page):
        token = m.group(0)
        is_tag = token.startswith("<") and (token.endswith(">") and len(token) > 1)
        if not is_tag:
            out.append(strip_markers(token) if raw else expand_text(token))
            continue
        out.append(strip_markers(token))
        name = _TAG_NAME.match(token)
        if name:
            lower = name.group(1).lower()
            if token.startswith("</"):
                if raw == lower:
                    raw = None
            elif lower in _RAW_TEXT and not token.endswith("/>"):
                raw = lower
    return "".join(out).replace("\ufdd3", "").replace("\ufdd4", "")


def late(inner: str) -> str:
    return f"[{inner}]"


PIECES = ["<", ">", "<!--", "-->", "<!-->", "<p>", "</p>", "<a title=\"", "\">", "<title>", "</title>", "<TITLE x>",
          "<script>", "</script>", "<Script/>", "<style>", "</style >", "<textarea>", "</textarea>", "<titles>",
          "</scripts>", "<b", "/>", "\ufdd3語\ufdd4", "\ufdd3", "\ufdd4", "\ufdd0漢\ufdd1かん\ufdd2", "\ufdd0", "\ufdd1",
          "\ufdd2", "障害", "a", " ", "\n", "-", "!", "<head>", "</head>", "</he", "ad>"]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_expand_ruby_reads_every_page_as_the_tokenwise_oracle(page):
    assert expand_ruby(page, late) == tokenwise(page, late)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.sampled_from(["on", "off"]))
def test_finish_page_is_expand_ruby_then_inject_head(page, default):
    assert finish_page(page, late, default) == inject_head(expand_ruby(page, late), default)


def test_the_oracle_sees_each_context():
    page = ('<html><head><title>\ufdd3題\ufdd4</title><script>x="\ufdd3s\ufdd4"</script></head>'
            '<body><!-- \ufdd3c\ufdd4 --><a title="\ufdd3t\ufdd4">\ufdd3本文\ufdd4</a></body></html>')
    expected = ('<html><head><title>題</title><script>x="s"</script></head>'
                '<body><!-- c --><a title="t">[本文]</a></body></html>')
    assert tokenwise(page, late) == expected
    assert expand_ruby(page, late) == expected


def test_built_pages_with_markers_everywhere_are_read_as_by_the_oracle(built_site):
    # Real Material pages (navigation, table of contents, scripts, the article)
    # with markers put after every tag, in every attribute and in comments.
    pages = [built_site / "index.html", built_site / "kochi" / "02" / "index.html", built_site / "glossary" / "index.html"]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        marked = re.sub(r"(?<=>)", "\ufdd3語\ufdd4", html)
        marked = marked.replace('="', '="\ufdd3属性\ufdd4').replace("<!--", "<!--\ufdd0注\ufdd1ちゅう\ufdd2")
        assert marked.count("\ufdd3") > 100
        expected = tokenwise(marked, late)
        assert expand_ruby(marked, late) == expected
        assert "[語]" in expected and "[属性]" not in expected
        assert finish_page(marked, late, "on") == inject_head(expected, "on")
