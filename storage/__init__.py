"""The database schema of monitor, as numbered migrations (see README.md in this folder).

Installed as the package `monitor_storage` (pyproject.toml maps it to this folder), so the
migrations ship with `pip install .` and are found by `monitor.store` at run time.
"""
