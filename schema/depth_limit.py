"""The depth limit: an operation may nest fields at most `max_depth` deep, introspection
included (strawberry's QueryDepthLimiter skips every field whose name starts with `__`, so a
50-deep `__schema { … ofType { ofType …` passed it).

One exception, bounded on its own: inside introspection (`__schema`, `__type`), a type
reference's `ofType` wrappers do not count towards the depth; at most `max_type_wrappers` of
them may nest on one path. The standard introspection query that GraphiQL, graphql-codegen and
IDEs send (graphql-core's `get_introspection_query`, graphql-js's `getIntrospectionQuery`) is 5
fields deep plus 9 `ofType` wrappers (`type_depth=9`; graphql-js 16 asks for 7): 14 deep in
all, past a plain limit of 12. No real type needs more than a few wrappers (this schema's
deepest is 3, `[String!]!`), so 9 lets every standard client in while a 50-deep `ofType` chain,
or `fields { type { fields { type …` cycling, is still refused."""

from __future__ import annotations

from graphql import GraphQLError, ValidationRule
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

MAX_TYPE_WRAPPERS = 9


def depth_limit_rule(
    max_depth: int, max_type_wrappers: int = MAX_TYPE_WRAPPERS
) -> type[ValidationRule]:
    """Returns a validation rule that refuses an operation whose fields nest more than
    `max_depth` deep (a field with a selection set counts one level; fragments are followed),
    or whose introspection nests more than `max_type_wrappers` `ofType` on one path (those do
    not count towards `max_depth`).
    """

    class DepthLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            document = self.context.document
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            problem = _too_deep(node.selection_set, fragments, max_depth, max_type_wrappers)
            if problem is not None:
                name = node.name.value if node.name else "anonymous"
                self.report_error(GraphQLError(f"'{name}' exceeds {problem}", node))

    return DepthLimit


def _too_deep(
    root: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    max_depth: int,
    max_type_wrappers: int,
) -> str | None:
    """Returns which limit a selection set exceeds, or None (iterative; a fragment is looked
    into once per position, so spreading fragments many times costs nothing more)."""
    # (selection set, depth, ofType wrappers, inside introspection, fragments spread on the way)
    stack: list[tuple[SelectionSetNode, int, int, bool, frozenset[str]]] = [
        (root, 0, 0, False, frozenset())
    ]
    seen: set[tuple[str, int, int, bool]] = set()
    while stack:
        selection_set, depth, wrappers, introspection, spread = stack.pop()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is None:
                    continue
                name = selection.name.value
                inside = introspection or name.startswith("__")
                if inside and name == "ofType":
                    if wrappers + 1 > max_type_wrappers:
                        return f"maximum introspection type depth of {max_type_wrappers} (ofType)"
                    stack.append((selection.selection_set, depth, wrappers + 1, inside, spread))
                    continue
                if depth + 1 > max_depth:
                    return f"maximum operation depth of {max_depth}"
                stack.append((selection.selection_set, depth + 1, wrappers, inside, spread))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, depth, wrappers, introspection, spread))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                key = (name, depth, wrappers, introspection)
                if fragment is None or name in spread or key in seen:
                    continue  # unknown or cyclic spreads are other rules' errors
                seen.add(key)
                stack.append(
                    (fragment.selection_set, depth, wrappers, introspection, spread | {name})
                )
    return None
