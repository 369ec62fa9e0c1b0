"""yomitoki (読み解き): Japanese municipal plan texts to an accessible MkDocs site."""

__version__ = "0.1.0"
