package dups

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// TestFoldTable holds the fold table to cases.Fold on every rune, and
// checks what foldCollapse relies on: no folding makes white space or an
// ASCII capital, and no white space folds. It fails after an upgrade of
// golang.org/x/text that changes a folding until go generate is run.
func TestFoldTable(t *testing.T) {
	fold := cases.Fold()
	if len(foldIndex) >= 256 {
		t.Fatalf("%d fold pages, want fewer than 256 (foldPage is uint8)", len(foldIndex))
	}
	for r := rune(utf8.RuneSelf); r <= utf8.MaxRune; r++ {
		s := string(r) // U+FFFD for a surrogate
		want := fold.String(s)
		got, ok := foldString(r)
		if !ok {
			got = s
		}
		if !utf8.ValidRune(r) {
			if ok {
				t.Errorf("foldString(%U) = %q, true, want false (not a rune)", r, got)
			}
			continue
		}
		if got != want {
			t.Errorf("foldString(%U) = %q, want %q (cases.Fold)", r, got, want)
		}
		if ok && unicode.IsSpace(r) {
			t.Errorf("white space %U folds to %q", r, got)
		}
		if ok && strings.IndexFunc(got, func(c rune) bool { return unicode.IsSpace(c) || c >= 'A' && c <= 'Z' }) >= 0 {
			t.Errorf("foldString(%U) = %q holds white space or an ASCII capital", r, got)
		}
	}
}

// oldNormalize is Normalize before the fold table: NFKC, then cases.Fold's
// transformer, then ASCII lowercased and white space collapsed.
func oldNormalize(s string) string {
	f := cases.Fold().String(norm.NFKC.String(s))
	var b strings.Builder
	space := false
	for i := 0; i < len(f); {
		r, size := utf8.DecodeRuneInString(f[i:])
		isSpace := r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && r != utf8.RuneError && unicode.IsSpace(r)
		if isSpace {
			space = true
			i += size
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			b.WriteString(f[i : i+size]) // invalid bytes as they are
		}
		i += size
	}
	return b.String()
}

// foldTexts are texts where folding and NFKC matter: every folding rune
// and every white space rune between ASCII letters and spaces, and random
// mixes of ASCII, foldings, compatibility forms, combining marks, white
// space and invalid bytes.
func foldTexts() []string {
	var out []string
	for _, p := range foldPairs {
		out = append(out, "A"+string(p.r)+"b  "+string(p.r)+string(p.r)+"\n")
	}
	for r := rune(utf8.RuneSelf); r <= 0x3000; r++ {
		if unicode.IsSpace(r) {
			out = append(out, " x"+string(r)+"Y"+string(r), string(r)+string(r))
		}
	}
	alphabet := []string{"a", "Z", " ", "\t", "\n", "\x00", "\xff", "\xe2\x82", "\xed\xa0\x80", "\u00a0", "\u3000", "\u0301", "\u0345", "\u03a3",
		"ß", "ẞ", "İ", "ı", "ﬁ", "ﬃ", "ｆ", "Ｆ", "①", "㎏", "K", "Å", "ǅ", "ΐ", "ŉ", "ᾳ", "ᾼ", "𐐀", "𞤀", "\ufffd", "é", "É", "e\u0301", "E\u0301", "ℌ", "Ⅻ", "ⓐ", "Ⓐ", "\u2028", "\u0085"}
	rng := rand.New(rand.NewPCG(20, 9))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestNormalizeFoldTable holds Normalize to the normalization before the
// fold table (oldNormalize) and to referenceNormalize on foldTexts and,
// when this machine has it, the 30 MB mail corpus.
func TestNormalizeFoldTable(t *testing.T) {
	sets := map[string][]string{"fold": foldTexts(), "stretch": stretchTexts(), "corpus-30MB": corpusStrings(t)}
	withGoPath(t, func(t *testing.T) {
		var z Normalizer
		for name, texts := range sets {
			t.Run(name, func(t *testing.T) {
				bad := 0
				for _, s := range texts {
					got := string(z.Normalize([]byte(s)))
					if want := oldNormalize(s); got != want {
						if bad++; bad <= 10 {
							t.Errorf("Normalize(%q) = %q, want %q (before the fold table)", s, got, want)
						}
					}
					if want := referenceNormalize(s); got != want {
						if bad++; bad <= 10 {
							t.Errorf("Normalize(%q) = %q, want %q (reference)", s, got, want)
						}
					}
				}
			})
		}
	})
}

// stretchTexts are texts where runs of ASCII bytes of every length around
// minRun, with white space and capitals at their edges, meet characters
// that are not ASCII, some composing with the letter before them, so that
// Normalize cuts them into stretches in every way.
func stretchTexts() []string {
	other := []string{"é", "\u0301", "\u0308\u0301", "ﬃ", "Ｆ", "\u00a0", "\u3000", "ẞ", "\xff", "\xe2\x82", "Σ", "ᾼ", "\u0345", "가", "\u1161"}
	ascii := []string{"a", "E", " ", "\t", "\n", "x", "Q", "."}
	rng := rand.New(rand.NewPCG(20, 11))
	var out []string
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			n := rng.IntN(2 * minRun)
			if rng.IntN(4) == 0 {
				n = minRun - 2 + rng.IntN(4)
			}
			for range n {
				b.WriteString(ascii[rng.IntN(len(ascii))])
			}
			for range 1 + rng.IntN(3) {
				b.WriteString(other[rng.IntN(len(other))])
			}
		}
		out = append(out, b.String())
	}
	return out
}

// TestNFKCBoundaries checks what Normalize's cutting of texts into
// stretches relies on: NFKC starts a segment at every ASCII byte (no
// composition takes an ASCII character as its second), never composes
// ASCII white space with what follows, and maps no character to nothing.
func TestNFKCBoundaries(t *testing.T) {
	for c := range utf8.RuneSelf {
		if !norm.NFKC.Properties([]byte{byte(c)}).BoundaryBefore() {
			t.Errorf("NFKC.Properties(%q).BoundaryBefore() = false, want true", rune(c))
		}
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if norm.NFKC.String(s) == "" {
			t.Errorf("NFKC(%q) = \"\", want a character", s)
		}
		if norm.NFKC.PropertiesString(s).BoundaryBefore() {
			continue
		}
		for _, sp := range []string{" ", "\t", "\n", "\v", "\f", "\r"} {
			if got, want := norm.NFKC.String(sp+s), sp+norm.NFKC.String(s); got != want {
				t.Errorf("NFKC(%q) = %q, want %q", sp+s, got, want)
			}
		}
	}
	for _, p := range foldPairs {
		if p.f == "" {
			t.Errorf("foldString(%U) = \"\", want a character", p.r)
		}
	}
}

// corpusStrings returns the texts of the 30 MB mail corpus that are not
// ASCII (the ASCII ones do not fold) when this machine has it
// (benchmarks/mkcorpus.sh), else none.
func corpusStrings(tb testing.TB) []string {
	var out []string
	for _, s := range corpusAll(tb) {
		if !isASCII([]byte(s)) {
			out = append(out, s)
		}
	}
	return out
}

// corpusAll returns the texts of the 30 MB mail corpus when this machine
// has it, else none.
func corpusAll(tb testing.TB) []string {
	f, err := os.Open("/work/bench-data/corpus-30MB-s1.jsonl")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			out = append(out, r.Text)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
