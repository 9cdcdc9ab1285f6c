"""Exporters: one module per format, each with ``to_dict(article)``; the command writes one object per line."""

from articles.exporters import jsonl, ninjs

EXPORTERS = {"jsonl": jsonl.to_dict, "ninjs": ninjs.to_dict}
