"""The OpenAPI schema's additions to drf-spectacular: anonymous reads shown as such, and the error
responses every operation can give, so that clients (and the schemathesis run) know a 400's body
as well as a 200's."""

from drf_spectacular import openapi
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, which marks a read as open to anonymous users only for
    AllowAny and IsAuthenticatedOrReadOnly; the API's default permission class allows them too."""

    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(permission, DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_reads and self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths


ERROR_DETAIL = "ErrorDetail"
VALIDATION_ERRORS = "ValidationErrors"

COMPONENTS = {
    ERROR_DETAIL: {
        "type": "object",
        "description": "Why the request was refused.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERRORS: {
        "type": "object",
        "description": (
            "Messages keyed by the parameter or field at fault; a nested list's errors are keyed "
            "by the index of the item at fault, e.g. "
            '{"citations": {"1": {"source_id": ["No source with id 99."]}}}. '
            'A body that is not JSON gets {"detail": ...}.'
        ),
        "additionalProperties": {},
    },
}

# status: (description, component, which operations can return it)
ERRORS = {
    "400": ("Invalid parameter or body", VALIDATION_ERRORS, lambda method, detail: True),
    "401": (
        "Not authenticated (a write without a valid token or session)",
        ERROR_DETAIL,
        lambda method, detail: True,
    ),
    "403": (
        "Authenticated, but without the permission this needs",
        ERROR_DETAIL,
        lambda method, detail: method != "get",
    ),
    "404": (
        "No such record, or not one you may see",
        ERROR_DETAIL,
        lambda method, detail: detail or method == "get",
    ),
    "409": (
        "Other records still refer to this one",
        ERROR_DETAIL,
        lambda method, detail: method == "delete",
    ),
    "429": (
        "Too many requests: the Retry-After header says when to try again",
        ERROR_DETAIL,
        lambda method, detail: True,
    ),
}
LOGIN_ERRORS = {status: ERRORS[status] for status in ("400", "429")}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: add the error responses to /api/v1/ operations."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/") or path.startswith("/api/v1/schema/"):
            continue
        # The token endpoint answers bad credentials with a 400; it has no record to miss.
        errors = LOGIN_ERRORS if path.startswith("/api/v1/auth/") else ERRORS
        detail = "{" in path
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, (description, component, applies) in errors.items():
                if applies(method, detail) and status not in responses:
                    responses[status] = {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{component}"}
                            }
                        },
                    }
    return result
