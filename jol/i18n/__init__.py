"""Translations: content catalogs with fallback chains, and the Babel extractor for content."""
