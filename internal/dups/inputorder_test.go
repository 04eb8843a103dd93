package dups

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/dataaudit/dataaudit/internal/rowstore"
)

// TestInputOrder: inputOrder puts each signature at its input index, in
// place and by copying, for blocks merged from several parts (not full,
// so some slots hold no item) in every order of the references: the
// input order of batches dealt to the parts in turn, a shuffle, and
// block order.
func TestInputOrder(t *testing.T) {
	// sigOf is the signature of item k of part p: every one differs.
	sigOf := func(p, k int) nearSig {
		var s nearSig
		for j := range s {
			s[j] = byte(p*131 + k*7 + j*k>>3 + (k>>8)*j)
		}
		s[0], s[1], s[2] = byte(p), byte(k), byte(k>>8)
		return s
	}
	// pairOf is the pair signature of item k of part p: another.
	pairOf := func(p, k int) nearSig {
		s := sigOf(p, k)
		binary.LittleEndian.PutUint32(s[3:], uint32(p)<<20^uint32(k)^0x5a5a5a5a)
		return s
	}
	for _, tc := range []struct {
		name         string
		parts, items int // items of each part
		batch        int // rows a batch: input order deals batches to the parts in turn
		order        string
	}{
		{"empty", 1, 0, 1, "batches"},
		{"one part", 1, 100, 10, "batches"},
		{"one part of two blocks", 1, sigSize + 5, 1000, "batches"},
		{"two parts of batches", 2, 20000, 2048, "batches"},
		{"three parts of small batches", 3, 19000, 97, "batches"},
		{"three parts shuffled", 3, 17000, 1, "shuffle"},
		{"four parts block order", 4, 9000, 1, "blocks"},
	} {
		for _, inPlace := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s in place %v", tc.name, inPlace), func(t *testing.T) {
				parts := make([]rowstore.Blocks[nearSig], tc.parts)
				pparts := make([]rowstore.Blocks[nearSig], tc.parts)
				for p := range parts {
					for k := range tc.items {
						parts[p].Add(sigOf(p, k))
						pparts[p].Add(pairOf(p, k))
					}
				}
				var ws, ps rowstore.Blocks[nearSig]
				// want[i] is the signature of input index i; refs[i] its
				// reference in ws.
				var want, wantPair []nearSig
				var refs []uint32
				// ref[p][k] is item k of part p's reference after the merge.
				ref := make([][]uint32, tc.parts)
				for p := range parts {
					base := len(ws.Chunks())
					for b, c := range parts[p].Chunks() {
						for j := range c {
							ref[p] = append(ref[p], ws.RefOf(base+b, j))
						}
					}
					ws.Merge(&parts[p])
					ps.Merge(&pparts[p])
				}
				switch tc.order {
				case "batches":
					next := make([]int, tc.parts)
					for q := 0; len(want) < tc.parts*tc.items; q++ {
						p := q % tc.parts
						for range tc.batch {
							if next[p] == tc.items {
								break
							}
							want = append(want, sigOf(p, next[p]))
							wantPair = append(wantPair, pairOf(p, next[p]))
							refs = append(refs, ref[p][next[p]])
							next[p]++
						}
					}
				default:
					for p := range ref {
						for k := range ref[p] {
							want = append(want, sigOf(p, k))
							wantPair = append(wantPair, pairOf(p, k))
							refs = append(refs, ref[p][k])
						}
					}
					if tc.order == "shuffle" {
						rng := rand.New(rand.NewPCG(5, 6))
						rng.Shuffle(len(refs), func(i, j int) {
							refs[i], refs[j] = refs[j], refs[i]
							want[i], want[j] = want[j], want[i]
							wantPair[i], wantPair[j] = wantPair[j], wantPair[i]
						})
					}
				}
				got := inputOrder(&ws, &ps, refs, inPlace)
				for i := range want {
					if s := got.at(int32(i)); *s != want[i] {
						t.Fatalf("inputOrder(%d rows, in place %v).at(%d) = %v, want %v", len(want), inPlace, i, s[:3], want[i][:3])
					}
					if l := got.low[i]; l != lowBits(&want[i]) {
						t.Fatalf("inputOrder(%d rows, in place %v).low[%d] = %#x, want %#x", len(want), inPlace, i, l, lowBits(&want[i]))
					}
					if s := got.pairAt(int32(i)); *s != wantPair[i] {
						t.Fatalf("inputOrder(%d rows, in place %v).pairAt(%d) = %v, want %v", len(want), inPlace, i, s[:3], wantPair[i][:3])
					}
				}
				if len(want) > 0 && (inPlace != (got.blocks != nil) || inPlace != (got.pblocks != nil) || inPlace == (got.flat != nil) || inPlace == (got.pair != nil)) {
					t.Errorf("inputOrder(in place %v): word signatures in blocks %v, pair signatures in blocks %v; want both %v", inPlace, got.blocks != nil, got.pblocks != nil, inPlace)
				}
				if inPlace && (ws.Len() != 0 || ps.Len() != 0) {
					t.Errorf("inputOrder in place left %d and %d signatures in the blocks, want them taken", ws.Len(), ps.Len())
				}
			})
		}
	}
}

// TestSigShift: a sigTable's blocks are rowstore's (inputOrder moves the
// signatures within them), and prefetch_amd64.s takes a block as 1<<14
// signatures.
func TestSigShift(t *testing.T) {
	var b rowstore.Blocks[nearSig]
	if got := b.RefOf(1, 0); got != sigSize || sigShift != 14 {
		t.Errorf("RefOf(1, 0) = %d, sigShift %d: want %d and 14", got, sigShift, sigSize)
	}
}

// BenchmarkInputOrder times Finish's inputOrder (in place) on 134,250
// rows, as many as the 200 MB mail has, added by two workers in batches
// of 2,048 dealt in turn and merged: the word and pair signatures put in
// input order within their blocks, with their low bits.
func BenchmarkInputOrder(b *testing.B) {
	const n, parts, batch = 134250, 2, 2048
	rng := rand.New(rand.NewPCG(1, 2))
	sigs := make([]nearSig, n)
	for i := range sigs {
		for k := range sigs[i] {
			sigs[i][k] = byte(rng.Uint32())
		}
	}
	// Input index i goes to part (i/batch)%parts; refs[i] is its slot
	// once the parts' blocks are merged.
	var at [parts][]int
	for i := range n {
		p := i / batch % parts
		at[p] = append(at[p], i)
	}
	fill := func() (ws, ps rowstore.Blocks[nearSig], refs []uint32) {
		var wp, pp [parts]rowstore.Blocks[nearSig]
		for p := range parts {
			for _, i := range at[p] {
				wp[p].Add(sigs[i])
				pp[p].Add(sigs[n-1-i])
			}
		}
		for p := range parts {
			ws.Merge(&wp[p])
			ps.Merge(&pp[p])
		}
		// The merged blocks hold part 0's items, then part 1's.
		var pos []uint32
		for bi, blk := range ws.Chunks() {
			for j := range blk {
				pos = append(pos, ws.RefOf(bi, j))
			}
		}
		refs = make([]uint32, n)
		k := 0
		for p := range parts {
			for _, i := range at[p] {
				refs[i] = pos[k]
				k++
			}
		}
		return ws, ps, refs
	}
	b.ReportAllocs()
	var cpu int64
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ws, ps, refs := fill()
		b.StartTimer()
		own := threadCPUTime()
		t := inputOrder(&ws, &ps, refs, true)
		cpu += threadCPUTime() - own
		if t.blocks == nil || *t.at(7) != sigs[7] || *t.pairAt(7) != sigs[n-8] {
			b.Fatal("inputOrder: signatures not in input order")
		}
	}
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}
