// Package platform is a client of the OpenLIT platform's API: the prompt
// hub (GetPrompt), the vault (GetSecrets), the rule engine (EvaluateRule)
// and offline evaluations (EvaluateOffline), with the request and
// response shapes of the OpenLIT server's routes
// (src/client/src/app/api/… in openlit/openlit).
//
// New reads the server's address from OPENLIT_URL and the API key from
// OPENLIT_API_KEY, as OpenLIT's Python SDK does, unless options give
// them. The key is sent as a bearer token and appears in no error.
//
// Where this differs from the Python SDK: a prompt asked by id is sent as
// "id", the field the server reads (Python sends "promptId", which the
// server ignores); an offline evaluation's context_applied is read in the
// camelCase the server writes; failures are errors (*Error, with
// ErrUnauthorized and ErrNotFound to test for), not a logged None; a
// secret's value never appears in an error.
package platform
