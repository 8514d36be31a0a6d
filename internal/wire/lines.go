package wire

import "bytes"

// lines splits a stream into lines as its bytes pass, calling fn with each
// complete line (without the line ending). A line longer than max (an
// event carrying a base64 image) is kept through a capture, which cuts its
// long strings, so its JSON stays whole and memory bounded whatever the
// stream sends. The slice fn gets is valid only during the call.
type lines struct {
	buf  []byte
	max  int
	long *capture // the current line is past max
}

func (l *lines) write(p []byte, fn func([]byte)) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.hold(p)
			return
		}
		seg := p[:i]
		p = p[i+1:]
		if len(l.buf) == 0 && l.long == nil && len(seg) <= l.max {
			fn(trimCR(seg)) // the common case: no copy
			continue
		}
		l.hold(seg)
		l.emit(fn)
	}
}

// hold keeps the start of a line that has not ended yet.
func (l *lines) hold(p []byte) {
	if l.long == nil && len(l.buf)+len(p) > l.max {
		l.long = newCapture(min(maxStringView, l.max/2), maxElems, l.max)
		l.long.Write(l.buf)
		l.buf = l.buf[:0]
	}
	if l.long != nil {
		l.long.Write(p)
		return
	}
	l.buf = append(l.buf, p...)
}

// emit hands on the line held, and starts the next.
func (l *lines) emit(fn func([]byte)) {
	if l.long != nil {
		if !l.long.full {
			fn(trimCR(l.long.bytes()))
		}
		l.long = nil
	} else {
		fn(trimCR(l.buf))
	}
	l.buf = l.buf[:0]
}

// flush hands on the last line when the stream ends without a line ending.
func (l *lines) flush(fn func([]byte)) {
	if len(l.buf) > 0 || l.long != nil {
		l.emit(fn)
	}
}

func trimCR(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return b[:n-1]
	}
	return b
}

// sse assembles server-sent events from lines: data lines are joined with
// "\n", and a blank line dispatches the event.
type sse struct {
	event []byte
	data  []byte
	has   bool
	max   int
}

func (s *sse) line(b []byte, dispatch func(event, data []byte)) {
	if len(b) == 0 {
		s.dispatch(dispatch)
		return
	}
	if b[0] == ':' {
		return // comment
	}
	field, value := b, []byte(nil)
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		field, value = b[:i], b[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(field) {
	case "data":
		if s.has {
			s.data = append(s.data, '\n')
		}
		if len(s.data)+len(value) <= s.max {
			s.data = append(s.data, value...)
		}
		s.has = true
	case "event":
		s.event = append(s.event[:0], value...)
	}
}

func (s *sse) dispatch(fn func(event, data []byte)) {
	if s.has {
		fn(s.event, s.data)
	}
	s.event, s.data, s.has = s.event[:0], s.data[:0], false
}
