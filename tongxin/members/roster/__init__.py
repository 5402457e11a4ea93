"""Roster (花名册) import and export: one column layout, read and written.

``columns`` the layout and header synonyms; ``reader`` checks and opens
.xlsx/.csv files; ``importer`` the import service (dry run or commit);
``bulk`` its multi-row writes with history rows; ``derive`` name keys in a
worker process for large imports; ``exporter`` the .xlsx export and the
template; ``uploads`` files kept between preview and commit in the web UI;
``forms`` the upload form; ``actor`` the command line's actor.
"""
