// Package pineconetest is an in-memory Pinecone index data plane for tests
// and offline examples: a gRPC server on loopback serving the client's own
// VectorService (its message types found in the protobuf registry that
// go-pinecone fills, since they are internal to that module), answering
// upsert, query (exact cosine similarity, metadata on request), fetch,
// delete by id or everything, per namespace. Other calls answer
// Unimplemented. Point the client at it with Host "http://" + Addr.
package pineconetest

import (
	"fmt"
	"math"
	"net"
	"sort"
	"sync"

	_ "github.com/pinecone-io/go-pinecone/v3/pinecone" // registers the VectorService descriptors
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

// Server is a running in-memory index. Close it when done.
type Server struct {
	// Addr is its host:port.
	Addr string

	grpc    *grpc.Server
	service protoreflect.ServiceDescriptor
	mu      sync.Mutex
	spaces  map[string]map[string]proto.Message // namespace → id → Vector
}

// Start starts a server on a free loopback port.
func Start() (*Server, error) {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName("VectorService")
	if err != nil {
		return nil, fmt.Errorf("pineconetest: the client's VectorService is not registered: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), service: d.(protoreflect.ServiceDescriptor), spaces: map[string]map[string]proto.Message{}}
	s.grpc = grpc.NewServer(grpc.UnknownServiceHandler(s.handle))
	go func() { _ = s.grpc.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.grpc.Stop() }

func (s *Server) handle(_ any, stream grpc.ServerStream) error {
	full, _ := grpc.MethodFromServerStream(stream)
	var md protoreflect.MethodDescriptor
	if len(full) > len("/VectorService/") {
		md = s.service.Methods().ByName(protoreflect.Name(full[len("/VectorService/"):]))
	}
	if md == nil {
		return status.Errorf(codes.Unimplemented, "unknown method %s", full)
	}
	req := dynamicpb.NewMessage(md.Input())
	if err := stream.RecvMsg(req); err != nil {
		return err
	}
	res := dynamicpb.NewMessage(md.Output())
	s.mu.Lock()
	err := s.serve(string(md.Name()), req, res)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return stream.SendMsg(res)
}

func get(m protoreflect.Message, name string) protoreflect.Value {
	return m.Get(m.Descriptor().Fields().ByName(protoreflect.Name(name)))
}

func set(m protoreflect.Message, name string, v protoreflect.Value) {
	m.Set(m.Descriptor().Fields().ByName(protoreflect.Name(name)), v)
}

func mutable(m protoreflect.Message, name string) protoreflect.Value {
	return m.Mutable(m.Descriptor().Fields().ByName(protoreflect.Name(name)))
}

func floats(l protoreflect.List) []float32 {
	out := make([]float32, l.Len())
	for i := range out {
		out[i] = float32(l.Get(i).Float())
	}
	return out
}

func (s *Server) serve(method string, req, res *dynamicpb.Message) error {
	ns := get(req, "namespace").String()
	space := s.spaces[ns]
	if space == nil {
		space = map[string]proto.Message{}
		s.spaces[ns] = space
	}
	switch method {
	case "Upsert":
		vs := get(req, "vectors").List()
		for i := 0; i < vs.Len(); i++ {
			v := vs.Get(i).Message()
			if get(v, "id").String() == "" {
				return status.Error(codes.InvalidArgument, "Vector ID must not be empty")
			}
			space[get(v, "id").String()] = proto.Clone(v.Interface())
		}
		set(res, "upserted_count", protoreflect.ValueOfUint32(uint32(vs.Len())))
	case "Fetch":
		out := mutable(res, "vectors").Map()
		ids := get(req, "ids").List()
		for i := 0; i < ids.Len(); i++ {
			if v, ok := space[ids.Get(i).String()]; ok {
				out.Set(protoreflect.ValueOfString(ids.Get(i).String()).MapKey(), protoreflect.ValueOfMessage(proto.Clone(v).ProtoReflect()))
			}
		}
		set(res, "namespace", protoreflect.ValueOfString(ns))
	case "Delete":
		if get(req, "delete_all").Bool() {
			delete(s.spaces, ns)
			break
		}
		ids := get(req, "ids").List()
		for i := 0; i < ids.Len(); i++ {
			delete(space, ids.Get(i).String())
		}
	case "Query":
		q := floats(get(req, "vector").List())
		if len(q) == 0 {
			return status.Error(codes.InvalidArgument, "No query provided")
		}
		topK := int(get(req, "top_k").Uint())
		if topK < 1 {
			return status.Error(codes.InvalidArgument, "Invalid value for top_k: must be at least 1")
		}
		type hit struct {
			id    string
			score float32
		}
		var hits []hit
		for id, v := range space {
			vals := floats(get(v.ProtoReflect(), "values").List())
			if len(vals) != len(q) {
				return status.Errorf(codes.InvalidArgument, "Vector dimension %d does not match the dimension of the index %d", len(q), len(vals))
			}
			hits = append(hits, hit{id, cosine(q, vals)})
		}
		sort.Slice(hits, func(i, j int) bool {
			if hits[i].score != hits[j].score {
				return hits[i].score > hits[j].score
			}
			return hits[i].id < hits[j].id
		})
		if len(hits) > topK {
			hits = hits[:topK]
		}
		matches := mutable(res, "matches").List()
		for _, h := range hits {
			m := matches.NewElement().Message()
			set(m, "id", protoreflect.ValueOfString(h.id))
			set(m, "score", protoreflect.ValueOfFloat32(h.score))
			if get(req, "include_metadata").Bool() {
				src := space[h.id].ProtoReflect()
				if md := get(src, "metadata"); md.Message().IsValid() {
					set(m, "metadata", protoreflect.ValueOfMessage(proto.Clone(md.Message().Interface()).ProtoReflect()))
				}
			}
			matches.Append(protoreflect.ValueOfMessage(m))
		}
		set(res, "namespace", protoreflect.ValueOfString(ns))
	default:
		return status.Errorf(codes.Unimplemented, "%s is not served here", method)
	}
	return nil
}

func cosine(a, b []float32) float32 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return float32(dot / (math.Sqrt(na) * math.Sqrt(nb)))
}
