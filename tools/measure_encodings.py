#!/usr/bin/env python3
"""Measure how ``yomitoki.text.decode`` tells CP932 from EUC-JP (and reads ISO-2022-JP).

Usage::

    PYTHONPATH=. python tools/measure_encodings.py [--samples N] [--seed S]

Prints the figures quoted in the module docstring of
``yomitoki/text/decode.py``:

1. the two bundled plans (``source_texts/*.txt``, UTF-8) converted to CP932,
   EUC-JP and ISO-2022-JP: the detected encoding, whether the text comes
   back exactly, and for CP932/EUC-JP both readings (undecodable spots,
   correctly decoded non-ASCII characters, plausibility points per
   non-ASCII byte);
2. short texts (one or two lines, half-width katakana, ``① ㈱ 髙 﨑``);
3. every sentence of the bundled plans as a file of its own, as written
   and with its katakana made half-width, in CP932 and EUC-JP: how many are
   read as the other encoding;
4. random strings of the property test's alphabet (JIS X 0208 kana, kanji
   of level 1, punctuation and full-width forms) by length: how many are
   read as themselves, and how many are valid UTF-8 (read as UTF-8 by rule);
5. with ``--cp932-examples N``: N strings of the whole CP932 repertoire as
   Hypothesis generates them for ``test_property_cp932_roundtrip`` (slow:
   about 4 minutes for 400,000), and how many are read as EUC-JP.
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import random
import re
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yomitoki.text.decode import (  # noqa: E402
    _EUC_CODEC, SourceError, _attempt, _plausibility, decode_bytes)

ENCODINGS = {"cp932": "cp932", "euc-jp": _EUC_CODEC, "iso-2022-jp": "iso2022_jp_2004"}


def detect(data: bytes) -> str:
    try:
        return decode_bytes(data, "x", strict=False).encoding
    except SourceError:
        return "refused"


def per_byte(data: bytes, codec: str) -> str:
    """One reading of ``data``: undecodable spots, correctly decoded
    non-ASCII characters, and plausibility points per byte that is not an
    ASCII character (undecodable bytes included, at 0 points)."""
    attempt = _attempt(data, 0, codec, count_all=False)
    ascii_chars = len(attempt.text.encode("ascii", "ignore"))
    rest = len(data) - ascii_chars
    points = _plausibility(attempt)
    return (f"{codec:13} spots {len(attempt.spots):6}  non-ASCII chars {attempt.evidence:7}  "
            f"mostly valid {str(attempt.mostly_valid):5}  points/byte {points / rest if rest else 0:.2f}")


_HALF = {}
for _o in range(0xFF61, 0xFFA0):
    _HALF.setdefault(unicodedata.normalize("NFKC", chr(_o)), chr(_o))
for _o in range(0xFF66, 0xFF9E):
    for _mark in "\uff9e\uff9f":
        _full = unicodedata.normalize("NFKC", chr(_o) + _mark)
        if len(_full) == 1:
            _HALF[_full] = chr(_o) + _mark


def half_width(text: str) -> str:
    return "".join(_HALF.get(c, c) if "\u30a0" <= c <= "\u30ff" else c for c in text)


def plan_alphabet() -> list[str]:
    """Kana, level-1 kanji, punctuation and full-width forms that EUC-JP
    and CP932 both encode (JIS X 0208 rows 1-5 and 16-47), plus digits,
    space and newline: the alphabet of the property test."""
    chars = set("0123456789 \n")
    for row in [*range(1, 6), *range(16, 48)]:
        for cell in range(1, 95):
            try:
                ch = bytes([0xA0 + row, 0xA0 + cell]).decode("euc_jp")
                if ch.encode("cp932").decode("cp932") == ch:
                    chars.add(ch)
            except UnicodeError:
                pass
    return sorted(chars)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cp932-examples", type=int, default=0)
    args = parser.parse_args()

    texts = {p.name: p.read_text("utf-8") for p in sorted((ROOT / "source_texts").glob("*.txt"))}

    print("== 1. bundled plans")
    for name, text in texts.items():
        for label, codec in ENCODINGS.items():
            data = text.encode(codec, "ignore")
            expected = data.decode(codec).replace("\r\n", "\n").replace("\r", "\n")
            try:
                result = decode_bytes(data, name, strict=True)
                outcome = f"{result.encoding:12} exact={result.text == expected}"
            except SourceError as exc:
                outcome = f"refused: {exc}"
            print(f"{name} as {label:12} ({len(data):7} bytes) -> {outcome}")
            if label != "iso-2022-jp":
                for reading in ("cp932", _EUC_CODEC):
                    print("      read as " + per_byte(data, reading))

    print("\n== 2. short texts")
    # One long literal: Hypothesis feeds short string constants of loaded
    # modules to its strategies, which would skew section 5.
    shorts = ("第1章 計画の概要\n|第1章 計画の概要\n障害のある人が地域で安心して暮らせるように支援します。\n|"
              "あい|計画|自治|ｻｰﾋﾞｽ等利用計画の作成\n|ｻｰﾋﾞｽ\n|ﾃｷｽﾄ|①相談支援 ㈱伊賀\n|髙橋さんと山﨑さん\n").split("|")
    for text in shorts:
        row = [repr(text)]
        for label, codec in ENCODINGS.items():
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                row.append(f"{label}: not encodable")
                continue
            row.append(f"{label}: {detect(data)}")
        print("  " + " | ".join(row))

    print("\n== 3. every sentence of the plans as a file")
    chunks = [piece for text in texts.values() for line in text.split("\n")
              for piece in re.split(r"(?<=[。 ])", line) if piece.strip()]
    counts: collections.Counter = collections.Counter()
    wrong: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    words = sorted({w for t in texts.values() for w in re.findall("[ァ-ヶー]{2,}", t)})
    for variant, items in (("as written", chunks), ("half-width katakana", [half_width(c) for c in chunks]),
                           ("katakana word only, half-width", [half_width(w) for w in words])):
        for text in items:
            for label in ("cp932", "euc-jp"):
                data = text.encode(ENCODINGS[label], "ignore")
                if not any(b >= 0x80 for b in data):
                    continue
                got = detect(data)
                counts[variant, label, "files"] += 1
                if got == "utf-8":
                    counts[variant, label, "valid UTF-8"] += 1
                elif got != label:
                    counts[variant, label, "wrong"] += 1
                    wrong[variant, label].append(text)
    for variant in ("as written", "half-width katakana", "katakana word only, half-width"):
        for label in ("cp932", "euc-jp"):
            print(f"  {variant:31} {label:7} files {counts[variant, label, 'files']:5}  "
                  f"read as the other {counts[variant, label, 'wrong']:3}  "
                  f"valid UTF-8 {counts[variant, label, 'valid UTF-8']:3}  "
                  f"e.g. {[t[:12] for t in wrong[variant, label][:4]]}")

    print("\n== 4. random strings of the property-test alphabet")
    alphabet = plan_alphabet()
    rnd = random.Random(args.seed)
    print(f"  alphabet: {len(alphabet)} characters; {args.samples} strings per length")
    for length in (1, 2, 3, 4, 5, 6, 8, 12, 20):
        tally: collections.Counter = collections.Counter()
        for _ in range(args.samples):
            text = "".join(rnd.choice(alphabet) for _ in range(length))
            for label in ("cp932", "euc-jp"):
                data = text.encode(ENCODINGS[label])
                if not any(b >= 0x80 for b in data):
                    tally[label, "ascii"] += 1
                    continue
                got = detect(data)
                tally[label, "itself" if got == label else got] += 1
        print(f"  length {length:2}: " + ", ".join(f"{k[0]}->{k[1]} {v}" for k, v in sorted(tally.items())))

    if args.cp932_examples:
        cp932_repertoire(args.cp932_examples)


def cp932_repertoire(examples: int) -> None:
    """Section 5: the distribution of ``test_property_cp932_roundtrip``."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    sys.path.insert(0, str(ROOT / "tests"))
    import test_decode as T

    tested: list[int] = [0]
    as_euc: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.text(alphabet=st.sampled_from(T._CP932)))
    def run(text: str) -> None:
        data = text.encode("cp932")
        try:
            data.decode("utf-8")
            return
        except UnicodeDecodeError:
            pass
        if T._mostly_utf8(data) or text.startswith(T._SIGNATURE_PREFIXES):
            return
        tested[0] += 1
        if detect(data) != "cp932":
            as_euc.append(text)

    run()
    print(f"\n== 5. CP932 repertoire (test_property_cp932_roundtrip): {tested[0]} strings tested, "
          f"{len(as_euc)} not read as CP932 {as_euc[:10]}")


if __name__ == "__main__":
    main()
