package wire

import (
	"bytes"
	"io"
	"maps"
	"mime/multipart"
	"sync"
)

// viewBody reads up to maxRequestView bytes of a request body to decode,
// and returns the body to send in its place: those bytes, then the rest of
// the original, which it closes. cut reports that the view is only the
// start of the body.
func viewBody(body io.ReadCloser, contentLength int64) (view string, cut bool, forward io.ReadCloser) {
	buf, eof, err := readPrefix(body, maxRequestView, contentLength)
	return unsafeString(buf), !eof && err == nil, forwardBody(buf, body, eof, err)
}

// forwardBody is the body sent in place of one read ahead. A body read
// whole is sent from memory as a *bytes.Reader, which net/http recognises:
// it writes the headers and a small body in one packet, as it would have
// for the original in-memory body, instead of flushing the headers first.
// The original, read to its end, is closed now.
func forwardBody(buf []byte, rest io.ReadCloser, eof bool, err error) io.ReadCloser {
	if eof {
		_ = rest.Close()
		return io.NopCloser(bytes.NewReader(buf))
	}
	return &prefixBody{prefix: buf, rest: rest, err: err}
}

// readPrefix reads from r until EOF, an error or max bytes.
func readPrefix(r io.Reader, max int, contentLength int64) (buf []byte, eof bool, err error) {
	size := 512
	if contentLength > 0 {
		size = int(min(contentLength+1, int64(max)))
	}
	buf = make([]byte, 0, size)
	for len(buf) < max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		end := min(cap(buf), max)
		n, rerr := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if rerr == io.EOF {
			return buf, true, nil
		}
		if rerr != nil {
			return buf, false, rerr
		}
	}
	return buf, false, nil
}

// prefixBody is a request body whose first bytes were read ahead: it gives
// them, then the rest of the original body (or the error that ended the
// read-ahead), and closes the original.
type prefixBody struct {
	prefix []byte
	off    int
	rest   io.ReadCloser
	err    error
	tail   *formView // keeps the end of a multipart body as it is sent
}

func (b *prefixBody) Read(p []byte) (int, error) {
	if b.off < len(b.prefix) {
		n := copy(p, b.prefix[b.off:])
		b.off += n
		return n, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.rest.Read(p)
	if b.tail != nil && n > 0 {
		b.tail.keepTail(p[:n])
	}
	return n, err
}

func (b *prefixBody) Close() error { return b.rest.Close() }

// formView is what is kept of a multipart upload to find its fields: its
// start and, as the body is sent, its end. The file in between is never
// kept.
type formView struct {
	boundary string
	head     []byte
	complete bool // head is the whole body
	// headFields are the text fields the head holds, read once: the head
	// does not change.
	headFields map[string]string

	mu   sync.Mutex // the transport sends the body on its own goroutine
	tail []byte
}

// viewForm reads the start of a multipart body and returns the body to send
// in its place, which keeps the end of the body as it is sent.
func viewForm(body io.ReadCloser, boundary string) (*formView, io.ReadCloser) {
	head, eof, err := readPrefix(body, maxFormView, -1)
	f := &formView{boundary: boundary, head: head, complete: eof, headFields: map[string]string{}}
	readParts(head, boundary, f.headFields)
	fwd := forwardBody(head, body, eof, err)
	if pb, ok := fwd.(*prefixBody); ok && err == nil {
		pb.tail = f
	}
	return f, fwd
}

// pending reports whether part of the form is still to be sent.
func (f *formView) pending() bool { return !f.complete }

func (f *formView) keepTail(p []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(p) >= maxFormView {
		f.tail = append(f.tail[:0], p[len(p)-maxFormView:]...)
		return
	}
	if over := len(f.tail) + len(p) - maxFormView; over > 0 {
		f.tail = append(f.tail[:0], f.tail[over:]...)
	}
	f.tail = append(f.tail, p...)
}

// fields returns the form's text fields found in what was kept: the head's,
// then those of the end sent so far. The map is not to be changed.
func (f *formView) fields() map[string]string {
	f.mu.Lock()
	tail := bytes.Clone(f.tail)
	f.mu.Unlock()
	// The tail starts inside a part: read from its first delimiter.
	i := bytes.Index(tail, []byte("\r\n--"+f.boundary))
	if i < 0 {
		return f.headFields
	}
	fields := maps.Clone(f.headFields)
	readParts(tail[i+2:], f.boundary, fields)
	return fields
}

// maxField bounds a text field's value.
const maxField = 4 << 10

// readParts adds to fields the text fields of doc not in it yet; file parts
// are skipped.
func readParts(doc []byte, boundary string, fields map[string]string) {
	r := multipart.NewReader(bytes.NewReader(doc), boundary)
	for {
		p, err := r.NextRawPart()
		if err != nil {
			return
		}
		name := p.FormName()
		if p.FileName() != "" {
			continue
		}
		v, err := io.ReadAll(io.LimitReader(p, maxField))
		if err != nil {
			return
		}
		if _, seen := fields[name]; !seen {
			fields[name] = string(v)
		}
	}
}
