package replay

import (
	"bufio"
	"bytes"
	_ "embed" // recorded Bedrock answers
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
	"time"
)

var (
	//go:embed bedrock_converse.json
	bedrockConverse []byte
	//go:embed bedrock_converse_stream.ndjson
	bedrockConverseStream []byte
	//go:embed bedrock_nova.json
	bedrockNova []byte
	//go:embed bedrock_nova_stream.ndjson
	bedrockNovaStream []byte
)

// EventStreamMessage is one message of an AWS event stream (the
// application/vnd.amazon.eventstream framing Bedrock streams in): an event
// of type Event with a JSON payload, or, with Exception set, an exception
// of that type.
type EventStreamMessage struct {
	Event     string
	Payload   []byte
	Exception bool
}

// minStreamDelay is the least time the replay takes to start a Bedrock
// stream.
const minStreamDelay = 10 * time.Millisecond

// bedrockAnswer is what an InvokeModel model family answers, and its
// token counts (Bedrock's headers).
type bedrockAnswer struct {
	json          []byte
	chunks        [][]byte
	input, output int // of the JSON answer
	// streamInput and streamOutput are the stream's counts, when they
	// differ.
	streamInput, streamOutput int
}

// bedrockFamily is the recorded InvokeModel answer of a model id's family.
func bedrockFamily(model string) (bedrockAnswer, bool) {
	switch {
	case strings.Contains(model, "anthropic."):
		var chunks [][]byte
		for _, line := range bytes.Split(anthropicStream, []byte("\n")) {
			if data, ok := bytes.CutPrefix(line, []byte("data: ")); ok {
				chunks = append(chunks, data)
			}
		}
		return bedrockAnswer{json: anthropicMessage, chunks: chunks, input: 1166, output: 38, streamInput: 14, streamOutput: 12}, true
	case strings.Contains(model, "amazon.nova"):
		return bedrockAnswer{json: bedrockNova, chunks: bytes.Split(bytes.TrimSpace(bedrockNovaStream), []byte("\n")), input: 12, output: 21}, true
	case strings.Contains(model, "amazon.titan-embed"):
		return bedrockAnswer{json: []byte(`{"embedding":[0.0123,-0.0456,0.0789,-0.0012],"inputTextTokenCount":7}`), input: 7}, true
	case strings.Contains(model, "meta.llama"):
		return bedrockAnswer{json: []byte(`{"generation":"LLM observability is monitoring every model call.","prompt_token_count":11,"generation_token_count":9,"stop_reason":"stop"}`), input: 11, output: 9}, true
	case strings.Contains(model, "mistral."):
		return bedrockAnswer{json: []byte(`{"outputs":[{"text":"LLM observability is monitoring every model call.","stop_reason":"stop"}]}`), input: 13, output: 9}, true
	case strings.Contains(model, "cohere.embed"):
		return bedrockAnswer{json: []byte(`{"embeddings":[[0.0123,-0.0456,0.0789,-0.0012]],"id":"emb-1","texts":["what is llm observability?"],"response_type":"embeddings_floats"}`), input: 7}, true
	case strings.Contains(model, "cohere."):
		return bedrockAnswer{json: []byte(`{"text":"LLM observability is monitoring every model call.","generation_id":"gen-1","finish_reason":"COMPLETE"}`), input: 12, output: 9}, true
	}
	return bedrockAnswer{}, false
}

// bedrock answers the Bedrock Runtime API, /model/{id}/converse,
// converse-stream, invoke and invoke-with-response-stream, to requests
// signed with AWS Signature Version 4 (the signature is not checked).
func (s *Server) bedrock(w http.ResponseWriter, r *http.Request, n int) {
	rest := strings.TrimPrefix(r.URL.Path, "/model/")
	i := strings.LastIndexByte(rest, '/')
	if r.Method != http.MethodPost || i < 0 {
		bedrockError(w, http.StatusNotFound, "UnknownOperationException", "replay does not serve "+r.Method+" "+r.URL.Path)
		return
	}
	model, op := rest[:i], rest[i+1:]
	w.Header().Set("X-Amzn-Requestid", fmt.Sprintf("b7e5c0de-0000-4000-8000-%012d", n))
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=") {
		bedrockError(w, http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token")
		return
	}
	if n <= len(s.opts.Fail) {
		status := s.opts.Fail[n-1]
		bedrockError(w, status, bedrockErrorType(status), http.StatusText(status))
		return
	}
	delay := s.opts.FirstChunkDelay
	if strings.HasSuffix(op, "stream") {
		// A stream answered the instant its request is read can have its
		// connection closed under it: the AWS SDK (bedrockruntime
		// v1.63.13, smithy-go v1.28.9) with net/http loses such streams
		// now and then, with the plain client too ("use of closed network
		// connection"). Bedrock itself answers after tens of milliseconds.
		delay = max(delay, minStreamDelay)
	}
	if !sleep(r, delay) {
		return
	}
	family, known := bedrockFamily(model)
	switch op {
	case "converse":
		writeJSON(w, firstOf(s.opts.JSON, bedrockConverse))
	case "invoke":
		if !known {
			bedrockError(w, http.StatusBadRequest, "ValidationException", "replay has no answer for model "+model)
			return
		}
		w.Header().Set("X-Amzn-Bedrock-Input-Token-Count", strconv.Itoa(family.input))
		w.Header().Set("X-Amzn-Bedrock-Output-Token-Count", strconv.Itoa(family.output))
		writeJSON(w, firstOf(s.opts.JSON, family.json))
	case "converse-stream":
		msgs := s.opts.Events
		if msgs == nil {
			sc := bufio.NewScanner(bytes.NewReader(bedrockConverseStream))
			for sc.Scan() {
				var ev struct {
					Event   string          `json:"event"`
					Payload json.RawMessage `json:"payload"`
				}
				if json.Unmarshal(sc.Bytes(), &ev) == nil {
					msgs = append(msgs, EventStreamMessage{Event: ev.Event, Payload: ev.Payload})
				}
			}
		}
		s.eventStream(w, r, msgs)
	case "invoke-with-response-stream":
		msgs := s.opts.Events
		if msgs == nil {
			if !known || family.chunks == nil {
				bedrockError(w, http.StatusBadRequest, "ValidationException", "replay has no stream for model "+model)
				return
			}
			in, out := family.input, family.output
			if family.streamInput != 0 {
				in, out = family.streamInput, family.streamOutput
			}
			for i, c := range family.chunks {
				if i == len(family.chunks)-1 && !bytes.Contains(c, []byte("amazon-bedrock-invocationMetrics")) {
					// Bedrock adds its own counts to the last chunk.
					c = append(bytes.Clone(bytes.TrimSuffix(bytes.TrimSpace(c), []byte("}"))),
						fmt.Sprintf(`,"amazon-bedrock-invocationMetrics":{"inputTokenCount":%d,"outputTokenCount":%d,"invocationLatency":310,"firstByteLatency":120}}`, in, out)...)
				}
				msgs = append(msgs, Chunk(c))
			}
		}
		s.eventStream(w, r, msgs)
	default:
		bedrockError(w, http.StatusNotFound, "UnknownOperationException", "replay does not serve "+op)
	}
}

// Chunk is the event InvokeModelWithResponseStream sends a model's chunk
// of JSON in.
func Chunk(json []byte) EventStreamMessage {
	return EventStreamMessage{Event: "chunk", Payload: []byte(`{"bytes":"` + base64.StdEncoding.EncodeToString(json) + `"}`)}
}

func firstOf(b ...[]byte) []byte {
	for _, x := range b {
		if x != nil {
			return x
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// eventStream writes msgs in the AWS event stream framing, honouring
// ChunkDelay and StopAfter.
func (s *Server) eventStream(w http.ResponseWriter, r *http.Request, msgs []EventStreamMessage) {
	w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	flusher, _ := w.(http.Flusher)
	for i, m := range msgs {
		if s.opts.StopAfter > 0 && i >= s.opts.StopAfter {
			return
		}
		if i > 0 && !sleep(r, s.opts.ChunkDelay) {
			return
		}
		if _, err := w.Write(EncodeEventStream(m)); err != nil {
			return
		}
		if flusher != nil {
			flusher.Flush()
		}
	}
}

// EncodeEventStream frames one message in the AWS event stream encoding:
// prelude (total and headers length, CRC32), string headers, payload,
// message CRC32.
func EncodeEventStream(m EventStreamMessage) []byte {
	headers := [][2]string{{":message-type", "event"}, {":event-type", m.Event}, {":content-type", "application/json"}}
	if m.Exception {
		headers = [][2]string{{":message-type", "exception"}, {":exception-type", m.Event}, {":content-type", "application/json"}}
	}
	var h []byte
	for _, kv := range headers {
		h = append(h, byte(len(kv[0])))
		h = append(h, kv[0]...)
		h = append(h, 7) // string
		h = binary.BigEndian.AppendUint16(h, uint16(len(kv[1])))
		h = append(h, kv[1]...)
	}
	total := 12 + len(h) + len(m.Payload) + 4
	b := make([]byte, 0, total)
	b = binary.BigEndian.AppendUint32(b, uint32(total))
	b = binary.BigEndian.AppendUint32(b, uint32(len(h)))
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	b = append(b, h...)
	b = append(b, m.Payload...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func bedrockErrorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "ThrottlingException"
	case status == http.StatusBadRequest:
		return "ValidationException"
	case status == http.StatusForbidden:
		return "AccessDeniedException"
	case status == http.StatusServiceUnavailable:
		return "ServiceUnavailableException"
	case status == 424:
		return "ModelErrorException"
	}
	return "InternalServerException"
}

func bedrockError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-Errortype", typ)
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `{"message":%q}`, msg)
}
