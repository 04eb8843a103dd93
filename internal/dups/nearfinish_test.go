package dups

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// bucketsRef is the loop appendBuckets replaced: each bucket's end found
// by a scan, the buckets of one index skipped.
func bucketsRef(out bandList, sorted []uint64) bandList {
	n := len(sorted)
	for st := 0; st < n; {
		e := st + 1
		k := sorted[st] >> 32
		for e < n && sorted[e]>>32 == k {
			e++
		}
		if e-st > 1 {
			out = append(out, ^int32(uint32(sorted[st])))
			for _, x := range sorted[st+1 : e] {
				out = append(out, int32(uint32(x)))
			}
		}
		st = e
	}
	return out
}

// sortedKeys returns n keys as radixSortKeys gives them, drawn from
// distinct values (fewer: more and larger buckets).
func sortedKeys(rng *rand.Rand, n, distinct int) []uint64 {
	keys := make([]uint32, n)
	vals := make([]uint32, distinct)
	for i := range vals {
		vals[i] = rng.Uint32()
		if i%7 == 3 {
			vals[i] = vals[i-1] ^ 1 // keys one apart (the sentinels' xor)
		}
	}
	for i := range keys {
		keys[i] = vals[rng.IntN(distinct)]
	}
	a, b := make([]uint64, n), make([]uint64, n)
	return slices.Clone(radixSortKeys(keys, b, a, func() {}))
}

// TestAppendBuckets: appendBuckets gives the lists of the loop it
// replaced, after what out already holds, for lists of 0 to 300 rows
// with every share of rows alone in their bucket, all in one bucket, and
// buckets at the start and the end.
func TestAppendBuckets(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for n := range 300 {
		for _, distinct := range []int{1, 2, max(1, n/8), max(1, n/2), max(1, n), 2*n + 1} {
			sorted := sortedKeys(rng, n, distinct)
			prefix := bandList{^int32(7), 8}
			want := bucketsRef(slices.Clone(prefix), sorted)
			out := make(bandList, len(prefix), len(prefix)+n)
			copy(out, prefix)
			got := appendBuckets(out, sorted)
			if !slices.Equal(got, want) {
				t.Fatalf("appendBuckets(%d rows, %d keys) = %v, want %v", n, distinct, got, want)
			}
		}
	}
}

// BenchmarkAppendBuckets times the bucket lists of 134,250 sorted keys
// with 70% of rows sharing a key, as the 200 MB mail's bands have.
func BenchmarkAppendBuckets(b *testing.B) {
	rng := rand.New(rand.NewPCG(43, 44))
	sorted := sortedKeys(rng, 134250, 134250/3)
	out := make(bandList, 0, len(sorted))
	for _, tt := range []struct {
		name string
		f    func(bandList, []uint64) bandList
	}{{"new", appendBuckets}, {"ref", bucketsRef}} {
		b.Run(tt.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			own := threadCPUTime()
			for b.Loop() {
				out = tt.f(out[:0], sorted)
			}
			b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N), "cpu-ns/op")
		})
	}
}

// rootsRef is the loop roots replaced: a row's parent read only when the
// row is not its own.
func rootsRef(dst, parent []int32) {
	dst = dst[:len(parent)]
	for i, p := range parent {
		r := int32(i)
		if p != r {
			r = dst[p]
		}
		dst[i] = r
	}
}

// BenchmarkRoots times a snapshot of the roots of 134,250 rows of which
// 40,000, at random, are joined to an earlier row (the 200 MB mail's
// clusters at the end of the replay).
func BenchmarkRoots(b *testing.B) {
	rng := rand.New(rand.NewPCG(45, 46))
	n := 134250
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
		if i > 0 && rng.IntN(n) < 40000 {
			parent[i] = rng.Int32N(int32(i))
		}
	}
	dst := make([]int32, n)
	for _, tt := range []struct {
		name string
		f    func(dst, parent []int32)
	}{{"new", roots}, {"ref", rootsRef}} {
		b.Run(tt.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			own := threadCPUTime()
			for b.Loop() {
				tt.f(dst, parent)
			}
			b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestRootsInPlace: roots gives what the loop it replaced gives, into a
// buffer and in place (dst the parent itself, as the finish's last call),
// where a row's parent is itself, an earlier row, or the row before.
func TestRootsInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(47, 48))
	for _, n := range []int{0, 1, 2, 3, 10, 1000} {
		for _, joined := range []int{0, 1, 2, 4} { // in quarters
			parent := make([]int32, n)
			for i := range parent {
				parent[i] = int32(i)
				if i > 0 && rng.IntN(4) < joined {
					parent[i] = rng.Int32N(int32(i))
					if rng.IntN(3) == 0 {
						parent[i] = int32(i - 1)
					}
				}
			}
			want := make([]int32, n)
			rootsRef(want, parent)
			got := make([]int32, n)
			roots(got, parent)
			inPlace := slices.Clone(parent)
			roots(inPlace, inPlace)
			if !slices.Equal(got, want) || !slices.Equal(inPlace, want) {
				t.Fatalf("roots(%d rows) = %v, in place %v, want %v", n, got, inPlace, want)
			}
		}
	}
}
