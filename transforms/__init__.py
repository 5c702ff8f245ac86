"""Raw to canonical: regions, numbers, dates, pseudonyms, mentions, figures."""
