package labels

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// featureTexts are texts whose words take every path of next and of the
// normalisation: ASCII in both cases, white space and NUL, non-ASCII
// letters and separators, compatibility characters NFKC changes, case
// folding that is not lowercasing, invalid UTF-8.
var featureTexts = []string{
	"", "   ", "a", "Hello, World!", "hello world", "HELLO   WORLD\n", "ABC def123 X9",
	"cf mn CF MN", "a\x00b", "MiXeD-CaSe..end", "averyveryverylongwordindeed Averyveryverylongwordindeed",
	"naïve café", "NAÏVE CAFÉ", "Straße strasse STRASSE", "İstanbul", "ΣΑΣ σας", "e\u0301 x",
	"日本語 text", "a\xffb \xc3", "x\u00a0y", "x y", "ﬁle file", "ＡＢＣ abc", "ǅemal ⅷ ①", "emoji😀word",
	"Über über", "\u2028line\u2029", "K\u212a",
}

// wordHashes returns stats.StableHash of text's words, as the token
// summary leaves them on a batch.
func wordHashes(text []byte) []uint64 {
	var out []uint64
	var tz stats.Tokenizer
	for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) {
		out = append(out, stats.StableHash(tok))
	}
	return out
}

// TestWordFeatures checks that a row featurised from its word hashes
// (the token summary's, pass 1) has the buckets, in the same order, and
// the word sequence hash that featurising its text gives.
func TestWordFeatures(t *testing.T) {
	texts := slices.Clone(featureTexts)
	for _, r := range readSample(t, 1)[:50] {
		texts = append(texts, r.Text)
	}
	for _, text := range texts {
		t.Run(text[:min(len(text), 20)], func(t *testing.T) {
			var a, b featurizer
			want := slices.Clone(a.features([]byte(text)))
			got := b.wordFeatures(wordHashes([]byte(text)))
			if !slices.Equal(got, want) {
				t.Errorf("wordFeatures(%q) = %v, want features' %v", text, got, want)
			}
			if a.fh != b.fh {
				t.Errorf("wordFeatures(%q): word sequence hash %x, want features' %x", text, b.fh, a.fh)
			}
		})
	}
}

// TestFoldOfNormalisedWords checks that the fold pass 1 gives a row, from
// its features and normalising only rows with non-ASCII bytes, is the
// fold of the words of its normalised text (normFold); so texts equal
// once normalised share a fold.
func TestFoldOfNormalisedWords(t *testing.T) {
	var z dups.Normalizer
	for _, text := range featureTexts {
		t.Run(text, func(t *testing.T) {
			var f, g featurizer
			want := normFold(&g, &z, 7, []byte(text), 254)
			f.features([]byte(text))
			if got := rowFold(&f, &z, 7, []byte(text), 254); got != want {
				t.Errorf("rowFold(%q) after features = %d, want normFold's %d", text, got, want)
			}
			f.wordFeatures(wordHashes([]byte(text)))
			f.high = !isASCII([]byte(text))
			if got := rowFold(&f, &z, 7, []byte(text), 254); got != want {
				t.Errorf("rowFold(%q) after wordFeatures = %d, want normFold's %d", text, got, want)
			}
		})
	}
	// Equal once normalised: one fold (254 folds, so that a chance
	// agreement is unlikely for the pairs that differ).
	for _, p := range [][2]string{
		{"ﬁle", "file"}, {"ＡＢＣ", "abc"}, {"Straße", "STRASSE"}, {"K\u212a", "kk"}, {"ΣΑΣ", "σασ"},
		{"  Hello \t World\n", "hello world"}, {"NAÏVE CAFÉ", "naïve café"},
	} {
		a, b := normFold(&featurizer{}, &z, 7, []byte(p[0]), 254), normFold(&featurizer{}, &z, 7, []byte(p[1]), 254)
		if !bytes.Equal(z.Normalize([]byte(p[0])), []byte(string(z.Normalize([]byte(p[1]))))) {
			continue // not a pair the exact-duplicate check calls equal
		}
		if a != b {
			t.Errorf("normFold(%q) = %d, normFold(%q) = %d, want one fold for texts equal once normalised", p[0], a, p[1], b)
		}
	}
}

// TestCountsSameWithWords checks that pass 1 keeps the same state whether
// the token summary left word hashes on the batches or not.
func TestCountsSameWithWords(t *testing.T) {
	rs := readSample(t, 1)
	for i, s := range featureTexts {
		rs = append(rs, sampleRecord{ID: "edge" + s, Text: s + " spam mail " + rs[i].Text, Label: rs[i].Label})
	}
	path := writeJSONL(t, rs)
	inputs, err := ingest.Expand([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	opts := ingest.Options{Text: []string{"text"}, Label: "label", ID: "id", Workers: 1, BatchRows: 64}
	plain, withWords := NewCounts(Options{Seed: 3}), NewCounts(Options{Seed: 3})
	sum := stats.NewSummary(stats.Options{})
	fromWords := 0
	if err := ingest.Run(context.Background(), inputs, opts, func(_ int, b *ingest.Batch) error {
		defer b.Record.Release()
		if err := plain.Add(b); err != nil {
			return err
		}
		if err := sum.Add(b); err != nil {
			return err
		}
		if _, ok := b.Words.Row(0); ok {
			fromWords++
		}
		return withWords.Add(b)
	}); err != nil {
		t.Fatal(err)
	}
	if fromWords == 0 {
		t.Fatalf("no batch had word hashes: Counts.Add did not ask for them")
	}
	a, err := plain.AppendState(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := withWords.AppendState(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("first pass state with word hashes (%d bytes, %d batches from them) differs from without (%d bytes)", len(b), fromWords, len(a))
	}
}

// tokenizeCheck compares tokenize with next on text: the same words, text
// and hash, and f.high exactly when text is not ASCII.
func tokenizeCheck(t *testing.T, text []byte) {
	t.Helper()
	var f, g featurizer
	f.tokenize(text)
	var got []string
	for _, w := range f.words {
		tok := f.wordText(nil, text, w)
		got = append(got, string(tok))
		if w.h != hashToken(tok) {
			t.Errorf("tokenize(%q): word %q hash %x, want hashToken %x", text, tok, w.h, hashToken(tok))
		}
	}
	if want := tokensOf(t, &g, text); !slices.Equal(got, want) {
		t.Errorf("tokenize(%q) = %q, want next's %q", text, got, want)
	}
	if f.high != !isASCII(text) {
		t.Errorf("tokenize(%q): high %v, want %v", text, f.high, !isASCII(text))
	}
}

// TestTokenize checks tokenize against next on texts whose tokens cross
// the 64-byte blocks and the zero-padded tail, in slices whose capacity
// ends with the text (no load past it) or not.
func TestTokenize(t *testing.T) {
	long := strings.Repeat("Word12 ab ", 13) + "averyverylongTOKENthatcrossesablock x"
	texts := append(slices.Clone(featureTexts), long, strings.Repeat("é", 40)+"ABC", long+"naïve", strings.Repeat("a", 64), strings.Repeat("Ab", 65))
	for _, text := range texts {
		t.Run(text[:min(len(text), 20)], func(t *testing.T) {
			tokenizeCheck(t, []byte(text))
			tokenizeCheck(t, []byte(text + "  padding past the end")[:len(text)])
		})
	}
}

// FuzzTokenize checks tokenize against next on any bytes.
func FuzzTokenize(f *testing.F) {
	for _, s := range append(slices.Clone(featureTexts), strings.Repeat("Ab1 ", 20)) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		tokenizeCheck(t, slices.Clip(text))
		tokenizeCheck(t, text)
	})
}

// FuzzNormWords checks that normalising only around the non-ASCII bytes
// gives the words of the whole normalised text (normWords against
// foldWords of dups.Normalizer's text).
func FuzzNormWords(f *testing.F) {
	for _, s := range append(slices.Clone(featureTexts), "a =\u0338 b", "x<\u0338y", "ab\u0301 cd", "ﬁ ﬂ x", "A.Ë.B", "\u0301start") {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var z dups.Normalizer
		var a, b featurizer
		want := a.foldWords(z.Normalize(text))
		if got := b.normWords(&z, text); got != want {
			t.Errorf("normWords(%q) = %x, want foldWords(Normalize) %x", text, got, want)
		}
	})
}
