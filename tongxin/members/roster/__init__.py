"""Roster (花名册) import and export: one column layout, read and written."""
