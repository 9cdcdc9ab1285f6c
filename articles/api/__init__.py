"""The Content API (``/api/v1/``): :mod:`views` (endpoints), :mod:`auth` (keys, rate limits), :mod:`pagination`."""
