"""Great Expectations suites (in code) and the runner that records their results."""
