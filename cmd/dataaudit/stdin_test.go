//go:build unix

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// withStdin makes os.Stdin a pipe that gives data while the test runs
// (written as it is read, so data may be larger than a pipe holds). Tests
// that use it must not run in parallel.
func withStdin(t *testing.T, data []byte) *os.File {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = r
	go func() {
		w.Write(data)
		w.Close()
	}()
	t.Cleanup(func() {
		os.Stdin = old
		r.Close()
	})
	return r
}

// reportOf reads a JSON report without its run section, with every
// mention of from in its strings replaced by to.
func reportOf(t *testing.T, path, from, to string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if from != "" {
		r, _ := json.Marshal(to)
		b = bytes.ReplaceAll(b, []byte(from), r[1:len(r)-1]) // from and to need no escaping
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "run")
	return doc
}

// TestScanStdin is the reproduction: 5,000 rows on a pipe, read by
// scan as - and as a /dev/fd name, must be 5,000 rows and no bad record.
func TestScanStdin(t *testing.T) {
	var data bytes.Buffer
	for i := 1; i <= 5000; i++ {
		fmt.Fprintf(&data, "{\"text\":\"row %d\"}\n", i)
	}
	// /dev/stdin is fd 0, which the test cannot swap: /dev/fd/N of the
	// pipe is the same kind of name.
	for _, name := range []string{"-", "/dev/fd/N"} {
		t.Run(name, func(t *testing.T) {
			r := withStdin(t, data.Bytes())
			arg := name
			if name != "-" {
				arg = fmt.Sprintf("/dev/fd/%d", r.Fd())
			}
			doc, code, stderr := scanJSON(t, arg)
			if code != exitOK {
				t.Fatalf("scan %s: exit %d: %s", arg, code, stderr)
			}
			s := doc["summary"].(map[string]any)
			if s["rows"].(float64) != 5000 || s["bad_records"].(float64) != 0 {
				t.Errorf("scan %s: %v rows, %v bad records, want 5000 and 0", arg, s["rows"], s["bad_records"])
			}
			in := doc["inputs"].([]any)[0].(map[string]any)
			want := arg == "-"
			if (in["path"] == ingest.StdinName) != want || in["bytes"].(float64) != float64(data.Len()) {
				t.Errorf("scan %s: input %v, want path %s (for -) and bytes %d", arg, in, ingest.StdinName, data.Len())
			}
		})
	}
}

// TestScanStdinSecondPasses runs the label checks and --export-dedup,
// which read the inputs a second time, over standard input: the report
// and the export are those of the same bytes in a file, and the copy kept
// for the second pass is announced and removed.
func TestScanStdinSecondPasses(t *testing.T) {
	dir := t.TempDir()
	corpus := faultySample(t, dir)
	data, err := os.ReadFile(corpus)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, data[:len(data)/3]...) // exact duplicates to drop
	data = data[:bytes.LastIndexByte(data, '\n')+1]
	file := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	scanTo := func(arg, name string) (report, export string, stderr string) {
		report, export = filepath.Join(dir, name+".json"), filepath.Join(dir, name+".dedup.jsonl")
		code, _, stderr := runCmd(t, "scan", "--quiet", arg, "--label", "label", "--export-dedup", export, "--json", report)
		if code != exitOK {
			t.Fatalf("scan %s: exit %d: %s", arg, code, stderr)
		}
		return report, export, stderr
	}
	wantReport, wantExport, _ := scanTo(file, "file")
	withStdin(t, data)
	gotReport, gotExport, stderr := scanTo("-", "stdin")
	if !strings.Contains(stderr, "keeping a copy") {
		t.Errorf("stderr %q does not say that standard input was copied", stderr)
	}
	want, got := reportOf(t, wantReport, "", ""), reportOf(t, gotReport, ingest.StdinName, file)
	delete(want["duplicates"].(map[string]any), "export")
	delete(got["duplicates"].(map[string]any), "export")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scan - differs from scan FILE of the same bytes (-file +stdin):\n%s", diff)
	}
	if got["label_checks"] == nil {
		t.Errorf("scan - has no label_checks")
	}
	a, _ := os.ReadFile(wantExport)
	b, _ := os.ReadFile(gotExport)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("--export-dedup from stdin: %d bytes, from the file %d; want the same bytes", len(b), len(a))
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in TMPDIR: %v, want nothing", left)
	}
}

// TestProfileVerifyStdin: the manifest of a profile of standard input has
// the SHA-256 and size of the bytes read, and verify checks them.
func TestProfileVerifyStdin(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	withStdin(t, data)
	out, _ := mustProfile(t, dir, "p.json", "-")
	p, err := profile.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	m := p.Manifest[0]
	if m.Path != ingest.StdinName || m.SHA256 != hex.EncodeToString(sum[:]) || m.Bytes != int64(len(data)) || m.Rows == 0 {
		t.Errorf("manifest %+v, want %s, sha256 %x, %d bytes", m, ingest.StdinName, sum, len(data))
	}
	withStdin(t, data)
	if code, stdout, stderr := runCmd(t, "verify", out, "-"); code != exitOK {
		t.Errorf("verify of the same bytes on stdin: exit %d\n%s%s", code, stdout, stderr)
	}
	changed := bytes.Replace(data, []byte("Subject"), []byte("subject"), 1)
	withStdin(t, changed[:len(changed)-200])
	if code, stdout, _ := runCmd(t, "verify", out, "-"); code != exitFindings || !strings.Contains(stdout, "changed") || !strings.Contains(stdout, "now") {
		t.Errorf("verify of changed bytes on stdin: exit %d\n%s\nwant 1, changed, with the row count now", code, stdout)
	}
}

// TestCompareStdinTwice: standard input gives its bytes once, so compare
// - - is an error, not a comparison with an empty corpus.
func TestCompareStdinTwice(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	withStdin(t, data)
	code, _, stderr := runCmd(t, "compare", "--quiet", "-", "-")
	if code != exitError || !strings.Contains(stderr, "read only once") {
		t.Errorf("compare - -: exit %d, %q; want 2 and standard input read only once", code, stderr)
	}
}

// TestInterruptFIFO: every command that reads inputs, waiting for a FIFO
// that no one writes to, ends with exit 130 when interrupted.
func TestInterruptFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "in.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	p, _ := mustProfile(t, dir, "p.json", sample)
	for name, args := range map[string][]string{
		"scan":                   {"scan", "--quiet", fifo},
		"scan --label":           {"scan", "--quiet", fifo, "--label", "label"},
		"profile":                {"profile", "--quiet", fifo, "-o", filepath.Join(dir, "out.json")},
		"compare":                {"compare", "--quiet", sample, fifo},
		"verify":                 {"verify", "--quiet", p, fifo},
		"verify, profile a FIFO": {"verify", "--quiet", fifo, sample},
		"merge":                  {"merge", p, fifo, "-o", filepath.Join(dir, "m.json")},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			time.AfterFunc(100*time.Millisecond, cancel) // the FIFO has no writer: the command waits
			var stdout, stderr bytes.Buffer
			if code := run(ctx, args, &stdout, &stderr); code != exitInterrupted {
				t.Errorf("%q interrupted while waiting for a FIFO: exit %d, want %d\n%s", args, code, exitInterrupted, stderr.String())
			}
		})
	}
}

// TestScanEachFileOnce names the sample twice and through a link, next to
// a link loop: the sample is counted once, the loop is an unreadable_input
// finding, and the exit code is 2.
func TestScanEachFileOnce(t *testing.T) {
	dir := t.TempDir()
	abs, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.jsonl")
	loop := filepath.Join(dir, "loop.jsonl")
	if err := os.Symlink(abs, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	once, _, _ := scanJSON(t, sample)
	doc, code, stderr := scanJSON(t, sample, link, sample, loop)
	if code != exitError || !strings.Contains(stderr, "could not be read") {
		t.Errorf("scan with a link loop: exit %d, %q; want 2 and the unreadable input named", code, stderr)
	}
	s, s1 := doc["summary"].(map[string]any), once["summary"].(map[string]any)
	if s["rows"] != s1["rows"] || s["unreadable_inputs"].(float64) != 1 || len(doc["inputs"].([]any)) != 2 {
		t.Errorf("scan of the sample thrice and a loop: rows %v, unreadable %v, %d inputs; want rows %v, 1, 2", s["rows"], s["unreadable_inputs"], len(doc["inputs"].([]any)), s1["rows"])
	}
}

// TestScanStdinDelimited pipes CSV and TSV with a header row (CSV with
// quoted commas, quotes and newlines) to "-": the report is the file's,
// but for the input's name.
func TestScanStdinDelimited(t *testing.T) {
	csvData := "id,text,label\n1,\"hello, world\",a\n2,\"she said \"\"hi\"\"\nand left\",b\n3,plain words here,a\n"
	tsvData := "id\ttext\tlabel\n1\thello world\ta\n2\tshe said hi, and left\tb\n3\tplain words here\ta\n"
	for _, tt := range []struct{ name, data string }{{"x.csv", csvData}, {"x.tsv", tsvData}} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), tt.name)
			if err := os.WriteFile(file, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			want, code, stderr := scanJSON(t, file, "--label", "label", "--id", "id")
			if code != exitOK {
				t.Fatalf("scan %s: exit %d: %s", file, code, stderr)
			}
			withStdin(t, []byte(tt.data))
			got, code, stderr := scanJSON(t, "-", "--label", "label", "--id", "id")
			if code != exitOK {
				t.Fatalf("scan - < %s: exit %d: %s", tt.name, code, stderr)
			}
			for _, doc := range []map[string]any{want, got} {
				delete(doc, "inputs")
				delete(doc, "findings")
			}
			if rows := want["summary"].(map[string]any)["rows"]; rows != float64(3) {
				t.Fatalf("scan %s: %v rows, want 3", file, rows)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("scan - < %s differs from scan %s:\n got %v\nwant %v", tt.name, file, got["summary"], want["summary"])
			}
		})
	}
}
