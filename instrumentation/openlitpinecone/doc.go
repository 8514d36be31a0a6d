// Package openlitpinecone traces Pinecone (github.com/pinecone-io/go-pinecone/v3)
// in the same trace as the model calls: a gRPC client interceptor for an
// index connection's data plane, installed with one dial option, that
// records upsert, query, fetch, delete and update as "{operation} {index}"
// CLIENT spans with db.system.name=pinecone, db.namespace (the Pinecone
// namespace), server.address/port, db.vector.count, db.vector.query.top_k,
// db.response.returned_rows, db.filter (the metadata filter, content),
// db.response.status_code (the gRPC code of a failure), and OpenLIT's
// database metrics. List and index stats pass untouched.
//
//	idx, err := pc.Index(pinecone.NewIndexConnParams{Host: host, Namespace: "docs"},
//		openlitpinecone.DialOption(openlitpinecone.WithIndexName("docs")))
//
// The client's generated request types are internal to its module, so the
// interceptor reads the requests by their protobuf field names
// (protoreflect): a field Pinecone renames is not recorded, and nothing
// fails. The control plane (creating and describing indexes) is REST and
// not traced. Package pineconetest is an in-memory data plane for tests
// and offline examples.
package openlitpinecone
