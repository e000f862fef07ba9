"""motorpme: who, where, how much and when in French motorsport-business articles."""

__version__ = "0.1.0"
