package semconv

import (
	"go.opentelemetry.io/otel/attribute"
	otelsemconv "go.opentelemetry.io/otel/semconv/v1.41.0"
)

// Keys of vector store operations: OpenTelemetry's database conventions,
// plus what OpenLIT (Python) records for vector stores.
const (
	// DBSystemName is "db.system.name": qdrant, milvus, weaviate, chroma,
	// pinecone, postgresql.
	DBSystemName = otelsemconv.DBSystemNameKey
	// DBOperationName is "db.operation.name": query, upsert, get, …
	DBOperationName = otelsemconv.DBOperationNameKey
	// DBCollectionName is "db.collection.name": the collection, index,
	// class or table.
	DBCollectionName = otelsemconv.DBCollectionNameKey
	// DBNamespace is "db.namespace": the database, tenant or namespace.
	DBNamespace = otelsemconv.DBNamespaceKey
	// DBQuerySummary is "db.query.summary": "{operation} {collection}".
	DBQuerySummary = otelsemconv.DBQuerySummaryKey
	// DBQueryText is "db.query.text": the query or the SQL statement,
	// recorded only when content is captured, bounded as content is.
	DBQueryText = otelsemconv.DBQueryTextKey
	// DBResponseReturnedRows is "db.response.returned_rows": the points,
	// rows or documents a read returned.
	DBResponseReturnedRows = otelsemconv.DBResponseReturnedRowsKey
	// DBResponseStatusCode is "db.response.status_code": the store's own
	// status (a gRPC code name, an HTTP status, a SQLSTATE) of a failure.
	DBResponseStatusCode = otelsemconv.DBResponseStatusCodeKey
	// DBVectorQueryTopK is OpenLIT's "db.vector.query.top_k": how many
	// neighbours a search asked for.
	DBVectorQueryTopK = attribute.Key("db.vector.query.top_k")
	// DBVectorCount is OpenLIT's "db.vector.count": the vectors or points
	// written, read by id or deleted by id.
	DBVectorCount = attribute.Key("db.vector.count")
	// DBFilter is OpenLIT's "db.filter": a search's or delete's filter, as
	// the store writes it (content: recorded only when content is captured).
	DBFilter = attribute.Key("db.filter")
)

// Vector store systems (db.system.name), as OpenTelemetry's registry and
// OpenLIT name them.
const (
	DBSystemNameQdrant     = "qdrant"
	DBSystemNameMilvus     = "milvus"
	DBSystemNameWeaviate   = "weaviate"
	DBSystemNameChroma     = "chroma"
	DBSystemNamePinecone   = "pinecone"
	DBSystemNamePostgreSQL = "postgresql"
)

// OperationVectorDB is the gen_ai.operation.name OpenLIT records on vector
// store spans.
const OperationVectorDB = "vectordb"

// Vector store operation names (db.operation.name), OpenLIT's in lower case
// as OpenTelemetry's database conventions write them.
const (
	DBOperationQuery            = "query"
	DBOperationSearch           = "search"
	DBOperationUpsert           = "upsert"
	DBOperationInsert           = "insert"
	DBOperationUpdate           = "update"
	DBOperationGet              = "get"
	DBOperationDelete           = "delete"
	DBOperationCreateCollection = "create_collection"
	DBOperationDeleteCollection = "delete_collection"
	DBOperationCreateIndex      = "create_index"
)

// Database metrics, as OpenLIT records them.
const (
	// MetricDBClientOperationDuration is "db.client.operation.duration".
	MetricDBClientOperationDuration = "db.client.operation.duration"
	// MetricDBClientOperationDurationUnit is its unit.
	MetricDBClientOperationDurationUnit = "s"
	// MetricDBClientOperationDurationDesc is its description.
	MetricDBClientOperationDurationDesc = "Duration of database client operations."
	// MetricDBRequests is OpenLIT's "db.total.requests" counter.
	MetricDBRequests = "db.total.requests"
	// MetricDBRequestsDesc is its description.
	MetricDBRequestsDesc = "Number of requests to VectorDBs"
)

// DBOperationDurationBuckets returns OpenLIT's bounds of
// db.client.operation.duration.
func DBOperationDurationBuckets() []float64 {
	return []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}
}
