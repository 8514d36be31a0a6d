// Package openlitweaviate traces Weaviate (github.com/weaviate/weaviate-go-client/v5)
// in the same trace as the model calls: an http.RoundTripper for the
// client's ConnectionClient that records its REST and GraphQL operations —
// creating and deleting classes, creating, reading, updating and deleting
// objects, batch imports and batch deletes, and GraphQL Get searches
// (nearVector, nearText, nearObject, hybrid, bm25) — as
// "{operation} {class}" CLIENT spans with db.system.name=weaviate,
// server.address/port, db.vector.count, db.vector.query.top_k (limit),
// db.response.returned_rows, db.filter (where, content), and OpenLIT's
// database metrics. Other requests (meta, readiness, schema reads) pass
// untouched.
//
//	client, err := weaviate.NewClient(weaviate.Config{
//		Host:             "localhost:8080",
//		Scheme:           "http",
//		ConnectionClient: &http.Client{Transport: openlitweaviate.NewTransport(nil)},
//	})
//
// Not traced: the gRPC path the client takes when Config.GrpcConfig is set
// (searches and batch imports over gRPC). The client dials that connection
// itself and takes no dial options, so nothing outside it can observe those
// calls; leave GrpcConfig unset for them to go over REST and be traced.
package openlitweaviate
