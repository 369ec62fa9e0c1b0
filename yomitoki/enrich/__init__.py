"""Enriching the document: readings (ふりがな), the glossary (用語), numbers.

``analyzer`` (SudachiPy) and ``readings`` (the reading engine), ``kakasi``
and ``second_opinion`` (pykakasi's readings, for ``yomitoki check``),
``glossary`` (terms the plans explain), ``numerals`` (numbers in the
narration style).
"""
