package stats

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// TestTableIndexesNotHuge checks that a count table's indexes, once grown
// to 4 MiB, are not advised as huge pages (no "hg" in the VmFlags of their
// mapping: a fresh huge page was the dearer fault, package comment,
// session 19), and that growing keeps every count.
func TestTableIndexesNotHuge(t *testing.T) {
	tb := newCountTable()
	words := [][]byte{[]byte("a"), []byte("token"), []byte("midsizedtoken"), []byte("a-long-token-of-more-than-16-bytes")}
	for _, w := range words {
		if _, err := tb.add(w, 3); err != nil {
			t.Fatal(err)
		}
	}
	tb.growTo(tb.shift - (64 - 18))        // to 2^18 slots: 4 MiB
	tb.growMidsTo(tb.midShift - (64 - 17)) // to 2^17 mid slots: 4 MiB
	if len(tb.slots) != 1<<18 || len(tb.mids) != 1<<17 {
		t.Fatalf("grew to %d slots, %d mids", len(tb.slots), len(tb.mids))
	}
	if runtime.GOOS == "linux" {
		for _, ix := range []struct {
			name string
			p    unsafe.Pointer
		}{{"slots", unsafe.Pointer(&tb.slots[0])}, {"mids", unsafe.Pointer(&tb.mids[0])}} {
			flags, ok := vmFlags(t, uintptr(ix.p))
			if !ok {
				t.Skipf("no /proc/self/smaps entry for %s", ix.name)
			}
			if slices.Contains(flags, "hg") {
				t.Errorf("%s at %#x advised as huge pages (VmFlags %v)", ix.name, uintptr(ix.p), flags)
			}
		}
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

// vmFlags returns the VmFlags of the mapping of /proc/self/smaps that
// holds address p.
func vmFlags(t *testing.T, p uintptr) ([]string, bool) {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	in := false
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(f[0], "-"); ok && !strings.HasSuffix(f[0], ":") {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			z, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				in = uint64(p) >= a && uint64(p) < z
				continue
			}
		}
		if in && f[0] == "VmFlags:" {
			return f[1:], true
		}
	}
	return nil, false
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

// TestSummaryPresize checks that a Summary expected to read presizeBytes
// or more (Options.WorkerBytes) grows its token table to 2^18 slots and
// 2^17 mid slots at its first Add (not when made: see NewSummary), that a smaller or unknown input and an LLM tokenizer
// do not, and that a presized Summary gives the same Result as one that
// grew, alone and merged with either kind.
func TestSummaryPresize(t *testing.T) {
	for _, c := range []struct {
		bytes      int64
		slots, mid int
	}{{0, 1 << 10, 1 << 8}, {presizeBytes - 1, 1 << 10, 1 << 8}, {presizeBytes, 1 << 18, 1 << 17}, {1 << 40, 1 << 18, 1 << 17}} {
		s := NewSummary(Options{WorkerBytes: c.bytes})
		if len(s.tokens.slots) != 1<<10 || len(s.tokens.mids) != 1<<8 {
			t.Errorf("WorkerBytes %d: %d slots and %d mid slots before the first Add, want 2^10 and 2^8 (presized on the worker's goroutine, at its first Add)", c.bytes, len(s.tokens.slots), len(s.tokens.mids))
		}
		b := batch(t, []row{{Text: "one"}}, 1)
		if err := s.Add(b); err != nil {
			t.Fatal(err)
		}
		b.Record.Release()
		if len(s.tokens.slots) != c.slots || len(s.tokens.mids) != c.mid {
			t.Errorf("WorkerBytes %d: %d slots and %d mid slots after the first Add, want %d and %d", c.bytes, len(s.tokens.slots), len(s.tokens.mids), c.slots, c.mid)
		}
	}
	rows := corpus(3)
	run := func(bytes ...int64) Result {
		opts := make([]Options, len(bytes))
		for i, b := range bytes {
			opts[i] = Options{TopN: 20, TopPerLabel: 5, MaxExamples: 3, WorkerBytes: b}
		}
		return summarizeWith(t, rows, opts, 7)
	}
	want := run(0)
	for _, bytes := range [][]int64{{presizeBytes}, {presizeBytes, 0}, {0, presizeBytes}, {presizeBytes, presizeBytes}} {
		if diff := cmp.Diff(want, run(bytes...)); diff != "" {
			t.Errorf("WorkerBytes %v: result differs from a table that grew (-grew +presized):\n%s", bytes, diff)
		}
	}
	tb := newCountTable()
	if _, err := tb.add([]byte("word"), 2); err != nil {
		t.Fatal(err)
	}
	tb.growTo(9) // 2^19 slots
	tb.presize()
	if len(tb.slots) != 1<<19 || len(tb.mids) != 1<<17 {
		t.Errorf("presize of a larger table: %d slots, %d mid slots, want 2^19 and 2^17", len(tb.slots), len(tb.mids))
	}
	if id, err := tb.add([]byte("word"), 1); err != nil || id != 0 || tb.counts()[0] != 3 {
		t.Errorf("after presize: id %d, count %d, err %v; want 0, 3", id, tb.counts()[0], err)
	}
}
