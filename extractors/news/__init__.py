"""The polite news crawler: site registry, crawl state, discovery and fetching (no parsing here)."""
