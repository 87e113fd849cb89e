// Starts GraphiQL on this service's /graphql (HTTP and graphql-transport-ws subscriptions).
// Served by the service itself: the page's CSP allows scripts from 'self' only.
(function () {
  "use strict";
  var url = new URL("/graphql", window.location.href);
  var ws = new URL(url.href);
  ws.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  var placeholder = "<token from: postmortems token --user alice --roles author,reviewer>";
  // GraphiQL sends the standard introspection query (14 deep: type references 7-9 `ofType`
  // wrappers); the depth limit lets introspection's `ofType` wrappers through apart
  // (schema/depth_limit.py), and tests/e2e/test_limits_everywhere.py checks it is answered.
  var fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: ws.href });
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
