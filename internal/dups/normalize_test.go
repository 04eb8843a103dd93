package dups

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zeebo/xxh3"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// BenchmarkNormalize measures the default normalization on the sample's
// mails (mostly ASCII, a few rows not).
func BenchmarkNormalize(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	var z Normalizer
	b.SetBytes(n)
	b.ReportAllocs()
	defer fixtures.ThreadCPU(b)()
	for b.Loop() {
		for _, t := range texts {
			z.Normalize(t)
		}
	}
}

// BenchmarkDupHash measures the exact-duplicate hash on the sample's
// normalised mails, alone and after the normalisation (a row's whole cost
// in Exact.Add but for appending it): the keyed HighwayHash-128 the check
// uses, and the unkeyed XXH3-128 it used before, for the ratio.
func BenchmarkDupHash(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	var z Normalizer
	norm := make([][]byte, len(texts))
	for i, t := range texts {
		norm[i] = bytes.Clone(z.Normalize(t))
	}
	d, err := NewExact(NormalizeDefault)
	if err != nil {
		b.Fatal(err)
	}
	hashes := []struct {
		name string
		hash func([]byte) (uint64, uint64)
	}{
		{"highwayhash-128", d.dupHash},
		{"xxh3-128", func(t []byte) (uint64, uint64) { h := xxh3.Hash128(t); return h.Hi, h.Lo }},
	}
	for _, h := range hashes {
		want := 0
		for _, t := range norm {
			if h1, _ := h.hash(t); h1 != 0 {
				want++
			}
		}
		if want < len(norm)-1 {
			b.Fatalf("%s: %d of %d hashes are zero", h.name, len(norm)-want, len(norm))
		}
		b.Run(h.name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range norm {
					h.hash(t)
				}
			}
		})
		b.Run("normalize+"+h.name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					h.hash(z.Normalize(t))
				}
			}
		})
	}
}

// referenceNormalize is NormalizeDefault written plainly: NFKC, case
// folding, then the white-space-separated fields joined by one space.
func referenceNormalize(s string) string {
	return strings.Join(strings.Fields(cases.Fold().String(norm.NFKC.String(s))), " ")
}

var normalizeSeeds = []string{"", " ", "Hello  World", "hello world\n", "\t\r\n\v\f x \x00 Y\x00 ", "A", "a b", "  lead", "trail  ",
	"MiXeD\tCase\n\nLines", "ｆｕｌｌwidth", "ﬁne", "Straße", "caf\u00e9  CAFE\u0301", "nbsp\u00a0here", "bad\xffbyte  X",
	"\u2003em space\u3000ideographic", "ASCII then é", "e\u0301 E\u0301\u0301 X\u0308", "a \u0301b", "ΐ ẞ İ ŉ ǅ ᾼ 𐐀", "K\u212a Å\u00c5 ﬃ\t\u00a0ＡＢ",
	"\ufffd\ufffd x\ufffdy \ufffd", "\u1100\u1161\u11a8 가\u11a8 가\u1161", "»\u0301 é\u0368 Ω\u0301 ὰ\u0345 ÉÈ\u0327", "\u2028a\u2029\u0085 \u1680x", "Ӣ\u0308ȫ\u0304", "\ufffd\xff\xe2\x82\ufffd"}

func TestNormalizeReference(t *testing.T) {
	withGoPath(t, func(t *testing.T) {
		var z Normalizer
		for _, s := range normalizeSeeds {
			t.Run(s, func(t *testing.T) {
				if got, want := string(z.Normalize([]byte(s))), referenceNormalize(s); got != want {
					t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
				}
			})
		}
	})
}

// TestIsNFKC holds isNFKC to norm.NFKC.IsNormal on the seeds, texts cut
// into stretches, folding texts and, when this machine has it, the 30 MB
// mail corpus's texts that are not ASCII.
func TestIsNFKC(t *testing.T) {
	sets := map[string][]string{"seeds": normalizeSeeds, "fold": foldTexts(), "stretch": stretchTexts(), "corpus-30MB": corpusStrings(t)}
	for name, texts := range sets {
		t.Run(name, func(t *testing.T) {
			normal, bad := 0, 0
			for _, s := range texts {
				want := norm.NFKC.IsNormalString(s)
				if got := isNFKC([]byte(s)); got != want {
					if bad++; bad <= 10 {
						t.Errorf("isNFKC(%q) = %v, want %v", s, got, want)
					}
				}
				if want {
					normal++
				}
			}
			t.Logf("%d of %d texts in NFKC", normal, len(texts))
		})
	}
}

// FuzzNormalize checks Normalize, its ASCII loop and its general one, on
// both paths of collapseRun, against referenceNormalize, and isNFKC
// against norm.NFKC.IsNormal.
func FuzzNormalize(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s)
	}
	var z Normalizer
	saved := useAVX512
	defer func() { useAVX512 = saved }()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isNFKC([]byte(s)), norm.NFKC.IsNormalString(s); got != want {
			t.Errorf("isNFKC(%q) = %v, want %v", s, got, want)
		}
		want := referenceNormalize(s)
		for _, avx := range []bool{false, saved} {
			useAVX512 = avx
			if got := string(z.Normalize([]byte(s))); got != want {
				t.Errorf("Normalize(%q) = %q, want %q (AVX-512 %v)", s, got, want, avx)
			}
		}
	})
}

// BenchmarkNormalizeCorpus measures the default normalization on the 30
// MB mail corpus when this machine has it (benchmarks/mkcorpus.sh): all
// its texts, and its ASCII and other texts apart; -go: with collapseGo,
// not collapse512.
func BenchmarkNormalizeCorpus(b *testing.B) {
	all := corpusAll(b)
	if len(all) == 0 {
		b.Skip("no /work/bench-data/corpus-30MB-s1.jsonl")
	}
	sets := map[string][][]byte{}
	for _, s := range all {
		kind := "ascii"
		if !isASCII([]byte(s)) {
			kind = "other"
		}
		sets[kind] = append(sets[kind], []byte(s))
		sets["all"] = append(sets["all"], []byte(s))
	}
	saved := useAVX512
	defer func() { useAVX512 = saved }()
	for _, kind := range []string{"all", "ascii", "other", "all-go", "ascii-go", "other-go"} {
		b.Run(kind, func(b *testing.B) {
			useAVX512 = saved && !strings.HasSuffix(kind, "-go")
			kind = strings.TrimSuffix(kind, "-go")
			var z Normalizer
			n := int64(0)
			for _, t := range sets[kind] {
				n += int64(len(t))
			}
			b.SetBytes(n)
			b.ReportAllocs()
			defer fixtures.ThreadCPU(b)()
			for b.Loop() {
				for _, t := range sets[kind] {
					z.Normalize(t)
				}
			}
		})
	}
}

// longTexts are texts of two to five pieces (pieceLen) where the bytes
// around every multiple of pieceLen, and around a few other places, are
// white space, capitals, characters that are not ASCII and combining marks
// that compose with the letter before them, and one without an ASCII byte
// for longer than a piece.
func longTexts() []string {
	around := []string{" ", "  ", "\t\n", "A", "é", "e\u0301", "\u0301", "\u00a0", "ﬃ", "\xff", "Σ", "가\u11a8"}
	rng := rand.New(rand.NewPCG(20, 12))
	var out []string
	for k := range 300 {
		n := pieceLen*2 + rng.IntN(3*pieceLen)
		b := []byte(strings.Repeat("Words and MORE words.  ", n/23+1))[:n]
		for at := pieceLen; at < n; at += pieceLen {
			for range 3 {
				p := at - 8 + rng.IntN(16)
				s := around[rng.IntN(len(around))]
				b = append(b[:p], append([]byte(s), b[p:]...)...)
			}
		}
		if k%50 == 0 {
			b = append(b, strings.Repeat("жЖ ", pieceLen/2)...)
		}
		if k%3 == 0 {
			b = append(b, "  \n"...)
		}
		out = append(out, string(b))
	}
	return out
}

// TestLongHash holds longHash, the normalised text hashed in pieces, to
// the hash of the whole normalised text, and the pieces to the text.
func TestLongHash(t *testing.T) {
	withGoPath(t, func(t *testing.T) {
		d, err := NewExact(NormalizeDefault)
		if err != nil {
			t.Fatal(err)
		}
		var z Normalizer
		for i, s := range longTexts() {
			want := string(z.Normalize([]byte(s)))
			var got []byte
			pieces := 0
			z.normalize([]byte(s), func(p []byte) { got = append(got, p...); pieces++ })
			if string(got) != want || pieces < 2 {
				t.Fatalf("text %d: normalize in %d pieces = %d bytes, want the %d of Normalize in 2 or more", i, pieces, len(got), len(want))
			}
			h1, h2 := d.longHash([]byte(s))
			if w1, w2 := d.dupHash([]byte(want)); h1 != w1 || h2 != w2 {
				t.Fatalf("text %d: longHash = %x %x, want %x %x", i, h1, h2, w1, w2)
			}
		}
	})
}

// BenchmarkIsNFKC measures isNFKC and norm.NFKC.IsNormal on the 30 MB
// mail corpus's texts that are not ASCII, when this machine has it.
func BenchmarkIsNFKC(b *testing.B) {
	var texts [][]byte
	var n int64
	for _, s := range corpusStrings(b) {
		texts = append(texts, []byte(s))
		n += int64(len(s))
	}
	if len(texts) == 0 {
		b.Skip("no /work/bench-data/corpus-30MB-s1.jsonl")
	}
	for _, f := range []struct {
		name string
		f    func([]byte) bool
	}{{"isNFKC", isNFKC}, {"IsNormal", norm.NFKC.IsNormal}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			defer fixtures.ThreadCPU(b)()
			for b.Loop() {
				for _, t := range texts {
					f.f(t)
				}
			}
		})
	}
}

// TestIsNFKCFromCharBefore: isNFKC asks IsNormal from the character
// before the first one it does not know, so a character that joins the
// one before it (a combining mark after a letter, a Hangul vowel after a
// leading consonant, a second mark to reorder) must be seen there, after
// prefixes of ASCII (read 8 bytes at a time and singly) and of simple
// characters of every length.
func TestIsNFKCFromCharBefore(t *testing.T) {
	tails := []string{"e\u0301", "\u0301", "a\u0323\u0301", "a\u0301\u0323", "\u1100\u1161", "\uac00\u11a8", "ｆ", "ﬁ", "\u00e9", "é\u0301", "=\u0338", "\u212b", "\xff", "\u0f73"}
	prefixes := []string{"", "x", "日本", "é", "ü.", "Ω"}
	for _, p := range prefixes {
		for n := range 20 {
			for _, tail := range tails {
				for _, after := range []string{"", "z", "\u0301"} {
					s := strings.Repeat("a", n) + p + tail + after
					if got, want := isNFKC([]byte(s)), norm.NFKC.IsNormalString(s); got != want {
						t.Errorf("isNFKC(%q) = %v, want %v", s, got, want)
					}
				}
			}
		}
	}
}
