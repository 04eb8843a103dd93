package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/llmtok"
)

// TestScanLLMTokenizer checks the wiring of --tokenizer: the report's
// total, distinct and top counts are those of encoding every usable text
// of the sample directly, per label too.
func TestScanLLMTokenizer(t *testing.T) {
	for _, name := range llmtok.TiktokenNames() {
		t.Run(name, func(t *testing.T) {
			doc, code, stderr := scanJSON(t, sample, "--label", "label", "--tokenizer", name, "--top", "1000000", "--top-per-label", "3")
			if doc == nil {
				t.Fatalf("exit %d, no report: %s", code, stderr)
			}
			tok, err := llmtok.Tiktoken(name)
			if err != nil {
				t.Fatal(err)
			}
			// Encode the sample's texts without the ingest package.
			var want llmtok.Counter
			perLabel := map[string]*llmtok.Counter{}
			f, err := os.Open(sample)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			enc := tok.NewEncoder()
			for sc.Scan() {
				var r struct {
					Text  *string `json:"text"`
					Label any     `json:"label"`
				}
				if json.Unmarshal(sc.Bytes(), &r) != nil || r.Text == nil {
					continue
				}
				switch r.Label.(type) {
				case map[string]any, []any:
					continue // a bad record: label_not_scalar
				}
				ids := enc.AppendIDs(nil, []byte(*r.Text))
				want.Add(ids)
				if l, ok := r.Label.(string); ok {
					if perLabel[l] == nil {
						perLabel[l] = &llmtok.Counter{}
					}
					perLabel[l].Add(ids)
				}
			}
			settings := doc["settings"].(map[string]any)
			if got := settings["tokenizer"].(string); got != tok.Name() || !strings.HasPrefix(got, "tiktoken:"+name+" sha256=") {
				t.Errorf("settings.tokenizer = %q, want %q", got, tok.Name())
			}
			toks := doc["tokens"].(map[string]any)
			if got := uint64(toks["total"].(float64)); got != want.Total {
				t.Errorf("tokens.total = %d, want %d", got, want.Total)
			}
			if got := int(toks["distinct"].(float64)); got != want.Distinct() {
				t.Errorf("tokens.distinct = %d, want %d", got, want.Distinct())
			}
			if got := int(toks["vocab_size"].(float64)); got != tok.VocabSize() {
				t.Errorf("tokens.vocab_size = %d, want %d", got, tok.VocabSize())
			}
			top := toks["top"].([]any)
			if len(top) != want.Distinct() {
				t.Fatalf("top lists %d tokens, want all %d", len(top), want.Distinct())
			}
			for i, e := range top {
				e := e.(map[string]any)
				id := uint32(e["id"].(float64))
				if got := uint64(e["count"].(float64)); got != want.Counts[id] {
					t.Errorf("top[%d] id %d count %d, want %d", i, id, got, want.Counts[id])
				}
				text, _ := llmtok.Readable(tok.Token(id))
				if e["token"].(string) != text {
					t.Errorf("top[%d] id %d token %q, want %q", i, id, e["token"], text)
				}
			}
			for _, c := range doc["labels"].(map[string]any)["classes"].([]any) {
				c := c.(map[string]any)
				w := perLabel[c["label"].(string)]
				if w == nil || uint64(c["tokens"].(float64)) != w.Total {
					t.Errorf("label %v: tokens %v, want %v", c["label"], c["tokens"], w)
					continue
				}
				wt := w.Top(3)
				for i, e := range c["top_tokens"].([]any) {
					e := e.(map[string]any)
					if uint32(e["id"].(float64)) != wt[i].ID || uint64(e["count"].(float64)) != wt[i].Count {
						t.Errorf("label %v top %d = %v, want %+v", c["label"], i, e, wt[i])
					}
				}
			}
		})
	}
}

// TestScanLLMPartialUTF8 checks that a byte-level token that is part of a
// character is shown as \xNN with its bytes in hex.
func TestScanLLMPartialUTF8(t *testing.T) {
	in := filepath.Join(t.TempDir(), "cjk.jsonl")
	// cl100k_base has no token for 뷁 (U+BDC1): it is encoded in pieces of
	// its three UTF-8 bytes.
	if err := os.WriteFile(in, []byte(`{"text":"뷁뷁뷁"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, code, stderr := scanJSON(t, in, "--tokenizer", "cl100k_base")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	partial := 0
	for _, e := range doc["tokens"].(map[string]any)["top"].([]any) {
		e := e.(map[string]any)
		h, _ := e["hex"].(string)
		if h == "" {
			continue
		}
		partial++
		if tok := e["token"].(string); !strings.Contains(tok, `\x`) {
			t.Errorf("partial token %q (hex %s) does not show its bytes as \\xNN", tok, h)
		}
	}
	if partial == 0 {
		t.Errorf("no partial UTF-8 token in %v", doc["tokens"])
	}
}

func TestScanTokenizerErrors(t *testing.T) {
	wp := filepath.Join(t.TempDir(), "tokenizer.json")
	if err := os.WriteFile(wp, []byte(`{"model":{"type":"WordPiece","vocab":{}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ spec, want string }{
		{"bogus", `unknown tokenizer "bogus"`},
		{"hf:" + filepath.Join(t.TempDir(), "missing.json"), "no such file"},
		{"hf:" + wp, `model type "WordPiece" is not supported`},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"scan", "--quiet", "--tokenizer", tt.spec, sample}, &stdout, &stderr)
		if code != exitError || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("scan --tokenizer %s: exit %d, stderr %q; want exit %d and %q", tt.spec, code, stderr.String(), exitError, tt.want)
		}
	}
}
