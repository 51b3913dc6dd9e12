"""The domain: texts, document numbers, dates, plans, the catalogue, timelines, the URL scheme,
plan bodies and the feed model. Imports nothing from a site generator, a template engine or a
file-format library."""
