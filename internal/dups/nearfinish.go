package dups

import (
	"encoding/binary"
	"runtime"
	"sync"
	"sync/atomic"
)

// The near-duplicate finish, in two parts that overlap:
//
//   - band lists, in parallel (up to GOMAXPROCS goroutines, at most 4,
//     each band on its own): a band's keys, each packed with its row's index in input
//     order, radix-sorted (stable, so equal keys stay in input order: the
//     order a comparison sort by key then index gives), and the buckets
//     of two rows or more written out in key order;
//   - the replay, on one goroutine: the buckets of band 0, then band 1,
//     ..., each verified into the union-find exactly as a plain loop
//     over sorted keys would, band by band as the lists come.
//
// Which pairs are verified depends on the clusters found so far, so the
// replay stays serial and in a fixed order; everything it reads (the
// lists) is the same whatever the number of goroutines, so the result is
// too.

// bandList is the buckets of one band with two rows or more, in key
// order, each as the input-order indexes of its rows in input order, the
// first one complemented (^i < 0) to mark the bucket's start.
type bandList []int32

// bandLists makes the band lists: keys(j, dst) sets dst[i] to band j's
// key of the row of input index i. It returns a function giving band j's
// list, blocking until it is made, which must be called for j = 0, 1,
// ... in order, and release(j) afterwards: at most ahead lists are held
// beyond those given out, which bounds memory to a few lists whatever
// the speed of the replay.
func bandLists(n int, keys func(j int, dst []uint64)) (get func(j int) bandList, release func(j int)) {
	// Each goroutine keeps 16 bytes a row of scratch: at most 4.
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	ahead := workers + 1
	lists := make([]bandList, nearBands)
	done := make([]chan struct{}, nearBands)
	for j := range done {
		done[j] = make(chan struct{})
	}
	slots := make(chan struct{}, ahead)
	free := make(chan bandList, ahead+1)
	var next atomic.Int32
	var mu sync.Mutex // orders slot taking with band numbering
	for range workers {
		go func() {
			var s radixScratch
			for {
				mu.Lock()
				j := int(next.Load())
				if j >= nearBands {
					mu.Unlock()
					return
				}
				slots <- struct{}{}
				next.Store(int32(j + 1))
				mu.Unlock()
				var out bandList
				select {
				case out = <-free:
				default:
				}
				lists[j] = s.list(n, j, keys, out[:0])
				close(done[j])
			}
		}()
	}
	get = func(j int) bandList {
		<-done[j]
		return lists[j]
	}
	release = func(j int) {
		select {
		case free <- lists[j]:
		default:
		}
		lists[j] = nil
		<-slots
	}
	return get, release
}

// radixScratch is a band-list maker's memory, reused from band to band:
// 16 bytes a row.
type radixScratch struct {
	a, b []uint64
}

// list returns band j's list, appended to out.
func (s *radixScratch) list(n, j int, keys func(j int, dst []uint64), out bandList) bandList {
	if cap(s.a) < n {
		s.a, s.b = make([]uint64, n), make([]uint64, n)
	}
	a, b := s.a[:n], s.b[:n]
	keys(j, b)
	sorted := radixSortKeys(b, a)
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

// radixSortKeys sorts the keys of rows 0..n-1 (b[i] the key of row i,
// below 2^32) into key<<32 | i, by key then i, in three stable counting
// passes of 11, 11 and 10 bits, with a as scratch of len(b). It returns
// a.
func radixSortKeys(b, a []uint64) []uint64 {
	var c0, c1, c2 [1 << 11]int32
	for _, k := range b {
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
	for i, k := range b {
		p := c0[k&0x7ff]
		c0[k&0x7ff] = p + 1
		a[p] = k<<32 | uint64(i)
	}
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

// preWords is how many words (8 bytes) of each word signature the
// verifier keeps compact.
const preWords = 4

// nearVerifier decides whether two rows are near duplicates, as
// estJ(word) >= WordJ && estJ(pair) >= PairJ does, but stopping as soon
// as the answer is known.
type nearVerifier struct {
	// pre holds the first 32 bytes of every word signature, in input
	// order, compact: most pairs are rejected from them alone, without
	// reaching their rows (the whole signatures took twice the memory
	// for about 10% less CPU).
	pre [][preWords]uint64
	// row returns the row of an input index.
	row func(int32) *nearRow
	// mMin is the bound of the old 16-byte prefilter, kept as it was:
	// with fewer than mMin-1e-9 equal bytes possible, reject.
	mMin float64
	// wNeed and bNeed are the fewest equal bytes (of nearK) whose estJ
	// reaches WordJ and PairJ (nearK+1: none does): estJ depends on the
	// count alone and grows with it.
	wNeed, bNeed int
}

func newNearVerifier(wordJ, pairJ float64, row func(int32) *nearRow) *nearVerifier {
	need := func(j float64) int {
		for m := range nearK + 1 {
			if estJCount(m) >= j {
				return m
			}
		}
		return nearK + 1
	}
	return &nearVerifier{
		row:   row,
		mMin:  nearK * (wordJ*(1-1.0/256) + 1.0/256),
		wNeed: need(wordJ), bNeed: need(pairJ),
	}
}

// match reports whether rows a and b (input indexes) are near duplicates.
func (v *nearVerifier) match(a, b int32) bool {
	pa, pb := &v.pre[a], &v.pre[b]
	m := equalBytes(pa[0], pb[0]) + equalBytes(pa[1], pb[1])
	if float64(m+nearK-16) < v.mMin-1e-9 {
		return false
	}
	// miss is the most unequal bytes the word signatures may have.
	miss := nearK - v.wNeed
	for k := 2; k < preWords; k++ {
		if 8*k-m > miss {
			return false
		}
		m += equalBytes(pa[k], pb[k])
	}
	ra, rb := v.row(a), v.row(b)
	for k := 8 * preWords; k < nearK; k += 8 {
		if k-m > miss {
			return false
		}
		m += equalBytes(binary.LittleEndian.Uint64(ra.word[k:]), binary.LittleEndian.Uint64(rb.word[k:]))
	}
	if nearK-m > miss {
		return false
	}
	miss = nearK - v.bNeed
	m = 0
	for k := 0; k < nearK; k += 8 {
		m += equalBytes(binary.LittleEndian.Uint64(ra.bi[k:]), binary.LittleEndian.Uint64(rb.bi[k:]))
		if k+8-m > miss {
			return false
		}
	}
	return true
}
