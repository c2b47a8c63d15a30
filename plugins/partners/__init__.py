from .partners import Partner, partners, register

__all__ = ["Partner", "partners", "register"]
