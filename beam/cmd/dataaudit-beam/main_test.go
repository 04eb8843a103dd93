package main

import (
	"flag"
	"slices"
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
