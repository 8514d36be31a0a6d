// Package openlitmilvus traces Milvus (github.com/milvus-io/milvus/client/v2,
// gRPC) in the same trace as the model calls: a gRPC client interceptor,
// installed with one dial option, that records each collection operation —
// insert, upsert, search, hybrid search, query, get, delete, creating and
// dropping collections, creating indexes — as a "{operation} {collection}"
// CLIENT span with db.system.name=milvus, db.namespace (the database),
// server.address/port, db.vector.count (rows written or deleted),
// db.vector.query.top_k, db.response.returned_rows, db.filter (the boolean
// expression, content), db.response.status_code (Milvus's status code of a
// failure, which Milvus answers inside a successful gRPC call, or the gRPC
// code), and OpenLIT's database metrics. Other calls (connect, describe,
// load, flush, listings) pass untouched.
//
//	client, err := milvusclient.New(ctx, &milvusclient.ClientConfig{
//		Address:     "localhost:19530",
//		DialOptions: []grpc.DialOption{openlitmilvus.DialOption()},
//	})
//
// A ClientConfig with DialOptions replaces the client's default ones
// (keepalive and backoff settings): add those you need next to it.
//
// Package milvustest is an in-memory Milvus for tests and offline examples.
package openlitmilvus
