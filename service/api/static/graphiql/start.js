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
  // Nothing is sent without a bearer token: on first load the Headers hold the placeholder,
  // and a request with it would only come back as "invalid token". The fetcher answers
  // itself instead, saying what to do; once a token is pasted, a new fetcher makes GraphiQL
  // load the schema (its introspection runs again when the fetcher changes).
  var NO_TOKEN = {
    errors: [
      {
        message:
          "Add your bearer token first: under Headers, replace the placeholder with the " +
          "token from `postmortems token --user alice --roles author,reviewer`. " +
          "Nothing was sent.",
        extensions: { code: "UNAUTHENTICATED" },
      },
    ],
  };
  var JWT = /^Bearer\s+[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
  function hasToken(headers) {
    var value = headers && (headers.Authorization || headers.authorization);
    return typeof value === "string" && JWT.test(value.trim());
  }
  function headersOf(text) {
    try {
      return JSON.parse(text || "{}");
    } catch (error) {
      return null;
    }
  }
  function makeFetcher() {
    return function (params, options) {
      if (!hasToken(options && options.headers)) {
        return Promise.resolve(NO_TOKEN);
      }
      if (params && params.operationName === "IntrospectionQuery") {
        params = Object.assign({}, params, { query: INTROSPECTION });
      }
      return base(params, options);
    };
  }
  var fetcher = makeFetcher();
  var tokenGiven = false;
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  function render() {
    root.render(
      React.createElement(GraphiQL, {
        fetcher: fetcher,
        defaultEditorToolsVisibility: "headers",
        defaultHeaders: JSON.stringify({ Authorization: "Bearer " + placeholder }, null, 2),
        shouldPersistHeaders: false, // a token stays out of localStorage
        onEditHeaders: function (text) {
          var given = hasToken(headersOf(text));
          if (given && !tokenGiven) {
            fetcher = makeFetcher(); // a new fetcher: GraphiQL loads the schema now
            tokenGiven = true;
            render();
          } else if (!given) {
            tokenGiven = false;
          }
        },
        defaultQuery:
          "# Add your token under Headers below, then run:\n" +
          "{\n  me { userId roles }\n  postmortems(first: 10) {\n    totalCount\n" +
          "    edges { node { id title severity state } }\n  }\n}\n",
      })
    );
  }
  render();
})();
