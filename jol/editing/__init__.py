"""Editing without a programmer (issue #11): content versions kept under the data directory,
uploads read safely, a summary of what a change does, and the export for translators. No
aiogram here; handlers/editing.py is the Telegram side."""
