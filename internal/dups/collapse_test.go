package dups

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// refCollapseRun is collapseRun one byte at a time: the definition its
// eight-byte (collapseGo) and 64-byte (collapse512) paths keep.
func refCollapseRun(src []byte, sp int) ([]byte, int, int) {
	var out []byte
	n := 0
	for ; n < len(src) && src[n] < utf8.RuneSelf; n++ {
		if l := asciiLower[src[n]]; l != ' ' {
			out = append(out, l)
			sp = 0
		} else if sp == 0 {
			out = append(out, ' ')
			sp = 1
		}
	}
	return out, n, sp
}

// collapseTexts are ASCII texts made of words, capitals, every white
// space byte alone and in runs, NUL and punctuation, at every length up
// to a few hundred bytes, so that the eight- and 64-byte paths meet white
// space at every offset of a block and at its edges.
func collapseTexts() []string {
	pieces := []string{"a", "Z", "Hello", "WORLD", "x1", "@[`{", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\x00", "\x7f", "\x1f", "\x08", "\x0e", "AZaz09"}
	rng := rand.New(rand.NewPCG(20, 10))
	var out []string
	for k := range 20000 {
		var b strings.Builder
		for range rng.IntN(30 + k%4*60) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	for c := range utf8.RuneSelf {
		for n := range 20 {
			out = append(out, strings.Repeat("ab", n)+string(rune(c))+"cD", strings.Repeat(string(rune(c)), n)+"X")
		}
		for _, n := range []int{62, 63, 64, 65, 127, 128, 129} {
			out = append(out, strings.Repeat("x", n)+string(rune(c))+" "+string(rune(c)))
		}
	}
	return out
}

// collapsePaths are the implementations of collapseRun this machine can
// run: collapseGo, and collapse512 with AVX-512.
func collapsePaths() map[string]func(dst, src []byte, sp int) (int, int, int) {
	paths := map[string]func(dst, src []byte, sp int) (int, int, int){"go": collapseGo}
	if useAVX512 {
		paths["avx512"] = func(dst, src []byte, sp int) (int, int, int) {
			w, r, s := collapse512(unsafe.SliceData(dst), unsafe.SliceData(src), len(src), uint64(sp))
			return w, r, int(s)
		}
	}
	return paths
}

// checkCollapse holds every path of collapseRun to refCollapseRun on src
// after a byte that was white space or not (sp).
func checkCollapse(t *testing.T, src []byte, sp int) {
	t.Helper()
	want, wantRead, wantSp := refCollapseRun(src, sp)
	for name, run := range collapsePaths() {
		// Room for len(src)+64 bytes as collapseRun asks, and a byte
		// more to catch a write past it.
		dst := make([]byte, len(src)+65)
		dst[len(src)+64] = 0xAA
		w, read, s := run(dst[:len(src)+64], src, sp)
		if string(dst[:w]) != string(want) || read != wantRead || s != wantSp || dst[len(src)+64] != 0xAA {
			t.Fatalf("%s: collapseRun(%q, %d) = %q, %d, %d, want %q, %d, %d", name, src, sp, dst[:w], read, s, want, wantRead, wantSp)
		}
	}
}

// TestCollapseRun holds collapseGo and collapse512 to their byte-at-a-time
// definition on ASCII texts after white space and after a letter, and
// with a byte that is not ASCII put anywhere: they stop at it, having
// written what comes before.
func TestCollapseRun(t *testing.T) {
	if !useAVX512 {
		t.Log("no AVX-512 VBMI2 on this machine: collapseGo alone")
	}
	for _, s := range collapseTexts() {
		for sp := range 2 {
			checkCollapse(t, []byte(s), sp)
			for _, at := range []int{0, len(s) / 3, len(s) / 2, len(s)} {
				checkCollapse(t, []byte(s[:at]+"é"+s[at:]), sp)
				checkCollapse(t, []byte(s[:at]+"\x80"+s[at:]), sp)
			}
		}
	}
}

// FuzzCollapseRun runs collapse512 and collapseGo on the same bytes and
// compares them with refCollapseRun.
func FuzzCollapseRun(f *testing.F) {
	for _, s := range collapseTexts()[:200] {
		f.Add([]byte(s), true)
	}
	f.Add([]byte(strings.Repeat("A \t", 40)+"\xff"), false)
	f.Fuzz(func(t *testing.T, src []byte, space bool) {
		sp := 0
		if space {
			sp = 1
		}
		checkCollapse(t, src, sp)
	})
}

// withGoPath runs f with collapse512 turned off, then, on a machine with
// AVX-512, on: Normalize's two paths.
func withGoPath(t *testing.T, f func(t *testing.T)) {
	saved := useAVX512
	defer func() { useAVX512 = saved }()
	useAVX512 = false
	t.Run("go", f)
	if saved {
		useAVX512 = true
		t.Run("avx512", f)
	}
}
