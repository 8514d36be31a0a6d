package wire

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/openlit/openlit-go/internal/genai"
)

// unsafeString views b as a string without copying. b must not change while
// the string is used; callers keep (clone) what outlives the view.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// sink learns from a response body's bytes as the client reads them, and
// ends the call when the body ends.
type sink interface {
	write(call *genai.Call, p []byte)
	// end ends the call: err is nil at EOF or when the client closed the
	// body, the read error otherwise.
	end(call *genai.Call, err error)
}

// errAbandoned ends the call of a response body dropped without Close.
var errAbandoned = errors.New("openlit: response body dropped without being read to the end or closed")

// observe replaces resp.Body with a body that shows its bytes to s as the
// client reads them. A response with no body ends the call at once.
func observe(resp *http.Response, call *genai.Call, s sink) {
	if _, ok := s.(streamSink); ok {
		call.Streamed = true
	}
	st := &bodyState{call: call, sink: s}
	if resp.Body == nil || resp.Body == http.NoBody {
		st.read(nil, io.EOF)
		return
	}
	b := &observedBody{rc: resp.Body, st: st}
	resp.Body = b
	runtime.AddCleanup(b, (*bodyState).abandon, st)
}

// streamSink marks the sinks of streamed responses.
type streamSink interface{ streamed() }

// observedBody is the response body the client reads: Read and Close are
// the original's.
type observedBody struct {
	rc io.ReadCloser
	st *bodyState
}

func (b *observedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err == io.EOF {
		b.st.atEOF()
	}
	if n > 0 || err != nil {
		b.st.read(p[:n], err)
	}
	return n, err
}

func (b *observedBody) Close() error {
	err := b.rc.Close()
	b.st.read(nil, io.EOF)
	return err
}

// bodyState is apart from the body so the cleanup can reach it without
// keeping the body alive.
type bodyState struct {
	mu    sync.Mutex
	call  *genai.Call
	sink  sink
	ended bool
}

func (s *bodyState) read(p []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			genai.HandlePanic(r)
			s.ended = true
			s.call.End(nil)
		}
	}()
	if len(p) > 0 {
		s.sink.write(s.call, p)
	}
	if err != nil {
		s.ended = true
		if err == io.EOF {
			err = nil
		}
		s.sink.end(s.call, err)
	}
}

// atEOF tells a stream's sink that the body was read to its end (not
// closed before it): a stream the API did not finish is then a cut one.
func (s *bodyState) atEOF() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.sink.(interface{ setEOF() }); ok && !s.ended {
		e.setEOF()
	}
}

func (s *bodyState) abandon() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	s.ended = true
	s.call.ErrorType = "response_abandoned"
	s.call.End(errAbandoned)
}

// readerFor returns the sink for a response's content type: server-sent
// events, NDJSON, JSON, or a body that is not decoded (audio). A gzip body
// the transport did not decompress (the client asked for gzip itself) is
// kept compressed, bounded, and decoded when it ends; such a stream is not
// decoded.
func readerFor(contentType, encoding string, dec decoder, size int64) sink {
	mt := mediaType(contentType)
	if encoding != "" && !strings.EqualFold(encoding, "identity") {
		if strings.EqualFold(encoding, "gzip") && (isJSON(mt) || mt == "") {
			return &gzipSink{dec: dec}
		}
		return &rawSink{dec: skipDecoder{dec}}
	}
	switch {
	case mt == "text/event-stream":
		return &sseSink{dec: dec, lines: lines{max: maxEvent}, sse: sse{max: maxEvent}}
	case mt == "application/x-ndjson" || mt == "application/jsonl" || mt == "application/jsonlines":
		return &ndjsonSink{dec: dec, lines: lines{max: maxEvent}}
	case isJSON(mt) || mt == "" || mt == "text/plain":
		c := newCapture(maxStringView, maxElems, maxResponseView)
		c.fast = maxFastView
		c.buf = make([]byte, 0, min(max(size, 4<<10), maxResponseView))
		return &jsonSink{dec: dec, cap: c}
	}
	return &rawSink{dec: dec}
}

// maxFastView is the size up to which a JSON answer is kept as it came,
// without walking it: a typical answer (a chat completion, an embedding of
// 1536 dimensions) is a memory copy. Its arrays are not shortened: the
// decoders bound what they read of them.
const maxFastView = 64 << 10

// maxStringView bounds each string of a response kept for decoding: the
// content bound's default (content longer than it is cut anyway).
const maxStringView = genai.DefaultMaxContentLength

func mediaType(ct string) string {
	for i := 0; i < len(ct); i++ {
		if ct[i] == ';' {
			ct = ct[:i]
			break
		}
	}
	for len(ct) > 0 && ct[len(ct)-1] == ' ' {
		ct = ct[:len(ct)-1]
	}
	for i := 0; i < len(ct); i++ {
		if 'A' <= ct[i] && ct[i] <= 'Z' {
			b := []byte(ct)
			for j := range b {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return ct
}

type jsonSink struct {
	dec decoder
	cap *capture
}

func (s *jsonSink) write(_ *genai.Call, p []byte) { s.cap.Write(p) }

func (s *jsonSink) end(call *genai.Call, err error) {
	if err == nil {
		respond(s.dec, call, s.cap)
	}
	call.End(err)
}

// respond decodes the answer c kept, telling a decoder that counts arrays
// the lengths of those c shortened.
func respond(dec decoder, call *genai.Call, c *capture) {
	if l, ok := dec.(arrayCounter); ok {
		l.setLens(c.lens)
	}
	dec.response(call, unsafeString(c.bytes()))
}

// arrayCounter is a decoder that reads an array's length (an embedding's
// dimensions), which a shortened array no longer shows.
type arrayCounter interface{ setLens(map[int]int) }

// gzipSink keeps a gzip JSON answer compressed, up to maxResponseView, and
// decodes it when it ends.
type gzipSink struct {
	dec  decoder
	buf  []byte
	full bool
}

func (s *gzipSink) write(_ *genai.Call, p []byte) {
	if s.full {
		return
	}
	if len(s.buf)+len(p) > maxResponseView {
		s.full = true
		return
	}
	s.buf = append(s.buf, p...)
}

func (s *gzipSink) end(call *genai.Call, err error) {
	if err == nil && !s.full {
		if zr, zerr := gzip.NewReader(bytes.NewReader(s.buf)); zerr == nil {
			c := newCapture(maxStringView, maxElems, maxResponseView)
			buf := make([]byte, 32<<10)
			// The decompressed answer passes through a capture, so a small
			// body inflating to a huge one stays bounded.
			for n := 0; n < maxInflated; {
				k, rerr := zr.Read(buf)
				c.Write(buf[:k])
				n += k
				if rerr != nil {
					break
				}
			}
			respond(s.dec, call, c)
		}
	}
	call.End(err)
}

// maxInflated bounds how much of a gzip answer is inflated.
const maxInflated = 64 << 20

// skipDecoder decodes nothing of an answer it cannot read (an encoding
// other than gzip): the call keeps what its request said.
type skipDecoder struct{ decoder }

func (skipDecoder) response(*genai.Call, string) {}

type rawSink struct{ dec decoder }

func (s *rawSink) write(*genai.Call, []byte) {}

func (s *rawSink) end(call *genai.Call, err error) {
	if err == nil {
		s.dec.response(call, "")
	}
	call.End(err)
}

type sseSink struct {
	dec   decoder
	lines lines
	sse   sse
	eof   bool
}

func (*sseSink) streamed() {}

func (s *sseSink) setEOF() { s.eof = true }

func (s *sseSink) write(call *genai.Call, p []byte) {
	s.lines.write(p, func(line []byte) {
		s.sse.line(line, func(event, data []byte) {
			s.dec.event(call, unsafeString(event), unsafeString(data))
		})
	})
}

func (s *sseSink) end(call *genai.Call, err error) {
	dispatch := func(event, data []byte) { s.dec.event(call, unsafeString(event), unsafeString(data)) }
	s.lines.flush(func(line []byte) { s.sse.line(line, dispatch) })
	s.sse.dispatch(dispatch)
	if f, ok := s.dec.(streamFailer); ok && err == nil {
		err = f.failed(call, s.eof)
	}
	s.dec.end(call, err)
	call.End(err)
}

// streamFailer is a decoder that can tell a stream the API ended with an
// error event (Anthropic's overloaded_error mid-stream), or one cut before
// the API finished it (eof: the body was read to its end, not closed
// early): the call ends with that error although the body ended cleanly.
type streamFailer interface {
	failed(call *genai.Call, eof bool) error
}

// ErrorTypeIncomplete is the error.type of a stream that ended before the
// API finished it (a connection cut, a proxy's timeout): no final event.
const ErrorTypeIncomplete = "stream_incomplete"

// Incomplete is the error of a stream cut before final (its last event,
// or the field only its end has), for a typed integration that sees the
// stream end without it: the call's error.type becomes
// ErrorTypeIncomplete.
func Incomplete(call *genai.Call, final string) error { return incomplete(call, final) }

// incomplete is the error of a stream cut before its final event.
func incomplete(call *genai.Call, final string) error {
	call.ErrorType = ErrorTypeIncomplete
	return &StreamError{Type: ErrorTypeIncomplete, Message: "the stream ended before its " + final}
}

type ndjsonSink struct {
	dec   decoder
	lines lines
	eof   bool
}

func (*ndjsonSink) streamed() {}

func (s *ndjsonSink) setEOF() { s.eof = true }

func (s *ndjsonSink) write(call *genai.Call, p []byte) {
	s.lines.write(p, func(line []byte) { s.dec.event(call, "", unsafeString(line)) })
}

func (s *ndjsonSink) end(call *genai.Call, err error) {
	s.lines.flush(func(line []byte) { s.dec.event(call, "", unsafeString(line)) })
	if f, ok := s.dec.(streamFailer); ok && err == nil {
		err = f.failed(call, s.eof)
	}
	s.dec.end(call, err)
	call.End(err)
}

// errorReader keeps an error response's body and ends the call with its
// status and message.
type errorReader struct {
	status int
	cap    *capture
}

func (s *errorReader) write(_ *genai.Call, p []byte) { s.cap.Write(p) }

func (s *errorReader) end(call *genai.Call, err error) {
	if err != nil {
		call.End(err)
		return
	}
	call.End(&StatusError{StatusCode: s.status, Message: errorMessage(unsafeString(s.cap.bytes()))})
}
