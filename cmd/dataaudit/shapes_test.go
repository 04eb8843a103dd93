//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScanShapesStdin: a JSON array on standard input is sniffed as one
// (its first byte other than white space is '['), and reads as the file.
func TestScanShapesStdin(t *testing.T) {
	const file = "../../testdata/shapes/alpaca.json"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--text", "instruction,input,output"}
	want, code, stderr := scanJSON(t, append(args, file)...)
	if code != exitOK {
		t.Fatalf("scan %s: exit %d: %s", file, code, stderr)
	}
	withStdin(t, append([]byte("\n  "), data...))
	got, code, stderr := scanJSON(t, append(args, "-")...)
	if code != exitOK {
		t.Fatalf("scan -: exit %d: %s", code, stderr)
	}
	// Three bytes of white space more on standard input.
	delete(want["summary"].(map[string]any), "input_bytes")
	delete(got["summary"].(map[string]any), "input_bytes")
	for _, k := range []string{"summary", "tokens", "lengths"} {
		if diff := cmp.Diff(want[k], got[k]); diff != "" {
			t.Errorf("scan - %s differs from scan FILE (-file +stdin):\n%s", k, diff)
		}
	}
	if f := got["inputs"].([]any)[0].(map[string]any)["format"]; f != "json" {
		t.Errorf("scan - format = %v, want json", f)
	}
	if rows := got["summary"].(map[string]any)["rows"]; rows != 3.0 {
		t.Errorf("scan - rows = %v, want 3", rows)
	}
}

// TestScanSkippedInputs: a directory scan lists what it did not read.
func TestScanSkippedInputs(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"train.jsonl":       `{"text":"a"}` + "\n",
		"test.json":         `[{"text":"b"}]`,
		"dataset_info.json": `{"features":{}}`,
		"README.md":         "# card\n",
		".cache.jsonl":      `{"text":"c"}` + "\n",
		".git/config":       "x\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc, code, stderr := scanJSON(t, dir)
	if code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	var got []string
	for _, s := range doc["skipped_inputs"].([]any) {
		m := s.(map[string]any)
		got = append(got, strings.TrimPrefix(m["path"].(string), dir+"/"))
	}
	want := []string{".cache.jsonl", ".git/", "README.md", "dataset_info.json"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("skipped_inputs (-want +got):\n%s", diff)
	}
	if rows := doc["summary"].(map[string]any)["rows"]; rows != 2.0 {
		t.Errorf("rows = %v, want 2 (train.jsonl and the array test.json)", rows)
	}
	_, out, _ := runCmd(t, "scan", "--quiet", dir)
	if !strings.Contains(out, "skipped 4 files in the directories given: ") || !strings.Contains(out, ".cache.jsonl (hidden)") {
		t.Errorf("summary does not say what was skipped:\n%s", out)
	}
}

// TestCompareFieldPerSide: --text-b reads another field on B, the report
// names both; a field missing on B fails before A is read.
func TestCompareFieldPerSide(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.json")
	os.WriteFile(a, []byte("{\"text\":\"the cat sat\",\"label\":\"x\"}\n{\"text\":\"a dog ran\",\"label\":\"y\"}\n"), 0o644)
	os.WriteFile(b, []byte(`[{"body":"the cat sat","cls":"x"},{"body":"a bird sang","cls":"y"}]`), 0o644)
	out := filepath.Join(dir, "cmp.json")
	code, _, stderr := runCmd(t, "compare", "--quiet", a, b, "--text-b", "body", "--label", "label", "--label-b", "cls", "--json", out)
	if code != exitOK {
		t.Fatalf("compare --text-b body: exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		A, B struct {
			Rows  int
			Text  []string
			Label string
		}
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.A.Rows != 2 || rep.B.Rows != 2 || !cmp.Equal(rep.A.Text, []string{"text"}) || !cmp.Equal(rep.B.Text, []string{"body"}) || rep.B.Label != "cls" {
		t.Errorf("compare --text-b body: sides %+v, %+v; want 2 rows each, fields text/label and body/cls", rep.A, rep.B)
	}

	// B's field is checked before A is read: A is a FIFO whose writer
	// sees its later writes fail when the reader gives up after the probe.
	fifo := filepath.Join(dir, "a.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	line := []byte(`{"text":"the cat sat on the mat and more words here"}` + "\n")
	wrote := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			wrote <- err
			return
		}
		defer w.Close()
		w.Write(bytes.Repeat(line, 1500)) // what the probe reads
		_, err = w.Write(bytes.Repeat(line, 8<<20/len(line)))
		wrote <- err
	}()
	code, _, stderr = runCmd(t, "compare", "--quiet", fifo, b)
	if code != exitError || !strings.Contains(stderr, `B: `) || !strings.Contains(stderr, `no field "text"`) {
		t.Errorf("compare without --text-b: exit %d, stderr %q; want exit %d naming B's missing field", code, stderr, exitError)
	}
	if r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		r.Close() // lets a writer still opening the FIFO go on
	}
	if err := <-wrote; err == nil {
		t.Errorf("compare read all of A before failing on B's field")
	}
}
