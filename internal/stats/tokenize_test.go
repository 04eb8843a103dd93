package stats

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// splitRE is the rule the Tokenizer implements, written the way DuckDB
// writes it, as an independent reference.
var splitRE = regexp.MustCompile(`[^\p{L}\p{N}]+`)

func referenceTokens(s string) []string {
	var out []string
	// strings.Map turns invalid bytes into U+FFFD, which is a separator.
	for _, t := range splitRE.Split(strings.Map(unicode.ToLower, s), -1) {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

func tokens(s string) []string {
	var tz Tokenizer
	var out []string
	text := []byte(s)
	for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) {
		out = append(out, string(tok))
	}
	return out
}

func TestTokenizer(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"separators only", " \t\n--!!", nil},
		{"ascii", "Hello, World! it's 2024", []string{"hello", "world", "it", "s", "2024"}},
		{"underscore splits", "snake_case", []string{"snake", "case"}},
		{"accents", "Café NAÏVE", []string{"café", "naïve"}},
		{"decomposed accent splits", "cafe\u0301", []string{"cafe"}},
		{"greek and cyrillic", "ΑΘΗΝΑ Москва", []string{"αθηνα", "москва"}},
		{"cjk", "東京タワー", []string{"東京タワー"}},
		{"digits of other scripts", "٣٤ ⅻ", []string{"٣٤", "ⅻ"}},
		{"kelvin sign lowers to k", "\u212A", []string{"k"}},
		{"dotted capital I", "İstanbul", []string{"istanbul"}},
		{"emoji separates", "go🚀now", []string{"go", "now"}},
		{"zero width space separates", "pay\u200bpal", []string{"pay", "pal"}},
		{"invalid utf8 separates", "ab\xffcd", []string{"ab", "cd"}},
		{"replacement char separates", "ab\uFFFDcd", []string{"ab", "cd"}},
		{"mixed case tail", "abcDEF", []string{"abcdef"}},
		{"ascii then unicode", "naïve", []string{"naïve"}},
		{"trailing multibyte", "ü", []string{"ü"}},
		{"truncated multibyte", "ab\xc3", []string{"ab"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokens(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tokens(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(referenceTokens(tt.in), got); diff != "" {
				t.Errorf("tokens(%q) differs from the regexp reference (-ref +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestTokenizerRunes2 holds Next's fast paths (lowerWord2, rune2,
// replaceChar) to the regexp reference for every rune of two UTF-8 bytes
// and U+FFFD, where a token starts, inside one, after an upper-case
// letter, after a separator and next to U+FFFD, and for the byte pairs
// that are not such a rune (overlong leads 0xC0 and 0xC1, a lead with no
// continuation, a lone continuation) and U+FFFD's bytes cut short.
func TestTokenizerRunes2(t *testing.T) {
	check := func(in string) {
		t.Helper()
		if diff := cmp.Diff(referenceTokens(in), tokens(in)); diff != "" {
			t.Errorf("tokens(%q) differs from the regexp reference (-ref +got):\n%s", in, diff)
		}
	}
	for r := rune(0x80); r < 0x800; r++ {
		c := string(r)
		for _, in := range []string{c, "x" + c + "y", "X" + c, " " + c + "q", c + c, c + "\uFFFD" + "a", "\uFFFD" + c, "ab" + c + "C\u0100" + c} {
			check(in)
		}
	}
	for _, in := range []string{"\uFFFD", "a\uFFFDb", "\uFFFD\uFFFDZ", "a\xef\xbf", "a\xef\xbf\xbe", "a\xef\xbd\xbd", "\xef\xbfa",
		"a\xc0\x80b", "a\xc1\xbfb", "a\xc3", "a\xc3b", "\xc3\xc3\xa9", "a\x80b", "\xdf\xbf\xdf", "\xc2\x80\xc2"} {
		check(in)
	}
}

func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{"Hello, World", "Ünïcödé ΑΘΗΝΑ", "ab\xffcd", "İK\u212A", "a\u0301b", "x\u200by", "日本語テキスト", "ǅǈ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := tokens(s)
		if diff := cmp.Diff(referenceTokens(s), got); diff != "" {
			t.Errorf("tokens(%q) differs from the regexp reference (-ref +got):\n%s", s, diff)
		}
	})
}

func TestCountTable(t *testing.T) {
	tab := newCountTable()
	want := map[string]uint64{}
	// Enough keys to grow the table several times, with repeats.
	for i := range 50000 {
		k := strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i%5) + string(rune(0x400+i%977))
		want[k]++
		if _, err := tab.add([]byte(k), 1); err != nil {
			t.Fatal(err)
		}
	}
	if tab.distinct() != len(want) {
		t.Fatalf("distinct() = %d, want %d", tab.distinct(), len(want))
	}
	var total uint64
	for id, got := range tab.counts() {
		k := string(tab.key(uint32(id)))
		if got != want[k] {
			t.Errorf("count[%q] = %d, want %d", k, got, want[k])
		}
		total += got
	}
	if total != tab.total || total != 50000 {
		t.Errorf("total = %d (table says %d), want 50000", total, tab.total)
	}
}

// TestCountTableCollision forces two different tokens of the same length
// onto one hash: tokens longer than 8 bytes must stay apart, because they
// are compared byte for byte (shorter ones cannot collide: see hashToken).
func TestCountTableCollision(t *testing.T) {
	tab := newCountTable()
	a, _ := tab.addHash(42, []byte("alpha-long-1"), 3)
	b, _ := tab.addHash(42, []byte("beta--long-2"), 5)
	a2, _ := tab.addHash(42, []byte("alpha-long-1"), 1)
	if a == b || a != a2 {
		t.Fatalf("ids alpha=%d beta=%d alpha again=%d: want alpha twice the same and beta apart", a, b, a2)
	}
	counts := tab.counts()
	if got := counts[a]; got != 4 {
		t.Errorf("count[alpha] = %d, want 4", got)
	}
	if got := counts[b]; got != 5 {
		t.Errorf("count[beta] = %d, want 5", got)
	}
	// A short token whose hash equals a long one's stays apart too.
	short := []byte("gamma")
	c, _ := tab.addHash(42, short, 7)
	if c == a || c == b {
		t.Fatalf("short token with a long token's hash got id %d, want its own", c)
	}
	if got := tab.counts()[c]; got != 7 {
		t.Errorf("count[gamma] = %d, want 7", got)
	}
}

// TestCountTokensBlocks compares countTokens with the Tokenizer on random
// texts of 0 to 300 bytes, so that tokens start, end and run across the
// 64-byte blocks it scans, and texts end on and off block boundaries. Every
// other text is made of the ASCII pieces only (countASCII's texts), with
// runs of 64 letters and more now and then (runLength).
func TestCountTokensBlocks(t *testing.T) {
	ascii := []string{"a", "Z", "q", "7", "word", "LONGERWORDS", "abcdefgh", "abcdefghi", " ", ",", "\n", "\x00", "-", "0x1f", " ", " "}
	pieces := append(ascii, "é", "É", "ǅ", "日本", "€", "\u0301", "\xff", "\xe2\x82")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		var b strings.Builder
		want := rng.IntN(300)
		for b.Len() < want {
			switch {
			case i%2 == 0:
				b.WriteString(pieces[rng.IntN(len(pieces))])
			case rng.IntN(40) == 0:
				b.WriteString(strings.Repeat("Xy9", 20+rng.IntN(30)))
			default:
				b.WriteString(ascii[rng.IntN(len(ascii))])
			}
		}
		text := b.String()
		if i%3 == 0 && len(text) > 0 {
			// Exactly a multiple of 64 bytes now and then.
			text = strings.Repeat(text, 192)[:64*(1+rng.IntN(3))]
		}
		s := NewSummary(Options{})
		lt, bm, _, ascii := lowerBits(nil, nil, []byte(text))
		ntok, err := s.countTokens(lt, bm, ascii, nil)
		if err != nil {
			t.Fatal(err)
		}
		ref := map[string]uint64{}
		toks := tokens(text)
		for _, tok := range toks {
			ref[tok]++
		}
		got := map[string]uint64{}
		for id, c := range s.tokens.counts() {
			got[string(s.tokens.key(uint32(id)))] = c
		}
		if diff := cmp.Diff(ref, got); diff != "" || ntok != uint64(len(toks)) {
			t.Fatalf("countTokens(%q) = %d tokens, Tokenizer %d; counts (-tokenizer +count):\n%s", text, ntok, len(toks), diff)
		}
	}
}

// TestCountTableMerge merges tables of different sizes that share short,
// long and colliding tokens and counts past 2^32, and checks every count
// and the id map against the keys.
func TestCountTableMerge(t *testing.T) {
	a, b := newCountTable(), newCountTable()
	want := map[string]uint64{}
	add := func(tab *countTable, k string, c uint64) {
		t.Helper()
		if _, err := tab.add([]byte(k), c); err != nil {
			t.Fatal(err)
		}
		want[k] += c
	}
	for i := range 30000 {
		add(a, fmt.Sprintf("w%d", i%9000), 1)                   // short
		add(b, fmt.Sprintf("w%d", 4000+i%20000), 2)             // short, half shared
		add(b, fmt.Sprintf("a-much-longer-token-%d", i%700), 1) // long
		add(a, fmt.Sprintf("midtoken-%d", i%3000), 1)           // 10 to 13 bytes
		add(b, fmt.Sprintf("midtoken-%d", 2000+i%5000), 1)      // a third shared
	}
	add(a, "a-much-longer-token-1", 5)
	add(a, "big", math.MaxUint32)
	add(b, "big", 1<<33+1)
	add(a, "sixteen-byte-tok", math.MaxUint32)
	add(b, "sixteen-byte-tok", 1<<33+1)
	add(b, "sixteen-byte-to", 1)
	add(b, "sixteen-byte-tok\xff", 1) // 17 bytes: long
	// Two long tokens on one hash, one in each table, and one in both.
	for _, k := range []struct {
		tab *countTable
		key string
	}{{a, "colliding-long-one"}, {b, "colliding-long-two"}, {a, "colliding-long-3"}, {b, "colliding-long-3"}} {
		if _, err := k.tab.addHash(7, []byte(k.key), 3); err != nil {
			t.Fatal(err)
		}
		want[k.key] += 3
	}
	// The same with mid tokens, whose words tell them apart.
	for _, k := range []struct {
		tab *countTable
		key string
	}{{a, "colliding-one"}, {b, "colliding-two"}, {a, "colliding-3"}, {b, "colliding-3"}} {
		w0, w1 := midWords([]byte(k.key))
		if _, err := k.tab.addMid(7<<50, w0, w1, []byte(k.key), 3); err != nil {
			t.Fatal(err)
		}
		want[k.key] += 3
	}
	bCounts := b.counts()
	remap, err := a.merge(b)
	if err != nil {
		t.Fatal(err)
	}
	counts := a.counts()
	got := map[string]uint64{}
	for id, c := range counts {
		got[string(a.key(uint32(id)))] = c
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged counts (-want +got):\n%s", diff)
	}
	for id := range bCounts {
		if k, mk := string(b.key(uint32(id))), string(a.key(remap[id])); k != mk {
			t.Errorf("remap[%d] names %q, want %q", id, mk, k)
		}
	}
	var total uint64
	for _, c := range want {
		total += c
	}
	if a.total != total {
		t.Errorf("total = %d, want %d", a.total, total)
	}
}

// TestCountTableCarry checks counts past 2^32, which a slot cannot hold,
// both through add and through the inline path of countTokens.
func TestCountTableCarry(t *testing.T) {
	s := NewSummary(Options{})
	tab := s.tokens
	id, _ := tab.add([]byte("the"), math.MaxUint32-1)
	tab.add([]byte("longer-than-eight"), 1<<33+5)
	mid, _ := tab.add([]byte("ninebytes"), math.MaxUint32-1)
	long, _ := tab.add([]byte("longerthansixteenbytes"), math.MaxUint32-1)
	lt, bm, _, ascii := lowerBits(nil, nil, []byte("the THE the ninebytes NINEBYTES longerthansixteenbytes LongerThanSixteenBytes"))
	if _, err := s.countTokens(lt, bm, ascii, nil); err != nil {
		t.Fatal(err)
	}
	tab.add([]byte("the"), 1<<32)
	counts := tab.counts()
	if want := uint64(math.MaxUint32-1) + 3 + 1<<32; counts[id] != want {
		t.Errorf("count[the] = %d, want %d", counts[id], want)
	}
	if counts[1] != 1<<33+5 {
		t.Errorf("count[longer-than-eight] = %d, want %d", counts[1], uint64(1<<33+5))
	}
	if want := uint64(math.MaxUint32-1) + 2; counts[mid] != want {
		t.Errorf("count[ninebytes] = %d, want %d", counts[mid], want)
	}
	if want := uint64(math.MaxUint32-1) + 2; counts[long] != want {
		t.Errorf("count[longerthansixteenbytes] = %d, want %d", counts[long], want)
	}
	if want := uint64(math.MaxUint32-1) + 3 + 1<<32 + 1<<33 + 5 + 2*(math.MaxUint32-1+2); tab.total != want {
		t.Errorf("total = %d, want %d", tab.total, want)
	}
}

// TestHashTokenShortIsInjective checks the property the table relies on:
// short tokens with different bytes get different hashes, whatever bytes
// follow them in memory.
func TestHashTokenShortIsInjective(t *testing.T) {
	seen := map[uint64]string{}
	buf := []byte("abcdefgh\xffZZZZZZZZ")
	for _, tok := range []string{"a", "ab", "abc", "abcdefgh", "b", "ba", "é", "日本", "zzzzzzzz", "0", "00", "000"} {
		// The same token at the end of a buffer and inside a longer one.
		b1 := []byte(tok)
		b2 := append(append([]byte{}, tok...), buf...)[:len(tok)]
		h1, h2 := hashToken(b1), hashToken(b2)
		if h1 != h2 {
			t.Errorf("hashToken(%q) depends on the bytes after it: %x vs %x", tok, h1, h2)
		}
		if other, ok := seen[h1]; ok {
			t.Errorf("hashToken(%q) = hashToken(%q)", tok, other)
		}
		seen[h1] = tok
	}
}

// FuzzCountTokens checks that the fused counting loop finds exactly the
// Tokenizer's tokens, and lowerBits's character count (the kernel in use;
// FuzzLowerBits holds it to the Go one).
func FuzzCountTokens(f *testing.F) {
	for _, s := range []string{"Hello, World", "Ünïcödé ΑΘΗΝΑ abc", "ab\xffcd", "İK\u212A", "a\u0301b", "x\u200by",
		"The QUICK brown fox jumps over the lazy dog 12345678 abcdefghi ABCDEFGHIJ", "ǅǈ", "a", "ABCDEFGH", "abcdefg\x80", "abcdefgh\xff", "0123456789abcdef\xc3\xa9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := NewSummary(Options{})
		lt, bm, chars, ascii := lowerBits(nil, nil, []byte(text))
		if _, err := s.countTokens(lt, bm, ascii, nil); err != nil {
			t.Fatal(err)
		}
		want := map[string]uint64{}
		for _, tok := range tokens(text) {
			want[tok]++
		}
		got := map[string]uint64{}
		for id, c := range s.tokens.counts() {
			got[string(s.tokens.key(uint32(id)))] = c
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("countTokens(%q) differs from the Tokenizer (-tokenizer +count):\n%s", text, diff)
		}
		if utf8.ValidString(text) && chars != utf8.RuneCountInString(text) {
			t.Errorf("lowerASCII(%q) counted %d characters, want %d", text, chars, utf8.RuneCountInString(text))
		}
		if wantASCII := !strings.ContainsFunc(text, func(r rune) bool { return r >= utf8.RuneSelf }); ascii != wantASCII {
			t.Errorf("lowerASCII(%q) ascii = %v, want %v", text, ascii, wantASCII)
		}
	})
}

// TestStableHashIgnoresProcessSeed: StableHash and Mix64 must not depend
// on the count table's per-process seed (a new process gets another), or
// near-duplicate signatures, built from them, would change from run to run.
func TestStableHashIgnoresProcessSeed(t *testing.T) {
	toks := []string{"a", "mail", "12345678", "123456789", "seventeen-letters", "ünïcödé", strings.Repeat("long", 20)}
	want := make([]uint64, len(toks))
	for i, tok := range toks {
		want[i] = StableHash([]byte(tok))
	}
	saved := hashSeed
	defer func() { hashSeed = saved }()
	for range 3 {
		hashSeed = maphash.MakeSeed()
		for i, tok := range toks {
			if got := StableHash([]byte(tok)); got != want[i] {
				t.Fatalf("StableHash(%q) = %x after a new process seed, want %x", tok, got, want[i])
			}
		}
	}
}

// TestStableMid: stableMid, StableHash from a mid token's words, equals
// StableHash for every length from 9 to 16.
func TestStableMid(t *testing.T) {
	for _, tok := range []string{"abcdefghi", "abcdefghij", "0123456789abcde", "0123456789abcdef", "zzzzzzzzzzzzzzz9", "seventeen1"} {
		t.Run(tok, func(t *testing.T) {
			w0, w1 := midWords([]byte(tok))
			if got, want := stableMid(len(tok), w0, w1), StableHash([]byte(tok)); got != want {
				t.Errorf("stableMid(%q) = %#x, want %#x", tok, got, want)
			}
			buf := append([]byte(tok), make([]byte, tokSlack)...)
			if got, want := Mix64(stableHashAtPre(buf, 0, len(tok))), StableHash([]byte(tok)); got != want {
				t.Errorf("Mix64(stableHashAtPre(%q)) = %#x, want %#x", tok, got, want)
			}
		})
	}
}

// TestStableHashPre: StableHash(tok) is Mix64(stableHashPre(tok)), for
// tokens of every length class, and mixAll (the kernel in use and the Go
// one) is Mix64 of each word, for lengths around its 8-word blocks.
func TestStableHashPre(t *testing.T) {
	for _, tok := range []string{"", "a", "abcdefgh", "abcdefghi", "0123456789abcdef", "seventeen-letters", "ünïcödé", strings.Repeat("long", 20)} {
		if got, want := Mix64(stableHashPre([]byte(tok))), StableHash([]byte(tok)); got != want {
			t.Errorf("Mix64(stableHashPre(%q)) = %#x, want %#x", tok, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 40 {
		h := make([]uint64, n+1)
		for i := range h {
			h[i] = rng.Uint64()
		}
		want := make([]uint64, n)
		for i := range want {
			want[i] = Mix64(h[i])
		}
		for _, mix := range []func([]uint64){mixGo, mixKernel} {
			got := slices.Clone(h)
			mix(got[:n])
			if !slices.Equal(got[:n], want) || got[n] != h[n] {
				t.Fatalf("mixAll(%x) = %x, want %x and %x after", h[:n], got, want, h[n])
			}
		}
	}
}

// TestLongHashSpread: longHash spreads long tokens that differ in one
// word, or only in their tail or length, over the top bits the table
// takes slots from, as a seeded hash should: no slot of 2^12 gets more
// than a few of 4,096 such tokens.
func TestLongHashSpread(t *testing.T) {
	for _, gen := range []func(i int) string{
		func(i int) string { return fmt.Sprintf("base64prefix%08dsuffix", i) },
		func(i int) string { return fmt.Sprintf("%024d", i) },
		func(i int) string { return strings.Repeat("a", 17+i%40) + fmt.Sprint(i/40) },
	} {
		var load [1 << 12]int
		most := 0
		for i := range 1 << 12 {
			k := longHash([]byte(gen(i))) >> (64 - 12)
			load[k]++
			most = max(most, load[k])
		}
		if most > 10 {
			t.Errorf("longHash of %q...: %d tokens in one slot of 4,096, want a few", gen(0), most)
		}
	}
}
