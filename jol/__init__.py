"""Jol: legal information for migrants and asylum seekers in Kazakhstan.

The core (content, i18n, flow, render, privacy) is plain Python; only ``jol.storage`` and
``jol.telegram`` import aiogram.
"""
