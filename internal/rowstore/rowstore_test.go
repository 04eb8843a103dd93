package rowstore

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

func TestBlocksMergeRefs(t *testing.T) {
	var a, b Blocks[int]
	for i := range blockSize + 3 {
		a.Add(i)
	}
	for i := range 5 {
		b.Add(1000000 + i)
	}
	a.Merge(&b)
	if b.Len() != 0 || a.Len() != blockSize+8 {
		t.Fatalf("after Merge: len %d and %d, want %d and 0", a.Len(), b.Len(), blockSize+8)
	}
	refs := a.Refs()
	pos := a.Positions()
	var got []int
	for i, r := range refs {
		if p := pos(r); p != i {
			t.Fatalf("Positions(%#x) = %d, want %d", r, p, i)
		}
		got = append(got, *a.At(r))
	}
	if diff := cmp.Diff(a.Flatten(), got); diff != "" {
		t.Errorf("At over Refs differs from Flatten (-flatten +at):\n%s", diff)
	}
	if a.Len() != 0 {
		t.Errorf("Len after Flatten = %d, want 0", a.Len())
	}
}

func TestIDs(t *testing.T) {
	bld := array.NewStringBuilder(memory.DefaultAllocator)
	bld.Append("a1")
	bld.AppendNull()
	bld.Append("")
	col := bld.NewStringArray()
	defer col.Release()
	var s, o IDs
	r0 := s.Add(col, 0)
	r1 := o.Add(col, 1)
	r2 := o.Add(col, 2)
	r3 := o.Add(col, 0)
	rn := s.Add(nil, 0)
	base := s.Merge(&o)
	for _, r := range []*IDRef{&r1, &r2, &r3} {
		r.Rebase(base)
	}
	got := []string{s.String(r0), s.String(r1), s.String(r2), s.String(r3), s.String(rn)}
	if diff := cmp.Diff([]string{"a1", "", "", "a1", ""}, got); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if r1 != NoID || rn != NoID || r2 == NoID {
		t.Errorf("a null or missing id must be NoID and an empty one not: %v %v %v", r1, rn, r2)
	}
}

func TestPacePercent(t *testing.T) {
	for _, c := range []struct {
		name       string
		percent    int
		live, held int64
		want       int
	}{
		{"no blocks", 50, 100 << 20, 0, 50},
		{"under minHeld", 50, 100 << 20, minHeld - 1, 50},
		{"no heap read", 50, 0, 100 << 20, 50},
		{"half blocks", 50, 200 << 20, 100 << 20, 25},
		{"mostly blocks", 50, 1000 << 20, 900 << 20, 10},
		{"held past live", 50, 100 << 20, 200 << 20, 10},
		{"low percent kept", 5, 1000 << 20, 900 << 20, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := pacePercent(c.percent, c.live, c.held); got != c.want {
				t.Errorf("pacePercent(%d, %d, %d) = %d, want %d", c.percent, c.live, c.held, got, c.want)
			}
		})
	}
}

// TestHeld checks that Held counts the blocks of Add and lets them go
// once the collector finds them unreachable, so that PaceGC's slack
// returns after the analyses finish.
func TestHeld(t *testing.T) {
	type row struct{ a, b int64 }
	// Blocks of the tests before, dropped, are counted until collected.
	for i := 0; i < 50 && Held() != 0; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	before := Held()
	b := &Blocks[row]{}
	for i := range blockSize + 1 {
		b.Add(row{int64(i), 0})
	}
	want := before + 2*blockSize*16
	if got := Held(); got != want {
		t.Fatalf("Held() after two blocks = %d, want %d", got, want)
	}
	runtime.KeepAlive(b)
	b = nil
	for range 50 {
		runtime.GC()
		if Held() == before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("Held() after the blocks were dropped = %d, want %d", Held(), before)
}

// TestPaceGC checks that pacing lowers the collector's percentage once
// the blocks are most of the live heap, and that StopPacing sets it back.
func TestPaceGC(t *testing.T) {
	t.Setenv("GOGC", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	PaceGC(50)
	defer StopPacing()
	b := &Blocks[[1024]byte]{}
	var item [1024]byte
	for range 5 * blockSize {
		b.Add(item)
	}
	var got int
	for range 50 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs after the collection
		if got = gcPercent(); got < 50 {
			break
		}
	}
	runtime.KeepAlive(b)
	if got >= 50 || got < minPercent {
		t.Errorf("GC percent with %d MiB of blocks live = %d, want in [%d, 50)", Held()>>20, got, minPercent)
	}
	StopPacing()
	if got := gcPercent(); got != 50 {
		t.Errorf("GC percent after StopPacing = %d, want 50", got)
	}
}

// gcPercent returns the collector's percentage.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestCollectAfterRead checks that CollectAfterRead collects while
// PaceGC is pacing (a run that keeps rows) once a collection has run
// since PaceGC, and only then: not before PaceGC, nor after StopPacing,
// nor when GOGC is set (PaceGC does not pace then), nor while the heap
// is still under PaceGC's first target (no collection since).
func TestCollectAfterRead(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	n := 0
	defer func(c func()) { collect = c }(collect)
	collect = func() { n++ }
	tests := []struct {
		name    string
		gogc    string
		pace    bool
		collect bool // a collection between PaceGC and CollectAfterRead
		want    int
	}{
		{"pacing", "", true, true, 1},
		{"pacing, no collection yet", "", true, false, 0},
		{"not pacing", "", false, true, 0},
		{"GOGC set", "100", true, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			n = 0
			if tt.pace {
				PaceGC(50)
			}
			if tt.collect {
				runtime.GC()
			}
			CollectAfterRead()
			StopPacing()
			CollectAfterRead() // after StopPacing: never
			if n != tt.want {
				t.Errorf("CollectAfterRead() collected %d times, want %d", n, tt.want)
			}
		})
	}
}

// TestFirstPercent: until its first collection PaceGC puts the target
// at firstTarget (the runtime's target is the larger of live × (1 +
// p/100) and runtimeMinimum × p/100), never under its own percentage.
func TestFirstPercent(t *testing.T) {
	target := func(p int, live int64) int64 {
		return max(live+live*int64(p)/100, runtimeMinimum*int64(p)/100)
	}
	for _, live := range []int64{0, 1 << 20, 3 << 20, 3<<20 + 12345, 8 << 20, 15 << 20, 16 << 20, 40 << 20} {
		p := firstPercent(50, live)
		if p < 50 {
			t.Errorf("firstPercent(50, %d) = %d, under 50", live, p)
		}
		got := target(p, live)
		want := max(int64(firstTarget), target(50, live))
		if got < want*99/100 || got > want*101/100 {
			t.Errorf("firstPercent(50, %d) = %d: target %d, want about %d", live, p, got, want)
		}
	}
}

// TestPaceGCFirstTarget: PaceGC before any collection since sets the
// percentage that puts the first target at firstTarget, keeps it if
// StopPacing comes before a collection, and paces at its own once one
// has run.
func TestPaceGCFirstTarget(t *testing.T) {
	t.Setenv("GOGC", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	s := [1]metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s[:]) // the live heap moves only at a collection
	live := int64(uint64Value(s[0]))
	PaceGC(50)
	want := firstPercent(50, live)
	if got := gcPercent(); got != want || got <= 50 {
		t.Errorf("GC percent after PaceGC(50) with %d bytes live = %d, want %d (> 50)", live, got, want)
	}
	StopPacing()
	if got := gcPercent(); got != want {
		t.Errorf("GC percent after StopPacing before a collection = %d, want %d", got, want)
	}
	PaceGC(50)
	var got int
	for range 50 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs after the collection
		if got = gcPercent(); got == 50 {
			break
		}
	}
	if got != 50 {
		t.Errorf("GC percent after a collection while pacing = %d, want 50", got)
	}
	StopPacing()
	if got := gcPercent(); got != 50 {
		t.Errorf("GC percent after StopPacing = %d, want 50", got)
	}
}

// TestIDRefWord: a row's id reference is one word, 8 bytes of every row
// of the exact and near duplicates (16 with an offset and a length).
func TestIDRefWord(t *testing.T) {
	if got := unsafe.Sizeof(IDRef{}); got != 8 {
		t.Errorf("unsafe.Sizeof(IDRef{}) = %d, want 8", got)
	}
	if (IDRef{}) == NoID || !(IDRef{}).Valid() {
		t.Errorf("the zero IDRef must be an empty id, not NoID")
	}
}

// TestIDsLong: ids around the length the reference's length field holds
// (longID) round-trip through Add, AddBytes, Merge and Rebase, beside
// short ones, empty ones and rows without an id.
func TestIDsLong(t *testing.T) {
	lens := []int{0, 1, longID - 1, longID, longID + 1, 5}
	mk := func(n, seed int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + (i+seed)%26)
		}
		return string(b)
	}
	bld := array.NewStringBuilder(memory.DefaultAllocator)
	for i, n := range lens {
		bld.Append(mk(n, i))
	}
	bld.AppendNull()
	col := bld.NewStringArray()
	defer col.Release()
	var s, o IDs
	var want []string
	var refs []IDRef
	for i := range col.Len() {
		refs = append(refs, s.Add(col, i))
		want = append(want, col.Value(i))
	}
	n := len(refs)
	for i, l := range lens {
		refs = append(refs, o.AddBytes([]byte(mk(l, i+7))))
		want = append(want, mk(l, i+7))
	}
	refs = append(refs, o.Add(nil, 0))
	want = append(want, "")
	base := s.Merge(&o)
	for i := n; i < len(refs); i++ {
		refs[i].Rebase(base)
	}
	for i, r := range refs {
		if got := s.String(r); got != want[i] {
			t.Errorf("id %d: %d bytes, want %d (equal: %v)", i, len(got), len(want[i]), got == want[i])
		}
		if got := s.Bytes(r); string(got) != want[i] {
			t.Errorf("id %d: Bytes differs from the id", i)
		}
	}
	if refs[n-1] != NoID || refs[len(refs)-1] != NoID {
		t.Errorf("a null or missing id must be NoID")
	}
	for i, r := range refs {
		if i != n-1 && i != len(refs)-1 && !r.Valid() {
			t.Errorf("id %d (%d bytes) is not Valid", i, len(want[i]))
		}
	}
}
