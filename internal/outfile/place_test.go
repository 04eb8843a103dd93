package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckOutputsPlace: an output that cannot be written where it is
// named (a directory; in a directory that does not exist, or under a
// file) is refused by CheckOutputs, before any reading. Before, the run
// read every input and then failed to write, naming a temporary file.
func TestCheckOutputsPlace(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string // want: in the error; "" for none
	}{
		{"new file", filepath.Join(dir, "out.json"), ""},
		{"existing file", file, ""},
		{"standard output", "-", ""},
		{"device", "/dev/null", ""},
		{"object", "s3://bucket/out.json", ""},
		{"a directory", dir, "--json " + dir + " is a directory"},
		{"no such directory", filepath.Join(dir, "nope", "out.json"), "--json " + filepath.Join(dir, "nope", "out.json") + ": no directory " + filepath.Join(dir, "nope")},
		{"under a file", filepath.Join(file, "out.json"), ": " + file + " is not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOutputs([]Path{{Flag: "--json", Path: tt.path}}, nil)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckOutputs(%q) = %v, want nil", tt.path, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckOutputs(%q) = %v, want an error with %q", tt.path, err, tt.want)
			}
		})
	}
}
