"""Marshmallow schemas: the survey definition, the public API and the admin API."""
