"""Numbered schema migrations `NNNN_name.py`, each with `upgrade(conn)`; applied in order by
`monitor.store` when a database is opened. Never edit one that has been released: add the next."""
