// Starts GraphiQL on this service's /graphql (HTTP and graphql-transport-ws subscriptions).
// Served by the service itself: the page's CSP allows scripts from 'self' only.
(function () {
  "use strict";
  var url = new URL("/graphql", window.location.href);
  var ws = new URL(url.href);
  ws.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  var placeholder = "<token from: postmortems token --user alice --roles author,reviewer>";
  // GraphiQL sends the standard introspection query (14 deep: type references 7-9 `ofType`
  // wrappers); the depth limit bounds introspection's `ofType` wrappers apart
  // (schema/depth_limit.py), and tests/e2e/test_limits_everywhere.py checks it is answered.
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
