package rowstore

import (
	"testing"

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
