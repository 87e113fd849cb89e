// Starts GraphiQL on this service's /graphql (HTTP and graphql-transport-ws subscriptions).
// Served by the service itself: the page's CSP allows scripts from 'self' only.
(function () {
  "use strict";
  var url = new URL("/graphql", window.location.href);
  var ws = new URL(url.href);
  ws.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  var placeholder = "<token from: postmortems token --user alice --roles author,reviewer>";
  // GraphiQL's own introspection query nests 14 fields deep (type references 9 wrappers deep),
  // past the depth limit of 12 that introspection obeys like any query. This is the same query
  // with type references 7 wrappers deep (the schema's deepest is 3, e.g. [String!]!);
  // tests/e2e/test_limits_everywhere.py checks that the service answers it in full.
  var INTROSPECTION =
    "query IntrospectionQuery { __schema { description queryType { name kind } " +
    "mutationType { name kind } subscriptionType { name kind } types { ...FullType } " +
    "directives { name description isRepeatable locations args(includeDeprecated: true) { " +
    "...InputValue } } } } fragment FullType on __Type { kind name description " +
    "specifiedByURL fields(includeDeprecated: true) { name description " +
    "args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated " +
    "deprecationReason } inputFields(includeDeprecated: true) { ...InputValue } " +
    "interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name description " +
    "isDeprecated deprecationReason } possibleTypes { ...TypeRef } } fragment InputValue " +
    "on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated " +
    "deprecationReason } fragment TypeRef on __Type { kind name ofType { kind name ofType " +
    "{ kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind " +
    "name ofType { kind name } } } } } } } }";
  var base = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: ws.href });
  var fetcher = function (params, options) {
    if (params && params.operationName === "IntrospectionQuery") {
      params = Object.assign({}, params, { query: INTROSPECTION });
    }
    return base(params, options);
  };
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: "headers",
      defaultHeaders: JSON.stringify({ Authorization: "Bearer " + placeholder }, null, 2),
      shouldPersistHeaders: false, // a token stays out of localStorage
      defaultQuery:
        "# Add your token under Headers below, then run:\n" +
        "{\n  me { userId roles }\n  postmortems(first: 10) {\n    totalCount\n" +
        "    edges { node { id title severity state } }\n  }\n}\n",
    })
  );
})();
