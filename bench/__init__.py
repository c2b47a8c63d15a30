"""The benchmark: this project's build against plain Pelican + i18n_subsites on a generated corpus (`invoke bench`).

Speed is measured here and reported in bench/README.md and bench/results.json, never asserted in tests.
"""
