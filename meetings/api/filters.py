"""Meeting filters in the API: django-filter's DRF backend over the one ``MeetingFilter`` (meetings/filters.py).

The backend answers a bad value as the list page does, with a 400 that names it (an unknown country, a bad date,
too many countries…), in the API's error shape. The schema extension describes each filter's type for the OpenAPI
schema (the filters parse their values in methods, which drf-spectacular cannot read).
"""

from django_filters import filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .errors import BadParameters


class MeetingFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise BadParameters(filterset.form.errors)
        request.meeting_filter = filterset  # what the facets ask: is any filter chosen (facets.list_aggregates)
        return filterset.qs


# How each parameter's values are written, for the schema (MeetingFilter's labels say what they mean).
VALUES = {
    "country": "an ISO code in any case (jp) or a country's name (Japan)",
    "leader": "a leader's slug (narendra-modi) or full name",
    "topic": "a topic's slug",
    "summit": "a summit's slug",
    "q": 'free text over each meeting\'s whole record; every word must appear ("quoted phrases", or, -excluded)',
}


class MeetingFilterExtension(DjangoFilterExtension):
    """The schema of MeetingFilter's parameters: several values for countries, leaders and topics, a slug for a
    summit, a whole year; the others (dates, choices) as drf-spectacular reads them."""

    target_class = MeetingFilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        label = filter_field.label
        if isinstance(filter_field, filters.ModelMultipleChoiceFilter):
            limit = filter_field.field_class.max_values
            description = f"{label}: {VALUES[field_name]}; several repeated or comma-separated, at most {limit}."
            schema = {**build_array_type(build_basic_type(OpenApiTypes.STR)), "maxItems": limit}
            return [self._query(field_name, description, schema, explode=True, style="form")]
        if isinstance(filter_field, filters.ModelChoiceFilter):
            return [self._query(field_name, f"{label}: {VALUES[field_name]}.", build_basic_type(OpenApiTypes.STR))]
        if isinstance(filter_field, filters.NumberFilter):
            low, high = filter_field.extra["min_value"], filter_field.extra["max_value"]
            schema = {**build_basic_type(OpenApiTypes.INT), "minimum": low, "maximum": high}
            return [self._query(field_name, f"{label}: a whole year, {low} to {high}.", schema)]
        if field_name in VALUES:
            return [self._query(field_name, f"{label}: {VALUES[field_name]}.", build_basic_type(OpenApiTypes.STR))]
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)

    @staticmethod
    def _query(name, description, schema, **style):
        return build_parameter_type(
            name=name, location=OpenApiParameter.QUERY, description=description, schema=schema, **style
        )
