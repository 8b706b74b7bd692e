"""The OpenAPI schema says every answer an operation really gives, and the codes it accepts.

Every error answer has the body of ``errors.error_body``. Which errors an operation can
give follows from what it is, the same way for every app:

- 400: a body that is not JSON, or a NUL byte in a parameter (operations with input);
- 401 and 403: operations behind a login (no or a bad token; not allowed);
- 404: operations with an id in the path;
- 409: operations that already declare it (a stale ``version``);
- 422: operations with parameters or a body (the field named);
- 429: operations with a rate limit.

Input fields that take a theme, a municipality or a region list their allowed codes as an
enum, whichever app's schema they are in (by name, ``ENUM_FIELDS``); the services still
check the codes and answer 422 naming the field.
"""

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from indgang.catalog.public import ThemeCode
from indgang.reference.public import municipality_region_codes

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "properties": {
        "detail": {"title": "Detail", "type": "string"},
        "errors": {
            "title": "Errors",
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail", "errors"],
}
DESCRIPTIONS = {
    400: "The body is not JSON, or a value holds a NUL byte",
    401: "No login, or no valid token",
    403: "Not allowed for the one asking",
    404: "Not found, or not visible to the one asking",
    409: "Changed by someone else since the given version",
    422: "Not valid; `errors[].field` names the field",
    429: "Too many requests; try again later",
}

# Input fields (query parameters and body properties) that take codes: name -> kind.
ENUM_FIELDS = {
    "theme": "theme",
    "themes": "theme",
    "needs": "theme",
    "expressed_themes": "theme",
    "observed_themes": "theme",
    "municipality": "municipality",
    "municipality_code": "municipality",
    "region": "region",
    "region_code": "region",
}


def allowed_codes() -> dict[str, list[str]]:
    municipalities = municipality_region_codes()
    return {
        "theme": sorted(ThemeCode.values),
        "municipality": sorted(municipalities),
        "region": sorted(set(municipalities.values())),
    }


class IndgangOpenAPISchema(OpenAPISchema):
    def operation_details(self, operation) -> dict:
        result = super().operation_details(operation)
        responses = result["responses"]
        ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
        codes = set()
        has_input = bool(result.get("parameters")) or "requestBody" in result
        if has_input:
            codes |= {400, 422}
        if result.get("security"):
            codes |= {401, 403}
        if any(p.get("in") == "path" for p in result.get("parameters", [])):
            codes.add(404)
        if operation.throttle_objects:
            codes.add(429)
        for code in sorted(codes):
            responses.setdefault(
                code,
                {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": ref}},
                },
            )
        codes_by_kind = self._codes()
        for parameter in result.get("parameters", []):
            kind = ENUM_FIELDS.get(parameter.get("name"))
            if kind and parameter.get("in") == "query":
                _with_enum(parameter["schema"], codes_by_kind[kind])
        return result

    def _codes(self) -> dict[str, list[str]]:
        if not hasattr(self, "_allowed_codes"):
            self._allowed_codes = allowed_codes()
        return self._allowed_codes


def _with_enum(schema: dict, codes: list[str]) -> None:
    """Put the codes into a string schema, an array of strings, or an optional one."""
    if schema.get("type") == "array":
        _with_enum(schema.setdefault("items", {}), codes)
    elif "anyOf" in schema:
        for option in schema["anyOf"]:
            if option.get("type") in ("string", "array"):
                _with_enum(option, codes)
    elif schema.get("type") == "string" or not schema:
        schema.pop("maxLength", None)
        schema["type"] = "string"
        # an empty text means "none" wherever these fields are optional
        schema["enum"] = ["", *codes] if schema.get("default") == "" else list(codes)


def _input_schema_names(schema: dict) -> set[str]:
    """The component schemas that request bodies use, and those they use in turn."""
    components = schema.get("components", {}).get("schemas", {})
    found: set[str] = set()

    def refs(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in found:
                    found.add(name)
                    refs(components.get(name))
            for value in node.values():
                refs(value)
        elif isinstance(node, list):
            for value in node:
                refs(value)

    for path in schema.get("paths", {}).values():
        for operation in path.values():
            refs(operation.get("requestBody"))
    return found


def complete(schema: OpenAPISchema) -> OpenAPISchema:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    codes_by_kind = allowed_codes()
    for name in _input_schema_names(schema):
        for field, property_schema in components[name].get("properties", {}).items():
            kind = ENUM_FIELDS.get(field)
            if kind:
                _with_enum(property_schema, codes_by_kind[kind])
    return schema


class IndgangAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return complete(IndgangOpenAPISchema(self, path_prefix))
