package spans

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func hashes(text string) []uint64 {
	var t Tokenizer
	t.Tokens([]byte(text))
	return slices.Clone(t.Hashes)
}

func TestTokensSame(t *testing.T) {
	for _, tc := range []struct{ name, a, b string }{
		{"case", "Janet's Ducks LAY", "janet's ducks lay"},
		{"apostrophe", "Janet’s ducks don't", "Janets ducks dont"},
		{"punctuation", "eggs. She eats (three)!", "eggs she eats three"},
		{"wrapping", "she eats three\nfor   breakfast", "she eats three for breakfast"},
		{"hyphenated wrap", "contami-\n   nation is bad", "contamination is bad"},
		{"number separators", "$1,000.50 each", "100050 each"},
		{"accents", "Café naïve ÉCOLE", "cafe naive ecole"},
		{"fullwidth", "ＡＢＣ １２", "abc 12"},
		{"soft hyphen", "contam\u00adination", "contamination"},
		{"punctuation deleted", "<<16-3-4=9>>9 well-known (a) 1/2", "163499 wellknown a 12"},
		{"punctuation alone", "a -- b ... c", "a b c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a, b := hashes(tc.a), hashes(tc.b); !slices.Equal(a, b) || len(a) == 0 {
				t.Errorf("Tokens(%q) = %x, want Tokens(%q) = %x", tc.a, a, tc.b, b)
			}
		})
	}
}

func TestTokensDiffer(t *testing.T) {
	for _, tc := range []struct{ name, a, b string }{
		{"digits", "16 eggs", "18 eggs"},
		{"words", "red fox", "red box"},
		{"space", "wellknown", "well known"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a, b := hashes(tc.a), hashes(tc.b); slices.Equal(a, b) {
				t.Errorf("Tokens(%q) = Tokens(%q) = %x, want them to differ", tc.a, tc.b, a)
			}
		})
	}
}

func TestTokensOffsets(t *testing.T) {
	var tz Tokenizer
	text := []byte("  Don't  stop, 1,000 times! ")
	n := tz.Tokens(text)
	var got []string
	for i := range n {
		got = append(got, string(text[tz.Starts[i]:tz.Ends[i]]))
	}
	want := []string{"Don't", "stop", "1,000", "times"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens(%q) = %q, want %q", text, got, want)
	}
}

func TestGramMatchesHashGrams(t *testing.T) {
	var tz Tokenizer
	tz.Tokens([]byte("a b c d e f g h i j k l m n o p"))
	tz.Prefix()
	for _, k := range []int{1, 3, 13} {
		want := HashGrams(nil, tz.Hashes, k)
		pow := Pow(k)
		for i := range want {
			if got := tz.Gram(i, k, pow); got != want[i] {
				t.Errorf("Gram(%d, %d) = %x, want %x", i, k, got, want[i])
			}
		}
	}
}

// TestWinnowGuarantee: two random token sequences that share a span of
// w+k-1 tokens at different offsets share a fingerprint.
func TestWinnowGuarantee(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ k, w int }{{13, 38}, {5, 4}, {8, 1}} {
		for trial := range 200 {
			span := make([]uint64, c.w+c.k-1)
			for i := range span {
				span[i] = r.Uint64N(5) // small alphabet: many ties
			}
			mk := func(pre, post int) []uint64 {
				var s []uint64
				for range pre {
					s = append(s, r.Uint64N(5))
				}
				s = append(s, span...)
				for range post {
					s = append(s, r.Uint64N(5))
				}
				return s
			}
			a, b := mk(r.IntN(60), r.IntN(60)), mk(r.IntN(60), r.IntN(60))
			fp := func(toks []uint64) map[uint64]bool {
				g := HashGrams(nil, toks, c.k)
				pos, _ := Winnow(nil, g, c.w, nil)
				m := map[uint64]bool{}
				for _, p := range pos {
					m[g[p]] = true
				}
				return m
			}
			fa, fb := fp(a), fp(b)
			shared := false
			for h := range fa {
				shared = shared || fb[h]
			}
			if !shared {
				t.Fatalf("k=%d w=%d trial %d: Winnow kept no shared fingerprint of a shared span of %d tokens", c.k, c.w, trial, len(span))
			}
		}
	}
}

func TestWinnowDensity(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	g := make([]uint64, 100000)
	for i := range g {
		g[i] = r.Uint64()
	}
	pos, _ := Winnow(nil, g, 38, nil)
	if d := float64(len(pos)) / float64(len(g)); d < 0.04 || d > 0.07 {
		t.Errorf("Winnow density = %.3f, want about 2/39 = 0.051", d)
	}
	if !slices.IsSorted(pos) {
		t.Errorf("Winnow positions not increasing")
	}
}

func BenchmarkTokensGrams(b *testing.B) {
	text := []byte("Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. ")
	for len(text) < 64<<10 {
		text = append(text, text...)
	}
	var tz Tokenizer
	var g []uint64
	var pos, dq []int32
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tz.Tokens(text)
		g = HashGrams(g, tz.Hashes, 13)
		pos, dq = Winnow(pos[:0], g, 38, dq)
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"don't stop", 3},
		{"well-known e-mail", 4},
		{"<BR><BR>IMPORTANT - DO", 4},
		{"1,000.50 $", 3},
		{"café naïve", 2},
	} {
		tz := Tokenizer{Words: true}
		if got := tz.Tokens([]byte(tc.text)); got != tc.want {
			t.Errorf("Tokens(%q) with Words = %d tokens, want %d", tc.text, got, tc.want)
		}
	}
}

// TestWordsFastPath checks that the Words fast path gives what the
// general loop gives with Words set, on texts mixing ASCII and the
// non-ASCII letters, digits, marks, spaces and separators it hands to
// class.
func TestWordsFastPath(t *testing.T) {
	pieces := []string{"a", "Z", "7", " ", "-", "\n", "'", "é", "É", "ﬁ", "Ａ", "٣", "\u00a0", "\u3000", "’", "—", "\u0301", "中", "\xff", "\xe2\x80", "ǅ", "ß", "ー", "x1", ",", "İ"}
	r := rand.New(rand.NewPCG(7, 8))
	texts := []string{"", "café naïve", "<BR><BR>IMPORTANT - DO", "don’t\u00a0stop", "e\u0301te\u0301"}
	for range 3000 {
		var b []byte
		for range r.IntN(40) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		fast := Tokenizer{Words: true}
		slow := Tokenizer{Words: true}
		n := fast.Tokens([]byte(text))
		m := slow.general([]byte(text))
		if n != m || !slices.Equal(fast.Hashes, slow.Hashes) || !slices.Equal(fast.Starts, slow.Starts) || !slices.Equal(fast.Ends, slow.Ends) {
			t.Fatalf("Tokens(%q) with Words = %d tokens %v %v, want %d tokens %v %v (general loop)", text, n, fast.Starts, fast.Ends, m, slow.Starts, slow.Ends)
		}
	}
}

func BenchmarkWords(b *testing.B) {
	text := []byte("Received: from hq.pro-ns.net (localhost [127.0.0.1]) by hq.pro-ns.net with ESMTP; Janet’s ducks lay 16 eggs per day.\n")
	for len(text) < 64<<10 {
		text = append(text, text...)
	}
	for _, mode := range []struct {
		name string
		f    func(*Tokenizer, []byte) int
	}{{"fast", (*Tokenizer).Tokens}, {"general", (*Tokenizer).general}} {
		b.Run(mode.name, func(b *testing.B) {
			tz := Tokenizer{Words: true}
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				mode.f(&tz, text)
			}
		})
	}
}

func TestSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	piled := make([]uint64, 50) // one bucket holding them all: binary-searched
	for i := range piled {
		piled[i] = 0xabc0000000000000 + uint64(i)*3
	}
	for _, tc := range []struct {
		name string
		hs   []uint64
	}{
		{"empty", nil},
		{"one", []uint64{42}},
		{"extremes", []uint64{0, 1, math.MaxUint64 - 1, math.MaxUint64}},
		{"random", func() []uint64 {
			hs := make([]uint64, 5000)
			for i := range hs {
				hs[i] = r.Uint64()
			}
			return hs
		}()},
		{"piled", piled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := slices.Compact(slices.Sorted(slices.Values(tc.hs)))
			s := NewSorted(hs)
			probes := []uint64{0, 1, 2, math.MaxUint64, math.MaxUint64 - 2, 0xabc0000000000000 + 1}
			for _, h := range hs {
				probes = append(probes, h, h+1, h-1)
			}
			for range 2000 {
				probes = append(probes, r.Uint64())
			}
			for _, h := range probes {
				_, want := slices.BinarySearch(hs, h)
				if got := s.Has(h); got != want {
					t.Fatalf("Has(%#x) = %v, want %v", h, got, want)
				}
			}
		})
	}
}

func BenchmarkSorted(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	hs := make([]uint64, 1<<20)
	for i := range hs {
		hs[i] = r.Uint64()
	}
	slices.Sort(hs)
	probes := make([]uint64, 4096)
	for i := range probes {
		if i%2 == 0 {
			probes[i] = hs[r.IntN(len(hs))]
		} else {
			probes[i] = r.Uint64()
		}
	}
	s := NewSorted(hs)
	found := 0
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			for _, h := range probes {
				if s.Has(h) {
					found++
				}
			}
		}
	})
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			for _, h := range probes {
				if _, ok := slices.BinarySearch(hs, h); ok {
					found++
				}
			}
		}
	})
	if found == 0 {
		b.Fatal("no probe found")
	}
}
