"""Exports of events: each reads the one filtered, visibility-checked queryset and the read model
(timeline/reads.py), and writes a format other tools read."""
