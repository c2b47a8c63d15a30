from .language_sentences import SENTENCES, LanguageSentencesError, check_sentences, missing_settings, register

__all__ = ["SENTENCES", "LanguageSentencesError", "check_sentences", "missing_settings", "register"]
