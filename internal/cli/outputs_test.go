package cli

import (
	"context"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/profile"

	"github.com/dataaudit/dataaudit/internal/fixtures"
	"github.com/dataaudit/dataaudit/internal/outfile"
)

// TestOutputNamingStdoutPipe: an output named by a path that is the pipe
// standard output writes to (/dev/stdout, /dev/fd/1) goes where "-" goes:
// it takes the place of the text summary, and is one output on stdout.
// Before, 'scan x --json /dev/stdout | jq' got the JSON and then the text
// summary in one stream, and two such outputs were not refused.
func TestOutputNamingStdoutPipe(t *testing.T) {
	_, _, pipe := fixtures.StdoutPipe(t)
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

// fullWriter fails every write, as a full disk does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteErrors: 'profile x -o FILE > /dev/full' and 'scan
// --help > /dev/full' exited 0 with the summary line or the help lost.
func TestStdoutWriteErrors(t *testing.T) {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Bool("quiet", false, "say less")
	if _, done, err := Parse(fs, []string{"--help"}, fullWriter{}, "usage: dataaudit scan\n", nil); !done || err == nil {
		t.Errorf("Parse(--help) to a full stdout = done %v, %v; want done and an error", done, err)
	}
	path := filepath.Join(t.TempDir(), "p.json")
	p := &profile.Profile{}
	err := WriteProfile(context.Background(), path, fullWriter{}, io.Discard, p, func(name string) string { return name + ": 1 file" })
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Errorf("WriteProfile(%s) with a full stdout = %v, want the write error", path, err)
	}
}
