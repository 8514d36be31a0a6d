package openlitpinecone

import (
	"net"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/openlit/openlit-go/internal/vectordb"
	"github.com/openlit/openlit-go/internal/vectordb/vectorgrpc"
	"github.com/openlit/openlit-go/semconv"
)

// DialOption returns the gRPC dial option that installs the interceptor:
// pass it to pinecone.Client.Index.
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
	return vectorgrpc.Interceptor(tel, vectorgrpc.Store{
		Describe: func(method string, req any) (vectordb.Operation, bool) {
			name, ok := operations[method]
			m, isProto := req.(proto.Message)
			if !ok || !isProto {
				return vectordb.Operation{}, false
			}
			return describe(name, m.ProtoReflect()), true
		},
		Prepare: func(op *vectordb.Operation) {
			op.Collection = c.index
			if op.Collection == "" && net.ParseIP(op.ServerAddress) == nil {
				op.Collection, _, _ = strings.Cut(op.ServerAddress, ".")
			}
		},
		Reply: func(span *vectordb.Span, reply any) (string, error) {
			r, ok := reply.(proto.Message)
			if !ok {
				return "", nil
			}
			switch field(r.ProtoReflect(), "matches") {
			case nil:
				if f := field(r.ProtoReflect(), "vectors"); f != nil && f.IsMap() {
					span.SetReturnedRows(count(r.ProtoReflect(), "vectors"))
				}
			default:
				span.SetReturnedRows(count(r.ProtoReflect(), "matches"))
			}
			return "", nil
		},
	})
}

// operations are the data plane calls traced, by gRPC method.
var operations = map[string]string{
	"/VectorService/Upsert": semconv.DBOperationUpsert,
	"/VectorService/Query":  semconv.DBOperationQuery,
	"/VectorService/Fetch":  semconv.DBOperationGet,
	"/VectorService/Delete": semconv.DBOperationDelete,
	"/VectorService/Update": semconv.DBOperationUpdate,
}

// describe reads a request by its field names.
func describe(name string, m protoreflect.Message) vectordb.Operation {
	op := vectordb.Operation{System: semconv.DBSystemNamePinecone, Name: name, Namespace: str(m, "namespace")}
	switch name {
	case semconv.DBOperationUpsert:
		op.VectorCount = count(m, "vectors")
	case semconv.DBOperationQuery:
		op.TopK = int(uintField(m, "top_k"))
	case semconv.DBOperationGet, semconv.DBOperationDelete:
		op.VectorCount = count(m, "ids")
	}
	if f := field(m, "filter"); f != nil && m.Has(f) && f.Message() != nil {
		if b, err := (protojson.MarshalOptions{}).Marshal(m.Get(f).Message().Interface()); err == nil && string(b) != "{}" {
			op.Filter = string(b)
		}
	}
	return op
}

func field(m protoreflect.Message, name string) protoreflect.FieldDescriptor {
	return m.Descriptor().Fields().ByName(protoreflect.Name(name))
}

// count is the length of a list or map field, 0 when there is none.
func count(m protoreflect.Message, name string) int {
	f := field(m, name)
	switch {
	case f == nil:
		return 0
	case f.IsList():
		return m.Get(f).List().Len()
	case f.IsMap():
		return m.Get(f).Map().Len()
	}
	return 0
}

func str(m protoreflect.Message, name string) string {
	if f := field(m, name); f != nil && f.Kind() == protoreflect.StringKind {
		return m.Get(f).String()
	}
	return ""
}

func uintField(m protoreflect.Message, name string) uint64 {
	if f := field(m, name); f != nil && (f.Kind() == protoreflect.Uint32Kind || f.Kind() == protoreflect.Uint64Kind) {
		return m.Get(f).Uint()
	}
	return 0
}
