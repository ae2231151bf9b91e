"""The API's OpenAPI schema (/api/v1/schema/) and its documentation page (/api/v1/docs/), and the index (/api/v1/).

The documentation page is plain HTML rendered on the server from the same schema drf-spectacular serves: no
script at all, nothing loaded from elsewhere, so it works under the site's Content-Security-Policy; each list
gets a plain GET form to try it, each single-object address an example taken from the archive itself.
"""

import functools

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import OpenApiTypes, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.views import APIView

from ..filters import public_leaders
from ..markdown import render_markdown
from ..models import Meeting
from .views import ApiView


class SchemaView(ApiView, SpectacularAPIView):
    """The OpenAPI 3 schema: JSON, or YAML with ``?format=yaml``."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


@extend_schema(summary="Index", description="The addresses of the API's lists, schema and documentation.",
               responses={200: OpenApiTypes.OBJECT})  # fmt: skip
class ApiRoot(ApiView, APIView):
    def get(self, request):
        names = ["meeting_list", "facets", "leader_list", "country_list", "summit_list", "topic_list", "schema", "docs"]
        return Response({name: api_reverse(f"api:{name}", request=request) for name in names})


api_root = ApiRoot.as_view()


@functools.cache
def api_schema():
    """The schema as a dict: it depends on the code only, so it is built once per process."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _ref_name(schema):
    return schema["$ref"].rsplit("/", 1)[1]


def describe(schema):
    """A schema's type in a few words, with a link to a named component: "list of <a>Meeting</a>"."""
    if "$ref" in schema:
        name = _ref_name(schema)
        return format_html('<a href="#schema-{}">{}</a>', name, name)
    if "allOf" in schema:
        text = describe(schema["allOf"][0])
    elif schema.get("type") == "array":
        text = format_html("list of {}", describe(schema.get("items", {})))
    elif "enum" in schema:
        text = format_html("one of {}", ", ".join(str(value) for value in schema["enum"] if value not in ("", None)))
    else:
        kind = schema.get("type", "object")
        text = format_html("{} ({})", kind, schema["format"]) if "format" in schema else kind
    return format_html("{} or null", text) if schema.get("nullable") else text


def _input_type(schema):
    if schema.get("type") == "integer":
        return "number"
    return "date" if schema.get("format") == "date" else "text"


def _parameters(operation):
    rows = []
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        rows.append(
            {
                "name": parameter["name"],
                "location": parameter["in"],
                "required": parameter.get("required", False),
                "type": describe(schema),
                "description": render_markdown(parameter.get("description", "")),
                "enum": [value for value in schema.get("enum", []) if value not in ("", None)],
                "input": _input_type(schema),
            }
        )
    return rows


def _responses(operation):
    rows = []
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {}).get("application/json", {}).get("schema")
        rows.append(
            {
                "status": status,
                "description": render_markdown(response.get("description", "")),
                "type": describe(content) if content else "",
                "headers": list(response.get("headers", {})),
            }
        )
    return rows


def _components(schema):
    components = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        properties = [
            {"name": field, "type": describe(definition), "description": render_markdown(definition.get("description"))}
            for field, definition in component.get("properties", {}).items()
        ]
        components.append(
            {
                "name": name,
                "description": render_markdown(component.get("description", "")),
                "type": describe(component) if not properties else "",
                "properties": properties,
            }
        )
    return components


@functools.cache
def documentation_parts():
    """The schema's operations and components, ready for the page (their descriptions are Markdown)."""
    schema = api_schema()
    operations = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            parameters = _parameters(operation)
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": render_markdown(operation.get("description", "")),
                    "parameters": parameters,
                    "query": [p for p in parameters if p["location"] == "query"],
                    "has_path_parameters": "{" in path,
                    "responses": _responses(operation),
                }
            )
    return schema["info"], operations, _components(schema)


def _examples():
    """Real addresses for the single-object endpoints, taken from the published archive (none when it is empty)."""
    meeting = Meeting.objects.published().order_by("-date", "-id").prefetch_related("participations__country").first()
    leader = public_leaders().order_by("name").values_list("slug", flat=True).first()
    examples = {}
    if meeting is not None:
        codes = list(dict.fromkeys(p.country.code.lower() for p in meeting.participations.all()))
        examples["/api/v1/meetings/{slug}/"] = reverse("api:meeting_detail", args=[meeting.slug])
        if codes:
            examples["/api/v1/countries/{code}/"] = reverse("api:country_detail", args=[codes[0]])
            examples["/api/v1/countries/{code}/partners/"] = reverse("api:country_partners", args=[codes[0]])
        if len(codes) > 1:
            examples["/api/v1/countries/{code}/{other}/meetings/"] = reverse("api:pair_meetings", args=codes[:2])
    if leader:
        examples["/api/v1/leaders/{slug}/"] = reverse("api:leader_detail", args=[leader])
    return examples


@require_safe
def documentation(request):
    info, operations, components = documentation_parts()
    examples = _examples()
    context = {
        "info": info,
        "operations": [{**operation, "example": examples.get(operation["path"])} for operation in operations],
        "components": components,
        "site_url": request.build_absolute_uri("/").rstrip("/"),
        "rate": settings.API_ANON_RATE,
    }
    return render(request, "api/docs.html", context)
