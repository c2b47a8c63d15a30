from .schedule import ScheduleError, build_now, hold_back_future, register

__all__ = ["ScheduleError", "build_now", "hold_back_future", "register"]
