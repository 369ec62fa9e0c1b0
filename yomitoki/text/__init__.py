"""Reading the text: a plan's bytes to the document model.

``decode`` (the file's encoding) → ``segment`` (paragraphs and items out of
flat or broken text) → ``labels`` (the numbers and symbols in front of
headings and items, and printed page numbers) → ``parse`` (contents,
chapters, headings, lists) → ``tabbed`` and ``spoken_tables`` (tables) →
``model`` (the document).  ``ocr`` finds words a text recognizer misread.
"""
