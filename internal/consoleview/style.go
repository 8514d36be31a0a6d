package consoleview

// style wraps text in ANSI attributes when colour is on.
type style struct{ color bool }

const (
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiRed   = "\x1b[31m"
	ansiCyan  = "\x1b[36m"
	ansiReset = "\x1b[0m"
)

func (s style) wrap(out []byte, code, text string) []byte {
	if !s.color || text == "" {
		return append(out, text...)
	}
	out = append(out, code...)
	out = append(out, text...)
	return append(out, ansiReset...)
}

func (s style) bold(out []byte, text string) []byte { return s.wrap(out, ansiBold, text) }
func (s style) dim(out []byte, text string) []byte  { return s.wrap(out, ansiDim, text) }
func (s style) red(out []byte, text string) []byte  { return s.wrap(out, ansiRed, text) }
func (s style) cyan(out []byte, text string) []byte { return s.wrap(out, ansiCyan, text) }
