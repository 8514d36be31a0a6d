// Package milvustest is an in-memory Milvus for tests and offline
// examples: a gRPC server on loopback built on the milvus-proto generated
// service interface (milvuspb.MilvusServiceServer), answering as Milvus
// does for what it serves — connect; create, describe, check and drop a
// collection (its schema kept as given); insert, upsert and delete rows;
// search float vectors by exact cosine similarity; query by primary key
// ("id in [1, 2]", "id == 3") or everything — with Milvus's status codes
// and reasons for a missing collection. Scalar columns of Int64, VarChar,
// Float and Double are kept; anything else answers Unimplemented.
package milvustest

import (
	"context"
	"encoding/binary"
	"math"
	"net"
	"regexp"
	"sort"
	"strconv"
	"sync"

	"github.com/milvus-io/milvus-proto/go-api/v2/commonpb"
	"github.com/milvus-io/milvus-proto/go-api/v2/milvuspb"
	"github.com/milvus-io/milvus-proto/go-api/v2/schemapb"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// Server is a running in-memory Milvus. Close it when done.
type Server struct {
	milvuspb.UnimplementedMilvusServiceServer
	// Addr is its host:port, for milvusclient.ClientConfig.Address.
	Addr string

	grpc *grpc.Server
	mu   sync.Mutex
	cols map[string]*collection
	next int64
}

type collection struct {
	id     int64
	schema *schemapb.CollectionSchema
	pk     string // primary key field
	vector string // float vector field
	rows   map[int64]map[string]any
}

// Start starts a server on a free loopback port.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), grpc: grpc.NewServer(), cols: map[string]*collection{}, next: 450000}
	milvuspb.RegisterMilvusServiceServer(s.grpc, s)
	go func() { _ = s.grpc.Serve(ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.grpc.Stop() }

func success() *commonpb.Status { return &commonpb.Status{} }

// notFound is Milvus's answer for a collection that does not exist.
func notFound(db, name string) *commonpb.Status {
	if db == "" {
		db = "default"
	}
	return &commonpb.Status{ErrorCode: commonpb.ErrorCode_CollectionNotExists, Code: 100,
		Reason: "can't find collection[database=" + db + "][collection=" + name + "]"}
}

// Connect answers the client's handshake.
func (s *Server) Connect(context.Context, *milvuspb.ConnectRequest) (*milvuspb.ConnectResponse, error) {
	return &milvuspb.ConnectResponse{Status: success(), ServerInfo: &commonpb.ServerInfo{BuildTags: "v2.6.2"}, Identifier: 1}, nil
}

// CreateCollection keeps the schema.
func (s *Server) CreateCollection(_ context.Context, r *milvuspb.CreateCollectionRequest) (*commonpb.Status, error) {
	var sch schemapb.CollectionSchema
	if err := proto.Unmarshal(r.GetSchema(), &sch); err != nil {
		return &commonpb.Status{ErrorCode: commonpb.ErrorCode_IllegalArgument, Code: 1100, Reason: "invalid parameter[expected=valid schema]"}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cols[r.GetCollectionName()]; ok {
		return &commonpb.Status{ErrorCode: commonpb.ErrorCode_UnexpectedError, Code: 1,
			Reason: "collection already exists[collection=" + r.GetCollectionName() + "]"}, nil
	}
	c := &collection{id: s.next, schema: &sch, rows: map[int64]map[string]any{}}
	s.next++
	for _, f := range sch.GetFields() {
		if f.GetIsPrimaryKey() {
			c.pk = f.GetName()
		}
		if f.GetDataType() == schemapb.DataType_FloatVector {
			c.vector = f.GetName()
		}
	}
	s.cols[r.GetCollectionName()] = c
	return success(), nil
}

// DescribeCollection answers the schema.
func (s *Server) DescribeCollection(_ context.Context, r *milvuspb.DescribeCollectionRequest) (*milvuspb.DescribeCollectionResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cols[r.GetCollectionName()]
	if !ok {
		return &milvuspb.DescribeCollectionResponse{Status: notFound(r.GetDbName(), r.GetCollectionName())}, nil
	}
	return &milvuspb.DescribeCollectionResponse{Status: success(), Schema: c.schema, CollectionID: c.id,
		CollectionName: r.GetCollectionName(), DbName: "default", ShardsNum: 1,
		ConsistencyLevel: commonpb.ConsistencyLevel_Bounded}, nil
}

// HasCollection says whether a collection exists.
func (s *Server) HasCollection(_ context.Context, r *milvuspb.HasCollectionRequest) (*milvuspb.BoolResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.cols[r.GetCollectionName()]
	return &milvuspb.BoolResponse{Status: success(), Value: ok}, nil
}

// DropCollection forgets a collection.
func (s *Server) DropCollection(_ context.Context, r *milvuspb.DropCollectionRequest) (*commonpb.Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.cols, r.GetCollectionName())
	return success(), nil
}

// Insert adds rows.
func (s *Server) Insert(_ context.Context, r *milvuspb.InsertRequest) (*milvuspb.MutationResult, error) {
	return s.write(r.GetDbName(), r.GetCollectionName(), r.GetFieldsData(), false)
}

// Upsert adds or replaces rows.
func (s *Server) Upsert(_ context.Context, r *milvuspb.UpsertRequest) (*milvuspb.MutationResult, error) {
	return s.write(r.GetDbName(), r.GetCollectionName(), r.GetFieldsData(), true)
}

func (s *Server) write(db, name string, fields []*schemapb.FieldData, upsert bool) (*milvuspb.MutationResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cols[name]
	if !ok {
		return &milvuspb.MutationResult{Status: notFound(db, name)}, nil
	}
	cols := map[string][]any{}
	n := -1
	for _, f := range fields {
		vals := values(f)
		cols[f.GetFieldName()] = vals
		if n < 0 || len(vals) < n {
			n = len(vals)
		}
	}
	var ids []int64
	for i := 0; i < n; i++ {
		row := map[string]any{}
		for name, vals := range cols {
			row[name] = vals[i]
		}
		id, _ := row[c.pk].(int64)
		c.rows[id] = row
		ids = append(ids, id)
	}
	res := &milvuspb.MutationResult{Status: success(), IDs: &schemapb.IDs{IdField: &schemapb.IDs_IntId{IntId: &schemapb.LongArray{Data: ids}}},
		Timestamp: 1}
	if upsert {
		res.UpsertCnt = int64(len(ids))
	} else {
		res.InsertCnt = int64(len(ids))
	}
	return res, nil
}

// values are a column's rows as Go values ([]float32 for a float vector).
func values(f *schemapb.FieldData) []any {
	var out []any
	if sc := f.GetScalars(); sc != nil {
		switch {
		case sc.GetLongData() != nil:
			for _, v := range sc.GetLongData().GetData() {
				out = append(out, v)
			}
		case sc.GetStringData() != nil:
			for _, v := range sc.GetStringData().GetData() {
				out = append(out, v)
			}
		case sc.GetFloatData() != nil:
			for _, v := range sc.GetFloatData().GetData() {
				out = append(out, v)
			}
		case sc.GetDoubleData() != nil:
			for _, v := range sc.GetDoubleData().GetData() {
				out = append(out, v)
			}
		}
	}
	if v := f.GetVectors(); v != nil && v.GetDim() > 0 {
		data, dim := v.GetFloatVector().GetData(), int(v.GetDim())
		for i := 0; i+dim <= len(data); i += dim {
			out = append(out, append([]float32(nil), data[i:i+dim]...))
		}
	}
	return out
}

// column builds a column of rows' values of a schema field.
func column(f *schemapb.FieldSchema, rows []map[string]any) *schemapb.FieldData {
	fd := &schemapb.FieldData{FieldName: f.GetName(), FieldId: f.GetFieldID(), Type: f.GetDataType()}
	switch f.GetDataType() {
	case schemapb.DataType_Int64:
		var d []int64
		for _, r := range rows {
			v, _ := r[f.GetName()].(int64)
			d = append(d, v)
		}
		fd.Field = &schemapb.FieldData_Scalars{Scalars: &schemapb.ScalarField{Data: &schemapb.ScalarField_LongData{LongData: &schemapb.LongArray{Data: d}}}}
	case schemapb.DataType_VarChar:
		var d []string
		for _, r := range rows {
			v, _ := r[f.GetName()].(string)
			d = append(d, v)
		}
		fd.Field = &schemapb.FieldData_Scalars{Scalars: &schemapb.ScalarField{Data: &schemapb.ScalarField_StringData{StringData: &schemapb.StringArray{Data: d}}}}
	case schemapb.DataType_Float:
		var d []float32
		for _, r := range rows {
			v, _ := r[f.GetName()].(float32)
			d = append(d, v)
		}
		fd.Field = &schemapb.FieldData_Scalars{Scalars: &schemapb.ScalarField{Data: &schemapb.ScalarField_FloatData{FloatData: &schemapb.FloatArray{Data: d}}}}
	case schemapb.DataType_Double:
		var d []float64
		for _, r := range rows {
			v, _ := r[f.GetName()].(float64)
			d = append(d, v)
		}
		fd.Field = &schemapb.FieldData_Scalars{Scalars: &schemapb.ScalarField{Data: &schemapb.ScalarField_DoubleData{DoubleData: &schemapb.DoubleArray{Data: d}}}}
	case schemapb.DataType_FloatVector:
		var d []float32
		dim := int64(0)
		for _, r := range rows {
			v, _ := r[f.GetName()].([]float32)
			d, dim = append(d, v...), int64(len(v))
		}
		fd.Field = &schemapb.FieldData_Vectors{Vectors: &schemapb.VectorField{Dim: dim, Data: &schemapb.VectorField_FloatVector{FloatVector: &schemapb.FloatArray{Data: d}}}}
	}
	return fd
}

func (c *collection) outputs(names []string, rows []map[string]any) []*schemapb.FieldData {
	var out []*schemapb.FieldData
	for _, f := range c.schema.GetFields() {
		for _, n := range names {
			if n == f.GetName() || n == "*" {
				out = append(out, column(f, rows))
				break
			}
		}
	}
	return out
}

// Search answers the nearest rows to each query vector by cosine
// similarity.
func (s *Server) Search(_ context.Context, r *milvuspb.SearchRequest) (*milvuspb.SearchResults, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cols[r.GetCollectionName()]
	if !ok {
		return &milvuspb.SearchResults{Status: notFound(r.GetDbName(), r.GetCollectionName())}, nil
	}
	topK := 10
	for _, p := range r.GetSearchParams() {
		if p.GetKey() == "topk" {
			topK, _ = strconv.Atoi(p.GetValue())
		}
	}
	var group commonpb.PlaceholderGroup
	if err := proto.Unmarshal(r.GetPlaceholderGroup(), &group); err != nil || len(group.GetPlaceholders()) == 0 {
		return &milvuspb.SearchResults{Status: &commonpb.Status{ErrorCode: commonpb.ErrorCode_IllegalArgument, Code: 1100,
			Reason: "invalid parameter[expected=vectors to search]"}}, nil
	}
	data := &schemapb.SearchResultData{TopK: int64(topK), OutputFields: r.GetOutputFields()}
	var ids []int64
	var hits []map[string]any
	for _, raw := range group.GetPlaceholders()[0].GetValues() {
		q := make([]float32, len(raw)/4)
		for i := range q {
			q[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
		type scored struct {
			id    int64
			score float32
		}
		var all []scored
		for id, row := range c.rows {
			v, _ := row[c.vector].([]float32)
			all = append(all, scored{id, cosine(q, v)})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].score != all[j].score {
				return all[i].score > all[j].score
			}
			return all[i].id < all[j].id
		})
		if len(all) > topK {
			all = all[:topK]
		}
		data.NumQueries++
		data.Topks = append(data.Topks, int64(len(all)))
		for _, h := range all {
			ids = append(ids, h.id)
			data.Scores = append(data.Scores, h.score)
			hits = append(hits, c.rows[h.id])
		}
	}
	data.Ids = &schemapb.IDs{IdField: &schemapb.IDs_IntId{IntId: &schemapb.LongArray{Data: ids}}}
	data.FieldsData = c.outputs(r.GetOutputFields(), hits)
	return &milvuspb.SearchResults{Status: success(), Results: data, CollectionName: r.GetCollectionName()}, nil
}

var (
	reIn = regexp.MustCompile(`^\s*(\w+)\s+in\s+\[([\d\s,]*)\]\s*$`)
	reEq = regexp.MustCompile(`^\s*(\w+)\s*==\s*(\d+)\s*$`)
)

// matching are the rows expr selects: by primary key, or all for "".
func (c *collection) matching(expr string) ([]map[string]any, []int64, bool) {
	var keys []int64
	switch {
	case expr == "":
		for id := range c.rows {
			keys = append(keys, id)
		}
	case reIn.MatchString(expr):
		m := reIn.FindStringSubmatch(expr)
		if m[1] != c.pk {
			return nil, nil, false
		}
		for _, f := range regexp.MustCompile(`\d+`).FindAllString(m[2], -1) {
			n, _ := strconv.ParseInt(f, 10, 64)
			keys = append(keys, n)
		}
	case reEq.MatchString(expr):
		m := reEq.FindStringSubmatch(expr)
		if m[1] != c.pk {
			return nil, nil, false
		}
		n, _ := strconv.ParseInt(m[2], 10, 64)
		keys = append(keys, n)
	default:
		return nil, nil, false
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	var rows []map[string]any
	var found []int64
	for _, k := range keys {
		if r, ok := c.rows[k]; ok {
			rows, found = append(rows, r), append(found, k)
		}
	}
	return rows, found, true
}

func badExpr(expr string) *commonpb.Status {
	return &commonpb.Status{ErrorCode: commonpb.ErrorCode_IllegalArgument, Code: 1100,
		Reason: "failed to create query plan: cannot parse expression: " + expr}
}

// Query answers the rows an expression selects.
func (s *Server) Query(_ context.Context, r *milvuspb.QueryRequest) (*milvuspb.QueryResults, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cols[r.GetCollectionName()]
	if !ok {
		return &milvuspb.QueryResults{Status: notFound(r.GetDbName(), r.GetCollectionName())}, nil
	}
	rows, _, ok := c.matching(r.GetExpr())
	if !ok {
		return &milvuspb.QueryResults{Status: badExpr(r.GetExpr())}, nil
	}
	out := append([]string{c.pk}, r.GetOutputFields()...)
	return &milvuspb.QueryResults{Status: success(), FieldsData: c.outputs(out, rows), CollectionName: r.GetCollectionName(),
		OutputFields: out}, nil
}

// Delete removes the rows an expression selects.
func (s *Server) Delete(_ context.Context, r *milvuspb.DeleteRequest) (*milvuspb.MutationResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cols[r.GetCollectionName()]
	if !ok {
		return &milvuspb.MutationResult{Status: notFound(r.GetDbName(), r.GetCollectionName())}, nil
	}
	_, keys, ok := c.matching(r.GetExpr())
	if !ok {
		return &milvuspb.MutationResult{Status: badExpr(r.GetExpr())}, nil
	}
	for _, k := range keys {
		delete(c.rows, k)
	}
	return &milvuspb.MutationResult{Status: success(), DeleteCnt: int64(len(keys)),
		IDs: &schemapb.IDs{IdField: &schemapb.IDs_IntId{IntId: &schemapb.LongArray{Data: keys}}}}, nil
}

func cosine(a, b []float32) float32 {
	var dot, na, nb float64
	for i := range a {
		if i >= len(b) {
			break
		}
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return float32(dot / (math.Sqrt(na) * math.Sqrt(nb)))
}
