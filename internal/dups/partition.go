package dups

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// This file cuts the per-row states of Exact and Near into partitions, so
// that a distributed run (dataaudit-beam scan) groups them on P workers
// and its final merge holds only what the report lists:
//
//	exact duplicates, by the keyed hash of the normalised text:
//	  shard k: state ─ SplitExact ─┬─ rest (no row) ──────────────────────────────────────────────┐
//	                               └─ part q (rows whose hash falls in q) ─► partition q            │
//	  partition q: parts of every shard ─ ExactOfPartition ─► totals, rows of the clusters listed ─┤
//	  final: CombineExact ─ merged with the rest ─ ExactTotalled ─ Finish ─────────────────────────┘
//
//	near duplicates, by LSH band key:
//	  shard k: state ─ SplitNear ─┬─ rest (no row) ─────────────────────────────────────────────┐
//	                              ├─ keys q (band keys falling in q) ─► partition q              │
//	                              └─ the state itself ──────────────┐                            │
//	  partition q: keys of every shard ─ SharedOfPartition ─► shared q (keys met twice or more)  │
//	  shard k: state, shared of every partition ─ NearCandidates ─► candidate rows, row count ───┤
//	  final: candidates merged with the rest ─ NearTotalled ─ Finish ────────────────────────────┘
//
// Both give the one-process Result byte for byte:
//
//   - Exact: rows of equal hash fall in one partition, so every cluster is
//     whole in its partition, and the partition counts its clusters, rows
//     and label conflicts. The report lists the first clusters by first
//     row (and the first that carry conflicting labels): those are among
//     the first of their partitions, which is all a partition ships. The
//     final step finds them again among the partitions' listed clusters
//     and takes the counts from the totals.
//   - Near: Result compares only rows that share a band key, in input
//     order, and a row whose band keys are all its own takes part in no
//     comparison, no cluster and no count but RowsScored. So Result over
//     the rows that share a band key with another row (the candidates),
//     in input order, is Result over all rows, but for RowsScored, which
//     the shards count. The candidate pairs are verified and clustered in
//     the final step, not in the partitions: Result's union-find visits
//     buckets band by band, and which pairs it compares depends on the
//     clusters found so far (a bucket compares each row with at most 4
//     earlier rows of other clusters), so only one pass over all buckets
//     in that order gives the one-process clusters and candidate count.
//
// Cost. A partition of exact duplicates holds its rows (32 bytes a row and
// the id, about 1/P of the rows); a partition of near duplicates holds
// its band keys (8 bytes a key, about 16/P keys a row). The final step
// holds, for exact duplicates, the totals and the rows of at most 2×list
// clusters a partition, and for near duplicates the candidate rows (208
// bytes and the id each): nothing for a row that shares no band key.
//
// Partition numbers and counts travel in every part, and a lost,
// repeated or foreign partition is an error, never a smaller report.

// Headers of the parts: not analyses' states, but headed the same way.
var (
	exactPartHeader      = analysis.Header{Name: "dups.exact/part", Version: 1}
	exactPartitionHeader = analysis.Header{Name: "dups.exact/partition", Version: 1}
	nearKeysHeader       = analysis.Header{Name: "dups.near/keys", Version: 1}
	nearSharedHeader     = analysis.Header{Name: "dups.near/shared", Version: 1}
)

// appendPartition heads a part with its header, partition q and count p.
func appendPartition(h analysis.Header, q, p int) []byte {
	dst := h.AppendHeader(nil)
	dst = binary.AppendUvarint(dst, uint64(q))
	return binary.AppendUvarint(dst, uint64(p))
}

// readPartition reads what appendPartition wrote, refusing another
// header, and returns the partition, the count and the rest.
func readPartition(h analysis.Header, data []byte) (q, p int, rest []byte, err error) {
	got, rest, err := analysis.ReadHeader(data)
	if err != nil {
		return 0, 0, nil, err
	}
	if got != h {
		return 0, 0, nil, fmt.Errorf("a part of %s version %d, want %s version %d", got.Name, got.Version, h.Name, h.Version)
	}
	v, rest, err := uvarints(rest, 2)
	if err != nil {
		return 0, 0, nil, err
	}
	if v[1] < 1 || v[1] > 1<<20 || v[0] >= v[1] {
		return 0, 0, nil, fmt.Errorf("partition %d of %d", v[0], v[1])
	}
	return int(v[0]), int(v[1]), rest, nil
}

// uvarints reads n uvarints at the start of data and returns them and
// the bytes after them.
func uvarints(data []byte, n int) ([]uint64, []byte, error) {
	out := make([]uint64, n)
	for i := range out {
		v, k := binary.Uvarint(data)
		if k <= 0 {
			return nil, nil, errors.New("bad or truncated varint")
		}
		out[i], data = v, data[k:]
	}
	return out, data, nil
}

// errPartitions checks that a step was given every partition of p once:
// seen[q] counts the parts of partition q.
func errPartitions(what string, seen []int) error {
	for q, n := range seen {
		switch {
		case n == 0:
			return fmt.Errorf("%s: partition %d of %d never came", what, q, len(seen))
		case n > 1:
			return fmt.Errorf("%s: partition %d of %d given %d times", what, q, len(seen), n)
		}
	}
	return nil
}

// ExactTotals are the counts of exact duplicates of one partition, or
// summed over all: the rows, the clusters, their rows, the largest and
// the clusters whose labels conflict.
type ExactTotals struct {
	Rows, Clusters, RowsInClusters, Largest, LabelConflicts int64
}

// Add adds o's counts to t.
func (t *ExactTotals) Add(o ExactTotals) {
	t.Rows += o.Rows
	t.Clusters += o.Clusters
	t.RowsInClusters += o.RowsInClusters
	t.Largest = max(t.Largest, o.Largest)
	t.LabelConflicts += o.LabelConflicts
}

// exactPartition is the partition of a row of hash h1 among p: h1 is
// already a keyed hash (HighwayHash under the run's key), so rows spread
// evenly and no text can be made to land in a chosen partition.
func exactPartition(h1 uint64, p int) int { return int(h1 % uint64(p)) }

// SplitExact cuts an Exact state (ExactSpec's encoding) into the rest,
// without rows, and p parts holding the rows whose hash falls in each
// partition.
func SplitExact(c *analysis.Config, state []byte, p int) (rest []byte, parts [][]byte, err error) {
	if p < 1 {
		return nil, nil, errors.New("split exact duplicates: want 1 partition or more")
	}
	a, err := analysis.Decode(ExactSpec, c, state)
	if err != nil {
		return nil, nil, err
	}
	d := a.(*Exact)
	ps := make([]*Exact, p)
	for i := range ps {
		ps[i] = d.emptyLike()
	}
	for _, blk := range d.rows.Chunks() {
		for _, r := range blk {
			q := ps[exactPartition(r.h1, p)]
			if r.id.Valid() {
				r.id = q.ids.AddBytes(d.ids.Bytes(r.id))
			}
			r.at = q.places.Move(r.at, &d.places)
			q.rows.Add(r)
		}
	}
	for i, q := range ps {
		data, err := analysis.Encode(ExactSpec, q)
		if err != nil {
			return nil, nil, err
		}
		parts = append(parts, append(appendPartition(exactPartHeader, i, p), data...))
	}
	if rest, err = analysis.Encode(ExactSpec, d.emptyLike()); err != nil {
		return nil, nil, err
	}
	return rest, parts, nil
}

// emptyLike returns an Exact without rows that merges with d: the same
// normalisation, key, label numbering, files by line and preferences.
func (d *Exact) emptyLike() *Exact {
	e := &Exact{CollectDrops: d.CollectDrops, Prefer: d.Prefer, normalize: d.normalize, key: d.key, keyID: d.keyID, init: d.init, lines: map[int32]bool{}}
	for f, l := range d.lines {
		e.lines[f] = l
	}
	e.labels.absorb(&d.labels)
	return e
}

// ExactOfPartition merges the parts of partition q of p (SplitExact's, of
// every shard) and returns its totals and, as the state of an Exact, the
// rows of the clusters the report can list: the partition's first list
// clusters by first row and its first list clusters whose labels
// conflict (list: the Env's MaxExamples). With c.CollectDrops it keeps
// the rows of every cluster, whose redundant rows the drop list names.
func ExactOfPartition(c *analysis.Config, q, p int, parts [][]byte, list int) ([]byte, error) {
	var d *Exact
	for i, data := range parts {
		pq, pp, state, err := readPartition(exactPartHeader, data)
		if err != nil {
			return nil, fmt.Errorf("exact duplicates, part %d: %w", i, err)
		}
		if pq != q || pp != p {
			return nil, fmt.Errorf("exact duplicates, part %d: of partition %d of %d, want %d of %d", i, pq, pp, q, p)
		}
		a, err := analysis.Decode(ExactSpec, c, state)
		if err != nil {
			return nil, fmt.Errorf("exact duplicates, part %d: %w", i, err)
		}
		if d == nil {
			d = a.(*Exact)
		} else if err := d.Merge(a); err != nil {
			return nil, fmt.Errorf("exact duplicates, part %d: %w", i, err)
		}
	}
	if d == nil {
		e, err := newExact(c)
		if err != nil {
			return nil, err
		}
		d = e
	}
	t := ExactTotals{Rows: int64(d.rows.Len())}
	clusters := clusterRows(&d.rows, &d.places, &t.Clusters, &t.RowsInClusters, &t.Largest)
	slices.SortFunc(clusters, func(a, b []dupRow) int { return rowCompare(&d.places, a[0], b[0]) })
	list = max(list, 0)
	kept := d.emptyLike()
	kept.ids = d.ids       // the rows keep their references
	kept.places = d.places // and their places
	var labels []int32
	for i, cl := range clusters {
		labels = labels[:0]
		for _, m := range cl {
			labels = append(labels, d.label(m))
		}
		keep := i < list || d.CollectDrops
		if mixedLabels(labels) {
			t.LabelConflicts++
			keep = keep || t.LabelConflicts <= int64(list)
		}
		if keep {
			for _, m := range cl {
				kept.rows.Add(m)
			}
		}
	}
	state, err := analysis.Encode(ExactSpec, kept)
	if err != nil {
		return nil, err
	}
	out := appendPartition(exactPartitionHeader, q, p)
	for _, n := range []int64{t.Rows, t.Clusters, t.RowsInClusters, t.Largest, t.LabelConflicts} {
		out = binary.AppendUvarint(out, uint64(n))
	}
	return append(out, state...), nil
}

// CombineExact checks that partials hold every partition's result
// (ExactOfPartition's) once, and returns their listed rows merged into
// one Exact, in partition order, and their summed totals. The Exact
// merges with the rest of every shard (SplitExact's); ExactTotalled
// finishes it.
func CombineExact(c *analysis.Config, partials [][]byte) (analysis.Analyser, ExactTotals, error) {
	var t ExactTotals
	var seen []int
	states := map[int][]byte{}
	for i, data := range partials {
		q, p, rest, err := readPartition(exactPartitionHeader, data)
		if err != nil {
			return nil, t, fmt.Errorf("exact duplicates, partition result %d: %w", i, err)
		}
		if seen == nil {
			seen = make([]int, p)
		} else if len(seen) != p {
			return nil, t, fmt.Errorf("exact duplicates: partition %d of %d among partitions of %d", q, p, len(seen))
		}
		seen[q]++
		v, state, err := uvarints(rest, 5)
		if err != nil {
			return nil, t, fmt.Errorf("exact duplicates, partition %d: %w", q, err)
		}
		t.Add(ExactTotals{Rows: int64(v[0]), Clusters: int64(v[1]), RowsInClusters: int64(v[2]), Largest: int64(v[3]), LabelConflicts: int64(v[4])})
		states[q] = state
	}
	if seen == nil {
		return nil, t, errors.New("exact duplicates: no partition came")
	}
	if err := errPartitions("exact duplicates", seen); err != nil {
		return nil, t, err
	}
	var d analysis.Analyser
	for q := range seen {
		a, err := analysis.Decode(ExactSpec, c, states[q])
		if err != nil {
			return nil, t, fmt.Errorf("exact duplicates, partition %d: %w", q, err)
		}
		if d == nil {
			d = a
		} else if err := d.Merge(a); err != nil {
			return nil, t, fmt.Errorf("exact duplicates, partition %d: %w", q, err)
		}
	}
	return d, t, nil
}

// exactTotalled is an Exact holding the listed clusters of every
// partition, finished with the partitions' totals.
type exactTotalled struct {
	*Exact
	t ExactTotals
}

// ExactTotalled returns a, an Exact holding the rows CombineExact
// returned (merged with the shards' rests), as an analyser whose Finish
// gives the one-process Result of the rows the totals t count.
func ExactTotalled(a analysis.Analyser, t ExactTotals) (analysis.Analyser, error) {
	d, ok := a.(*Exact)
	if !ok {
		return nil, fmt.Errorf("exact duplicates' totals given to %T", a)
	}
	return exactTotalled{d, t}, nil
}

// Finish is Exact.Finish with the counts of the totals: Result lists
// the clusters, and counts only those it was given.
func (d exactTotalled) Finish(env *analysis.Env) (*analysis.Result, error) {
	r, fs, _ := d.Result(env.Files, env.MaxExamples)
	t := d.t
	r.Clusters, r.RowsInClusters, r.Largest = t.Clusters, t.RowsInClusters, t.Largest
	r.Redundant = t.RowsInClusters - t.Clusters
	r.Rate, r.LabelConflicts = 0, t.LabelConflicts
	r.ConflictsUnlisted = t.LabelConflicts - int64(len(r.Conflicts))
	rate := 0.0
	if t.Rows > 0 {
		rate = float64(r.Redundant) / float64(t.Rows)
		r.Rate = finding.Round(rate, 8)
	}
	return &analysis.Result{Section: &r, Findings: append(fs, r.Conflicts...),
		Unlisted: unlistedOf(finding.KindExactDuplicate, t.Clusters-int64(len(fs)), r.ConflictsUnlisted),
		Metrics:  map[string]float64{"duplicate_rate": rate, "duplicate_clusters": float64(r.Clusters)},
		Drop:     r.Drop}, nil
}

// NearTotals are the counts of near duplicates the shards make: the rows
// compared (RowsScored).
type NearTotals struct {
	Rows int64
}

// bandKey is a row's key of band j, as the partitions see it.
func bandKey(j int, key uint32) uint64 { return uint64(j)<<32 | uint64(key) }

// nearPartitioner places band keys in partitions by a hash seeded from
// the job's key: band keys are seed-free (stats.StableHash), so that an
// unseeded placement would let a supplier load one partition.
type nearPartitioner struct {
	seed uint64
	p    uint64
}

func newNearPartitioner(key []byte, p int) nearPartitioner {
	h := fnv.New64a()
	h.Write([]byte("dataaudit dups.near partition\x00"))
	h.Write(key)
	return nearPartitioner{seed: h.Sum64(), p: uint64(p)}
}

func (np nearPartitioner) of(k uint64) int { return int(stats.Mix64(k^np.seed) % np.p) }

// SplitNear cuts a Near state (NearSpec's encoding) into the rest,
// without rows, and the band keys of its rows in p partitions (placed by
// a hash keyed with key, the job's): each part lists its keys once,
// sorted, each marked when two rows of the state share it. The state
// itself is what NearCandidates filters.
func SplitNear(c *analysis.Config, state []byte, p int, key []byte) (rest []byte, keys [][]byte, err error) {
	if p < 1 {
		return nil, nil, errors.New("split near duplicates: want 1 partition or more")
	}
	a, err := analysis.Decode(NearSpec, c, state)
	if err != nil {
		return nil, nil, err
	}
	d := a.(*Near)
	np := newNearPartitioner(key, p)
	ks := make([][]uint64, p)
	for _, blk := range d.rows.Chunks() {
		for i := range blk {
			for j, b := range blk[i].bands {
				k := bandKey(j, b)
				q := np.of(k)
				ks[q] = append(ks[q], k)
			}
		}
	}
	for q, l := range ks {
		slices.Sort(l)
		out := appendPartition(nearKeysHeader, q, p)
		out = appendKeys(out, l, true)
		keys = append(keys, out)
		ks[q] = nil
	}
	if rest, err = analysis.Encode(NearSpec, d.emptyLike()); err != nil {
		return nil, nil, err
	}
	return rest, keys, nil
}

// emptyLike returns a Near without rows that merges with d.
func (d *Near) emptyLike() *Near {
	e := &Near{CollectDrops: d.CollectDrops, WordJ: d.WordJ, PairJ: d.PairJ, Prefer: d.Prefer}
	e.labels.absorb(&d.labels)
	return e
}

// appendKeys appends sorted keys, each once: a uvarint count, then each
// key's difference from the previous one (from 0 for the first) shifted
// left by one, its low bit set when the key is listed more than once
// and marked is true:
//
//	+-------------+---------------------------------+-----
//	| uvarint n   | uvarint (key-prev)<<1 | shared  | ...
//	+-------------+---------------------------------+-----
func appendKeys(dst []byte, sorted []uint64, marked bool) []byte {
	n := 0
	for i := range sorted {
		if i == 0 || sorted[i] != sorted[i-1] {
			n++
		}
	}
	dst = binary.AppendUvarint(dst, uint64(n))
	var prev uint64
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		v := (sorted[i] - prev) << 1
		if marked && j-i > 1 {
			v |= 1
		}
		dst = binary.AppendUvarint(dst, v)
		prev = sorted[i]
		i = j
	}
	return dst
}

// readKeys reads what appendKeys wrote, appending each key to keys and,
// when marked, to shared too; keys must increase, and band keys have 36
// bits.
func readKeys(r *analysis.Reader, keys, shared []uint64) ([]uint64, []uint64) {
	n := r.Count("keys", 1)
	var prev uint64
	for i := range n {
		v := r.Uvarint("key")
		if r.Err() != nil {
			return keys, shared
		}
		k := prev + min(v>>1, 1<<36) // no wrap: a key has 36 bits
		if i > 0 && v>>1 == 0 || k >= 1<<36 {
			r.Failf("key %d: %x after %x", i, k, prev)
			return keys, shared
		}
		keys = append(keys, k)
		if v&1 != 0 {
			shared = append(shared, k)
		}
		prev = k
	}
	return keys, shared
}

// SharedOfPartition merges the band keys of partition q of p (SplitNear's
// parts, of every shard) and returns the keys two rows or more share.
func SharedOfPartition(q, p int, parts [][]byte) ([]byte, error) {
	var keys, shared []uint64
	for i, data := range parts {
		pq, pp, rest, err := readPartition(nearKeysHeader, data)
		if err != nil {
			return nil, fmt.Errorf("near duplicates, part %d: %w", i, err)
		}
		if pq != q || pp != p {
			return nil, fmt.Errorf("near duplicates, part %d: of partition %d of %d, want %d of %d", i, pq, pp, q, p)
		}
		r := analysis.NewReader(rest)
		keys, shared = readKeys(r, keys, shared)
		if err := r.Close(); err != nil {
			return nil, fmt.Errorf("near duplicates, part %d: %w", i, err)
		}
	}
	slices.Sort(keys)
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			shared = append(shared, keys[i])
		}
	}
	keys = nil
	slices.Sort(shared)
	out := appendPartition(nearSharedHeader, q, p)
	return appendKeys(out, shared, false), nil
}

// NearCandidates keeps the rows of a Near state (a shard's, as given to
// SplitNear) that share a band key with another row, by shared, the
// results of SharedOfPartition of every partition of p, and returns them
// as a Near state, with the rows of the state (all compared, NearTotals).
func NearCandidates(c *analysis.Config, state []byte, p int, key []byte, shared [][]byte) ([]byte, NearTotals, error) {
	sets := make([][]uint64, p)
	seen := make([]int, p)
	for i, data := range shared {
		q, pp, rest, err := readPartition(nearSharedHeader, data)
		if err != nil {
			return nil, NearTotals{}, fmt.Errorf("near duplicates, shared keys %d: %w", i, err)
		}
		if pp != p {
			return nil, NearTotals{}, fmt.Errorf("near duplicates: shared keys of partition %d of %d, want of %d", q, pp, p)
		}
		seen[q]++
		r := analysis.NewReader(rest)
		sets[q], _ = readKeys(r, nil, nil)
		if err := r.Close(); err != nil {
			return nil, NearTotals{}, fmt.Errorf("near duplicates, shared keys of partition %d: %w", q, err)
		}
	}
	if err := errPartitions("near duplicates' shared keys", seen); err != nil {
		return nil, NearTotals{}, err
	}
	a, err := analysis.Decode(NearSpec, c, state)
	if err != nil {
		return nil, NearTotals{}, err
	}
	d := a.(*Near)
	np := newNearPartitioner(key, p)
	kept := d.emptyLike()
	kept.ids = d.ids       // the rows keep their references
	kept.places = d.places // and their places
	t := NearTotals{Rows: int64(d.rows.Len())}
	for c, blk := range d.rows.Chunks() {
		words, pairs := d.words.Chunks()[c], d.pairs.Chunks()[c]
	row:
		for i := range blk {
			for j, b := range blk[i].bands {
				k := bandKey(j, b)
				if _, ok := slices.BinarySearch(sets[np.of(k)], k); ok {
					kept.add(&blk[i], &words[i], &pairs[i])
					continue row
				}
			}
		}
	}
	out, err := analysis.Encode(NearSpec, kept)
	return out, t, err
}

// nearTotalled is a Near holding the candidate rows, finished with the
// shards' totals.
type nearTotalled struct {
	*Near
	t NearTotals
}

// NearTotalled returns a, a Near holding the candidates of every shard
// (NearCandidates', merged with the shards' rests), as an analyser whose
// Finish gives the one-process Result of the rows the totals t count.
func NearTotalled(a analysis.Analyser, t NearTotals) (analysis.Analyser, error) {
	d, ok := a.(*Near)
	if !ok {
		return nil, fmt.Errorf("near duplicates' totals given to %T", a)
	}
	return nearTotalled{d, t}, nil
}

// Finish is Near.Finish with RowsScored from the totals: the candidates
// are all the rows Result compares, not all the rows.
func (d nearTotalled) Finish(env *analysis.Env) (*analysis.Result, error) {
	res, err := d.Near.Finish(env)
	if err != nil {
		return nil, err
	}
	res.Section.(*NearResult).RowsScored = d.t.Rows
	return res, nil
}
