// Package openlitchroma traces Chroma (github.com/amikos-tech/chroma-go,
// Chroma's HTTP API v2) in the same trace as the model calls: an
// http.RoundTripper for the client's HTTP client that records each
// collection operation — add (insert), upsert, update, get, query, search,
// delete, and creating and deleting collections — as a
// "{operation} {collection}" CLIENT span with db.system.name=chroma,
// db.namespace (the database), server.address/port, db.vector.count (the
// ids written or deleted), db.vector.query.top_k (n_results),
// db.response.returned_rows, db.filter (the where clauses, content), and
// OpenLIT's database metrics. Other requests (heartbeat, tenants,
// databases) pass untouched.
//
//	client, err := chroma.NewHTTPClient(
//		chroma.WithBaseURL("http://localhost:8000"),
//		chroma.WithHTTPClient(&http.Client{Transport: openlitchroma.NewTransport(nil)}),
//	)
//
// Chroma's API names a collection by its id in the paths of its
// operations; the transport learns each id's name from the answers that
// carry both (create, get and list collections) and records the name,
// or the id for a collection it has not seen.
//
// Found while building it: chroma-go v0.3.5 sets http.DefaultClient's
// Transport to its own when a client is made (newBaseAPIClient), whatever
// the options; other code on http.DefaultClient then uses chroma-go's
// transport (and leaves openlit-go's zero-code hook).
package openlitchroma
