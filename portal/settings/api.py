"""Django REST framework and drf-spectacular.

https://www.django-rest-framework.org/api-guide/settings/
https://drf-spectacular.readthedocs.io/en/latest/settings.html
"""

from .env import env

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # JSON only, bounded in size and nesting (core.api.BoundedJSONParser): DRF's form and
    # multipart parsers would take what Django's 10 MB upload limit allows.
    # https://www.django-rest-framework.org/api-guide/parsers/
    "DEFAULT_PARSER_CLASSES": ["core.api.BoundedJSONParser"],
    # Anonymous clients per address (core.api.AnonymousClientThrottle), counted in the cache;
    # a view names its own scope with `throttle_scope`.
    # https://www.django-rest-framework.org/api-guide/throttling/
    "DEFAULT_THROTTLE_CLASSES": ["core.api.AnonymousClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # The site's search box asks /api/v1/search/suggest/ once per pause in typing, and many
        # phones share a carrier's address: generous for reads.
        "anon": env.str("API_ANON_RATE", default="300/min"),
        "financing_match": env.str("API_FINANCING_MATCH_ANON_RATE", default="30/min"),
        "kbli_search": env.str("KBLI_SEARCH_RATE", default="60/min"),
    },
}
# The largest request body the API reads, and how deep its JSON may nest (core.api). A match
# request with the most current loans it takes (20) is under 3 KB and nests 4 levels.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=32 * 1024)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=10)
SPECTACULAR_SETTINGS = {
    "TITLE": "Etalase MPP API",
    "DESCRIPTION": "Public catalogue, business directory, financing match and training API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["core.api.public_api_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_error_responses",
    ],
    # Swagger UI from the installed drf-spectacular-sidecar: works offline and under the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
