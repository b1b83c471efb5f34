"""Serializer pieces shared by the apps."""

from rest_framework import serializers


def related_id(queryset, label: str, **kwargs) -> serializers.PrimaryKeyRelatedField:
    """A writable id field whose error says which kind of record was not found."""
    messages = {
        "does_not_exist": f"No {label} with id {{pk_value}}.",
        "incorrect_type": f"A {label} id is a whole number, not {{data_type}}.",
        **kwargs.pop("error_messages", {}),
    }
    return serializers.PrimaryKeyRelatedField(queryset=queryset, error_messages=messages, **kwargs)
