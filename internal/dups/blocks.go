package dups

import (
	"cmp"
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// sortRefs sorts references by the position pos gives: file, then line or
// row, then element. It sorts copies of the positions beside the
// references, not the references through the items, which would miss the
// cache on every comparison.
//
// The references come in block order, and each worker's rows are in
// input order: a merged accumulator is a few ascending runs, one a
// worker. When every position packs into one word (file below 2^23, line
// or row below 2^40, no JSON array element), the runs are found and
// merged, 16 bytes a row; otherwise, or with many runs, the positions are
// compared in full. On 200 MB of mail with two workers, pdqsort of the
// full positions took 65-130 ms of the finish's wall time (load 8), on
// the one goroutine that starts the finish.
func sortRefs(refs []uint32, pos func(uint32) (int32, int64, int64)) {
	if sortPackedRefs(refs, pos) {
		return
	}
	type keyed struct {
		file    int32
		ref     uint32
		n, elem int64
	}
	ks := make([]keyed, len(refs))
	for i, r := range refs {
		f, n, e := pos(r)
		ks[i] = keyed{f, r, n, e}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		if c := cmp.Compare(a.n, b.n); c != 0 {
			return c
		}
		return cmp.Compare(a.elem, b.elem)
	})
	for i := range ks {
		refs[i] = ks[i].ref
	}
}

// packedRef is a reference and its position packed as file<<40 | n.
type packedRef struct {
	key uint64
	ref uint32
}

// maxRuns is the most ascending runs sortPackedRefs merges; more are
// sorted. Each halving of the runs is a pass over the keys.
const maxRuns = 64

// sortPackedRefs sorts refs as sortRefs does when every position packs
// into a word, and reports whether it did.
func sortPackedRefs(refs []uint32, pos func(uint32) (int32, int64, int64)) bool {
	ks := make([]packedRef, len(refs))
	// ends[k] is where ascending run k ends.
	var ends []int
	lo, hi := uint64(math.MaxUint64), uint64(0)
	for i, r := range refs {
		f, n, e := pos(r)
		if e != 0 || f < 0 || f >= 1<<23 || n < 0 || n >= 1<<40 {
			return false
		}
		k := uint64(f)<<40 | uint64(n)
		ks[i] = packedRef{k, r}
		lo, hi = min(lo, k), max(hi, k)
		if i > 0 && k < ks[i-1].key {
			ends = append(ends, i)
		}
	}
	ends = append(ends, len(ks))
	if len(ends) > 1 && placeRefs(refs, ks, lo, hi) {
		return true
	}
	if len(ends) > maxRuns {
		slices.SortStableFunc(ks, func(a, b packedRef) int { return cmp.Compare(a.key, b.key) })
	} else {
		ks = mergeRuns(ks, make([]packedRef, len(ks)), ends)
	}
	for i := range ks {
		refs[i] = ks[i].ref
	}
	return true
}

// placeRefs sorts refs by the keys of ks (ks[i] is refs[i]'s, lo and
// hi the least and greatest) when they are distinct and dense, as the
// lines or rows of one file are: each reference is put in a slot of its
// own, key-lo, and the slots are read out in order. It reports whether
// it did; it does nothing when the keys span more than 4 slots a row, or
// two are equal (then which comes first is the runs' business).
//
// A default scan's near duplicates came in 23-41 runs on 200 MB of mail
// (134,250 rows), five or six passes of mergeRuns over 16 bytes a row
// (and 16 more of scratch), on the one goroutine that starts the finish.
// Placed, it is one scattered write of 4 bytes a row into 0.5 MB and one
// read of them: BenchmarkSortRefs (37 runs) 7.9 to 5.4 ms of the
// thread's CPU (medians, 6 rounds alternated, load 12, p=0.002). The
// finish's first step (the sort, then the union-find and inv) took
// 36-137 ms of wall at load 8-16 by timestamps, before and after alike:
// it shares the cores with the other finishes then.
func placeRefs(refs []uint32, ks []packedRef, lo, hi uint64) bool {
	if len(ks) == 0 || hi-lo >= 4*uint64(len(ks)) {
		return false
	}
	// slot[k-lo] is the reference of key k, plus one; 0: none.
	slot := make([]uint32, hi-lo+1)
	for _, k := range ks {
		s := &slot[k.key-lo]
		if *s != 0 || k.ref == math.MaxUint32 {
			return false
		}
		*s = k.ref + 1
	}
	i := 0
	for _, r := range slot {
		if r != 0 {
			refs[i] = r - 1
			i++
		}
	}
	return true
}

// mergeRuns merges the ascending runs of ks, run k ending at ends[k],
// into one, pairwise, pass by pass, with tmp (as long as ks) as scratch.
// Equal keys keep their order. It returns the slice that holds the
// result: ks or tmp.
func mergeRuns(ks, tmp []packedRef, ends []int) []packedRef {
	for len(ends) > 1 {
		next := ends[:0]
		start := 0
		for k := 0; k < len(ends); k += 2 {
			if k+1 == len(ends) {
				copy(tmp[start:], ks[start:ends[k]])
				next = append(next, ends[k])
				break
			}
			mid, end := ends[k], ends[k+1]
			mergeTwo(tmp[start:end], ks[start:mid], ks[mid:end])
			next = append(next, end)
			start = end
		}
		ends = next
		ks, tmp = tmp, ks
	}
	return ks
}

// mergeTwo merges the ascending a and b into dst (len(a)+len(b)), a's
// items first among equal keys.
func mergeTwo(dst, a, b []packedRef) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if b[j].key < a[i].key {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// sortPositions sorts positions in input order.
func sortPositions(ps []ingest.Pos) {
	slices.SortFunc(ps, func(a, b ingest.Pos) int {
		if c := cmp.Compare(a.File, b.File); c != 0 {
			return c
		}
		return cmp.Compare(a.N, b.N)
	})
}
