"""Rendering: the document model to the pages MkDocs builds.

``markdown`` (standard pages), ``ruby`` (ふりがな markup), ``narration``
(the 読み上げ版), ``charts`` (bar charts of tables), ``escape`` (text that can
never become markup), ``output`` (a finished page and its address),
``preview`` (plain HTML of exported pages, with markdown-it-py).
"""
