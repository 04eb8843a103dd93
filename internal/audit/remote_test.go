package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/blobtest"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/labels"
	"github.com/dataaudit/dataaudit/internal/profile"
	"github.com/dataaudit/dataaudit/internal/report"
)

// TestObjectStoreInputs: a scan and a profile of inputs served by an S3
// store (an in-process fake) equal those of the same files on disk, byte
// for byte but for the inputs' names.
func TestObjectStoreInputs(t *testing.T) {
	// The files in one directory, as the objects are under one prefix.
	dir := t.TempDir()
	pq, jsonl := filepath.Join(dir, "duckdb.parquet"), filepath.Join(dir, "sample.jsonl")
	for src, dst := range map[string]string{"../../testdata/parquet/duckdb.parquet": pq, sample: jsonl} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := blobtest.Serve(t, map[string]string{
		"corpus/sample.jsonl":   jsonl,
		"corpus/duckdb.parquet": pq,
	})
	tests := []struct {
		name          string
		local, remote []string
	}{
		{"jsonl object", []string{jsonl}, []string{srv.URL("corpus/sample.jsonl")}},
		{"parquet object", []string{pq}, []string{srv.URL("corpus/duckdb.parquet")}},
		{"prefix", []string{dir}, []string{srv.URL("corpus/")}},
		{"glob", []string{jsonl}, []string{srv.URL("corpus/*.jsonl")}},
	}
	// names maps the objects' names back to the files'.
	names := func(t *testing.T, remote, local []string) *strings.Replacer {
		ins, err := ingest.Expand(remote)
		if err != nil {
			t.Fatal(err)
		}
		lins, err := ingest.Expand(local)
		if err != nil {
			t.Fatal(err)
		}
		if len(ins) != len(lins) {
			t.Fatalf("Expand(%q) = %d inputs, want %d", remote, len(ins), len(lins))
		}
		var pairs []string
		for i, in := range ins {
			pairs = append(pairs, in.Path, lins[i].Path)
		}
		return strings.NewReplacer(pairs...)
	}
	scan := func(t *testing.T, inputs []string) []byte {
		cfg := &ScanConfig{
			Inputs: inputs, Text: []string{"text"}, Label: "label", Top: 10, TopPerLabel: 5,
			MaxExamples: 3, Folds: 5, Seed: 1, LabelMinP: labels.DefaultMinP,
			ExactNormalize: dups.NormalizeDefault, Dedup: true, NearDups: true, Evasions: true, Outliers: true,
			NearWordJ: dups.NearWordJ, NearPairJ: dups.NearPairJ, ToolVersion: "test",
		}
		doc, err := Scan(context.Background(), cfg, Hooks{})
		if err != nil {
			t.Fatalf("Scan(%q): %v", inputs, err)
		}
		doc.Run = report.Run{} // timings
		var b bytes.Buffer
		if err := report.WriteJSON(&b, doc); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	prof := func(t *testing.T, inputs []string) []byte {
		cfg := &ProfileConfig{Inputs: inputs, Ingest: ingest.Options{Text: []string{"text"}, Label: "label"}, Top: 20, Tokenizer: WordTokenizer(), ToolVersion: "test"}
		p, err := Profile(context.Background(), cfg, Hooks{})
		if err != nil {
			t.Fatalf("Profile(%q): %v", inputs, err)
		}
		var b bytes.Buffer
		if err := profile.Write(&b, p); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := names(t, tt.remote, tt.local)
			for _, c := range []struct {
				what string
				run  func(*testing.T, []string) []byte
			}{{"scan", scan}, {"profile", prof}} {
				want := c.run(t, tt.local)
				got := []byte(r.Replace(string(c.run(t, tt.remote))))
				if !bytes.Equal(got, want) {
					t.Errorf("%s of %q differs from that of %q:\n%s", c.what, tt.remote, tt.local, lineDiff(want, got))
				}
			}
		})
	}
}

// lineDiff lists the first lines where got and want differ.
func lineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 10; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, "line "+itoa(i+1)+": want "+a+"\n         got  "+b)
		}
	}
	return strings.Join(out, "\n")
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
