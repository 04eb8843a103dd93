package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"flag"

	"github.com/dataaudit/dataaudit/internal/audit"
	"github.com/dataaudit/dataaudit/internal/cli"
	"github.com/dataaudit/dataaudit/internal/report"
)

// dataauditOwnFlags returns the flags that dataaudit scan declares in
// its source (cmd/dataaudit/scan.go) beside the shared ones, and whether
// it registers the shared ones (a call of Register). A call the parse
// cannot read, one that hands fs to anything but the calls it knows, is
// an error: it may declare flags unseen.
func dataauditOwnFlags(t *testing.T) (own []string, registers bool) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "..", "..", "cmd", "dataaudit", "scan.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		x, _ := sel.X.(*ast.Ident)
		takesFS := slices.ContainsFunc(call.Args, func(a ast.Expr) bool {
			id, ok := a.(*ast.Ident)
			return ok && id.Name == "fs"
		})
		switch {
		case x != nil && x.Name == "fs" && (strings.HasSuffix(sel.Sel.Name, "Var") || strings.HasSuffix(sel.Sel.Name, "Func")):
			i := 1
			if strings.HasSuffix(sel.Sel.Name, "Func") {
				i = 0
			}
			name := ""
			if l, ok := call.Args[i].(*ast.BasicLit); ok {
				name, _ = strconv.Unquote(l.Value)
			}
			if name == "" {
				t.Errorf("dataaudit scan declares a flag whose name is not a literal: fs.%s", sel.Sel.Name)
			}
			own = append(own, name)
		case sel.Sel.Name == "Register" && takesFS:
			registers = true
		case x != nil && x.Name == "cli" && slices.Contains([]string{"Parse", "ApplyChecks", "WriteFindings"}, sel.Sel.Name):
			// they read fs or write findings (a closure's fs []finding.Finding)
		case sel.Sel.Name == "Configure" && takesFS:
			// cli.ScanFlags.Configure reads fs (cli.ApplyChecks)
		case takesFS:
			t.Errorf("dataaudit scan hands fs to %s.%s: declare its flags in cli.ScanFlags, or teach this parse the call", x, sel.Sel.Name)
		}
		return true
	})
	slices.Sort(own)
	return own, registers
}

// TestScanFlags checks that both scan commands take the shared scan flags
// (cli.ScanFlags) and, beside them, only their own: dataaudit scan its
// job arrays' (the pipeline shares out the input itself), dataaudit-beam
// scan its pipeline's. A flag added to one command alone fails it: add it
// to cli.ScanFlags, or to the lists below if it is the command's own.
func TestScanFlags(t *testing.T) {
	shared := flag.NewFlagSet("shared", flag.ContinueOnError)
	var so cli.ScanFlags
	so.Register(shared)

	own, registers := dataauditOwnFlags(t)
	if want := []string{"o", "pass1", "shard"}; !registers || !slices.Equal(own, want) {
		t.Errorf("dataaudit scan registers the shared flags: %v, and declares %q; want true and %q", registers, own, want)
	}

	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	var o scanOpts
	scanFlags(fs, &o)
	shared.VisitAll(func(s *flag.Flag) {
		f := fs.Lookup(s.Name)
		switch {
		case f == nil:
			t.Errorf("dataaudit-beam scan has no --%s", s.Name)
		case f.DefValue != s.DefValue || reflect.TypeOf(f.Value) != reflect.TypeOf(s.Value):
			t.Errorf("dataaudit-beam scan --%s = %T %q, want %T %q as dataaudit scan's", s.Name, f.Value, f.DefValue, s.Value, s.DefValue)
		}
	})
	var beamOwn []string
	fs.VisitAll(func(f *flag.Flag) {
		if shared.Lookup(f.Name) == nil {
			beamOwn = append(beamOwn, f.Name)
		}
	})
	if want := []string{"runner", "shard-bytes", "state", "token-partitions"}; !slices.Equal(beamOwn, want) {
		t.Errorf("dataaudit-beam scan's own flags = %q, want %q", beamOwn, want)
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
	o.SetText(o.TextFields.Vals, o.TextFields.IsSet)
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
