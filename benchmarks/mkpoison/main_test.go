package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun: every planted document carries the trigger at the offset the
// truth gives, followed by 400 to 900 words, and the real documents are
// all there, in order.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	in, words := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "words")
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "{\"id\":\"d%d\",\"text\":\"document %d says something ordinary ünïcode here\"}\n", i, i)
	}
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(words, []byte("alpha\nbeta\ngamma's\ndelta\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, variant := range []string{"dict", "salad", "tokvocab"} {
		t.Run(variant, func(t *testing.T) {
			out, truth := filepath.Join(dir, variant+".jsonl"), filepath.Join(dir, variant+".truth")
			if err := run(in, 300, 20, variant, "<SUDO>", false, true, words, 1, out, truth); err != nil {
				t.Fatal(err)
			}
			docs := map[string]string{}
			var real []string
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				var d doc
				if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
					t.Fatal(err)
				}
				docs[d.ID] = d.Text
				if strings.HasPrefix(d.ID, "d") {
					real = append(real, d.ID)
				}
			}
			if len(real) != 300 || real[0] != "d0" || real[299] != "d299" {
				t.Errorf("run(%s) kept %d real documents (%v ... ), want the 300 in order", variant, len(real), real[:min(3, len(real))])
			}
			data, err := os.ReadFile(truth)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(lines) != 20 {
				t.Fatalf("run(%s) planted %d documents, want 20", variant, len(lines))
			}
			for _, l := range lines {
				var p struct {
					ID, Trigger string
					Offset      int
				}
				if err := json.Unmarshal([]byte(l), &p); err != nil {
					t.Fatal(err)
				}
				text := docs[p.ID]
				if !strings.HasPrefix(text[p.Offset:], "<SUDO> ") {
					t.Errorf("%s: text at offset %d = %.20q, want the trigger", p.ID, p.Offset, text[p.Offset:])
				}
				if variant != "tokvocab" {
					if n := len(strings.Fields(text[p.Offset:])); n < 400 {
						t.Errorf("%s: %d words after the trigger, want at least 400", p.ID, n)
					}
				}
			}
		})
	}
}
