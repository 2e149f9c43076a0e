"""Persistence: SQLite via aiosqlite, with pseudonymous keys (see ``jol.privacy``).

Every table is registered in ``jol.storage.registry`` with how it is erased and expired.
"""
