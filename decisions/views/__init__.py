"""The decisions app's pages, by concern."""
