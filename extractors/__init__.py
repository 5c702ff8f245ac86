"""Sources to raw records: coverage exports (drop folder, HTTP, CKAN) and news pages."""
