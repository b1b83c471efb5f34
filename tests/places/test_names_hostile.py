"""Name normalisation on hostile input."""

import contextlib
import importlib
import inspect

from hypothesis import given, settings
from hypothesis import strategies as st

from places import names

ODD = st.sampled_from(
    ["\x00", "\ud800", "\u200f", "\u202e", "\u200d", "\ufeff", "ё", "ї", "Ґ", "İ", "ß", "ǅ", "🙂",
     "\u0301", "ﬁ", "Ⅻ", "　", "\n"]
)  # fmt: skip
hostile_names = st.text(max_size=60) | st.lists(ODD | st.text(max_size=3), max_size=15).map("".join)


def public_functions():
    module = importlib.reload(names)
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and function.__module__ == module.__name__
        and len(inspect.signature(function).parameters) >= 1
        and list(inspect.signature(function).parameters.values())[0].kind
        in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(hostile_names)
def test_normalisers_take_any_text(value):
    """Every one-argument text function returns without raising anything but ValueError."""
    for function in public_functions():
        parameters = list(inspect.signature(function).parameters.values())
        required = [p for p in parameters[1:] if p.default is inspect.Parameter.empty]
        if required:
            continue
        with contextlib.suppress(ValueError):
            function(value)
