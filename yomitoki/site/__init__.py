"""The site: the pipeline wired into MkDocs.

``plugin`` (the MkDocs plugin, and the events for ``hooks/``), ``options``
(the settings' schema), ``session`` (one build: its state from ``on_config``
to ``on_post_build``), ``pipeline`` (settings, the stages in order, the
reading engine), ``cache`` (documents and pages across builds),
``page_readings`` (the pages' ruby, made while MkDocs converts them),
``search`` (search by reading), ``a11y_report`` (the accessibility test
results on their page), ``check`` (nothing lost), ``export`` (the site as
plain files for other generators).
"""
