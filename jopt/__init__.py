"""jopt: safe, reversible Java-option overrides for Zowe components on z/OS."""

__version__ = "0.1.0"
