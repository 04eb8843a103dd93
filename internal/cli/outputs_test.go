package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dataaudit/dataaudit/internal/outfile"
)

// TestOutputNamingStdoutPipe: an output named by a path that is the pipe
// standard output writes to (/dev/stdout, /dev/fd/1) goes where "-" goes:
// it takes the place of the text summary, and is one output on stdout.
// Before, 'scan x --json /dev/stdout | jq' got the JSON and then the text
// summary in one stream, and two such outputs were not refused.
func TestOutputNamingStdoutPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	saved := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = saved }()
	pipe := fmt.Sprintf("/dev/fd/%d", w.Fd())
	file := filepath.Join(t.TempDir(), "r.json")

	tests := []struct {
		paths []string
		want  bool
	}{
		{[]string{pipe}, true},
		{[]string{"", pipe}, true},
		{[]string{"-"}, true},
		{[]string{file}, false},
		{[]string{"/dev/null"}, false},
		{[]string{""}, false},
	}
	for _, tt := range tests {
		if got := WritesStdout(tt.paths...); got != tt.want {
			t.Errorf("WritesStdout(%q) = %v, want %v", tt.paths, got, tt.want)
		}
	}
	if err := CheckStdout([]outfile.Path{{Flag: "--json", Path: pipe}, {Flag: "--html", Path: "-"}}); err == nil {
		t.Errorf("CheckStdout(--json %s, --html -) = nil, want an error: both write to stdout", pipe)
	}
	if err := CheckStdout([]outfile.Path{{Flag: "--json", Path: pipe}, {Flag: "--html", Path: file}}); err != nil {
		t.Errorf("CheckStdout(--json %s, --html FILE) = %v, want nil", pipe, err)
	}
	if err := CheckStdout(nil, outfile.Path{Flag: "--export-dedup", Path: pipe}); err == nil {
		t.Errorf("CheckStdout(--export-dedup %s) = nil, want an error: a file-only output would be mixed with the summary", pipe)
	}
}
