package main

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal" // Beam's --endpoint, --environment_type
)

// TestSplitArgs checks that our flags are ours wherever they stand, that
// Beam's go to Beam, and that an unknown flag is an error.
func TestSplitArgs(t *testing.T) {
	tests := []struct {
		name              string
		args              []string
		wantIn, wantBeam  []string
		wantOut, wantText string
		wantErr           bool
	}{
		{"ours", []string{"a.jsonl", "-o", "p.json", "--text=body", "b.jsonl"}, []string{"a.jsonl", "b.jsonl"}, nil, "p.json", "body", false},
		{"beam's", []string{"--endpoint", "localhost:8099", "a.jsonl", "--environment_type=LOOPBACK"}, []string{"a.jsonl"}, []string{"--endpoint", "localhost:8099", "--environment_type=LOOPBACK"}, "-", "text", false},
		{"after --", []string{"-o", "x", "--", "-o"}, []string{"-o"}, nil, "x", "text", false},
		{"unknown", []string{"--no-such-flag", "a.jsonl"}, nil, nil, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("profile", flag.ContinueOnError)
			fs.Usage = func() {}
			fs.SetOutput(discard{})
			out := fs.String("o", "-", "")
			text := fs.String("text", "text", "")
			in, beam, err := splitArgs(fs, tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("splitArgs(%q) error = %v, want error %v", tt.args, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if !slices.Equal(in, tt.wantIn) || !slices.Equal(beam, tt.wantBeam) || *out != tt.wantOut || *text != tt.wantText {
				t.Fatalf("splitArgs(%q) = %q, %q, -o %q, --text %q; want %q, %q, %q, %q", tt.args, in, beam, *out, *text, tt.wantIn, tt.wantBeam, tt.wantOut, tt.wantText)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestNegativeNumbers: a negative value of a numeric flag is a usage error
// (exit 2, the flag named), as in dataaudit, where it used to mean the
// flag's default silently.
func TestNegativeNumbers(t *testing.T) {
	sample := filepath.Join("..", "..", "..", "testdata", "sample.jsonl")
	tests := [][]string{
		{"scan", "--workers", "-2", sample},
		{"scan", "--chunk-bytes", "-2", sample},
		{"scan", "--batch-size", "-2", sample},
		{"scan", "--max-line-bytes", "-2", sample},
		{"scan", "--shard-bytes", "-2", sample},
		{"profile", "--workers", "-2", sample},
		{"profile", "--chunk-bytes", "-2", sample},
		{"profile", "--batch-size", "-2", sample},
		{"profile", "--max-line-bytes", "-2", sample},
		{"profile", "--shard-bytes", "-2", sample},
	}
	for _, args := range tests {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			if want := `invalid value "-2" for flag ` + args[1] + ":"; code != 2 || !strings.Contains(stderr.String(), want) {
				t.Errorf("run(%q) = %d, stderr %q; want 2 and %q", args, code, stderr.String(), want)
			}
		})
	}
}
