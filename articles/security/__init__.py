"""Hardening that spans the whole site: headers and CSP, request limits, login throttling, two-factor
login, the health endpoint and the rate-limited log helpers. One concern per module; nothing here
knows about stories."""
