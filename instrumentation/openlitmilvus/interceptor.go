package openlitmilvus

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/milvus-io/milvus-proto/go-api/v2/commonpb"
	"github.com/milvus-io/milvus-proto/go-api/v2/milvuspb"
	"github.com/milvus-io/milvus-proto/go-api/v2/schemapb"
	"google.golang.org/grpc"

	"github.com/openlit/openlit-go/internal/vectordb"
	"github.com/openlit/openlit-go/internal/vectordb/vectorgrpc"
	"github.com/openlit/openlit-go/semconv"
)

// DialOption returns the gRPC dial option that installs the interceptor:
// put it in milvusclient.ClientConfig.DialOptions.
func DialOption(opts ...Option) grpc.DialOption {
	return grpc.WithChainUnaryInterceptor(UnaryClientInterceptor(opts...))
}

// UnaryClientInterceptor returns the interceptor itself.
func UnaryClientInterceptor(opts ...Option) grpc.UnaryClientInterceptor {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	tel := vectordb.New(vectordb.Config{TracerProvider: c.tp, MeterProvider: c.mp,
		ScopeName: ScopeName, ScopeVersion: Version, CaptureContent: c.capture})
	return vectorgrpc.Interceptor(tel, vectorgrpc.Store{Describe: describe, Reply: readReply})
}

// readReply reads a reply: a failure Milvus answers in its status, else
// the rows returned or written.
func readReply(span *vectordb.Span, reply any) (string, error) {
	if st := replyStatus(reply); st != nil && !succeeded(st) {
		code := st.GetCode()
		if code == 0 {
			code = int32(st.GetErrorCode())
		}
		return strconv.Itoa(int(code)), &StatusError{Code: code, Reason: st.GetReason()}
	}
	if n, ok := returned(reply); ok {
		span.SetReturnedRows(n)
	}
	if n, ok := written(reply); ok {
		span.SetVectorCount(n)
	}
	return "", nil
}

// StatusError is the error a span records for a Milvus answer whose
// status is a failure (the client turns the same answer into its own
// error).
type StatusError struct {
	Code   int32
	Reason string
}

func (e *StatusError) Error() string { return fmt.Sprintf("milvus: status %d: %s", e.Code, e.Reason) }

func succeeded(s *commonpb.Status) bool {
	return s.GetCode() == 0 && s.GetErrorCode() == commonpb.ErrorCode_Success
}

// replyStatus is a reply's Milvus status: the reply itself, or its Status.
func replyStatus(reply any) *commonpb.Status {
	switch r := reply.(type) {
	case *commonpb.Status:
		return r
	case interface{ GetStatus() *commonpb.Status }:
		return r.GetStatus()
	}
	return nil
}

// describe is the operation a Milvus request is, when it is one traced.
func describe(method string, req any) (vectordb.Operation, bool) {
	op := vectordb.Operation{System: semconv.DBSystemNameMilvus}
	switch r := req.(type) {
	case *milvuspb.InsertRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationInsert, r.GetCollectionName(), r.GetDbName()
		op.VectorCount = int(r.GetNumRows())
	case *milvuspb.UpsertRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationUpsert, r.GetCollectionName(), r.GetDbName()
		op.VectorCount = int(r.GetNumRows())
	case *milvuspb.SearchRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationQuery, r.GetCollectionName(), r.GetDbName()
		op.TopK = param(r.GetSearchParams(), "topk", "limit")
		op.Filter = r.GetDsl()
	case *milvuspb.HybridSearchRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationQuery, r.GetCollectionName(), r.GetDbName()
		op.TopK = param(r.GetRankParams(), "limit", "topk")
	case *milvuspb.QueryRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationGet, r.GetCollectionName(), r.GetDbName()
		op.Filter = r.GetExpr()
	case *milvuspb.DeleteRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationDelete, r.GetCollectionName(), r.GetDbName()
		op.Filter = r.GetExpr()
	case *milvuspb.CreateCollectionRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationCreateCollection, r.GetCollectionName(), r.GetDbName()
	case *milvuspb.DropCollectionRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationDeleteCollection, r.GetCollectionName(), r.GetDbName()
	case *milvuspb.CreateIndexRequest:
		op.Name, op.Collection, op.Namespace = semconv.DBOperationCreateIndex, r.GetCollectionName(), r.GetDbName()
	default:
		return op, false
	}
	return op, strings.HasPrefix(method, "/milvus.proto.milvus.MilvusService/")
}

// param is the first of keys set in params, as an int.
func param(params []*commonpb.KeyValuePair, keys ...string) int {
	for _, k := range keys {
		for _, p := range params {
			if p.GetKey() == k {
				if n, err := strconv.Atoi(p.GetValue()); err == nil {
					return n
				}
			}
		}
	}
	return 0
}

// returned is the number of entities a read answered.
func returned(reply any) (int, bool) {
	switch r := reply.(type) {
	case *milvuspb.SearchResults:
		n := int64(0)
		for _, k := range r.GetResults().GetTopks() {
			n += k
		}
		return int(n), true
	case *milvuspb.QueryResults:
		for _, f := range r.GetFieldsData() {
			if n := fieldLen(f); n >= 0 {
				return n, true
			}
		}
		return 0, true
	}
	return 0, false
}

// written is the rows a write reports it wrote or deleted.
func written(reply any) (int, bool) {
	r, ok := reply.(*milvuspb.MutationResult)
	if !ok {
		return 0, false
	}
	n := r.GetInsertCnt() + r.GetUpsertCnt() + r.GetDeleteCnt()
	return int(n), n > 0
}

// fieldLen is the number of rows a column holds, or -1 for a column kind
// not counted here.
func fieldLen(f *schemapb.FieldData) int {
	if s := f.GetScalars(); s != nil {
		switch {
		case s.GetLongData() != nil:
			return len(s.GetLongData().GetData())
		case s.GetIntData() != nil:
			return len(s.GetIntData().GetData())
		case s.GetStringData() != nil:
			return len(s.GetStringData().GetData())
		case s.GetBoolData() != nil:
			return len(s.GetBoolData().GetData())
		case s.GetFloatData() != nil:
			return len(s.GetFloatData().GetData())
		case s.GetDoubleData() != nil:
			return len(s.GetDoubleData().GetData())
		case s.GetJsonData() != nil:
			return len(s.GetJsonData().GetData())
		}
	}
	if v := f.GetVectors(); v != nil && v.GetDim() > 0 && v.GetFloatVector() != nil {
		return len(v.GetFloatVector().GetData()) / int(v.GetDim())
	}
	return -1
}
