package outfile

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers returns the temporary files left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if strings.Contains(e.Name(), ".tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWriteFile(t *testing.T) {
	errDisk := errors.New("no space left on device")
	tests := []struct {
		name     string
		previous string // "" for no previous file
		write    string
		fail     bool
		want     string
	}{
		{"new", "", "new report\n", false, "new report\n"},
		{"replace", "old report\n", "new\n", false, "new\n"},
		{"failed write keeps the previous file", "old report\n", "half a rep", true, "old report\n"},
		{"failed write makes no file", "", "half a rep", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.json")
			if tt.previous != "" {
				if err := os.WriteFile(path, []byte(tt.previous), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteFile(path, func(w *File) error {
				if _, err := w.Write([]byte(tt.write)); err != nil {
					return err
				}
				if tt.fail {
					return errDisk
				}
				return nil
			})
			if tt.fail != (err != nil) || tt.fail && !errors.Is(err, errDisk) {
				t.Fatalf("WriteFile(%q) = %v, want fail %v", path, err, tt.fail)
			}
			got, rerr := os.ReadFile(path)
			if tt.want == "" {
				if !errors.Is(rerr, fs.ErrNotExist) {
					t.Errorf("ReadFile(%q) = %q, %v; want no file", path, got, rerr)
				}
			} else if string(got) != tt.want {
				t.Errorf("ReadFile(%q) = %q, want %q", path, got, tt.want)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("temporary files left behind: %v", l)
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh")
	if err := WriteFile(fresh, func(*File) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "ref")
	rf, err := os.Create(ref)
	if err != nil {
		t.Fatal(err)
	}
	rf.Close()
	a, _ := os.Stat(fresh)
	b, _ := os.Stat(ref)
	if a.Mode().Perm() != b.Mode().Perm() {
		t.Errorf("new file mode %v, os.Create gives %v", a.Mode().Perm(), b.Mode().Perm())
	}
	// An existing file keeps its mode.
	if err := os.Chmod(ref, 0o604); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(ref, func(*File) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(ref); st.Mode().Perm() != 0o604 {
		t.Errorf("replaced file mode %v, want 0604 as before", st.Mode().Perm())
	}
}

func TestSymlinkDestination(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	link := filepath.Join(dir, "link.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, func(w *File) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("target = %q, want %q", got, "new")
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", st, err)
	}
}

func TestNotRegular(t *testing.T) {
	if err := WriteFile(os.DevNull, func(w *File) error { _, err := w.Write([]byte("x")); return err }); err != nil {
		t.Fatalf("WriteFile(%q) = %v", os.DevNull, err)
	}
	if st, err := os.Stat(os.DevNull); err != nil || st.Mode().IsRegular() {
		t.Fatalf("%s replaced: %v %v", os.DevNull, st, err)
	}
}

func TestAbortAfterCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("x"))
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort()
	if got, _ := os.ReadFile(path); string(got) != "x" {
		t.Errorf("after Commit and Abort: %q, want %q", got, "x")
	}
	g, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	g.Write([]byte("partial"))
	g.Abort()
	if got, _ := os.ReadFile(path); string(got) != "x" {
		t.Errorf("after Abort: %q, want %q", got, "x")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left behind: %v", l)
	}
}

func TestCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	other := filepath.Join(dir, "other.jsonl")
	for _, p := range []string{in, other} {
		if err := os.WriteFile(p, []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "link.jsonl")
	hard := filepath.Join(dir, "hard.jsonl")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	inputs := []Path{{"input", in}, {"--policy", other}}
	tests := []struct {
		name    string
		outputs []Path
		inputs  []Path
		want    string // substring of the error; "" for none
	}{
		{"distinct", []Path{{"--json", filepath.Join(dir, "r.json")}, {"--html", filepath.Join(dir, "r.html")}}, inputs, ""},
		{"output is the input", []Path{{"--export-dedup", in}}, inputs, "would overwrite the input"},
		{"output is another input", []Path{{"--json", other}}, inputs, "would overwrite the --policy"},
		{"through a symlink", []Path{{"--json", link}}, inputs, "would overwrite the input"},
		{"a hard link", []Path{{"--json", hard}}, inputs, "would overwrite the input"},
		{"input through a symlink", []Path{{"--json", in}}, []Path{{"input", link}}, "would overwrite the input"},
		{"relative spelling", []Path{{"--json", filepath.Join(sub, "..", "in.jsonl")}}, inputs, "would overwrite"},
		{"two outputs, one new file", []Path{{"--json", filepath.Join(dir, "r.json")}, {"--html", filepath.Join(sub, "..", "r.json")}}, inputs, "are the same file"},
		{"two outputs, one existing file", []Path{{"--json", hard}, {"--html", link}}, nil, "are the same file"},
		{"stdout", []Path{{"--json", "-"}, {"--markdown", "-"}}, []Path{{"input", "-"}}, ""},
		{"devices", []Path{{"--json", os.DevNull}, {"--html", os.DevNull}}, []Path{{"input", os.DevNull}}, ""},
		{"empty", []Path{{"--json", ""}, {"--html", ""}}, inputs, ""},
		// An object is named by scheme://bucket/key, whatever the
		// driver's query; a file:// URL is the local file.
		{"object is the input", []Path{{"-o", "s3://data/in.jsonl?endpoint=http://127.0.0.1:9&region=x"}}, []Path{{"input", "s3://data/in.jsonl"}}, "would overwrite the input"},
		{"two outputs, one object", []Path{{"-o", "gs://b/p.json"}, {"--state", "gs://b/p.json?x=1"}}, nil, "are the same file"},
		{"objects apart", []Path{{"-o", "s3://data/out.json"}, {"--state", "s3://other/in.jsonl"}, {"--json", "gs://data/in.jsonl"}}, []Path{{"input", "s3://data/in.jsonl"}}, ""},
		{"file URL is the file", []Path{{"-o", "file://" + in}}, inputs, "would overwrite the input"},
		{"file URL input", []Path{{"--json", hard}}, []Path{{"input", "file://" + in}}, "would overwrite the input"},
		{"object is not a local file", []Path{{"-o", "s3://data/in.jsonl"}}, []Path{{"input", "data/in.jsonl"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOutputs(tt.outputs, tt.inputs)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("CheckOutputs(%v, %v) = %v, want %q", tt.outputs, tt.inputs, err, tt.want)
			}
		})
	}
}

func TestWriteFileContextCancelled(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := WriteFileContext(ctx, path, func(w *File) error {
		w.Write([]byte("half of a new rep"))
		cancel() // SIGINT while writing
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("WriteFileContext(cancelled) = %v, want context.Canceled", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "previous" {
		t.Errorf("after an interrupted write: %q, want %q", got, "previous")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left behind: %v", l)
	}
}
