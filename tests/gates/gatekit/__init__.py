"""The gates' checks: each takes a built site, page or browser tab and returns the problems it finds."""
