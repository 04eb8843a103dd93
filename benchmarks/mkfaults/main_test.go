package main

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

func TestWriteJSONStringKeepsInvalidBytes(t *testing.T) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	writeJSONString(w, "a\"\\\n\x00\x1b[31m\xff\xe2\x82 é")
	w.Flush()
	want := "\"a\\\"\\\\\\n\\u0000\\u001b[31m\xff\xe2\x82 é\""
	if b.String() != want {
		t.Errorf("writeJSONString = %q, want %q", b.String(), want)
	}
}

func TestExactCopiesNormalizeEqual(t *testing.T) {
	src := "The first file\nof the Official release, 2002.  Fine?"
	for _, v := range exactVariants {
		for seed := uint64(1); seed <= 50; seed++ {
			r := newRNG(seed, 7)
			c := exactCopy(r, src, v)
			if exactKey(c) != exactKey(src) {
				t.Fatalf("exactCopy(%s, seed %d) = %q: key %q, want %q", v, seed, c, exactKey(c), exactKey(src))
			}
			if v != "bytes" && c == src {
				t.Errorf("exactCopy(%s, seed %d) changed nothing", v, seed)
			}
		}
	}
}

func TestNearCopyEditsShare(t *testing.T) {
	src := strings.Repeat("alpha beta gamma delta epsilon zeta eta theta iota kappa ", 8)
	n := len(strings.Fields(src))
	for _, m := range nearModes {
		for seed := uint64(1); seed <= 20; seed++ {
			r := newRNG(seed, 3)
			c, ed := nearCopy(r, src, 0.1, m.ops, []string{"omega", "sigma"})
			if c == src {
				t.Errorf("nearCopy(%s, seed %d) changed nothing", m.name, seed)
			}
			if want := n / 10; ed < want || ed > want+1 {
				t.Errorf("nearCopy(%s, seed %d) edited %d words, want %d (or one more for a swap)", m.name, seed, ed, want)
			}
		}
	}
}

func TestEvasionChangesText(t *testing.T) {
	src := "Please send the report to the office before Friday, thanks."
	for _, cat := range evasionCats {
		if !fromBase[cat] {
			continue
		}
		for seed := uint64(1); seed <= 20; seed++ {
			got, sub := evasion(newRNG(seed, 5), cat, src)
			if got == src || sub == "" {
				t.Errorf("evasion(%s, seed %d) = %q, %q: want a changed text and a variant", cat, seed, got, sub)
			}
		}
	}
}
