package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestTablePromotes checks promote: a token found past its home slot more
// often than the token at home trades places with it, so that the fast
// paths (countShortHome, countMidHome) find it there, and every count
// stays exact.
func TestTablePromotes(t *testing.T) {
	tab := newCountTable()
	// Two short tokens and two mid tokens with the same home slot.
	var short, mid [][]byte
	homes, midHomes := map[uint64][]byte{}, map[uint64][]byte{}
	for i := 0; short == nil || mid == nil; i++ {
		if s := fmt.Appendf(nil, "s%d", i); short == nil {
			h := tableHash(s) >> tab.shift
			if o, ok := homes[h]; ok {
				short = [][]byte{o, s}
			}
			homes[h] = s
		}
		if m := fmt.Appendf(nil, "mid-token-%d", i); mid == nil {
			h := midHash(midWords(m)) >> tab.midShift
			if o, ok := midHomes[h]; ok {
				mid = [][]byte{o, m}
			}
			midHomes[h] = m
		}
	}
	for _, pair := range [][][]byte{short, mid} {
		a, b := pair[0], pair[1]
		ia, _ := tab.add(a, 1)
		ib, _ := tab.add(b, 1)
		if homeOf(tab, b) {
			t.Fatalf("%q at home before it was counted more than %q", b, a)
		}
		tab.add(b, 1) // 2 against 1: b trades places with a
		if !homeOf(tab, b) || homeOf(tab, a) {
			t.Errorf("%q counted 2 times, %q once: want %q at home", b, a, b)
		}
		counts := tab.counts()
		if counts[ia] != 1 || counts[ib] != 2 {
			t.Errorf("counts %q %d, %q %d: want 1 and 2", a, counts[ia], b, counts[ib])
		}
		// a is still found, past home, and is not promoted on a tie.
		if id, _ := tab.add(a, 1); id != ia || homeOf(tab, a) {
			t.Errorf("%q: id %d (want %d), at home %v on a tie", a, id, ia, homeOf(tab, a))
		}
	}
}

// homeOf reports whether the fast path finds tok in its home slot.
func homeOf(tab *countTable, tok []byte) bool {
	if n := len(tok); n > 8 && n <= 16 {
		w0, w1 := midWords(tok)
		sl := &tab.mids[midHash(w0, w1)>>tab.midShift]
		return sl.w0 == w0 && sl.w1 == w1
	}
	h := tableHash(tok)
	sl := &tab.slots[h>>tab.shift]
	if len(tok) > 8 {
		return sl.ref >= longRef && tab.sameLong(sl, h, tok)
	}
	return sl.hash == h && sl.ref < longRef
}

// TestTablePromoteExact counts tokens of every length class with skewed
// frequencies through growth and checks every count and id against a
// map: promotions must lose no token.
func TestTablePromoteExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tab := newCountTable()
	want := map[string]uint64{}
	ids := map[string]uint32{}
	for range 400000 {
		n := int(rng.ExpFloat64() * 300)
		var k string
		switch n % 3 {
		case 0:
			k = fmt.Sprint(n)
		case 1:
			k = fmt.Sprintf("midtok%05d", n)
		default:
			k = fmt.Sprintf("a-long-token-of-many-bytes-%d", n)
		}
		c := uint64(1 + rng.IntN(2))
		want[k] += c
		id, err := tab.add([]byte(k), c)
		if err != nil {
			t.Fatal(err)
		}
		if old, ok := ids[k]; ok && old != id {
			t.Fatalf("%q: id %d, was %d", k, id, old)
		}
		ids[k] = id
	}
	if tab.distinct() != len(want) {
		t.Fatalf("distinct() = %d, want %d", tab.distinct(), len(want))
	}
	for id, got := range tab.counts() {
		if k := string(tab.key(uint32(id))); got != want[k] {
			t.Errorf("count[%q] = %d, want %d", k, got, want[k])
		}
	}
	promoted := 0
	for k := range want {
		if homeOf(tab, []byte(k)) {
			promoted++
		}
	}
	t.Logf("%d of %d distinct tokens at home", promoted, len(want))
}
