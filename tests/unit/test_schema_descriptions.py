"""Every element of the schema is described, and the descriptions kept apart from their
definition (schema.descriptions) can neither name nothing nor describe something twice."""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    build_schema,
)

from schema.descriptions import DescriptionError, apply_descriptions
from schema.schema import build_schema as build_service_schema

SDL = '''
"""A thing."""
type Query { thing(id: ID): Int color: Color }
enum Color { RED }
'''
BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def undescribed() -> list[str]:
    schema = build_service_schema()._schema
    missing = []
    for name, named in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        if not named.description:
            missing.append(name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({arg})"
                    for arg, argument in getattr(field, "args", {}).items()
                    if not argument.description
                ]
        if isinstance(named, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in named.values.items() if not value.description]
    return missing


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    assert undescribed() == []


def test_descriptions_reach_fields_arguments_and_enum_values() -> None:
    schema = build_schema(SDL)
    apply_descriptions(
        schema, {"Query.thing": "How many.", "Query.thing(id)": "Which.", "Color.RED": "Red."}
    )
    assert schema.query_type is not None
    assert schema.query_type.fields["thing"].description == "How many."
    assert schema.query_type.fields["thing"].args["id"].description == "Which."
    color = schema.type_map["Color"]
    assert isinstance(color, GraphQLEnumType)
    assert color.values["RED"].description == "Red."


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("Query.gone", "Query.gone: not in the schema"),
        ("Query.thing(gone)", "not in the schema"),
        ("Nothing", "no type Nothing"),
        ("Query", "described twice"),
    ],
)
def test_a_stale_or_duplicate_description_is_refused(key: str, problem: str) -> None:
    with pytest.raises(DescriptionError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        apply_descriptions(build_schema(SDL), {key: "Text."})
