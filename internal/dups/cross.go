package dups

import (
	"cmp"
	"slices"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Cross-set overlap: which rows of a corpus B also appear in a corpus A.
// The index is built on A (its rows' hashes and LSH band keys, sorted) and
// B's rows probe it, so every B row is checked directly against A rows:
// a B row that only resembles another B row is never counted.

// CrossMatch is a row of B found in A, and one A row it matches.
type CrossMatch struct {
	B, A ingest.Pos
	// Near is false for an exact match (same normalised text) and true for
	// a near duplicate, with its estimated word Jaccard similarity.
	Near    bool
	Jaccard float64
	// BID and AID are the rows' ids (--id), "" without one.
	BID, AID string
	// bElem is B's element in a JSON array (ingest.Batch.Elem), which
	// tells apart the B rows of one line for CrossNear's skip.
	bElem int64
}

// CrossExact returns the rows of b whose normalised text equals that of a
// row of a, in b's input order, each with the first such row of a. Both
// must use the same normalisation and key (NewExact gives every Exact of
// a process the same); they are emptied.
func CrossExact(a, b *Exact) []CrossMatch {
	if a.keyID != b.keyID {
		panic(errKeys(b.keyID, a.keyID)) // a bug of the caller: the hashes cannot be compared
	}
	ar := a.rows.Flatten()
	// By hash, then position: a search finds the first A row of a text.
	slices.SortFunc(ar, func(x, y dupRow) int {
		if c := cmp.Compare(x.h1, y.h1); c != 0 {
			return c
		}
		if c := cmp.Compare(x.h2, y.h2); c != 0 {
			return c
		}
		return rowCompare(&a.places, x, y)
	})
	br := b.rows.Flatten()
	slices.SortFunc(br, func(x, y dupRow) int { return rowCompare(&b.places, x, y) })
	var out []CrossMatch
	for _, r := range br {
		i, ok := slices.BinarySearchFunc(ar, r, func(x, t dupRow) int {
			if c := cmp.Compare(x.h1, t.h1); c != 0 {
				return c
			}
			return cmp.Compare(x.h2, t.h2)
		})
		if ok {
			out = append(out, CrossMatch{B: b.pos(r), A: a.pos(ar[i]), BID: b.id(r), AID: a.id(ar[i]), bElem: b.places.Spot(r.at).Elem})
		}
	}
	return out
}

type posKey struct {
	file    int32
	n, elem int64
}

func (p posKey) cmp(q posKey) int {
	if c := cmp.Compare(p.file, q.file); c != 0 {
		return c
	}
	if c := cmp.Compare(p.n, q.n); c != 0 {
		return c
	}
	return cmp.Compare(p.elem, q.elem)
}

func (d *Near) key(r *nearRow) posKey { s := d.spot(r); return posKey{s.File, s.N, s.Elem} }

// crossNearProbe is how many A rows sharing a band key with a B row are
// verified at most, per band: a band key shared by thousands of A rows
// (boilerplate) would otherwise make the probe quadratic.
const crossNearProbe = 16

// CrossNear returns the rows of b that are near duplicates of a row of a
// (the NearWordJ and NearPairJ verification of Near), in b's input
// order, each with the A row it matched first. skip lists B positions
// already matched (exact matches), which are not probed. a and b are
// emptied.
func CrossNear(a, b *Near, skip []CrossMatch) []CrossMatch {
	return CrossNearJ(a, b, skip, NearWordJ, NearPairJ)
}

// CrossNearJ is CrossNear with the verification thresholds wordJ and
// pairJ.
func CrossNearJ(a, b *Near, skip []CrossMatch, wordJ, pairJ float64) []CrossMatch {
	ar := a.flatten()
	slices.SortFunc(ar, func(x, y sigRow) int { return a.key(&x.nearRow).cmp(a.key(&y.nearRow)) })
	br := b.flatten()
	slices.SortFunc(br, func(x, y sigRow) int { return b.key(&x.nearRow).cmp(b.key(&y.nearRow)) })
	done := map[posKey]bool{}
	for _, m := range skip {
		done[posKey{int32(m.B.File), m.B.N, m.bElem}] = true
	}
	type keyed struct {
		key uint32
		idx int32
	}
	match := make([]int32, len(br))
	sim := make([]float64, len(br))
	for i := range match {
		match[i] = -1
	}
	keys := make([]keyed, len(ar))
	for j := range nearBands {
		for i := range ar {
			keys[i] = keyed{ar[i].bands[j], int32(i)}
		}
		slices.SortFunc(keys, func(x, y keyed) int {
			if c := cmp.Compare(x.key, y.key); c != 0 {
				return c
			}
			return cmp.Compare(x.idx, y.idx)
		})
		for i := range br {
			if match[i] >= 0 || done[b.key(&br[i].nearRow)] {
				continue
			}
			k := br[i].bands[j]
			s, _ := slices.BinarySearchFunc(keys, k, func(x keyed, t uint32) int { return cmp.Compare(x.key, t) })
			for e := s; e < len(keys) && e < s+crossNearProbe && keys[e].key == k; e++ {
				r := &ar[keys[e].idx]
				if wj := estJ(&br[i].word, &r.word); wj >= wordJ && estJ(&br[i].pair, &r.pair) >= pairJ {
					match[i], sim[i] = keys[e].idx, finding.Round(wj, 2)
					break
				}
			}
		}
	}
	var out []CrossMatch
	for i, m := range match {
		if m < 0 {
			continue
		}
		r, q := &br[i], &ar[m]
		out = append(out, CrossMatch{
			B: b.pos(&r.nearRow), A: a.pos(&q.nearRow),
			Near: true, Jaccard: sim[i], BID: b.ids.String(r.id), AID: a.ids.String(q.id),
		})
	}
	return out
}
