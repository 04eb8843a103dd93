package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunMisspeltField: a field no record has is an error before any batch,
// and the error names the fields the records do have.
func TestRunMisspeltField(t *testing.T) {
	plain, err := os.ReadFile(messyPath)
	if err != nil {
		t.Fatal(err)
	}
	gz := writeFile(t, filepath.Join(t.TempDir(), "messy.jsonl.gz"), gzipBytes(t, plain))
	const have = "the records have: id, label, meta, text"
	tests := []struct {
		name    string
		path    string
		opts    Options
		wantErr []string
	}{
		{"text", messyPath, Options{Text: []string{"txet"}}, []string{`no field "txet"`, have, "messy.jsonl"}},
		{"text in gzip", gz, Options{Text: []string{"txet"}}, []string{`no field "txet"`, have}},
		{"one of two texts", messyPath, Options{Text: []string{"text", "body"}}, []string{`no field "body" in`, have}},
		{"nested text", messyPath, Options{Text: []string{"meta.bdy"}}, []string{`no field "meta.bdy"`, have}},
		{"label", messyPath, Options{Text: []string{"text"}, Label: "lable"}, []string{`no field "lable"`, have}},
		{"id", messyPath, Options{Text: []string{"text"}, ID: "ID"}, []string{`no field "ID"`, have}},
		{"label and id", messyPath, Options{Text: []string{"text"}, Label: "lbl", ID: "ident"}, []string{`no field "lbl", "ident"`, have}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, err := Expand([]string{tt.path})
			if err != nil {
				t.Fatal(err)
			}
			batches := 0
			err = Run(t.Context(), inputs, tt.opts, func(_ int, b *Batch) error {
				b.Record.Release()
				batches++
				return nil
			})
			if err == nil {
				t.Fatalf("Run(%+v) error = nil, want one naming the fields", tt.opts)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Run(%+v) error = %q, want it to contain %q", tt.opts, err, want)
				}
			}
			if batches != 0 {
				t.Errorf("Run(%+v) made %d batches before failing, want 0", tt.opts, batches)
			}
		})
	}

	t.Run("no text field", func(t *testing.T) {
		inputs, err := Expand([]string{messyPath})
		if err != nil {
			t.Fatal(err)
		}
		if err := Run(t.Context(), inputs, Options{}, nil); err == nil || !strings.Contains(err.Error(), "no text field") {
			t.Errorf("Run(no text) error = %v, want \"no text field given\"", err)
		}
	})
}

func TestRunDegenerateFiles(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Join([]string{
		`{"text":`,
		`[1,2]`,
		`nope`,
		``,
		`{"text":5}`,
		`"a string"`,
		`{"text":null}`,
		`{"text":"x"} {"text":"y"}`,
		`{"text":{"deep":"no"}}`,
	}, "\n") + "\n"
	tests := []struct {
		name string
		data []byte
		want result
	}{
		{name: "empty file", data: nil, want: result{}},
		{name: "only a newline", data: []byte("\n"), want: result{Blank: 1, Batches: 1}},
		{name: "only a BOM", data: bom, want: result{Blank: 1, Batches: 1}},
		// An empty batch may carry the bytes of the gzip header.
		{name: "empty gzip", data: gzipBytes(t, nil), want: result{Batches: -1}},
		{
			name: "only bad lines",
			data: []byte(bad),
			want: result{
				Bad: []gotBad{
					{N: 1, Kind: BadJSON, Rows: 1},
					{N: 2, Kind: BadNotObject, Rows: 1},
					{N: 3, Kind: BadJSON, Rows: 1},
					{N: 5, Kind: BadTextType, Rows: 1},
					{N: 6, Kind: BadNotObject, Rows: 1},
					{N: 7, Kind: BadNullText, Rows: 1},
					{N: 8, Kind: BadJSON, Rows: 1},
					{N: 9, Kind: BadTextType, Rows: 1},
				},
				Blank:   1,
				Batches: 1,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".jsonl"), tt.data)
			inputs, err := Expand([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			for _, workers := range []int{1, 3} {
				for _, chunk := range []int{16, 0} {
					got, err := collect(t, inputs, Options{Text: []string{"text"}, Workers: workers, ChunkBytes: chunk})
					if err != nil {
						t.Fatalf("Run(workers %d, chunk %d) error = %v, want nil", workers, chunk, err)
					}
					// want.Batches: 0 for none, 1 for some, -1 for either.
					if tt.want.Batches < 0 || (got.Batches > 0) == (tt.want.Batches > 0) {
						got.Batches = tt.want.Batches
					}
					if diff := cmp.Diff(tt.want, got); diff != "" {
						t.Errorf("Run(workers %d, chunk %d) mismatch (-want +got):\n%s", workers, chunk, diff)
					}
				}
			}
		})
	}
}
