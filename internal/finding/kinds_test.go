package finding

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the kinds table of docs/report.md from KindDocs")

// kindConstants returns the values of the Kind* constants of finding.go.
func kindConstants(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "finding.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || !strings.HasPrefix(vs.Names[0].Name, "Kind") || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			kinds = append(kinds, s)
		}
		return true
	})
	return kinds
}

// TestKindDocs: every kind has one explanation and one advice line, in
// the order of the constants.
func TestKindDocs(t *testing.T) {
	kinds := kindConstants(t)
	if len(kinds) != len(KindDocs) {
		t.Errorf("%d kinds, %d KindDocs", len(kinds), len(KindDocs))
	}
	for i, k := range kinds {
		t.Run(k, func(t *testing.T) {
			d, ok := Doc(k)
			if !ok {
				t.Fatalf("Doc(%q) = _, false, want a doc", k)
			}
			if i < len(KindDocs) && KindDocs[i].Kind != k {
				t.Errorf("KindDocs[%d].Kind = %q, want %q (the order of the constants)", i, KindDocs[i].Kind, k)
			}
			for _, line := range []string{d.Explanation, d.Advice} {
				if line == "" || strings.ContainsAny(line, "\n|") || !strings.HasSuffix(line, ".") {
					t.Errorf("Doc(%q) line %q: want one sentence or more, one line, no pipe, ending with a period", k, line)
				}
			}
		})
	}
}

// TestKindsInDocs: docs/report.md holds KindsMarkdown between its
// markers (go test -update rewrites it).
func TestKindsInDocs(t *testing.T) {
	const path = "../../docs/report.md"
	const begin, end = "<!-- kinds: generated from internal/finding KindDocs by `go test ./internal/finding -update` -->\n", "<!-- end kinds -->"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers %q ... %q", path, begin, end)
	}
	got, want := doc[i+len(begin):j], KindsMarkdown()
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(doc[:i+len(begin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the kinds table differs from KindsMarkdown() (go test ./internal/finding -update rewrites it):\n%s", path, want)
}
