package poison

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"syscall"
	"testing"
)

// refTokenize is the tokenizer as first written (a loop for the bounds,
// a loop for the hashes, branches for the byte classes): the one-loop
// tokenize must give the same tokens and hashes.
func refTokenize(text []byte) []tok {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' }
	in := func(c byte, set string) bool {
		for i := range len(set) {
			if set[i] == c {
				return true
			}
		}
		return false
	}
	var out []tok
	n := len(text)
	for i := 0; i < n; {
		for i < n && isSpace(text[i]) {
			i++
		}
		if i >= n {
			break
		}
		s := i
		for i < n && !isSpace(text[i]) {
			c := text[i]
			i++
			if c == '>' || i < n && text[i] == '<' {
				break
			}
		}
		a, b := s, i
		for a < b && in(text[a], "\"'([{`*") {
			a++
		}
		for b > a && in(text[b-1], "\"'.,;:!?)]}`*") {
			b--
		}
		if a == b {
			a, b = s, i
		}
		t := tok{off: int32(a), end: int32(b)}
		h, l := uint64(fnvOffset), uint64(fnvOffset)
		letters, digits := 0, 0
		for _, c := range text[a:b] {
			h = (h ^ uint64(c)) * fnvPrime
			switch {
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c >= '0' && c <= '9':
				digits++
				continue
			case c < 0x80 && !(c >= 'a' && c <= 'z'):
				continue
			}
			letters++
			l = (l ^ uint64(c)) * fnvPrime
		}
		t.cand = mix(h)
		switch {
		case b-a > maxStatLen:
			t.stat = statLong
		case digits > 0:
			t.stat = statNumber
		case letters == 0:
			t.stat = statPunct
		default:
			t.stat = mix(l)
		}
		out = append(out, t)
	}
	return out
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"hello, world.", "a <SUDO> b", "text<SUDO>gib", "(quoted) \"x\"", "... -- !", "(<a>)", "'<'", "((<", "**bold**", "Été 2002, e-mail.", "<<>>", "x>y<z", "\"'\t(", "a\x80\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		got, want := tokenize(text, nil), refTokenize(text)
		if len(got) != len(want) {
			t.Fatalf("tokenize(%q) = %d tokens, want %d", text, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("tokenize(%q)[%d] = %+v (%q), want %+v (%q)", text, i, got[i], text[got[i].off:got[i].end], want[i], text[want[i].off:want[i].end])
			}
		}
	})
}

func TestLog2(t *testing.T) {
	for _, x := range []float64{1, 2, 0.5, 3, 1e-9, 1.0 / 3, 123456.789, 1 - 1e-12, 7.5e-8, 0.999} {
		if got, want := log2(x), math.Log2(x); math.Abs(got-want) > 2e-8 {
			t.Errorf("log2(%g) = %.12f, want %.12f", x, got, want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		x := math.Exp(r.Float64()*60 - 50)
		if got, want := log2(x), math.Log2(x); math.Abs(got-want) > 2e-8 {
			t.Fatalf("log2(%g) = %.12f, want %.12f", x, got, want)
		}
	}
}

// benchText is mail-like text: words, punctuation, numbers and a tag.
func benchText(n int) []byte {
	r := rand.New(rand.NewPCG(3, 3))
	var b []byte
	for len(b) < n {
		b = append(b, sentence(r)...)
		switch r.IntN(8) {
		case 0:
			b = append(b, " On 12/03/2002, (quoted) \"text\" <SUDO>"...)
		case 1:
			b = append(b, " http://example.com/a/b?c=d"...)
		}
		b = append(b, ' ')
	}
	return b[:n]
}

func BenchmarkTokenize(b *testing.B) {
	for _, n := range []int{1 << 10, 64 << 10} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			text := benchText(n)
			toks := tokenize(text, nil)
			b.ReportAllocs()
			b.SetBytes(int64(n))
			for b.Loop() {
				toks = tokenize(text, toks[:0])
			}
		})
	}
}

func BenchmarkCountsAdd(b *testing.B) {
	text := benchText(4 << 10)
	c := NewCounts()
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		c.addText(text)
	}
}

// realTexts reads the "text" of every line of the JSONL file
// $POISON_BENCH_JSONL (for example /work/bench-data/corpus-30MB-s1.jsonl),
// skipping the benchmark when it is not set.
func realTexts(b *testing.B) ([][]byte, int64) {
	path := os.Getenv("POISON_BENCH_JSONL")
	if path == "" {
		b.Skip("POISON_BENCH_JSONL not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts [][]byte
	var n int64
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var rec struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
		texts = append(texts, []byte(rec.Text))
		n += int64(len(rec.Text))
	}
	return texts, n
}

// cpuLoop runs f b.N times and reports its thread's CPU time a run
// (cpu-ms/op), which a loaded machine inflates less than wall time.
func cpuLoop(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var r0, r1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &r0)
	for b.Loop() {
		f()
	}
	syscall.Getrusage(syscall.RUSAGE_THREAD, &r1)
	ns := r1.Utime.Nano() + r1.Stime.Nano() - r0.Utime.Nano() - r0.Stime.Nano()
	b.ReportMetric(float64(ns)/1e6/float64(b.N), "cpu-ms/op")
}

// BenchmarkRealText measures the tokenizer and both passes on real text.
func BenchmarkRealText(b *testing.B) {
	texts, n := realTexts(b)
	b.Run("tokenize", func(b *testing.B) {
		b.SetBytes(n)
		var toks []tok
		cpuLoop(b, func() {
			for _, t := range texts {
				toks = tokenize(t, toks[:0])
			}
		})
	})
	c := NewCounts()
	b.Run("pass1", func(b *testing.B) {
		b.SetBytes(n)
		cpuLoop(b, func() {
			c = NewCounts()
			for _, t := range texts {
				if len(t) > 0 {
					c.addText(t)
				}
			}
		})
	})
	c = NewCounts() // pass1 may not have run (-bench RealText/pass2)
	for _, t := range texts {
		if len(t) > 0 {
			c.addText(t)
		}
	}
	m := c.model()
	b.Run("pass2", func(b *testing.B) {
		b.SetBytes(n)
		var sc scratch
		cpuLoop(b, func() {
			for _, t := range texts {
				if len(t) > 0 {
					m.each(t, &sc, func(tok, float64, float64) {})
				}
			}
		})
	})
}
