package openlitqdrant

import (
	"strings"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/openlit/openlit-go/internal/vectordb"
	"github.com/openlit/openlit-go/internal/vectordb/vectorgrpc"
	"github.com/openlit/openlit-go/semconv"
)

// DialOption returns the gRPC dial option that installs the interceptor:
// put it in qdrant.Config.GrpcOptions.
func DialOption(opts ...Option) grpc.DialOption {
	return grpc.WithChainUnaryInterceptor(UnaryClientInterceptor(opts...))
}

// UnaryClientInterceptor returns the interceptor itself, for a connection
// the app dials.
func UnaryClientInterceptor(opts ...Option) grpc.UnaryClientInterceptor {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	tel := vectordb.New(vectordb.Config{TracerProvider: c.tp, MeterProvider: c.mp,
		ScopeName: ScopeName, ScopeVersion: Version, CaptureContent: c.capture})
	return vectorgrpc.Interceptor(tel, vectorgrpc.Store{Describe: describe, Reply: func(span *vectordb.Span, reply any) (string, error) {
		if n, ok := returned(reply); ok {
			span.SetReturnedRows(n)
		}
		return "", nil
	}})
}

// describe is the operation a Qdrant request is, when it is one traced.
func describe(method string, req any) (vectordb.Operation, bool) {
	op := vectordb.Operation{System: semconv.DBSystemNameQdrant}
	switch r := req.(type) {
	case *qdrant.UpsertPoints:
		op.Name, op.Collection, op.VectorCount = semconv.DBOperationUpsert, r.GetCollectionName(), len(r.GetPoints())
	case *qdrant.QueryPoints:
		op.Name, op.Collection, op.TopK = semconv.DBOperationQuery, r.GetCollectionName(), int(r.GetLimit())
		op.Filter = filterText(r.GetFilter())
	case *qdrant.SearchPoints:
		op.Name, op.Collection, op.TopK = semconv.DBOperationQuery, r.GetCollectionName(), int(r.GetLimit())
		op.Filter = filterText(r.GetFilter())
	case *qdrant.GetPoints:
		op.Name, op.Collection, op.VectorCount = semconv.DBOperationGet, r.GetCollectionName(), len(r.GetIds())
	case *qdrant.ScrollPoints:
		op.Name, op.Collection = semconv.DBOperationGet, r.GetCollectionName()
		op.Filter = filterText(r.GetFilter())
	case *qdrant.DeletePoints:
		op.Name, op.Collection = semconv.DBOperationDelete, r.GetCollectionName()
		op.VectorCount = len(r.GetPoints().GetPoints().GetIds())
		op.Filter = filterText(r.GetPoints().GetFilter())
	case *qdrant.SetPayloadPoints:
		op.Name, op.Collection = semconv.DBOperationUpdate, r.GetCollectionName()
	case *qdrant.UpdatePointVectors:
		op.Name, op.Collection, op.VectorCount = semconv.DBOperationUpdate, r.GetCollectionName(), len(r.GetPoints())
	case *qdrant.CreateFieldIndexCollection:
		op.Name, op.Collection = semconv.DBOperationCreateIndex, r.GetCollectionName()
	case *qdrant.CreateCollection:
		op.Name, op.Collection = semconv.DBOperationCreateCollection, r.GetCollectionName()
	case *qdrant.DeleteCollection:
		op.Name, op.Collection = semconv.DBOperationDeleteCollection, r.GetCollectionName()
	default:
		return op, false
	}
	if !strings.HasPrefix(method, "/qdrant.") {
		return op, false
	}
	return op, true
}

// returned is the number of points a read answered.
func returned(reply any) (int, bool) {
	switch r := reply.(type) {
	case *qdrant.QueryResponse:
		return len(r.GetResult()), true
	case *qdrant.SearchResponse:
		return len(r.GetResult()), true
	case *qdrant.GetResponse:
		return len(r.GetResult()), true
	case *qdrant.ScrollResponse:
		return len(r.GetResult()), true
	}
	return 0, false
}

// filterText is a filter as Qdrant's JSON shows it, or "".
func filterText(f *qdrant.Filter) string {
	if f == nil {
		return ""
	}
	b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(proto.Message(f))
	if err != nil {
		return ""
	}
	return string(b)
}
