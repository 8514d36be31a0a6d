// Package openlitqdrant traces Qdrant (github.com/qdrant/go-client, gRPC) in
// the same trace as the model calls: a gRPC client interceptor, installed
// with one dial option, that records each points and collections operation
// — upsert, query, search, get, scroll, delete, payload and vector updates,
// field indexes, creating and deleting collections — as a
// "{operation} {collection}" CLIENT span with db.system.name=qdrant,
// server.address/port, db.vector.count (points written, ids read or
// deleted), db.vector.query.top_k (the limit), db.response.returned_rows,
// db.filter (content), db.response.status_code (the gRPC code of a
// failure), and OpenLIT's database metrics. Other calls (health checks,
// snapshots, listings) pass untouched.
//
//	client, err := qdrant.NewClient(&qdrant.Config{
//		Host:        "localhost",
//		Port:        6334,
//		GrpcOptions: []grpc.DialOption{openlitqdrant.DialOption()},
//	})
//
// Package qdranttest is an in-memory Qdrant gRPC server for tests and
// offline examples.
package openlitqdrant
