package genai

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/openlit/openlit-go/semconv"
)

// A framework's yielding call and the client integration beneath it make
// one span, whichever of them records what.
func TestYieldingCallTakenOver(t *testing.T) {
	cases := []struct {
		name      string
		outerOp   string
		innerOp   string
		innerRuns bool // a client integration starts beneath the framework
		endOuter  bool // the framework ends before the client starts
		wantSpans []string
		adopted   bool
	}{
		{name: "client beneath takes over", outerOp: "chat", innerOp: "chat", innerRuns: true,
			wantSpans: []string{"chat gpt-4o-mini-2024"}, adopted: true},
		{name: "no client beneath", outerOp: "chat", wantSpans: []string{"chat gpt-4o-mini"}},
		{name: "other operation beneath is its own call", outerOp: "chat", innerOp: "embeddings", innerRuns: true,
			wantSpans: []string{"embeddings gpt-4o-mini-2024", "chat gpt-4o-mini"}},
		{name: "ended call is not taken over", outerOp: "chat", innerOp: "chat", innerRuns: true, endOuter: true,
			wantSpans: []string{"chat gpt-4o-mini", "chat gpt-4o-mini-2024"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spans := tracetest.NewInMemoryExporter()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
			framework := New(Config{TracerProvider: tp, ScopeName: "framework"})
			client := New(Config{TracerProvider: tp, ScopeName: "client"})

			ctx, outer := framework.Start(context.Background(), Request{Operation: tc.outerOp, Model: "gpt-4o-mini", Yield: true})
			outer.SetUsage(Usage{InputTokens: 1, OutputTokens: 1})
			if tc.endOuter {
				outer.End(nil)
			}
			if tc.innerRuns {
				innerCtx, inner := client.Start(ctx, Request{Operation: tc.innerOp, System: "openai", Model: "gpt-4o-mini-2024",
					Attributes: []attribute.KeyValue{semconv.GenAIRequestTemperature.Float64(0.5)}})
				if same := inner == outer; same != tc.adopted {
					t.Fatalf("taken over = %v, want %v", same, tc.adopted)
				}
				if FromContext(innerCtx) != inner {
					t.Fatal("the inner context does not carry the inner call")
				}
				inner.ServerAddress = "api.openai.com"
				inner.SetUsage(Usage{InputTokens: 10, OutputTokens: 20})
				inner.End(nil)
			}
			if outer.Adopted() != tc.adopted {
				t.Fatalf("Adopted() = %v, want %v", outer.Adopted(), tc.adopted)
			}
			if !outer.Adopted() {
				outer.End(nil)
			}
			got := spans.GetSpans()
			if len(got) != len(tc.wantSpans) {
				t.Fatalf("%d spans, want %v", len(got), tc.wantSpans)
			}
			for i, s := range got {
				if s.Name != tc.wantSpans[i] {
					t.Errorf("span %d = %q, want %q", i, s.Name, tc.wantSpans[i])
				}
			}
			if !tc.adopted {
				return
			}
			m := map[attribute.Key]attribute.Value{}
			for _, kv := range got[0].Attributes {
				m[kv.Key] = kv.Value
			}
			if m[semconv.ServerAddress].AsString() != "api.openai.com" || m[semconv.GenAIRequestTemperature].AsFloat64() != 0.5 ||
				m[semconv.GenAIRequestModel].AsString() != "gpt-4o-mini-2024" || m[semconv.GenAISystem].AsString() != "openai" {
				t.Errorf("the client's attributes are missing: %v", got[0].Attributes)
			}
			if m[semconv.GenAIUsageOutputTokens].AsInt64() != 20 {
				t.Errorf("output tokens %v, want the client's 20", m[semconv.GenAIUsageOutputTokens])
			}
		})
	}
}

// A call registered for a context (a framework whose callbacks cannot
// return one) is taken over by a client starting in that very context,
// not in another; unregistering ends that.
func TestRegisteredYieldingCall(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	framework := New(Config{TracerProvider: tp, ScopeName: "framework"})
	client := New(Config{TracerProvider: tp, ScopeName: "client"})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, outer := framework.Start(ctx, Request{Operation: "chat", Model: "m", Yield: true})
	unregister, ok := RegisterYielding(ctx, outer)
	if !ok {
		t.Fatal("not registered")
	}
	// The framework's next call there (the first one failed unreported)
	// is its own, not the registered one, and replaces it as registered;
	// the replaced one's unregister leaves it registered.
	_, next := framework.Start(ctx, Request{Operation: "chat", Model: "m", Yield: true})
	if next == outer || !outer.Adoptable("chat") {
		t.Fatal("a framework's call took over a registered one")
	}
	unregisterNext, _ := RegisterYielding(ctx, next)
	unregister()
	if registeredFor(ctx) != next || registered.Load() != 1 {
		t.Fatal("the next call did not replace the first")
	}
	next.End(nil)
	unregisterNext()
	if unregister, ok = RegisterYielding(ctx, outer); !ok {
		t.Fatal("not registered again")
	}
	// Another context, even one derived from ctx, is not ctx.
	_, other := client.Start(context.WithValue(ctx, struct{}{}, 1), Request{Operation: "chat", Model: "m"})
	if other == outer {
		t.Fatal("taken over from another context")
	}
	other.End(nil)
	innerCtx, inner := client.Start(ctx, Request{Operation: "chat", Model: "m2"})
	if inner != outer || FromContext(innerCtx) != outer || innerCtx.Done() != ctx.Done() {
		t.Fatal("not taken over in its own context, or the context lost ctx's cancellation")
	}
	inner.End(nil) // ends the registration
	if registeredFor(ctx) != nil {
		t.Error("still registered after End")
	}
	unregister()
	if registeredFor(ctx) != nil || registered.Load() != 0 {
		t.Error("still registered")
	}
	if got := len(spans.GetSpans()); got != 3 {
		t.Errorf("%d spans, want 3", got)
	}
	// A context type that cannot be a map key is refused, not a panic.
	if _, ok := RegisterYielding(uncomparable{Context: ctx}, outer); ok {
		t.Error("registered an uncomparable context")
	}
}

type uncomparable struct {
	context.Context
	_ []int
}

// A call on a framework's own span (Request.Span): named and filled, its
// metrics recorded, the span left to its owner to end; a client beneath
// still takes the call over.
func TestBorrowedSpan(t *testing.T) {
	for _, client := range []bool{false, true} {
		spans := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
		framework := New(Config{TracerProvider: tp, ScopeName: "framework"})
		ctx, own := tp.Tracer("adk").Start(context.Background(), "generate_content m")
		callCtx, call := framework.Start(ctx, Request{Operation: "chat", Model: "m", Yield: true, Span: own})
		if !trace.SpanFromContext(callCtx).SpanContext().Equal(own.SpanContext()) {
			t.Fatal("the call's context does not carry the framework's span")
		}
		if client {
			_, inner := New(Config{TracerProvider: tp, ScopeName: "client"}).Start(callCtx, Request{Operation: "chat", Model: "m-2024"})
			if inner != call {
				t.Fatal("not taken over")
			}
			inner.SetUsage(Usage{InputTokens: 3, OutputTokens: 4})
			inner.End(nil)
		} else {
			call.SetUsage(Usage{InputTokens: 3, OutputTokens: 4})
			call.End(nil)
		}
		if n := len(spans.GetSpans()); n != 0 {
			t.Fatalf("%d spans ended by the call", n)
		}
		own.End()
		got := spans.GetSpans()
		if len(got) != 1 || got[0].Name != "chat m" && got[0].Name != "chat m-2024" {
			t.Fatalf("spans %v", got)
		}
		a := map[attribute.Key]string{}
		for _, kv := range got[0].Attributes {
			a[kv.Key] = kv.Value.Emit()
		}
		if a[semconv.GenAIOperationName] != "chat" || a[semconv.GenAIUsageInputTokens] != "3" || got[0].Status.Code.String() != "Ok" {
			t.Errorf("client %v: %v %v", client, a, got[0].Status)
		}
	}
}
