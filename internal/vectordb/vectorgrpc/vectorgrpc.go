// Package vectorgrpc is the gRPC client interceptor the vector store
// integrations that talk gRPC (Qdrant, Milvus, Pinecone) share: each
// describes its requests and reads its replies; the span, its server
// address and its failure are handled here once.
package vectorgrpc

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/openlit/openlit-go/internal/vectordb"
)

// Store is what an integration knows of its store's calls.
type Store struct {
	// Describe is the operation a call is, and whether it is traced.
	Describe func(method string, req any) (vectordb.Operation, bool)
	// Prepare, when set, adjusts an operation once the server address is
	// known (a collection named from the host).
	Prepare func(op *vectordb.Operation)
	// Reply reads a successful call's reply onto the span (rows returned,
	// vectors written); it returns a non-nil error for a failure the store
	// answers inside a successful call, with the store's status code.
	Reply func(span *vectordb.Span, reply any) (code string, err error)
}

// Interceptor returns the unary client interceptor of a store.
func Interceptor(tel *vectordb.Telemetry, s Store) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		op, ok := s.Describe(method, req)
		if !ok {
			return invoker(ctx, method, req, reply, cc, opts...)
		}
		if cc != nil {
			op.ServerAddress, op.ServerPort = vectordb.GRPCTarget(cc.Target())
		}
		if s.Prepare != nil {
			s.Prepare(&op)
		}
		ctx, span := tel.Start(ctx, op)
		err := invoker(ctx, method, req, reply, cc, opts...)
		if err != nil {
			if st, ok := status.FromError(err); ok {
				span.SetStatusCode(st.Code().String())
			}
			span.End(err)
			return err
		}
		if s.Reply != nil {
			if code, failed := s.Reply(span, reply); failed != nil {
				span.SetStatusCode(code)
				span.End(failed)
				return nil
			}
		}
		span.End(nil)
		return nil
	}
}
