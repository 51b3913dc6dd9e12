"""plansite: publish a Party committee's plans (Kế hoạch) and the directives they carry out.

Layers, each importing only those below it: :mod:`plansite.core` (the domain),
:mod:`plansite.extract` (reading a plan's text), :mod:`plansite.intake` (received files and the
plans folder), :mod:`plansite.formats` (bytes of calendars and feeds), :mod:`plansite.site`
(the pages of a site, independent of the generator) and the adapters :mod:`plansite.plugin`
(MkDocs), :mod:`plansite.cli` and :mod:`plansite.publish`.
"""
