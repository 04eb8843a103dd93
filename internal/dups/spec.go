package dups

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/rowstore"
)

var (
	_ analysis.Analyser = (*Exact)(nil)
	_ analysis.Analyser = (*Near)(nil)
)

// ExactSpec describes the exact duplicates: clusters of equal texts after
// normalisation and, with a label, the clusters whose labels conflict.
var ExactSpec = &analysis.Spec{
	Name: "dups.exact", Version: 3, Report: "duplicates.exact", PerRow: true, // 2: a keyed hash (HighwayHash-128), its key's id in the state; 3: each row's JSON array element
	Kinds: []analysis.Kind{{Name: finding.KindExactDuplicate}, {Name: finding.KindLabelConflict, Needs: analysis.NeedLabel}},
	Metrics: []analysis.Metric{
		{Name: "duplicate_rate", Doc: "redundant exact-duplicate rows / rows"},
		{Name: "duplicate_clusters", Doc: "clusters of exact duplicates"},
	},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return newExact(c)
	},
	Decode: decodeExact,
}

// newExact builds an Exact from the configuration.
func newExact(c *analysis.Config) (*Exact, error) {
	d, err := NewExact(c.ExactNormalize)
	if err != nil {
		return nil, fmt.Errorf("exact duplicates: %w", err)
	}
	d.CollectDrops, d.Prefer = c.CollectDrops, c.EvalFiles
	if c.DedupKey != nil {
		if err := d.SetKey(c.DedupKey); err != nil {
			return nil, fmt.Errorf("exact duplicates' key: %w", err)
		}
	}
	return d, nil
}

// NearSpec describes the near duplicates: MinHash LSH clusters verified
// on words and word pairs and, with a label, those whose labels conflict.
var NearSpec = &analysis.Spec{
	Name: "dups.near", Version: 2, Report: "duplicates.near", PerRow: true,
	Kinds: []analysis.Kind{{Name: finding.KindNearDuplicate}, {Name: finding.KindLabelConflict, Needs: analysis.NeedLabel}},
	Metrics: []analysis.Metric{
		{Name: "near_duplicate_clusters", Doc: "clusters of near duplicates"},
	},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return newNear(c), nil
	},
	Decode: decodeNear,
}

// newNear builds a Near from the configuration.
func newNear(c *analysis.Config) *Near {
	d := NewNear()
	d.WordJ, d.PairJ, d.CollectDrops, d.Prefer = c.NearWordJ, c.NearPairJ, c.CollectDrops, c.EvalFiles
	return d
}

// Finish finds the clusters: the Section is an *ExactResult; the findings
// are the clusters, then the label conflicts.
func (d *Exact) Finish(env *analysis.Env) (*analysis.Result, error) {
	rows := d.rows.Len()
	r, fs, unlisted := d.Result(env.Files, env.MaxExamples)
	rate := 0.0
	if rows > 0 {
		rate = float64(r.Redundant) / float64(rows) // not the rounded r.Rate
	}
	return &analysis.Result{Section: &r, Findings: append(fs, r.Conflicts...),
		Unlisted: unlistedOf(finding.KindExactDuplicate, unlisted, r.ConflictsUnlisted),
		Metrics:  map[string]float64{"duplicate_rate": rate, "duplicate_clusters": float64(r.Clusters)},
		Drop:     r.Drop}, nil
}

// Finish finds the clusters: the Section is a *NearResult; the findings
// are the clusters, then the label conflicts.
func (d *Near) Finish(env *analysis.Env) (*analysis.Result, error) {
	r, fs, unlisted := d.result(env.Files, env.MaxExamples, true)
	return &analysis.Result{Section: &r, Findings: append(fs, r.Conflicts...),
		Unlisted: unlistedOf(finding.KindNearDuplicate, unlisted, r.ConflictsUnlisted),
		Metrics:  map[string]float64{"near_duplicate_clusters": float64(r.Clusters)},
		Drop:     r.Drop}, nil
}

// unlistedOf counts the clusters and conflicts left unlisted, leaving out
// zeros.
func unlistedOf(kind string, clusters, conflicts int64) map[string]int64 {
	m := map[string]int64{}
	if clusters > 0 {
		m[kind] = clusters
	}
	if conflicts > 0 {
		m[finding.KindLabelConflict] = conflicts
	}
	return m
}

var _ analysis.Encoder = (*Exact)(nil)

// exactRowBytes is the least a row takes in an Exact state.
const exactRowBytes = 16 + 2 + 1 + 1 + 1

// AppendState appends the exact duplicates' state: the normalisation,
// the id of the hash's key (KeyID, 8 bytes little-endian: a state is
// refused by a run with another key, and does not reveal the key), the
// label values met (a row's label is an index into them), then every row
// in the order of positions: its 128-bit hash (HighwayHash-128 under the
// key, two little-endian words), its position (analysis.AppendPos: file
// index, row or line), its id (uvarint length+1, 0 for none, then the
// bytes), its label (varint index, -1 for none) and its JSON array element
// (uvarint; 0 for other inputs):
//
//	+-----------+------------+----------------+---------+-----+--------------+--------------+-----+-----
//	| normalize | key id (8) | uvarint labels | label 0 | ... | uvarint rows | h1 h2 (16 B) | pos | ...
//	+-----------+------------+----------------+---------+-----+--------------+--------------+-----+-----
//	                                                  ... | id (uvarint len+1, bytes) | varint label | uvarint element | next row
//
// No worker-local number is kept: ids are written out (the id arena's
// offsets are the worker's own) and labels index the state's own list.
func (d *Exact) AppendState(dst []byte) ([]byte, error) {
	dst = analysis.AppendString(dst, d.normalize)
	dst = binary.LittleEndian.AppendUint64(dst, d.keyID)
	dst, label := appendLabels(dst, &d.labels)
	blks := d.rows.Chunks()
	dst = binary.AppendUvarint(dst, uint64(d.rows.Len()))
	for _, at := range rowOrder(blks, func(r *dupRow) rowstore.Spot { return d.places.Spot(r.at) }) {
		r := &blks[at.blk][at.i]
		s := d.places.Spot(r.at)
		dst = binary.LittleEndian.AppendUint64(dst, r.h1)
		dst = binary.LittleEndian.AppendUint64(dst, r.h2)
		dst = analysis.AppendPos(dst, d.pos(*r))
		dst = analysis.AppendID(dst, &d.ids, r.id)
		dst = binary.AppendVarint(dst, int64(label(s.Label)))
		dst = binary.AppendUvarint(dst, uint64(s.Elem))
	}
	return dst, nil
}

// rowAt is a row's place in a chunked row list.
type rowAt struct{ blk, i int }

// rowOrder returns the places of the rows of blks sorted by position
// (file, line or row, element): the order rows are kept in depends on
// how the batches were split among workers, so a state lists them by
// position, the same bytes for any split. A row's position is unique in
// a run; sorting at encode time costs a scan without -o nothing.
func rowOrder[R any](blks [][]R, spot func(*R) rowstore.Spot) []rowAt {
	var out []rowAt
	for k, blk := range blks {
		for i := range blk {
			out = append(out, rowAt{k, i})
		}
	}
	slices.SortFunc(out, func(a, b rowAt) int {
		return spotCompare(spot(&blks[a.blk][a.i]), spot(&blks[b.blk][b.i]))
	})
	return out
}

// decodeExact reads a state Exact.AppendState wrote.
func decodeExact(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	d, err := newExact(c)
	if err != nil {
		return nil, err
	}
	r := analysis.NewReader(state)
	if norm := r.String("normalization"); r.Err() == nil && norm != d.normalize {
		return nil, fmt.Errorf("a state normalised with %q cannot be merged with %q", norm, d.normalize)
	}
	if id := r.Uint64("key id"); r.Err() == nil && id != d.keyID {
		return nil, errKeys(id, d.keyID)
	}
	readLabels(r, &d.labels)
	n := r.Count("rows", exactRowBytes)
	for range n {
		var row dupRow
		row.h1, row.h2 = r.Uint64("hash"), r.Uint64("hash")
		p := r.Pos("row", c.Files)
		row.id = r.ID(&d.ids)
		label := readLabel(r, &d.labels)
		elem := int64(r.Uvarint("element"))
		if r.Err() != nil {
			break
		}
		if err := setLines(d.lines, int32(p.File), p.Line); err != nil {
			return nil, err
		}
		row.at = d.places.Pack(rowstore.Spot{File: int32(p.File), Line: p.Line, N: p.N, Elem: elem, Label: label})
		d.rows.Add(row)
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return d, nil
}

// setLines records whether a file's positions are lines, refusing a state
// whose rows of one file disagree.
func setLines(lines map[int32]bool, file int32, line bool) error {
	if l, ok := lines[file]; ok && l != line {
		return fmt.Errorf("file %d: rows both by line and by row number", file)
	}
	lines[file] = line
	return nil
}

// appendLabels appends the label values of l sorted (l's numbering is
// the order the values were met in, which depends on the workers' split),
// and returns the state's number of each of l's numbers (-1 stays -1):
//
//	+----------------+-----------------------+-----
//	| uvarint labels | label 0 (AppendString) | ...
//	+----------------+-----------------------+-----
func appendLabels(dst []byte, l *labelDict) ([]byte, func(int32) int32) {
	names := slices.Clone(l.names)
	slices.Sort(names)
	to := make([]int32, len(l.names))
	dst = binary.AppendUvarint(dst, uint64(len(names)))
	for k, n := range names {
		dst = analysis.AppendString(dst, n)
		to[l.idx[n]] = int32(k)
	}
	return dst, func(k int32) int32 {
		if k < 0 {
			return k
		}
		return to[k]
	}
}

// readLabels reads what appendLabels wrote into l, an empty dict,
// refusing a value listed twice.
func readLabels(r *analysis.Reader, l *labelDict) {
	n := r.Count("labels", 1)
	for range n {
		name := r.String("label")
		if r.Err() != nil {
			return
		}
		if _, ok := l.idx[name]; ok {
			r.Failf("label %q listed twice", name)
			return
		}
		if l.idx == nil {
			l.idx = map[string]int32{}
		}
		l.idx[name] = int32(len(l.names))
		l.names = append(l.names, name)
	}
}

// readLabel reads a row's label index, refusing one outside l.
func readLabel(r *analysis.Reader, l *labelDict) int32 {
	k := r.Varint("label")
	if k < -1 || k >= int64(len(l.names)) {
		r.Failf("label %d of %d", k, len(l.names))
		return -1
	}
	return int32(k)
}

var _ analysis.Encoder = (*Near)(nil)

// nearRowBytes is the least a row takes in a Near state.
const nearRowBytes = 4*nearBands + 2*nearK + 2 + 1 + 1 + 1

// AppendState appends the near duplicates' state: the label values met,
// then every row in the order of positions: its LSH band keys (little-endian
// uint32), its b-bit word and word-pair signatures (nearK bytes each;
// both are built from stats.StableHash, seed-free), its position
// (analysis.AppendPos), its id, its label and its JSON array element, as
// in Exact's state:
//
//	+--------+--------------+----------------+-----------+---------+-----+----+-------+---------+-----
//	| labels | uvarint rows | bands (16x4 B) | word (64) | bi (64) | pos | id | label | element | ...
//	+--------+--------------+----------------+-----------+---------+-----+----+-------+---------+-----
//
// The thresholds are not in the state: they are applied at Finish, so
// states merge whatever thresholds the run that finishes them uses.
func (d *Near) AppendState(dst []byte) ([]byte, error) {
	dst, label := appendLabels(dst, &d.labels)
	blks, words, pairs := d.rows.Chunks(), d.words.Chunks(), d.pairs.Chunks()
	dst = binary.AppendUvarint(dst, uint64(d.rows.Len()))
	for _, at := range rowOrder(blks, d.spot) {
		r := &blks[at.blk][at.i]
		s := d.spot(r)
		for _, b := range r.bands {
			dst = binary.LittleEndian.AppendUint32(dst, b)
		}
		dst = append(dst, words[at.blk][at.i][:]...)
		dst = append(dst, pairs[at.blk][at.i][:]...)
		dst = analysis.AppendPos(dst, d.pos(r))
		dst = analysis.AppendID(dst, &d.ids, r.id)
		dst = binary.AppendVarint(dst, int64(label(s.Label)))
		dst = binary.AppendUvarint(dst, uint64(s.Elem))
	}
	return dst, nil
}

// decodeNear reads a state Near.AppendState wrote.
func decodeNear(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	d := newNear(c)
	r := analysis.NewReader(state)
	readLabels(r, &d.labels)
	n := r.Count("rows", nearRowBytes)
	lines := map[int32]bool{}
	for range n {
		var bands [nearBands]uint32
		for j := range bands {
			bands[j] = r.Uint32("band")
		}
		word, bi := r.Bytes("word signature", nearK), r.Bytes("pair signature", nearK)
		p := r.Pos("row", c.Files)
		id := r.ID(&d.ids)
		label := readLabel(r, &d.labels)
		elem := int64(r.Uvarint("element"))
		if r.Err() != nil {
			break
		}
		row := d.newRow(p, elem, id, label)
		row.bands = bands
		var w, pair nearSig
		copy(w[:], word)
		copy(pair[:], bi)
		if err := setLines(lines, int32(p.File), p.Line); err != nil {
			return nil, err
		}
		d.add(&row, &w, &pair)
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return d, nil
}
