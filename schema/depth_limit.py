"""The depth limit: an operation may nest fields at most `max_depth` deep, introspection
included (strawberry's QueryDepthLimiter skips every field whose name starts with `__`, so a
50-deep `__schema { … ofType { ofType …` passed it)."""

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


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    """Returns a validation rule that refuses an operation whose fields nest more than
    `max_depth` deep (a field with a selection set counts one level; fragments are followed).

    Introspection fields count like any other; GraphiQL's introspection query is trimmed to
    fit (service/api/static/graphiql/start.js).
    """

    class DepthLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
            document = self.context.document
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            if _too_deep(node.selection_set, fragments, max_depth):
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth}", node)
                )

    return DepthLimit


def _too_deep(
    root: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], max_depth: int
) -> bool:
    """Tells whether a selection set nests deeper than `max_depth` (iterative; a fragment is
    looked into once per depth, so spreading fragments many times costs nothing more)."""
    stack: list[tuple[SelectionSetNode, int, frozenset[str]]] = [(root, 0, frozenset())]
    seen: set[tuple[str, int]] = set()
    while stack:
        selection_set, depth, spread = stack.pop()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is not None:
                    if depth + 1 > max_depth:
                        return True
                    stack.append((selection.selection_set, depth + 1, spread))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, depth, spread))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in spread or (name, depth) in seen:
                    continue  # unknown or cyclic spreads are other rules' errors
                seen.add((name, depth))
                stack.append((fragment.selection_set, depth, spread | {name}))
    return False
