package consoleview

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Widths, in characters, of what one line shows.
const (
	contentWidth = 100
	statusWidth  = 80
	idWidth      = 48
)

// oneLine is s fit for one line of a terminal: every control or
// formatting character (newline, tab, escape, bidirectional override) and
// every run of spaces becomes one space, an invalid byte becomes U+FFFD,
// and past max characters it is cut with "…".
func oneLine(s string, max int) string {
	var b strings.Builder
	n, space := 0, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n == max {
			b.WriteString("…")
			return b.String()
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
			if n == max {
				b.WriteString("…")
				return b.String()
			}
		}
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i-size : i])
		}
		n++
	}
	return b.String()
}

// duration is d rounded to three significant figures or so: 840µs,
// 312.4ms, 1.21s, 2m3s.
func duration(d time.Duration) string {
	switch {
	case d < 0:
		return "0s"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(100 * time.Microsecond).String()
	case d < time.Minute:
		return d.Round(10 * time.Millisecond).String()
	default:
		return d.Round(time.Second).String()
	}
}

// seconds is a duration given in seconds, as duration shows it.
func seconds(s float64) string {
	if s != s || s < 0 || s > 1e9 {
		return "?"
	}
	return duration(time.Duration(s * float64(time.Second)))
}

// usd is a cost in US dollars: "$0.003595", at most eight decimals.
func usd(c float64) string {
	if c != c || c < 0 || c > 1e12 {
		return "$?"
	}
	return "$" + strconv.FormatFloat(roundTo(c, 8), 'f', -1, 64)
}

func roundTo(f float64, decimals int) float64 {
	p := 1.0
	for range decimals {
		p *= 10
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f*p, 'f', 0, 64), 64)
	return r / p
}

// plural is "1 call" or "2 calls".
func plural(n int64, what string) string {
	s := strconv.FormatInt(n, 10) + " " + what
	if n != 1 {
		s += "s"
	}
	return s
}
