from .structured_data import page_graph, register, structured_data

__all__ = ["page_graph", "register", "structured_data"]
