package llmtok

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"

	"github.com/pkoukk/tiktoken-go-loader/assets"
)

// tiktoken encodings: the vocabulary files come embedded in
// github.com/pkoukk/tiktoken-go-loader, the files OpenAI publishes
// (base64 token, space, rank, one a line).
var tiktokens = map[string]struct {
	file    string
	pattern Pattern
}{
	"cl100k_base": {"cl100k_base.tiktoken", PatternCL100k},
	"o200k_base":  {"o200k_base.tiktoken", PatternO200k},
}

var tiktokenCache sync.Map // name → *Tokenizer; parsing takes tens of ms

// TiktokenNames lists the tiktoken encodings Tiktoken knows.
func TiktokenNames() []string { return []string{"cl100k_base", "o200k_base"} }

// Tiktoken returns OpenAI's tiktoken encoding name (cl100k_base or
// o200k_base), read from the embedded vocabulary. Text is encoded as
// tiktoken's encode_ordinary does: special tokens such as <|endoftext|>
// in the text are ordinary text.
func Tiktoken(name string) (*Tokenizer, error) {
	if t, ok := tiktokenCache.Load(name); ok {
		return t.(*Tokenizer), nil
	}
	enc, ok := tiktokens[name]
	if !ok {
		return nil, fmt.Errorf("unknown tiktoken encoding %q (known: cl100k_base, o200k_base)", name)
	}
	data, err := assets.Assets.ReadFile(enc.file)
	if err != nil {
		return nil, fmt.Errorf("tiktoken %s: %w", name, err)
	}
	t, err := parseTiktoken(data)
	if err != nil {
		return nil, fmt.Errorf("tiktoken %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	t.name = "tiktoken:" + name + " sha256=" + hex.EncodeToString(sum[:])
	t.pattern = enc.pattern
	tt, _ := tiktokenCache.LoadOrStore(name, t)
	return tt.(*Tokenizer), nil
}

func parseTiktoken(data []byte) (*Tokenizer, error) {
	t := &Tokenizer{tiktoken: true, vocab: make(map[string]uint32, bytes.Count(data, []byte("\n"))+1)}
	var buf []byte
	for line := 1; len(data) > 0; line++ {
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(l) == 0 {
			continue
		}
		sp := bytes.IndexByte(l, ' ')
		if sp < 0 {
			return nil, fmt.Errorf("line %d: no space", line)
		}
		var err error
		buf = buf[:0]
		buf, err = base64.StdEncoding.AppendDecode(buf, l[:sp])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		rank, err := strconv.ParseUint(string(l[sp+1:]), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		tok := string(buf)
		if _, dup := t.vocab[tok]; dup {
			return nil, fmt.Errorf("line %d: token %q twice", line, tok)
		}
		t.vocab[tok] = uint32(rank)
		t.vocabSize = max(t.vocabSize, int(rank)+1)
	}
	t.tokens = make([][]byte, t.vocabSize)
	for tok, id := range t.vocab {
		t.tokens[id] = []byte(tok)
	}
	for b := range 256 {
		if _, ok := t.vocab[string([]byte{byte(b)})]; !ok {
			return nil, fmt.Errorf("byte %#02x is not a token", b)
		}
	}
	return t, nil
}
