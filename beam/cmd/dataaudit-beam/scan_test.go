package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"flag"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/report"
)

// dataauditScanFlags returns the flags dataaudit scan declares in its
// source (cmd/dataaudit/scan.go), with their defaults where they are
// literals ("" otherwise).
func dataauditScanFlags(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "..", "..", "cmd", "dataaudit", "scan.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	flags := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || len(call.Args) < 2 {
			return true
		}
		x, _ := sel.X.(*ast.Ident)
		if x == nil {
			return true
		}
		lit := func(i int) string {
			if l, ok := call.Args[i].(*ast.BasicLit); ok {
				if s, err := strconv.Unquote(l.Value); err == nil {
					return s
				}
				return l.Value
			}
			return ""
		}
		switch {
		case x.Name == "fs" && sel.Sel.Name == "Func":
			flags[lit(0)] = ""
		case x.Name == "fs" && sel.Sel.Name == "Var", x.Name == "cli" && sel.Sel.Name == "Short":
			flags[lit(1)] = ""
		case x.Name == "fs" && strings.HasSuffix(sel.Sel.Name, "Var") && len(call.Args) == 4:
			flags[lit(1)] = lit(2)
		}
		return true
	})
	return flags
}

// TestScanFlags checks that dataaudit-beam scan takes every flag of
// dataaudit scan, with its literal default, but those of job arrays.
func TestScanFlags(t *testing.T) {
	theirs := dataauditScanFlags(t)
	if len(theirs) < 40 {
		t.Fatalf("found %d flags in dataaudit scan's source, want 40 or more: the parse is broken", len(theirs))
	}
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	var o scanOpts
	scanFlags(fs, &o)
	for name, def := range theirs {
		switch name {
		case "shard", "pass1", "o": // job arrays: the pipeline shares out the input itself
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			t.Errorf("dataaudit scan has --%s, dataaudit-beam scan not", name)
			continue
		}
		if def != "" && f.DefValue != def {
			t.Errorf("--%s defaults to %q, dataaudit scan's to %q", name, f.DefValue, def)
		}
	}
}

// TestScanCommand runs dataaudit-beam scan on Prism and checks its JSON
// report against dataaudit scan's (audit.Scan of the same flags) but for
// the run fields, a gate's exit code, and the refusal of the label
// checks.
func TestScanCommand(t *testing.T) {
	sample := filepath.Join("..", "..", "..", "testdata", "sample.jsonl")
	messy := filepath.Join("..", "..", "..", "testdata", "jsonl", "messy.jsonl")
	checks := []string{"--dedup", "--near-dups", "--evasions", "--outliers", "--label", "label", "--label-checks=false", "--shard-bytes", "2000"}
	out := filepath.Join(t.TempDir(), "r.json")
	var stdout, stderr bytes.Buffer
	args := append(append([]string{"scan", "--runner", "prism", "--json", out}, checks...), sample, messy)
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("run(%q) = %d, want 0; stderr:\n%s", args, code, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	var o scanOpts
	scanFlags(fs, &o)
	if err := fs.Parse(append([]string{"--json", out}, checks[:len(checks)-2]...)); err != nil {
		t.Fatal(err)
	}
	o.Inputs, o.ToolVersion, o.Tokenizer = []string{sample, messy}, version, "words"
	o.SetText(o.text.Vals, o.text.IsSet)
	want, err := audit.Scan(context.Background(), &o.ScanConfig, audit.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	var wantJSON bytes.Buffer
	want.Run = report.Run{}
	if err := report.WriteJSON(&wantJSON, want); err != nil {
		t.Fatal(err)
	}
	got = zeroRun(t, got)
	if !bytes.Equal(got, wantJSON.Bytes()) {
		t.Fatalf("dataaudit-beam scan --json differs from dataaudit scan's:\n%s\n---\n%s", got, wantJSON.Bytes())
	}

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"gate", []string{"--dedup", "--fail-on", "bad_record_rate>0", messy}, 1, "gate reached: bad_record_rate"},
		{"label checks", []string{"--label", "label"}, 2, "--label-checks=false"},
		{"export", []string{"--export-dedup", filepath.Join(t.TempDir(), "x.jsonl")}, 2, "--export-dedup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"scan", "--quiet"}, tt.args...), sample)
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("run(%q) = %d, stderr %q; want %d and %q", args, code, stderr.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}

// zeroRun returns a JSON report with its run fields zeroed, as
// report.WriteJSON writes a report whose Run is zero.
func zeroRun(t *testing.T, js []byte) []byte {
	t.Helper()
	i := bytes.LastIndex(js, []byte(`"run": {`))
	if i < 0 {
		t.Fatalf("no run in the report")
	}
	j := bytes.IndexByte(js[i:], '}')
	var zero bytes.Buffer
	if err := report.WriteJSON(&zero, &report.Document{}); err != nil {
		t.Fatal(err)
	}
	z := zero.Bytes()
	zi := bytes.LastIndex(z, []byte(`"run": {`))
	zj := bytes.IndexByte(z[zi:], '}')
	return append(append(append([]byte{}, js[:i]...), z[zi:zi+zj]...), js[i+j:]...)
}
