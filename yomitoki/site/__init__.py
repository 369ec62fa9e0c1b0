"""The site: the pipeline wired into MkDocs.

``pipeline`` (settings and the stages in order), ``cache`` (documents and
pages across builds), ``page_readings`` (the pages' ruby, made while MkDocs
converts them), ``search`` (search by reading), ``a11y_report`` (the
accessibility test results on their page), ``check`` (nothing lost).
"""
