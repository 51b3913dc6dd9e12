"""The site, independent of the generator: the build context, which pages and files exist
(:mod:`.pages`, the one place that gathers them), what templates show (:mod:`.view`), and
the timeline, feed, widget, export and search pages and files."""
