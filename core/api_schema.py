"""The API's schema class (DEFAULT_SCHEMA_CLASS). Apart from core.api because DRF imports that
while it defines APIView, and drf-spectacular's module imports DRF's generic views."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import is_list_serializer


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus maxItems and minItems for a nested serializer with
    many=True (DRF's ListSerializer max_length and min_length), which it leaves out."""

    def _unwrap_list_serializer(self, serializer, direction):
        schema = super()._unwrap_list_serializer(serializer, direction)
        if schema and is_list_serializer(serializer):
            # An instance here (drf-spectacular's union also allows the class).
            max_length, min_length = getattr(serializer, "max_length", None), getattr(serializer, "min_length", None)
            if max_length is not None:
                schema["maxItems"] = max_length
            if min_length is not None:
                schema["minItems"] = min_length
        return schema
