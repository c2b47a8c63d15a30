from .structured_data import page_graph, register

__all__ = ["page_graph", "register"]
