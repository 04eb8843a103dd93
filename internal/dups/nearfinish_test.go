package dups

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
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

// radixSortKeysRef is the sort radixSortKeys replaced: three stable
// counting passes of 11, 11 and 10 bits over every bit of the keys.
func radixSortKeysRef(keys []uint32, b, a []uint64, read func()) []uint64 {
	var c0, c1, c2 [1 << 11]int32
	for _, k := range keys {
		c0[k&0x7ff]++
		c1[k>>11&0x7ff]++
		c2[k>>22&0x3ff]++
	}
	prefix := func(c *[1 << 11]int32) {
		var s int32
		for i, x := range c {
			c[i] = s
			s += x
		}
	}
	prefix(&c0)
	prefix(&c1)
	prefix(&c2)
	for i, k := range keys {
		p := c0[k&0x7ff]
		c0[k&0x7ff] = p + 1
		a[p] = uint64(k)<<32 | uint64(i)
	}
	read()
	for _, x := range a {
		d := x >> 43 & 0x7ff
		p := c1[d]
		c1[d] = p + 1
		b[p] = x
	}
	for _, x := range b {
		d := x >> 54
		p := c2[d]
		c2[d] = p + 1
		a[p] = x
	}
	return a
}

// radixCases returns keys to sort: random, with repeats, and keys that
// share their top 22 bits but not their low 10 (the runs fixRuns sorts),
// in every arrangement: one long run, runs at the start and the end,
// descending low bits.
func radixCases(rng *rand.Rand) [][]uint32 {
	var cases [][]uint32
	for _, n := range []int{0, 1, 2, 3, 17, 1000, 5000} {
		for _, distinct := range []int{1, 2, max(1, n/8), max(1, n/2), 2*n + 1} {
			vals := make([]uint32, distinct)
			for i := range vals {
				vals[i] = rng.Uint32()
				switch i % 5 {
				case 1:
					vals[i] = vals[i-1] ^ uint32(1+rng.IntN(1023)) // same top 22 bits
				case 2:
					vals[i] = vals[i-1]&^0x3ff | 0x3ff // the run's last low bits
				}
			}
			keys := make([]uint32, n)
			for i := range keys {
				keys[i] = vals[rng.IntN(distinct)]
			}
			cases = append(cases, keys)
		}
		// Every key in one run of top bits, low bits descending, and
		// runs at both ends of the order.
		one := make([]uint32, n)
		ends := make([]uint32, n)
		for i := range one {
			one[i] = 0x12345<<10 | uint32(1023-i%1024)
			ends[i] = uint32(rng.IntN(1024))
			if i%2 == 1 {
				ends[i] |= 0xfffffc00
			}
		}
		cases = append(cases, one, ends)
	}
	return cases
}

// TestRadixSortKeys: the two passes and fixRuns give the order of the
// three passes they replaced (key, then index), and of a sort.
func TestRadixSortKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for c, keys := range radixCases(rng) {
		n := len(keys)
		want := make([]uint64, n)
		for i, k := range keys {
			want[i] = uint64(k)<<32 | uint64(i)
		}
		slices.Sort(want)
		ref := radixSortKeysRef(keys, make([]uint64, n), make([]uint64, n), func() {})
		if !slices.Equal(ref, want) {
			t.Fatalf("case %d: the reference sort is not the order", c)
		}
		read := 0
		got := radixSortKeys(keys, make([]uint64, n), make([]uint64, n), func() { read++ })
		if read != 1 || !slices.Equal(got, want) {
			t.Fatalf("case %d (%d keys): read %d times, sorted %v, want %v", c, n, read, got[:min(n, 8)], want[:min(n, 8)])
		}
	}
}

// FuzzRadixSortKeys: any keys come out in order of key, then index.
func FuzzRadixSortKeys(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 1, 2, 3, 5, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		keys := make([]uint32, len(data)/4)
		for i := range keys {
			// Bytes 0 and 1 are the low ones: most keys share their
			// top 22 bits with another.
			keys[i] = uint32(data[4*i]) | uint32(data[4*i+1])<<8 | uint32(data[4*i+2]&3)<<20
		}
		want := make([]uint64, len(keys))
		for i, k := range keys {
			want[i] = uint64(k)<<32 | uint64(i)
		}
		slices.Sort(want)
		if got := radixSortKeys(keys, make([]uint64, len(keys)), make([]uint64, len(keys)), func() {}); !slices.Equal(got, want) {
			t.Fatalf("radixSortKeys(%v) = %v, want %v", keys, got, want)
		}
	})
}

// BenchmarkRadixSortKeys sorts 134,250 keys (the 200 MB mail's rows),
// 70% of them sharing their key with another row, as a band's are, with
// the sort and with the three passes it replaced; new-cold sorts after
// writing 64 MiB elsewhere (its CPU is the sort's alone), as a band-list
// maker does after a band's guesses, which read the signatures at random
// (see radixSortKeys).
func BenchmarkRadixSortKeys(b *testing.B) {
	keys := bandKeysFixture()
	n := len(keys)
	x, y := make([]uint64, n), make([]uint64, n)
	for _, tt := range []struct {
		name string
		sort func([]uint32, []uint64, []uint64, func()) []uint64
	}{{"new", radixSortKeys}, {"ref", radixSortKeysRef}} {
		b.Run(tt.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			own := threadCPUTime()
			for b.Loop() {
				tt.sort(keys, x, y, func() {})
			}
			b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N), "cpu-ns/op")
		})
	}
	b.Run("new-cold", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		other := make([]uint64, 8<<20)
		var cpu int64
		for b.Loop() {
			for i := range other {
				other[i] += uint64(i)
			}
			own := threadCPUTime()
			radixSortKeys(keys, x, y, func() {})
			cpu += threadCPUTime() - own
		}
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	})
}

// pruneRef returns l without the members of its buckets whose root in
// snap is that of one of their bucket's first maxReps rows, and without
// the buckets then left with their first row alone: the members
// guessBuckets drops, which the replay is sure to skip (see there).
func pruneRef(l bandList, snap []int32) bandList {
	var out bandList
	var first []int32
	start := 0
	for _, x := range l {
		if x < 0 {
			if len(out)-start == 1 {
				out = out[:start]
			}
			start = len(out)
			first = append(first[:0], snap[^x])
			out = append(out, x)
			continue
		}
		r := snap[x]
		if slices.Contains(first, r) {
			continue
		}
		out = append(out, x)
		if len(first) < maxReps {
			first = append(first, r)
		}
	}
	if len(out)-start == 1 {
		out = out[:start]
	}
	return out
}

// TestGuessPrunes: guessBuckets returns its list pruned as pruneRef
// prunes it, a guess for each row kept, for buckets of every
// size and snapshots that join few or most rows, and the list as it was
// without a snapshot; guessHalves too.
func TestGuessPrunes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for _, n := range []int{0, 1, 2, 5, 40, 300} {
		sigs := make([]nearSig, n)
		for i := range sigs {
			for k := range sigs[i] {
				sigs[i][k] = uint8(rng.IntN(3)) // many pairs pass the low bits
			}
		}
		tab := sigTable{flat: sigs, pair: sigs, low: make([]uint64, n)}
		for i := range tab.low {
			tab.low[i] = lowBits(&sigs[i])
		}
		v := newNearVerifier(0.5, 0.3, tab)
		for _, distinct := range []int{1, 2, 7, 50, 1000} {
			for _, groups := range []int{1, 3, 30, 1 << 20} {
				l := appendBuckets(make(bandList, 0, n), sortedKeys(rng, n, distinct))
				snaps := newClusterSnaps()
				// Without a snapshot nothing is pruned.
				if got, _ := v.guessBuckets(snaps, slices.Clone(l), nil); !slices.Equal(got, l) {
					t.Fatalf("guessBuckets(%v) without a snapshot = %v, want it unchanged", l, got)
				}
				parent := make([]int32, n)
				for i := range parent {
					parent[i] = int32(rng.IntN(min(groups, i+1)))
				}
				snaps.publish(parent)
				snap, done := snaps.latest()
				want := pruneRef(l, snap)
				done()
				got, guess := v.guessBuckets(snaps, slices.Clone(l), nil)
				if !slices.Equal(got, want) {
					t.Fatalf("guessBuckets(%v) pruned = %v, want %v", l, got, want)
				}
				if len(guess) != len(got) {
					t.Fatalf("guessBuckets(%v): %d guesses for %d rows", l, len(guess), len(got))
				}
				lastSplit := func(l bandList, out []uint8) (bandList, []uint8) { return v.guessBuckets(snaps, l, out) }
				got, guess2 := guessHalves(lastSplit, slices.Clone(l), nil)
				if !slices.Equal(got, want) || !slices.Equal(guess2, guess) {
					t.Fatalf("guessHalves(%v) = %v, %v; want %v, %v", l, got, guess2, want, guess)
				}
			}
		}
	}
}

// replayLists replays the buckets of lists into a union-find as
// Near.result does, with match for the verification, and returns every
// row's root and the candidate pairs. Before band j it calls prune (when
// not nil) with band j's list and the roots after each band before j.
func replayLists(n int, lists []bandList, match func(a, b int32) bool, prune func(j int, l bandList, snaps [][]int32) bandList) ([]int32, int64) {
	parent, find := testParents(n)
	var snaps [][]int32
	var cands int64
	for j, list := range lists {
		if prune != nil {
			list = prune(j, slices.Clone(list), snaps)
		}
		for p := 0; p < len(list); {
			reps := []int32{^list[p]}
			repRoots := []int32{find(^list[p])}
			p++
		member:
			for ; p < len(list) && list[p] >= 0; p++ {
				b := list[p]
				fb := find(b)
				if slices.Contains(repRoots, fb) {
					continue
				}
				for k, a := range reps {
					cands++
					if match(a, b) {
						lo := min(repRoots[k], fb)
						parent[max(repRoots[k], fb)] = lo
						repRoots[k] = lo
						continue member
					}
				}
				if len(reps) < maxReps {
					reps = append(reps, b)
					repRoots = append(repRoots, fb)
				}
			}
		}
		s := make([]int32, n)
		roots(s, parent)
		snaps = append(snaps, s)
	}
	return snaps[len(snaps)-1], cands
}

// TestPruneKeepsReplay: the replay of lists pruned with any earlier
// band's roots (pruneRef, guessBuckets' rule) makes the clusters and counts the
// candidate pairs of the replay of the whole lists, on buckets of many
// rows of a few true clusters, where most pairs of a bucket do not
// match and representatives run out.
func TestPruneKeepsReplay(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 2))
	for round := range 200 {
		n := 20 + rng.IntN(400)
		distinct := 1 + rng.IntN(n/4+1)
		group := make([]int, n)
		ng := 1 + rng.IntN(n/3+1)
		for i := range group {
			group[i] = rng.IntN(ng)
		}
		// A pair matches when its rows are of one group and a hash of
		// the pair says so: the outcome depends on the pair alone.
		salt := rng.Uint64()
		match := func(a, b int32) bool {
			lo, hi := uint64(min(a, b)), uint64(max(a, b))
			return group[a] == group[b] && (lo*0x9e3779b97f4a7c15^hi+salt)>>61 != 0
		}
		var lists []bandList
		for range nearBands {
			lists = append(lists, appendBuckets(make(bandList, 0, n), sortedKeys(rng, n, distinct)))
		}
		want, wc := replayLists(n, lists, match, nil)
		pruned := 0
		got, gc := replayLists(n, lists, match, func(j int, l bandList, snaps [][]int32) bandList {
			if j == 0 {
				return l
			}
			// Any earlier band's roots, as a late snapshot would be.
			p := pruneRef(l, snaps[rng.IntN(j)])
			pruned += len(l) - len(p)
			return p
		})
		if !slices.Equal(got, want) || gc != wc {
			t.Fatalf("round %d: pruned replay roots %v, %d candidates; want %v, %d", round, got, gc, want, wc)
		}
		if round == 199 && pruned == 0 {
			t.Fatal("nothing pruned: the test tests nothing")
		}
	}
}

// testParents returns n rows each its own root and the find of
// Near.result's union-find (path halving) over them, for the tests'
// replays and references.
func testParents(n int) ([]int32, func(int32) int32) {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	return parent, find
}

// BenchmarkBandList times a band's list from its keys, as a band-list
// maker makes it (radixSortKeys, then appendBuckets), on
// BenchmarkRadixSortKeys' keys; cold after 64 MiB written elsewhere, as
// a maker does after a band's guesses.
func BenchmarkBandList(b *testing.B) {
	keys := bandKeysFixture()
	n := len(keys)
	x, y := make([]uint64, n), make([]uint64, n)
	out := make(bandList, 0, n)
	other := make([]uint64, 8<<20)
	for _, cold := range []bool{false, true} {
		name := "warm"
		if cold {
			name = "cold"
		}
		b.Run(name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var cpu int64
			for b.Loop() {
				if cold {
					for i := range other {
						other[i] += uint64(i)
					}
				}
				own := threadCPUTime()
				out = appendBuckets(out[:0], radixSortKeys(keys, x, y, func() {}))
				cpu += threadCPUTime() - own
			}
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkBandKeysWalk times the walks bandKeys makes over 134,250 rows
// (the 200 MB mail's) added by two workers in batches of 2,048 dealt in
// turn and merged, in walks of 2, 4, 8 (what bandKeysMax's 8 MiB gives) and
// 16 bands a walk.
func BenchmarkBandKeysWalk(b *testing.B) {
	const n, parts, batch = 134250, 2, 2048
	rng := rand.New(rand.NewPCG(5, 6))
	var ps [parts]Near
	var inv []int32
	for p := range parts {
		for i := range n {
			if i/batch%parts != p {
				continue
			}
			var r nearRow
			for j := range r.bands {
				r.bands[j] = rng.Uint32()
			}
			ps[p].rows.Add(r)
			inv = append(inv, int32(i))
		}
	}
	var d Near
	for p := range parts {
		d.rows.Merge(&ps[p].rows)
	}
	buf := make([]uint32, nearBands*n)
	for _, per := range []int{2, 4, 8, 16} {
		b.Run(strconv.Itoa(per), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			own := threadCPUTime()
			for b.Loop() {
				for j0 := 0; j0 < nearBands; j0 += per {
					d.bandKeys(inv, j0, j0+per, buf[:per*n])
				}
			}
			b.ReportMetric(float64(threadCPUTime()-own)/float64(b.N), "cpu-ns/op")
		})
	}
}

// bandKeysFixture returns BenchmarkRadixSortKeys' and BenchmarkBandList's
// keys: 134,250 (corpus-200MB's merged rows), seven in ten a repeat of
// an earlier one.
func bandKeysFixture() []uint32 {
	rng := rand.New(rand.NewPCG(45, 46))
	keys := make([]uint32, 134250)
	for i := range keys {
		if i > 0 && rng.IntN(10) < 7 {
			keys[i] = keys[rng.IntN(i)]
		} else {
			keys[i] = rng.Uint32()
		}
	}
	return keys
}
