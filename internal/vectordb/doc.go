// Package vectordb is the core every vector store integration fills, as
// package genai is for model calls: one CLIENT span per operation named
// "{operation} {collection}", with OpenTelemetry's database attributes and
// OpenLIT's vector ones, the context attributes the app set, content
// (db.query.text, db.filter) only when content is captured and bounded as
// all content is, and OpenLIT's database metrics (db.client.operation.duration,
// db.total.requests). An integration decodes its client's request and
// answer into an Operation and a Result; it never builds a span itself.
package vectordb
