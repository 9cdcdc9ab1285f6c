"""Django's message middleware, with the storage made when a request first uses it.

``MessageMiddleware`` builds a ``FallbackStorage`` (a cookie store and a session store) for every
request and asks it to save on the way out. Readers' pages never show or add a message, and for them
that cost 12 µs of a 1 ms story page (``bench/RESULTS.md``, tenth session). Here the storage is built
on first use (``messages.add_message``, ``get_messages``, a template iterating ``messages``), and a
response whose request never used it is left alone, which is what Django's storage does for one that
was built and not used: the messages cookie and the session are untouched.
"""

from functools import partial

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(partial(default_storage, request))

    def process_response(self, request, response):
        messages = request.__dict__.get("_messages")
        if type(messages) is SimpleLazyObject and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
