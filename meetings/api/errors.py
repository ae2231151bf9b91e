"""How the API says no: a 400 that names each bad parameter, and a JSON 503 when the database cannot answer."""

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import RETRY_AFTER, is_database_trouble


class BadParameters(APIException):
    """A 400 with one sentence for people (``detail``) and the messages of each parameter (``errors``)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameters"

    def __init__(self, errors):
        errors = {name: [str(message) for message in messages] for name, messages in errors.items()}
        reasons = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        super().__init__({"detail": f"Bad parameter: {reasons}", "errors": errors})


def exception_handler(exc, context):
    """DRF's answers, and a database that cannot answer now (a statement past the public statement timeout on
    PostgreSQL, a locked SQLite) as a JSON 503 with Retry-After, as the HTML pages answer it (meetings/errors.py)."""
    if is_database_trouble(exc):
        response = Response(
            {"detail": "The archive is busy or briefly unavailable: its database did not answer in time. "
             f"Please try again in {RETRY_AFTER} seconds."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )  # fmt: skip
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return drf_exception_handler(exc, context)
