from .language_sentences import SENTENCES, LanguageSentencesError, check_sentences, register

__all__ = ["SENTENCES", "LanguageSentencesError", "check_sentences", "register"]
