"""The schema's descriptions that are not written beside their Python definition: the meaning
of fields, arguments and enum values whose types are shared with the domain (enums defined in
`service.domain`, section dataclasses) or repeated (the content sections of `Postmortem`,
`PostmortemContent` and `PostmortemSections`), and the typed errors each mutation returns.

Descriptions written inline (`strawberry.field(description=...)`) stay the rule; an entry here
for something already described is refused, as is an entry naming nothing in the schema, so a
renamed field cannot leave its description behind silently. `build_schema` applies them, so
they reach introspection (GraphiQL's Docs pane, codegen) and the exported SDL alike.

Keys: `Type`, `Type.field`, `Type.field(argument)`, `Enum.VALUE` (input fields as fields).
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from schema.descriptions.postmortems import MUTATION_ERRORS, POSTMORTEMS
from schema.descriptions.reports import REPORTS


class DescriptionError(Exception):
    """An entry names nothing in the schema, or something already described."""


def _target(schema: GraphQLSchema, key: str) -> object:
    type_name, _, member = key.partition(".")
    named: GraphQLNamedType | None = schema.type_map.get(type_name)
    if named is None:
        raise DescriptionError(f"{key}: no type {type_name}")
    if not member:
        return named
    field_name, _, argument = member.partition("(")
    if isinstance(named, GraphQLEnumType):
        found: object = named.values.get(field_name)
    elif isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        found = named.fields.get(field_name)
        if found is not None and argument:
            found = getattr(found, "args", {}).get(argument.rstrip(")"))
    else:
        found = None
    if found is None:
        raise DescriptionError(f"{key}: not in the schema")
    return found


def apply_descriptions(schema: GraphQLSchema, entries: Mapping[str, str]) -> None:
    """Sets each entry's description on the schema element it names; raises DescriptionError
    for an entry naming nothing or something described already."""
    problems = []
    for key, text in entries.items():
        try:
            target = _target(schema, key)
        except DescriptionError as error:
            problems.append(str(error))
            continue
        if getattr(target, "description", None):
            problems.append(f"{key}: described twice (inline and in schema.descriptions)")
        target.description = text  # type: ignore[attr-defined]
    if problems:
        raise DescriptionError("; ".join(problems))


def describe_mutation_errors(schema: GraphQLSchema, errors: Mapping[str, str]) -> None:
    """Appends to every mutation returning `PostmortemResult` which typed errors it returns and
    when; raises DescriptionError for a mutation missing from `errors` or an unknown one."""
    mutation = schema.mutation_type
    assert mutation is not None
    returning = {
        name
        for name, field in mutation.fields.items()
        if get_named_type(field.type).name == "PostmortemResult"
    }
    if returning != set(errors):
        raise DescriptionError(
            f"mutation errors undescribed: {sorted(returning - set(errors))}; "
            f"unknown: {sorted(set(errors) - returning)}"
        )
    for name, text in errors.items():
        field = mutation.fields[name]
        field.description = f"{field.description or ''} Errors, as data: {text}".strip()


def describe(schema: GraphQLSchema) -> None:
    """Applies every description kept in this package to a built schema."""
    apply_descriptions(schema, {**POSTMORTEMS, **REPORTS})
    describe_mutation_errors(schema, MUTATION_ERRORS)
