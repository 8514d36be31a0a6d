// Package qdranttest is an in-memory Qdrant for tests and offline
// examples: a gRPC server on loopback built on the go-client's own
// generated service interfaces (qdrant.PointsServer, CollectionsServer,
// QdrantServer), answering as Qdrant does for the calls it serves —
// collections created, checked and deleted; points upserted, read by id,
// scrolled, deleted by id and searched by exact cosine similarity — and
// with Qdrant's status codes and messages for a missing or existing
// collection. Anything else answers Unimplemented.
package qdranttest

import (
	"context"
	"fmt"
	"math"
	"net"
	"sort"
	"strconv"
	"sync"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Server is a running in-memory Qdrant. Close it when done.
type Server struct {
	// Host and Port are where it listens (for qdrant.Config).
	Host string
	Port int

	grpc *grpc.Server
	mu   sync.Mutex
	cols map[string]map[string]*qdrant.RetrievedPoint
	// Delay, when set, is waited before each points call is answered (a
	// slow server); a cancelled context ends the wait.
	delay chan struct{}
}

// Start starts a server on a free loopback port.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, grpc: grpc.NewServer(),
		cols: map[string]map[string]*qdrant.RetrievedPoint{}}
	qdrant.RegisterPointsServer(s.grpc, &points{s: s})
	qdrant.RegisterCollectionsServer(s.grpc, &collections{s: s})
	qdrant.RegisterQdrantServer(s.grpc, &health{})
	go func() { _ = s.grpc.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.grpc.Stop() }

// Hang makes every later points call wait until its context ends (a hung
// server), until Release.
func (s *Server) Hang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.delay == nil {
		s.delay = make(chan struct{})
	}
}

// Release ends Hang.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.delay != nil {
		close(s.delay)
		s.delay = nil
	}
}

func (s *Server) wait(ctx context.Context) error {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	if d == nil {
		return nil
	}
	select {
	case <-d:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}

// collection returns a collection's points; call with s.mu held.
func (s *Server) collection(name string) (map[string]*qdrant.RetrievedPoint, error) {
	c, ok := s.cols[name]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "Not found: Collection `%s` doesn't exist!", name)
	}
	return c, nil
}

func idKey(id *qdrant.PointId) string {
	if u := id.GetUuid(); u != "" {
		return u
	}
	return strconv.FormatUint(id.GetNum(), 10)
}

func denseOf(v *qdrant.Vector) []float32 {
	if d := v.GetDense().GetData(); len(d) > 0 {
		return d
	}
	return v.GetData() //nolint:staticcheck // older clients send the deprecated field
}

type health struct {
	qdrant.UnimplementedQdrantServer
}

func (health) HealthCheck(context.Context, *qdrant.HealthCheckRequest) (*qdrant.HealthCheckReply, error) {
	return &qdrant.HealthCheckReply{Title: "qdrant - vector search engine", Version: "1.17.1"}, nil
}

type collections struct {
	qdrant.UnimplementedCollectionsServer
	s *Server
}

func (c *collections) Create(_ context.Context, r *qdrant.CreateCollection) (*qdrant.CollectionOperationResponse, error) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if _, ok := c.s.cols[r.GetCollectionName()]; ok {
		return nil, status.Errorf(codes.AlreadyExists, "Wrong input: Collection `%s` already exists!", r.GetCollectionName())
	}
	c.s.cols[r.GetCollectionName()] = map[string]*qdrant.RetrievedPoint{}
	return &qdrant.CollectionOperationResponse{Result: true, Time: 0.001}, nil
}

func (c *collections) Delete(_ context.Context, r *qdrant.DeleteCollection) (*qdrant.CollectionOperationResponse, error) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	_, ok := c.s.cols[r.GetCollectionName()]
	delete(c.s.cols, r.GetCollectionName())
	return &qdrant.CollectionOperationResponse{Result: ok, Time: 0.001}, nil
}

func (c *collections) CollectionExists(_ context.Context, r *qdrant.CollectionExistsRequest) (*qdrant.CollectionExistsResponse, error) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	_, ok := c.s.cols[r.GetCollectionName()]
	return &qdrant.CollectionExistsResponse{Result: &qdrant.CollectionExists{Exists: ok}, Time: 0.0001}, nil
}

type points struct {
	qdrant.UnimplementedPointsServer
	s *Server
}

func done() *qdrant.PointsOperationResponse {
	return &qdrant.PointsOperationResponse{Result: &qdrant.UpdateResult{OperationId: qdrant.PtrOf(uint64(0)),
		Status: qdrant.UpdateStatus_Completed}, Time: 0.001}
}

func (p *points) Upsert(ctx context.Context, r *qdrant.UpsertPoints) (*qdrant.PointsOperationResponse, error) {
	if err := p.s.wait(ctx); err != nil {
		return nil, err
	}
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	c, err := p.s.collection(r.GetCollectionName())
	if err != nil {
		return nil, err
	}
	for _, pt := range r.GetPoints() {
		if pt.GetId() == nil {
			return nil, status.Error(codes.InvalidArgument, "Wrong input: point id is missing")
		}
		c[idKey(pt.GetId())] = &qdrant.RetrievedPoint{Id: pt.GetId(), Payload: pt.GetPayload(),
			Vectors: &qdrant.VectorsOutput{VectorsOptions: &qdrant.VectorsOutput_Vector{Vector: &qdrant.VectorOutput{
				Vector: &qdrant.VectorOutput_Dense{Dense: &qdrant.DenseVector{Data: denseOf(pt.GetVectors().GetVector())}}}}}}
	}
	return done(), nil
}

func (p *points) Get(ctx context.Context, r *qdrant.GetPoints) (*qdrant.GetResponse, error) {
	if err := p.s.wait(ctx); err != nil {
		return nil, err
	}
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	c, err := p.s.collection(r.GetCollectionName())
	if err != nil {
		return nil, err
	}
	out := &qdrant.GetResponse{Time: 0.0002}
	for _, id := range r.GetIds() {
		if pt, ok := c[idKey(id)]; ok {
			out.Result = append(out.Result, pt)
		}
	}
	return out, nil
}

func (p *points) Delete(ctx context.Context, r *qdrant.DeletePoints) (*qdrant.PointsOperationResponse, error) {
	if err := p.s.wait(ctx); err != nil {
		return nil, err
	}
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	c, err := p.s.collection(r.GetCollectionName())
	if err != nil {
		return nil, err
	}
	for _, id := range r.GetPoints().GetPoints().GetIds() {
		delete(c, idKey(id))
	}
	return done(), nil
}

func (p *points) Query(ctx context.Context, r *qdrant.QueryPoints) (*qdrant.QueryResponse, error) {
	if err := p.s.wait(ctx); err != nil {
		return nil, err
	}
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	c, err := p.s.collection(r.GetCollectionName())
	if err != nil {
		return nil, err
	}
	q := r.GetQuery().GetNearest().GetDense().GetData()
	if len(q) == 0 {
		return nil, status.Error(codes.InvalidArgument, "Wrong input: only a nearest query with a dense vector is served here")
	}
	limit := int(r.GetLimit())
	if limit == 0 {
		limit = 10
	}
	var scored []*qdrant.ScoredPoint
	for _, pt := range c {
		v := pt.GetVectors().GetVector().GetDense().GetData()
		if len(v) != len(q) {
			return nil, status.Errorf(codes.InvalidArgument, "Wrong input: Vector dimension error: expected dim: %d, got %d", len(v), len(q))
		}
		sp := &qdrant.ScoredPoint{Id: pt.GetId(), Score: cosine(q, v), Version: 1}
		if r.GetWithPayload().GetEnable() {
			sp.Payload = pt.GetPayload()
		}
		scored = append(scored, sp)
	}
	sort.Slice(scored, func(i, j int) bool {
		if scored[i].Score != scored[j].Score {
			return scored[i].Score > scored[j].Score
		}
		return idKey(scored[i].Id) < idKey(scored[j].Id)
	})
	if len(scored) > limit {
		scored = scored[:limit]
	}
	return &qdrant.QueryResponse{Result: scored, Time: 0.0003}, nil
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

// String describes the server.
func (s *Server) String() string { return fmt.Sprintf("qdranttest at %s:%d", s.Host, s.Port) }
