package wire

import "github.com/tidwall/gjson"

// capture keeps a bounded copy of a JSON document as it streams past: a
// string longer than maxString is cut (never inside an escape, so the copy
// stays valid JSON), an array's elements past maxElems are dropped, and
// nothing is kept past maxTotal bytes. The fields a decoder reads (ids,
// models, usage, the first part of every text) survive, whatever the size
// of the payloads around them (base64 images, embedding vectors).
type capture struct {
	buf                           []byte
	maxString, maxElems, maxTotal int

	full     bool // maxTotal reached: nothing more is kept
	inString bool
	escape   bool
	hexLeft  int  // hex digits left in a \u escape
	strLen   int  // bytes of the current string seen
	cutting  bool // the current string is past maxString
	skip     int  // > 0: dropping an array's excess elements, at this nesting
	stack    []int32
	deep     int // containers open past maxDepth, not tracked

	// fast is the size up to which a document is kept as it came, without
	// walking it (a memory copy instead of a state machine); past it, what
	// was kept is walked once and the rest as it comes. Zero walks every
	// document.
	fast   int
	walked bool

	// dropped counts the elements of the array being shortened past the
	// ones kept; lens maps the offset of a shortened array's closing
	// bracket in buf to its length in the document.
	dropped int
	lens    map[int]int
}

// maxDepth bounds the containers whose element counts are tracked.
const maxDepth = 64

// arrayMark marks an object on the stack; arrays hold their element count.
const objectMark = -1

func newCapture(maxString, maxElems, maxTotal int) *capture {
	return &capture{maxString: maxString, maxElems: maxElems, maxTotal: maxTotal}
}

// Write keeps what it must of p. It never fails.
func (c *capture) Write(p []byte) {
	if !c.walked {
		if len(c.buf)+len(p) <= c.fast {
			c.buf = append(c.buf, p...)
			return
		}
		// Past the fast bound: walk what was kept, in place (what a walk
		// keeps never runs ahead of what it reads), then the rest.
		c.walked = true
		kept := c.buf
		c.buf = kept[:0]
		c.walk(kept)
	}
	c.walk(p)
}

// walk keeps what it must of p, following the document's structure.
func (c *capture) walk(p []byte) {
	if c.full {
		return
	}
	start := 0 // start of the run of p to keep
	dropping := c.cutting || c.skip > 0
	if dropping {
		start = -1
	}
	for i := 0; i < len(p); i++ {
		if c.inString && !c.escape && c.hexLeft == 0 {
			// Skip the plain run of a string at once: nothing in it
			// changes the state but its length. A string being kept stops
			// short of its cut, which the byte-by-byte path makes.
			j := i
			for j < len(p) && p[j] != '"' && p[j] != '\\' {
				j++
			}
			run := j - i
			if c.skip == 0 && !c.cutting {
				run = min(run, max(c.maxString-1-c.strLen, 0))
				c.strLen += run
			}
			i += run
			if i == len(p) {
				break
			}
		}
		b := p[i]
		if c.inString {
			switch {
			case c.hexLeft > 0:
				c.hexLeft--
			case c.escape:
				c.escape = false
				if b == 'u' {
					c.hexLeft = 4
				}
			case b == '\\':
				c.escape = true
			case b == '"':
				c.inString = false
				if c.cutting && c.skip == 0 {
					c.cutting = false
					start = i // keep the closing quote
				}
				continue
			}
			if c.skip > 0 {
				continue
			}
			c.strLen++
			if !c.cutting && c.strLen >= c.maxString && !c.escape && c.hexLeft == 0 {
				c.keep(p, start, i+1)
				c.cutting, start = true, -1
			}
			continue
		}
		if c.skip > 0 {
			switch b {
			case '"':
				c.inString = true
			case '[', '{':
				c.skip++
			case ',':
				if c.skip == 1 {
					c.dropped++
				}
			case ']', '}':
				c.skip--
				if c.skip == 0 {
					c.recordLen()
					c.pop()
					start = i // keep the closing bracket
				}
			}
			continue
		}
		switch b {
		case '"':
			c.inString, c.strLen = true, 0
		case '[':
			c.push(0)
		case '{':
			c.push(objectMark)
		case ']', '}':
			c.pop()
		case ',':
			if n := len(c.stack); n > 0 && c.deep == 0 && c.stack[n-1] >= 0 {
				c.stack[n-1]++
				if int(c.stack[n-1]) >= c.maxElems {
					c.keep(p, start, i) // drop from this comma to the array's end
					c.skip, start, c.dropped = 1, -1, 1
				}
			}
		}
	}
	if start >= 0 {
		c.keep(p, start, len(p))
	}
}

func (c *capture) keep(p []byte, from, to int) {
	if from < 0 || to <= from || c.full {
		return
	}
	if room := c.maxTotal - len(c.buf); to-from > room {
		to = from + max(room, 0)
		c.full = true
	}
	c.buf = append(c.buf, p[from:to]...)
}

// recordLen records the length of the array whose closing bracket is kept
// next: the elements kept (the commas counted before the cut) and those
// dropped.
func (c *capture) recordLen() {
	n := len(c.stack)
	if n == 0 || c.full {
		return
	}
	if c.lens == nil {
		c.lens = map[int]int{}
	}
	c.lens[len(c.buf)] = int(c.stack[n-1]) + c.dropped
}

// arrayLen is the length v, an array of the document kept, had in the
// document the capture saw: a shortened array's recorded length, or the
// elements v holds.
func arrayLen(v gjson.Result, lens map[int]int) int {
	if n, ok := lens[v.Index+len(v.Raw)-1]; ok && v.Index > 0 {
		return n
	}
	n := 0
	v.ForEach(func(_, _ gjson.Result) bool { n++; return true })
	return n
}

func (c *capture) push(v int32) {
	if len(c.stack) >= maxDepth {
		c.deep++
		return
	}
	c.stack = append(c.stack, v)
}

func (c *capture) pop() {
	if c.deep > 0 {
		c.deep--
		return
	}
	if n := len(c.stack); n > 0 {
		c.stack = c.stack[:n-1]
	}
}

// bytes returns what was kept.
func (c *capture) bytes() []byte { return c.buf }
