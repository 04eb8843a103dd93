package cli

import (
	"flag"
	"strings"
	"testing"
)

// TestReword: a reworded flag keeps its name, value and default, and its
// help is the new one; a flag that is not there is a bug, found at once.
func TestReword(t *testing.T) {
	tests := []struct {
		name, flag, usage string
		want              string // PrintFlags' line of the flag's help; "" for a panic
	}{
		{"shared flag", "quiet", "no progress bar here", "  -q, --quiet\n    \tno progress bar here\n"},
		{"with a default", "top", "report `N` tokens", "  --top N\n    \treport N tokens (default 100)\n"},
		{"no such flag", "bogus", "x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("scan", flag.ContinueOnError)
			var o ScanFlags
			o.Register(fs)
			defer func() {
				if r := recover(); (r != nil) != (tt.want == "") {
					t.Errorf("Reword(--%s) panics with %v, want a panic %v", tt.flag, r, tt.want == "")
				}
			}()
			Reword(fs, tt.flag, tt.usage)
			var help strings.Builder
			PrintFlags(&help, fs)
			if !strings.Contains(help.String(), tt.want) {
				t.Errorf("PrintFlags after Reword(--%s, %q) = %q, want it to contain %q", tt.flag, tt.usage, help.String(), tt.want)
			}
		})
	}
}
