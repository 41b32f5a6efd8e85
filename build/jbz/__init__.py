"""JBZ Brieven: the Dutch government's JBZ-Raad letters (dossier 32 317) as structure."""

__version__ = "0.1.0"
