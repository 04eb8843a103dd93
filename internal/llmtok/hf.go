package llmtok

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// hfFile is the part of a Hugging Face tokenizer.json that LoadHF reads.
type hfFile struct {
	AddedTokens []struct {
		ID         uint32 `json:"id"`
		Content    string `json:"content"`
		SingleWord bool   `json:"single_word"`
		LStrip     bool   `json:"lstrip"`
		RStrip     bool   `json:"rstrip"`
	} `json:"added_tokens"`
	Normalizer   *hfComponent `json:"normalizer"`
	PreTokenizer *hfComponent `json:"pre_tokenizer"`
	Model        struct {
		Type                    string            `json:"type"`
		Dropout                 *float64          `json:"dropout"`
		ContinuingSubwordPrefix *string           `json:"continuing_subword_prefix"`
		EndOfWordSuffix         *string           `json:"end_of_word_suffix"`
		IgnoreMerges            bool              `json:"ignore_merges"`
		Vocab                   map[string]uint32 `json:"vocab"`
		Merges                  json.RawMessage   `json:"merges"`
	} `json:"model"`
}

// hfComponent is a normalizer or pre-tokenizer.
type hfComponent struct {
	Type           string         `json:"type"`
	Normalizers    []*hfComponent `json:"normalizers"`
	PreTokenizers  []*hfComponent `json:"pretokenizers"`
	Pattern        map[string]string
	Behavior       string `json:"behavior"`
	Invert         bool   `json:"invert"`
	AddPrefixSpace bool   `json:"add_prefix_space"`
	UseRegex       *bool  `json:"use_regex"`
}

// LoadHF reads a Hugging Face tokenizer.json. It supports what GPT-2,
// Llama 3, Qwen 2/3 and the GPT-4o conversion use: a BPE model over a
// byte-level alphabet, with a ByteLevel pre-tokenizer (GPT-2's pattern) or
// a Split on one of the known patterns (see Pattern) followed by ByteLevel
// without its pattern; no normalizer or NFC; added tokens matched exactly
// in the raw text. Anything else (WordPiece, Unigram, SentencePiece-style
// BPE with Metaspace, other patterns) is an error that names it.
func LoadHF(path string) (*Tokenizer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := parseHF(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sum := sha256.Sum256(data)
	t.name = "hf:tokenizer.json sha256=" + hex.EncodeToString(sum[:])
	return t, nil
}

func parseHF(data []byte) (*Tokenizer, error) {
	var f hfFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not a tokenizer.json: %w", err)
	}
	m := &f.Model
	if m.Type != "BPE" {
		return nil, fmt.Errorf("model type %q is not supported (only byte-level BPE)", m.Type)
	}
	if m.Dropout != nil && *m.Dropout != 0 {
		return nil, fmt.Errorf("BPE dropout %v is not supported: it makes encoding random", *m.Dropout)
	}
	if m.ContinuingSubwordPrefix != nil && *m.ContinuingSubwordPrefix != "" || m.EndOfWordSuffix != nil && *m.EndOfWordSuffix != "" {
		return nil, fmt.Errorf("BPE with a continuing_subword_prefix or end_of_word_suffix is not supported")
	}
	t := &Tokenizer{ignoreMerges: m.IgnoreMerges}
	if err := t.hfNormalizer(f.Normalizer); err != nil {
		return nil, err
	}
	if err := t.hfPreTokenizer(f.PreTokenizer); err != nil {
		return nil, err
	}

	// The byte-level alphabet: every byte is a printable character.
	var byteRune [256]rune
	runeByte := map[rune]byte{}
	next := rune(256)
	for b := range 256 {
		r := rune(b)
		if !(b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE) {
			r = next
			next++
		}
		byteRune[b], runeByte[r] = r, byte(b)
	}
	t.vocab = make(map[string]uint32, len(m.Vocab))
	for _, id := range m.Vocab {
		t.vocabSize = max(t.vocabSize, int(id)+1)
	}
	for _, a := range f.AddedTokens {
		t.vocabSize = max(t.vocabSize, int(a.ID)+1)
	}
	t.tokens = make([][]byte, t.vocabSize)
	for s, id := range m.Vocab {
		b := make([]byte, 0, len(s))
		for _, r := range s {
			c, ok := runeByte[r]
			if !ok {
				b = nil
				break
			}
			b = append(b, c)
		}
		if b == nil {
			continue // not byte-level (an added token kept in the vocabulary)
		}
		t.tokens[id] = b
		t.vocab[string(b)] = id
	}
	for b := range 256 {
		id, ok := m.Vocab[string(byteRune[b])]
		if !ok {
			return nil, fmt.Errorf("byte %#02x (%q) is not in the vocabulary: not a byte-level BPE", b, byteRune[b])
		}
		t.byteID[b] = id
	}

	// Merges are "a b" strings or ["a", "b"] pairs; the rank is the index.
	var asStrings []string
	var asPairs [][2]string
	if err := json.Unmarshal(m.Merges, &asStrings); err != nil {
		if err := json.Unmarshal(m.Merges, &asPairs); err != nil {
			return nil, fmt.Errorf("model.merges: neither strings nor pairs: %w", err)
		}
	} else {
		asPairs = make([][2]string, len(asStrings))
		for i, s := range asStrings {
			a, b, ok := strings.Cut(s, " ")
			if !ok {
				return nil, fmt.Errorf("merge %d %q: no space", i, s)
			}
			asPairs[i] = [2]string{a, b}
		}
	}
	t.merges = make(map[uint64]merge, len(asPairs))
	for i, p := range asPairs {
		a, okA := m.Vocab[p[0]]
		b, okB := m.Vocab[p[1]]
		id, okM := m.Vocab[p[0]+p[1]]
		if !okA || !okB || !okM {
			return nil, fmt.Errorf("merge %d %q + %q: a part or the result is not in the vocabulary", i, p[0], p[1])
		}
		key := uint64(a)<<32 | uint64(b)
		if _, dup := t.merges[key]; !dup { // the first, lowest rank wins
			t.merges[key] = merge{rank: uint32(i), id: id}
		}
	}

	for _, a := range f.AddedTokens {
		if a.SingleWord || a.LStrip || a.RStrip {
			return nil, fmt.Errorf("added token %q: single_word, lstrip and rstrip are not supported", a.Content)
		}
		if a.Content == "" {
			continue
		}
		t.added.list = append(t.added.list, addedToken{content: []byte(a.Content), id: a.ID})
		t.added.first[a.Content[0]] = true
		if t.tokens[a.ID] == nil {
			t.tokens[a.ID] = []byte(a.Content)
		}
	}
	sort.SliceStable(t.added.list, func(i, j int) bool {
		return len(t.added.list[i].content) > len(t.added.list[j].content)
	})
	for i := 1; i < len(t.added.list); i++ {
		if bytes.Equal(t.added.list[i].content, t.added.list[i-1].content) {
			return nil, fmt.Errorf("added token %q twice", t.added.list[i].content)
		}
	}
	return t, nil
}

func (t *Tokenizer) hfNormalizer(n *hfComponent) error {
	switch {
	case n == nil:
		return nil
	case n.Type == "NFC":
		t.nfc = true
		return nil
	case n.Type == "Sequence" && len(n.Normalizers) == 0:
		return nil
	case n.Type == "Sequence" && len(n.Normalizers) == 1:
		return t.hfNormalizer(n.Normalizers[0])
	}
	return fmt.Errorf("normalizer %q is not supported (only none or NFC)", n.Type)
}

func (t *Tokenizer) hfPreTokenizer(p *hfComponent) error {
	if p == nil {
		return fmt.Errorf("no pre_tokenizer: only byte-level BPE with a ByteLevel pre-tokenizer is supported")
	}
	byteLevel := func(b *hfComponent, regex bool) error {
		if b.Type != "ByteLevel" {
			return fmt.Errorf("pre_tokenizer %q is not supported (only ByteLevel, or Split then ByteLevel)", b.Type)
		}
		if b.AddPrefixSpace {
			return fmt.Errorf("ByteLevel add_prefix_space is not supported")
		}
		if useRegex := b.UseRegex == nil || *b.UseRegex; useRegex != regex {
			return fmt.Errorf("ByteLevel use_regex %v is not supported here", useRegex)
		}
		return nil
	}
	if p.Type == "ByteLevel" {
		t.pattern = PatternGPT2
		return byteLevel(p, true)
	}
	if p.Type != "Sequence" || len(p.PreTokenizers) != 2 || p.PreTokenizers[0].Type != "Split" {
		return fmt.Errorf("pre_tokenizer %q is not supported (only ByteLevel, or Split then ByteLevel)", p.Type)
	}
	split := p.PreTokenizers[0]
	re, ok := split.Pattern["Regex"]
	if !ok {
		return fmt.Errorf("Split on a string pattern is not supported")
	}
	pat, ok := patternRegex[re]
	if !ok {
		return fmt.Errorf("Split pattern %q is not one of the supported (GPT-2, cl100k, cl100k with single digits, o200k)", re)
	}
	// Keeping the matches: they cover the text, so Isolated and an inverted
	// Removed cut it the same way.
	if !(split.Behavior == "Isolated" && !split.Invert || split.Behavior == "Removed" && split.Invert) {
		return fmt.Errorf("Split behavior %q (invert %v) is not supported", split.Behavior, split.Invert)
	}
	t.pattern = pat
	return byteLevel(p.PreTokenizers[1], false)
}
