"""File formats as bytes: iCalendar, and RSS, Atom and JSON Feed from the feed model."""
