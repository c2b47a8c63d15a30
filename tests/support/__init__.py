"""Helpers and constants shared by the test modules (no test module imports another)."""
