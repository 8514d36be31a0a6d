package openlitbedrock

import (
	"context"
	"errors"
	"io"
	"strconv"
	"sync"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	core "github.com/openlit/openlit-go/internal/genai"
	"github.com/openlit/openlit-go/internal/instrument"
	"github.com/openlit/openlit-go/internal/provider"
	"github.com/openlit/openlit-go/internal/wire"
)

// Instrument returns a Bedrock Runtime client option that traces the
// client's model calls, streams included:
//
//	client := bedrockruntime.NewFromConfig(cfg, openlitbedrock.Instrument())
//
// It can also be given to one call (client.Converse(ctx, in,
// openlitbedrock.Instrument())).
func Instrument(opts ...Option) func(*bedrockruntime.Options) {
	in := newInstrumenter(opts)
	return func(o *bedrockruntime.Options) {
		o.APIOptions = append(o.APIOptions, in.addMiddleware)
		if _, done := o.Protocol.(*observingProtocol); !done && o.Protocol != nil {
			o.Protocol = &observingProtocol{ClientProtocol: o.Protocol}
		}
	}
}

// AppendMiddlewares appends the tracing middleware to apiOptions, such as
// an aws.Config's APIOptions, so every Bedrock Runtime client made from it
// is traced:
//
//	openlitbedrock.AppendMiddlewares(&cfg.APIOptions)
//
// Streams are then spanned from request to close, without their usage,
// content or time to first token: give the client Instrument for those.
// The middleware does nothing for other AWS services.
func AppendMiddlewares(apiOptions *[]func(*middleware.Stack) error, opts ...Option) {
	*apiOptions = append(*apiOptions, newInstrumenter(opts).addMiddleware)
}

type instrumenter struct {
	tel       *core.Telemetry
	system    string
	providers *provider.Resolver
}

func newInstrumenter(opts []Option) *instrumenter {
	c := instrument.New(opts)
	return &instrumenter{tel: c.Telemetry(ScopeName, Version), system: c.System, providers: c.Resolver()}
}

const (
	initializeID  = "openlit.Initialize"
	deserializeID = "openlit.Deserialize"
)

// addMiddleware adds the two middlewares to an operation's stack, once
// however many times it is installed.
func (in *instrumenter) addMiddleware(stack *middleware.Stack) error {
	if _, ok := stack.Initialize.Get(initializeID); ok {
		return nil
	}
	if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc(initializeID, in.initialize), middleware.Before); err != nil {
		return err
	}
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc(deserializeID, deserialize), middleware.After)
}

type stateKey struct{}

// state is one traced call: set up by the initialize middleware, told
// where each attempt went by the deserialize middleware, and, for a
// stream, fed its events by the protocol.
type state struct {
	in     *instrumenter
	call   *core.Call
	answer answer
	stream bool

	// Set by the deserialize middleware (the same goroutine as the call),
	// before the stream's reader starts.
	host      string
	port      int
	requestID string
	inTokens  string
	outTokens string

	mu        sync.Mutex
	wrapped   bool // the stream's body is followed
	ended     bool
	streamErr error
	eof       bool        // the stream was decoded to its end
	idle      *time.Timer // ends a stream nothing is decoded from
}

// streamIdleTimeout ends the span of a stream from which no event was
// decoded for that long: the SDK's own goroutines keep a stream the app
// never reads nor closes alive (so it is never collected, and never ends),
// and Bedrock streams send events without long pauses. The stream itself is
// left to the app.
var streamIdleTimeout = 10 * time.Minute

// errIdle ends a stream's call when streamIdleTimeout passed.
var errIdle = errors.New("openlit: no stream event for the idle timeout: the stream was abandoned (neither read nor closed) or the service stalled")

// completer is an answer that knows whether its stream reached its final
// event, and names that event.
type completer interface{ completed() (bool, string) }

// answer is what an operation reads from its output or its stream.
type answer interface {
	// output records a whole answer (nil for a stream).
	output(st *state, out any)
	// event records a stream event.
	event(call *core.Call, ev any)
	// end records what the answer gathered; err is the call's error.
	end(call *core.Call, err error)
}

func (in *instrumenter) initialize(ctx context.Context, mi middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	if ctx.Value(stateKey{}) != nil {
		return next.HandleInitialize(ctx, mi) // installed twice: traced once
	}
	ctx, st := in.start(ctx, mi.Parameters)
	if st == nil {
		return next.HandleInitialize(ctx, mi)
	}
	out, md, err := next.HandleInitialize(context.WithValue(ctx, stateKey{}, st), mi)
	switch {
	case err != nil:
		st.finish(nil, err)
	case !st.stream:
		st.finish(out.Result, nil)
	case !st.followed():
		st.finish(nil, nil) // a stream whose body is not followed ends now
	}
	// A followed stream's call ends when its body is closed.
	return out, md, err
}

// deserialize records where an attempt went and what Bedrock says of it,
// and has a stream's body followed.
func deserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	st, _ := ctx.Value(stateKey{}).(*state)
	if st == nil {
		return next.HandleDeserialize(ctx, in)
	}
	if req, ok := in.Request.(*smithyhttp.Request); ok && req.URL != nil {
		st.host, st.port = provider.HostPort(req.URL)
	}
	out, md, err := next.HandleDeserialize(ctx, in)
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok || resp == nil || resp.Response == nil {
		return out, md, err
	}
	st.requestID = resp.Header.Get("X-Amzn-Requestid")
	st.inTokens = resp.Header.Get("X-Amzn-Bedrock-Input-Token-Count")
	st.outTokens = resp.Header.Get("X-Amzn-Bedrock-Output-Token-Count")
	if st.stream && err == nil && resp.StatusCode/100 == 2 && resp.Body != nil {
		if _, done := resp.Body.(*observedBody); !done {
			st.mu.Lock()
			resp.Body = &observedBody{ReadCloser: resp.Body, st: st}
			st.wrapped = true
			st.idle = time.AfterFunc(streamIdleTimeout, st.idleOut)
			st.mu.Unlock()
		}
	}
	return out, md, err
}

// followed reports whether a stream's body is followed: its Close ends the
// call.
func (st *state) followed() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.wrapped
}

// endStream ends a followed stream's call, with the stream's error; a
// stream decoded to its end without its final event was cut.
func (st *state) endStream() {
	st.mu.Lock()
	err := st.streamErr
	if c, ok := st.answer.(completer); ok && err == nil && st.eof && !st.ended {
		if done, final := c.completed(); !done {
			err = wire.Incomplete(st.call, final)
		}
	}
	st.mu.Unlock()
	st.finish(nil, err)
}

// idleOut ends the call of a stream nothing was decoded from for
// streamIdleTimeout.
func (st *state) idleOut() {
	st.mu.Lock()
	if st.ended {
		st.mu.Unlock()
		return
	}
	st.call.ErrorType = "stream_idle"
	st.mu.Unlock()
	st.finish(nil, errIdle)
}

// finish ends the call once, with the answer (nil for a stream) and the
// call's error.
func (st *state) finish(out any, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return
	}
	st.ended = true
	if st.idle != nil {
		st.idle.Stop()
	}
	func() {
		defer core.Recover()
		st.in.locate(st)
		if out != nil && err == nil {
			st.answer.output(st, out)
		}
		st.answer.end(st.call, err)
	}()
	endCall(st.call, err)
}

// locate records the endpoint of the last attempt and the provider.
func (in *instrumenter) locate(st *state) {
	call := st.call
	call.ServerAddress, call.ServerPort = st.host, st.port
	if st.requestID != "" {
		call.SetAttributes(responseID(st.requestID))
	}
	call.System = in.system
	if call.System == "" {
		call.System = in.providers.System(st.host, st.port, "aws.bedrock")
	}
}

// endCall ends a call: failed, with error.type the HTTP status when the
// service answered (or the stream's exception code), or successful.
func endCall(call *core.Call, err error) {
	if err != nil {
		var re *awshttp.ResponseError
		var api smithy.APIError
		switch {
		case errors.As(err, &re) && re.HTTPStatusCode() != 0:
			call.ErrorType = strconv.Itoa(re.HTTPStatusCode())
		case errors.As(err, &api) && api.ErrorCode() != "":
			call.ErrorType = api.ErrorCode()
		}
	}
	call.End(err)
}

// observingProtocol is the client's protocol, observing the events of a
// followed stream as it decodes them.
type observingProtocol struct {
	smithyhttp.ClientProtocol
}

// DeserializeEventMessage decodes the next event, as the client's protocol
// does, and hands it to the call whose stream r is.
func (p *observingProtocol) DeserializeEventMessage(schema *smithy.Schema, types *smithy.TypeRegistry, r io.Reader) (smithy.Deserializable, error) {
	ev, err := p.ClientProtocol.DeserializeEventMessage(schema, types, r)
	if b, ok := r.(*observedBody); ok {
		b.st.observe(ev, err)
	}
	return ev, err
}

// observedBody is a followed stream's body: its Close, which the SDK calls
// when the stream ends, fails or is closed, ends the span.
type observedBody struct {
	io.ReadCloser
	st   *state
	once sync.Once
}

// Close closes the body and ends the stream's call.
func (b *observedBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.st.endStream)
	return err
}

func (st *state) observe(ev smithy.Deserializable, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ended {
		return
	}
	if st.idle != nil {
		st.idle.Reset(streamIdleTimeout)
	}
	if err != nil {
		if err == io.EOF {
			st.eof = true
		} else if st.streamErr == nil {
			st.streamErr = err
		}
		return
	}
	defer core.Recover()
	st.answer.event(st.call, ev)
}
