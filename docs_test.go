package openlit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// configSurface is what the package exports to configure Init, read from
// its source: every func With…(…) Option, and every Env… constant's value.
func configSurface(t *testing.T) (options, envs []string) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range pkgs["openlit"].Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && strings.HasPrefix(d.Name.Name, "With") && d.Name.IsExported() && d.Type.Results != nil &&
					len(d.Type.Results.List) == 1 && types(d.Type.Results.List[0].Type) == "Option" {
					options = append(options, d.Name.Name)
				}
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				for _, sp := range d.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if !strings.HasPrefix(n.Name, "Env") || !n.IsExported() || i >= len(vs.Values) {
							continue
						}
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							v, _ := strconv.Unquote(lit.Value)
							envs = append(envs, v)
						} else {
							envs = append(envs, envValues[n.Name])
						}
					}
				}
			}
		}
	}
	return options, envs
}

// envValues are the Env constants defined by reference to another package.
var envValues = map[string]string{"EnvSemconvStabilityOptIn": EnvSemconvStabilityOptIn}

func types(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestConfigurationDocumented keeps docs/configuration.md true: it names
// every option and environment variable the package defines, and no
// option or openlit variable that the package does not.
func TestConfigurationDocumented(t *testing.T) {
	b, err := os.ReadFile("docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	options, envs := configSurface(t)
	if len(options) < 20 || len(envs) < 20 {
		t.Fatalf("found %d options and %d variables in the source: the parser missed them", len(options), len(envs))
	}
	for _, o := range options {
		if !strings.Contains(doc, "`"+o+"`") && !strings.Contains(doc, "`"+o+"(") {
			t.Errorf("docs/configuration.md does not document option %s", o)
		}
	}
	for _, e := range envs {
		if e == "" {
			t.Error("an Env constant with no known value: add it to envValues")
			continue
		}
		if !strings.Contains(doc, e) {
			t.Errorf("docs/configuration.md does not document variable %s", e)
		}
	}
	for _, m := range regexp.MustCompile("`(With[A-Z][A-Za-z]*)").FindAllStringSubmatch(doc, -1) {
		if !slices.Contains(options, m[1]) {
			t.Errorf("docs/configuration.md names option %s, which the package does not define", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`\b((?:OPENLIT|LANGFUSE)_[A-Z_]+)`).FindAllStringSubmatch(doc, -1) {
		if !slices.Contains(envs, m[1]) {
			t.Errorf("docs/configuration.md names variable %s, which the package does not read", m[1])
		}
	}
}

// TestCollectorConfigDocumented: the Langfuse exporter block that
// docs/running-at-scale.md shows is the one the end-to-end test's Collector
// runs (e2e/jaeger.yaml), byte for byte.
func TestCollectorConfigDocumented(t *testing.T) {
	block := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i, j := strings.Index(s, "# BEGIN langfuse"), strings.Index(s, "# END langfuse")
		if i < 0 || j < i {
			t.Fatalf("%s: no BEGIN langfuse … END langfuse block", path)
		}
		return s[i:j]
	}
	if doc, e2e := block("docs/running-at-scale.md"), block("e2e/jaeger.yaml"); doc != e2e {
		t.Errorf("the Langfuse exporter differs:\ndocs:\n%s\ne2e:\n%s", doc, e2e)
	}
}
