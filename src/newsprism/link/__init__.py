"""Cross-article linking: actors, stories, claims. Incremental: new articles join what is stored."""
