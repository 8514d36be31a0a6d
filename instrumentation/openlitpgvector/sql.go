package openlitpgvector

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/openlit/openlit-go/internal/boundedcache"
	"github.com/openlit/openlit-go/semconv"
)

// statement is what a SQL text says to the tracer.
type statement struct {
	op    string // db.operation.name; "" when not a vector operation
	table string // as written, unquoted, without schema
	// search is true for a pgvector nearest-neighbour search.
	search bool
	// limit is the LIMIT literal (limitArg 0), or limitArg the 1-based
	// parameter that holds it.
	limit, limitArg int
}

// distanceOps are pgvector's distance operators: L2, cosine, negative inner
// product, L1, Hamming, Jaccard.
var distanceOps = []string{"<->", "<=>", "<#>", "<+>", "<~>", "<%>"}

const ident = `((?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))?)`

var (
	reFrom     = regexp.MustCompile(`(?is)\bfrom\s+` + ident)
	reInsert   = regexp.MustCompile(`(?is)^\s*insert\s+into\s+` + ident)
	reDelete   = regexp.MustCompile(`(?is)^\s*delete\s+from\s+(?:only\s+)?` + ident)
	reUpdate   = regexp.MustCompile(`(?is)^\s*update\s+(?:only\s+)?` + ident)
	reSelect   = regexp.MustCompile(`(?is)^\s*(?:select|with)\b`)
	reOrderBy  = regexp.MustCompile(`(?is)\border\s+by\b`)
	reLimit    = regexp.MustCompile(`(?is)\blimit\s+(?:(\d+)|\$(\d+))`)
	reConflict = regexp.MustCompile(`(?is)\bon\s+conflict\b`)
)

// maxCachedSQL bounds the statements whose classification is kept, and
// maxSQLKey the length of a statement kept (longer ones are classified
// each time).
const (
	maxCachedSQL = 512
	maxSQLKey    = 4096
)

var classified = boundedcache.New[string, statement](maxCachedSQL)

// classify reads sql once (cached by its text).
func classify(sql string) statement {
	if len(sql) <= maxSQLKey {
		if st, ok := classified.Load(sql); ok {
			return st
		}
	}
	st := parse(sql)
	if len(sql) <= maxSQLKey {
		classified.Store(sql, st)
	}
	return st
}

func parse(sql string) statement {
	code := stripLiterals(sql)
	var st statement
	switch {
	case reSelect.MatchString(code):
		if m := reFrom.FindStringSubmatch(code); m != nil {
			st.table = unqualified(m[1])
		}
		if hasDistanceOp(code) && reOrderBy.MatchString(code) {
			if m := reLimit.FindStringSubmatch(code); m != nil {
				st.op, st.search = semconv.DBOperationQuery, true
				if m[1] != "" {
					st.limit, _ = strconv.Atoi(m[1])
				} else {
					st.limitArg, _ = strconv.Atoi(m[2])
				}
				return st
			}
		}
		st.op = semconv.DBOperationGet
	case reInsert.MatchString(code):
		st.table = unqualified(reInsert.FindStringSubmatch(code)[1])
		st.op = semconv.DBOperationInsert
		if reConflict.MatchString(code) {
			st.op = semconv.DBOperationUpsert
		}
	case reDelete.MatchString(code):
		st.table = unqualified(reDelete.FindStringSubmatch(code)[1])
		st.op = semconv.DBOperationDelete
	case reUpdate.MatchString(code):
		st.table = unqualified(reUpdate.FindStringSubmatch(code)[1])
		st.op = semconv.DBOperationUpdate
	}
	return st
}

func hasDistanceOp(code string) bool {
	if !strings.Contains(code, "<") {
		return false
	}
	for _, op := range distanceOps {
		if strings.Contains(code, op) {
			return true
		}
	}
	return false
}

// stripLiterals blanks string literals and comments, so that an operator
// or keyword inside them is not read as code.
func stripLiterals(sql string) string {
	if !strings.ContainsAny(sql, "'-/") {
		return sql
	}
	b := []byte(sql)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\'':
			j := i + 1
			for ; j < len(b); j++ {
				if b[j] == '\'' {
					if j+1 < len(b) && b[j+1] == '\'' {
						j++
						continue
					}
					break
				}
			}
			blank(b, i+1, j)
			i = j
		case b[i] == '-' && i+1 < len(b) && b[i+1] == '-':
			j := i
			for j < len(b) && b[j] != '\n' {
				j++
			}
			blank(b, i, j)
			i = j
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			j := strings.Index(string(b[i+2:]), "*/")
			end := len(b)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			blank(b, i, end)
			i = end - 1
		}
	}
	return string(b)
}

func blank(b []byte, from, to int) {
	for k := from; k < to && k < len(b); k++ {
		b[k] = ' '
	}
}

// unqualified is a table name without its schema and quotes.
func unqualified(name string) string {
	name = strings.TrimSpace(name)
	// The last dot outside quotes separates the schema.
	inQuote := false
	cut := -1
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '"':
			inQuote = !inQuote
		case '.':
			if !inQuote {
				cut = i
			}
		}
	}
	if cut >= 0 {
		name = strings.TrimSpace(name[cut+1:])
	}
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		return strings.ReplaceAll(name[1:len(name)-1], `""`, `"`)
	}
	return name
}

// intArg is a LIMIT argument as an int, when it is one.
func intArg(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int8:
		return int(x), true
	case int16:
		return int(x), true
	case int32:
		return int(x), true
	case int64:
		return int(x), true
	case uint:
		return int(x), true
	case uint8:
		return int(x), true
	case uint16:
		return int(x), true
	case uint32:
		return int(x), true
	case uint64:
		if x > uint64(^uint(0)>>1) {
			return 0, false
		}
		return int(x), true
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}
