package stats

import (
	"runtime"
	"testing"
	"unsafe"
)

// TestHugeAligned checks that an index of 4 MiB or more starts on a 2 MiB
// boundary, so that all of it can be huge pages, and that it is zeroed and
// exactly as long as asked; a smaller one is a plain slice.
func TestHugeAligned(t *testing.T) {
	check := func(name string, p unsafe.Pointer, n, ln, cp int, big bool) {
		t.Helper()
		if ln != n || cp != n {
			t.Errorf("%s: len %d cap %d, want %d", name, ln, cp, n)
		}
		if big && uintptr(p)%hugePageBytes != 0 {
			t.Errorf("%s: starts at %#x, not on a 2 MiB boundary", name, uintptr(p))
		}
	}
	// Spacers between the allocations, kept alive, so that the heap does
	// not hand out 2 MiB boundaries by chance.
	var spacers [][]byte
	for k, n := range []int{1, 100, 1 << 17, 1<<18 - 1, 1 << 18, 3 << 17, 1 << 19} {
		spacers = append(spacers, make([]byte, 40<<10+k<<13))
		s := hugeAligned[slot](n)
		check("slots", unsafe.Pointer(unsafe.SliceData(s)), n, len(s), cap(s), n*16 >= 2*hugePageBytes)
		for i := range s {
			if s[i] != (slot{}) {
				t.Fatalf("slots(%d)[%d] not zero", n, i)
			}
		}
		spacers = append(spacers, make([]byte, 1<<20+k<<13))
		m := hugeAligned[midSlot](n)
		check("mids", unsafe.Pointer(unsafe.SliceData(m)), n, len(m), cap(m), n*32 >= 2*hugePageBytes)
		for i := range m {
			if m[i] != (midSlot{}) {
				t.Fatalf("mids(%d)[%d] not zero", n, i)
			}
		}
	}
	runtime.KeepAlive(spacers)
}

// TestTableIndexesAligned checks that a count table's indexes, once
// grown to 2 MiB, start on 2 MiB boundaries, and that growing keeps every
// count.
func TestTableIndexesAligned(t *testing.T) {
	spacer := make([]byte, 72<<10)
	defer runtime.KeepAlive(spacer)
	tb := newCountTable()
	words := [][]byte{[]byte("a"), []byte("token"), []byte("midsizedtoken"), []byte("a-long-token-of-more-than-16-bytes")}
	for _, w := range words {
		if _, err := tb.add(w, 3); err != nil {
			t.Fatal(err)
		}
	}
	tb.growTo(tb.shift - (64 - 18)) // to 2^18 slots: 4 MiB
	spacer2 := make([]byte, 1<<20+8<<10)
	defer runtime.KeepAlive(spacer2)
	tb.growMidsTo(tb.midShift - (64 - 17)) // to 2^17 mid slots: 4 MiB
	if len(tb.slots) != 1<<18 || len(tb.mids) != 1<<17 {
		t.Fatalf("grew to %d slots, %d mids", len(tb.slots), len(tb.mids))
	}
	if p := uintptr(unsafe.Pointer(&tb.slots[0])); p%hugePageBytes != 0 {
		t.Errorf("slots at %#x, not on a 2 MiB boundary", p)
	}
	if p := uintptr(unsafe.Pointer(&tb.mids[0])); p%hugePageBytes != 0 {
		t.Errorf("mids at %#x, not on a 2 MiB boundary", p)
	}
	cs := tb.counts()
	for i, w := range words {
		id, err := tb.add(w, 1)
		if err != nil {
			t.Fatal(err)
		}
		if int(id) != i || cs[id] != 3 {
			t.Errorf("%q: id %d count %d, want %d and 3", w, id, cs[id], i)
		}
	}
}

// TestTableGrowthSkips2MiB adds distinct short and mid tokens to a count
// table until both indexes pass 4 MiB and checks that neither is ever
// 2 MiB (2^17 slots, 2^16 mid slots): an index of 1 MiB that fills grows
// to 4 MiB at once, and every count survives the growth.
func TestTableGrowthSkips2MiB(t *testing.T) {
	tb := newCountTable()
	var sizes, midSizes []int
	note := func(s []int, n int) []int {
		if len(s) == 0 || s[len(s)-1] != n {
			s = append(s, n)
		}
		return s
	}
	const n = 110_000
	for i := range n {
		// A short token of 8 letters and a mid one of 12, both distinct.
		short := make([]byte, 8)
		for k, v := 0, i; k < 8; k, v = k+1, v/26 {
			short[k] = 'a' + byte(v%26)
		}
		mid := append(append([]byte("mid"), short...), 'z')
		if _, err := tb.add(short, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := tb.add(mid, 2); err != nil {
			t.Fatal(err)
		}
		sizes, midSizes = note(sizes, len(tb.slots)), note(midSizes, len(tb.mids))
	}
	if tb.distinct() != 2*n {
		t.Fatalf("%d distinct tokens, want %d", tb.distinct(), 2*n)
	}
	for _, s := range sizes {
		if s == 1<<17 {
			t.Errorf("the index grew through 2^17 slots (2 MiB): %v", sizes)
		}
	}
	for _, s := range midSizes {
		if s == 1<<16 {
			t.Errorf("the mid index grew through 2^16 slots (2 MiB): %v", midSizes)
		}
	}
	if sizes[len(sizes)-1] < 1<<18 || midSizes[len(midSizes)-1] < 1<<17 {
		t.Errorf("indexes grew to %v and %v, want 4 MiB each", sizes, midSizes)
	}
	cs := tb.counts()
	for id, c := range cs {
		if want := uint64(1 + id%2); c != want {
			t.Fatalf("entry %d counted %d, want %d", id, c, want)
		}
	}
}
