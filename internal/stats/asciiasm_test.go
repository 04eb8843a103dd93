package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// asciiRun counts texts with countTokens into a fresh Summary that keeps
// word hashes, through countShortASCII when asm is set (else countASCII,
// or countTokens' own loop for a text not all ASCII), after counting
// each of pre math.MaxUint32-1 times, and returns what the two paths must
// agree on: the tokens in entry order, their counts, the total, the token
// count and the word hashes.
func asciiRun(t *testing.T, asm bool, pre []string, texts []string) ([]string, []uint64, uint64, uint64, []uint64) {
	t.Helper()
	defer func(on bool) { asciiAsm = on }(asciiAsm)
	asciiAsm = asm
	s := NewSummary(Options{})
	s.fill = true
	for _, p := range pre {
		if _, err := s.tokens.add([]byte(p), math.MaxUint32-1); err != nil {
			t.Fatal(err)
		}
	}
	var ntok uint64
	for _, text := range texts {
		lt, bm, _, ascii := lowerBits(nil, nil, []byte(text))
		n, err := s.countTokens(lt, bm, ascii, nil)
		if err != nil {
			t.Fatal(err)
		}
		ntok += n
	}
	var keys []string
	for id := range s.tokens.distinct() {
		keys = append(keys, string(s.tokens.key(uint32(id))))
	}
	return keys, s.tokens.counts(), s.tokens.total, ntok, s.words.Hashes
}

// asciiSame fails t when the assembly and the Go loop disagree on texts.
func asciiSame(t *testing.T, pre, texts []string) {
	t.Helper()
	if !asciiAsm {
		t.Skip("no countShortASCII on this CPU")
	}
	gk, gc, gt, gn, gh := asciiRun(t, false, pre, texts)
	ak, ac, at, an, ah := asciiRun(t, true, pre, texts)
	if !slices.Equal(ak, gk) {
		t.Errorf("countShortASCII(%.200q) entries = %.300q, want %.300q", texts, ak, gk)
	}
	if !slices.Equal(ac, gc) || at != gt || an != gn {
		t.Errorf("countShortASCII(%.200q) counts = %v (total %d, %d tokens), want %v (total %d, %d tokens)", texts, ac, at, an, gc, gt, gn)
	}
	if !slices.Equal(ah, gh) {
		t.Errorf("countShortASCII(%.200q) word hashes = %x, want %x", texts, ah, gh)
	}
}

// TestCountShortASCII holds countASCIIAsm to countASCII: the same counts,
// entries in the same order (the state lists tokens in entry order), the
// same word hashes, on texts of every token length class, runs of 64 bytes
// and more, texts longer than a window of blocks, and counts about to pass
// 2^32 (which the kernel leaves to the Go loop).
func TestCountShortASCII(t *testing.T) {
	long := strings.Repeat("abcdefghij0123456789", 300)
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"a", "to", "the", "word", "eightch8", "ninechars", "sixteen-chars"[:7] + "sixteenc", "abcdefghijklmnop", "abcdefghijklmnopq", long[:63], long[:64], long[:65], long[:200]}
	seps := []string{" ", ", ", "\n", "--", "\x00", "  ...  "}
	random := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		return b.String()
	}
	cases := []struct {
		name  string
		pre   []string
		texts []string
	}{
		{"empty", nil, []string{""}},
		{"one", nil, []string{"Hello"}},
		{"classes", nil, []string{"a to the word eightch8 ninechars abcdefghijklmnop abcdefghijklmnopq"}},
		{"repeats", nil, []string{"the cat the cat the cat", "THE CAT ninechars ninechars"}},
		{"block edges", nil, []string{strings.Repeat("x", 63) + " y", strings.Repeat("x", 64), strings.Repeat("ab ", 64), strings.Repeat("abcdefg ", 8)}},
		{"long runs", nil, []string{long, long[:64] + " " + long[:128] + " tail", "x " + long[:1000]}},
		{"windows", nil, []string{random(20000), random(1024), random(1023), random(1025)}},
		{"carry", []string{"the", "ninechars", "longerthansixteenbytes"}, []string{"the the the ninechars the longerthansixteenbytes the"}},
		// Stage B counts a whole window's entries in one pass: a slot
		// counted hundreds of times in it, through 2^32, and a window
		// of one token.
		{"carry in a window", []string{"the", "ninechars"}, []string{strings.Repeat("the ninechars ", 200), strings.Repeat("x ", 600)}},
		// New tokens of every class in turn: each pipe's records are
		// merged by start, so the entry ids follow the text.
		{"two pipes", nil, []string{"a1 ninechar1 b1 seventeenbytes001 c1 ninechar2 ninechar3 d1 e1 seventeenbytes002 ninechar1 f1",
			strings.Repeat("g2 sixteenbytes01 h2 ", 30) + "i2 " + long[:70] + " j2 tenbytes01"}},
		{"long lengths", nil, []string{longLengths(long), longLengths(long), "x" + longLengths(long[7:])}},
		{"long lengths known", lengthsOf(long), []string{longLengths(long), longLengths(long[3:])}},
		{"random", nil, []string{random(100), random(5000), random(300), random(64), random(128)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { asciiSame(t, c.pre, c.texts) })
	}
}

// FuzzCountShortASCII runs countASCIIAsm and countASCII on the same
// texts (made ASCII) and compares them.
func FuzzCountShortASCII(f *testing.F) {
	for _, s := range []string{"Hello, World", "a b c", "abcdefgh abcdefghi", strings.Repeat("Xy9", 40), "0123456789abcdef 0123456789abcdefg"} {
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, reps uint8) {
		b := []byte(strings.Repeat(s, 1+int(reps)%80))
		for i := range b {
			b[i] &= 0x7f
		}
		asciiSame(t, nil, []string{string(b), s[:0] + string(b[:len(b)/2])})
	})
}

// TestASCIIArgsLayout holds asciiArgs to the offsets countShortASCII
// reads its fields at.
func TestASCIIArgsLayout(t *testing.T) {
	var a asciiArgs
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"slots", unsafe.Offsetof(a.slots), 0}, {"shift", unsafe.Offsetof(a.shift), 8},
		{"seed", unsafe.Offsetof(a.seed), 16}, {"nb", unsafe.Offsetof(a.nb), 24},
		{"hashes", unsafe.Offsetof(a.hashes), 32}, {"recs", unsafe.Offsetof(a.recs), 40},
		{"ntok", unsafe.Offsetof(a.ntok), 48}, {"nrec", unsafe.Offsetof(a.nrec), 56},
		{"pipe", unsafe.Offsetof(a.pipe), 64}, {"mpipe", unsafe.Offsetof(a.mpipe), 72},
		{"mrecs", unsafe.Offsetof(a.mrecs), 80}, {"mids", unsafe.Offsetof(a.mids), 96},
		{"midShift", unsafe.Offsetof(a.midShift), 104}, {"midSeed0", unsafe.Offsetof(a.midSeed0), 112},
		{"midSeed1", unsafe.Offsetof(a.midSeed1), 120}, {"longSeed", unsafe.Offsetof(a.longSeed), 128},
		{"mixed", unsafe.Offsetof(a.mixed), 160}, {"nmrec", unsafe.Offsetof(a.nmrec), 168},
		{"size", unsafe.Sizeof(a), 184},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("Offsetof(asciiArgs.%s) = %d, want %d", c.name, c.got, c.want)
			}
		})
	}
}

// longLengths returns tokens of every length from 17 to 64 cut from long,
// each twice, between separators of 1 to 3 bytes.
func longLengths(long string) string {
	var b strings.Builder
	for l := 17; l <= 64; l++ {
		b.WriteString(long[:l] + strings.Repeat(" ", 1+l%3) + long[:l] + ",")
	}
	return b.String()
}

// lengthsOf returns the prefixes of long of 17 to 64 bytes.
func lengthsOf(long string) []string {
	var out []string
	for l := 17; l <= 64; l++ {
		out = append(out, long[:l])
	}
	return out
}

// TestCountShortASCIILongHash: for every token of 17 to 63 bytes the
// kernel's record carries its longHash and its word hash is
// stableHashPre's, at every offset in a block and every tail length.
func TestCountShortASCIILongHash(t *testing.T) {
	if !asciiAsm {
		t.Skip("no countShortASCII on this CPU")
	}
	long := strings.Repeat("q0w9e8r7t6y5u4i3o2p1", 4)
	for pad := 0; pad < 8; pad++ {
		text := strings.Repeat(".", pad) + longLengths(long)
		lt, bm, _, _ := lowerBits(nil, nil, []byte(text))
		s := NewSummary(Options{})
		s.fill = true
		if _, err := s.countTokens(lt, bm, true, nil); err != nil {
			t.Fatal(err)
		}
		// Count again: every token is a record (long ones always are).
		nb := len(lt)/64 + 1
		hs := make([]uint64, 32*nb)
		recs := make([]uint64, 96*nb)
		pipe := make([]uint64, 160*nb)
		mrecs := make([]uint64, 24*nb)
		mpipe := make([]uint64, 40*nb)
		tb := s.tokens
		a := asciiArgs{
			slots: unsafe.Pointer(unsafe.SliceData(tb.slots)), shift: uint64(tb.shift), seed: shortSeed,
			nb: nb, hashes: &hs[0], recs: &recs[0], pipe: &pipe[0],
			mpipe: &mpipe[0], mrecs: &mrecs[0],
			mids: unsafe.Pointer(unsafe.SliceData(tb.mids)), midShift: uint64(tb.midShift),
			midSeed0: midSeed0, midSeed1: midSeed1, longSeed: longSeed,
		}
		full := lt[:len(lt)+tokSlack]
		countShortASCII(&a, &full[0], &bm[0], 0, nb)
		if a.nrec != 0 || a.nmrec != 2*(64-16) {
			t.Fatalf("pad %d: %d and %d records, want 0 and %d", pad, a.nrec, a.nmrec, 2*(64-16))
		}
		recs = mrecs
		for r := 0; r < 3*a.nmrec; r += 3 {
			st, l := int(uint32(recs[r])), int(recs[r]>>32)
			tok := lt[st : st+l]
			wi := int((uintptr(recs[r+1]) - uintptr(unsafe.Pointer(&hs[0]))) / 8)
			if l >= 64 {
				continue
			}
			if got, want := recs[r+2], longHash(tok); got != want {
				t.Errorf("pad %d: %q: kernel's longHash %#x, want %#x", pad, tok, got, want)
			}
			if got, want := hs[wi], stableHashPre(tok); got != want {
				t.Errorf("pad %d: %q: kernel's word hash %#x, want %#x", pad, tok, got, want)
			}
		}
	}
}

// TestCountShortASCIIMixed holds countASCIIAsm on texts not all ASCII to
// countTokens' own loop: runs with bytes of 0x80 or more (letters that
// make one token, U+FFFD and other separators that split a run or make
// none, invalid UTF-8) among ASCII tokens of every length class, at block
// edges, across blocks and windows, and as runs of 64 bytes or more.
func TestCountShortASCIIMixed(t *testing.T) {
	long := strings.Repeat("abcdefghij0123456789", 300)
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"a", "the", "word", "eightch8", "ninechars", "abcdefghijklmnop", "abcdefghijklmnopq", long[:40], long[:70],
		"café", "CAFÉ", "naïve", "\ufffd", "ab\ufffdcd", "\u00a0", "x\u00a0y", "\u2014", "über", "日本語", "\xff", "a\xc3", "zzz\u00e9" + long[:80]}
	seps := []string{" ", ", ", "\n", "--", "\u00a0", " \ufffd "}
	random := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		return b.String()
	}
	cases := []struct {
		name  string
		pre   []string
		texts []string
	}{
		{"one", nil, []string{"café"}},
		{"only high", nil, []string{"\ufffd", "\u2014\u2014 \u00a0", "日本語"}},
		{"among ascii", nil, []string{"the café the naïve ninechars ab\ufffdcd abcdefghijklmnopq the"}},
		{"block edges", nil, []string{strings.Repeat("x", 62) + "é y", strings.Repeat("x", 63) + "é", strings.Repeat("ab ", 21) + "é" + strings.Repeat("x", 70), strings.Repeat("é", 40)}},
		{"long runs", nil, []string{long[:100] + "é" + long[:100], "é" + long[:500], long[:1000] + "\ufffd"}},
		{"known", []string{"café", "the", "ninechars"}, []string{"café the café ninechars é"}},
		{"windows", nil, []string{random(20000), random(1024), random(3000)}},
		{"random", nil, []string{random(100), random(5000), random(300), random(64), random(128)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { asciiSame(t, c.pre, c.texts) })
	}
}

// FuzzCountShortASCIIMixed runs countASCIIAsm and countTokens' own loop
// on the same texts, any bytes.
func FuzzCountShortASCIIMixed(f *testing.F) {
	for _, s := range []string{"Hello, Wörld", "a\ufffdb c", "café abcdefghijklmnopq", strings.Repeat("Xé9", 40), "\xff\xfe abc"} {
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, reps uint8) {
		b := strings.Repeat(s, 1+int(reps)%80)
		asciiSame(t, nil, []string{b, s, b[:len(b)/2]})
	})
}

// TestMixedStarts holds mixedStarts to the runs found byte by byte.
func TestMixedStarts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		n := rng.IntN(400)
		text := make([]byte, n)
		for i := range text {
			switch rng.IntN(4) {
			case 0:
				text[i] = ' '
			case 1:
				text[i] = 0x80 + byte(rng.IntN(0x80))
			default:
				text[i] = 'a' + byte(rng.IntN(26))
			}
		}
		bm := WordBitmaps(nil, text)
		ms := make([]uint64, len(bm)/2)
		mixedStarts(ms, bm)
		want := make([]uint64, len(bm)/2)
		isTok := func(c byte) bool { return c >= 0x80 || c >= 'a' && c <= 'z' }
		for i := 0; i < n; {
			if !isTok(text[i]) {
				i++
				continue
			}
			st, high := i, false
			for ; i < n && isTok(text[i]); i++ {
				high = high || text[i] >= 0x80
			}
			if high {
				want[st/64] |= 1 << (st % 64)
			}
		}
		if !slices.Equal(ms, want) {
			t.Fatalf("mixedStarts(%q) = %x, want %x", text, ms, want)
		}
	}
}
