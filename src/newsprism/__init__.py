"""newsprism: who said and did what to whom, according to whom, compared across news outlets."""

__version__ = "0.2.0"
