package outliers

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var (
	_ analysis.Analyser = (*Scorer)(nil)
	_ analysis.Encoder  = (*Scorer)(nil)
)

// Spec describes the outlier scoring. Its state is portable
// (AppendState).
var Spec = &analysis.Spec{
	Name: "outliers", Version: 1, Report: "outliers", PerRow: true,
	Kinds: []analysis.Kind{{Name: finding.KindOutlier}},
	New: func(*analysis.Config) (analysis.Analyser, error) {
		return NewScorer(), nil
	},
	Decode: decode,
}

// Finish scores every row: the Section is a *Result. It hands the
// starts of the candidates to the run's Kept first (see candidates).
func (o *Scorer) Finish(env *analysis.Env) (*analysis.Result, error) {
	if o.cands != nil {
		o.cands.give()
		o.cands = nil
	}
	res, fs, unlisted := o.Result(env.Files, env.MaxExamples)
	r := &analysis.Result{Section: &res, Findings: fs, Unlisted: map[string]int64{}}
	if unlisted > 0 {
		r.Unlisted[finding.KindOutlier] = unlisted
	}
	return r, nil
}

// AppendState appends the scorer's state: the number of features, the
// number of rows, then each row in the order of positions, its position
// (analysis.AppendPos: file index, row or line) and its features as
// little-endian float32 bits:
//
//	+------------------+--------------+--------+------------+-----+------------+--------+-----
//	| uvarint features | uvarint rows | pos 0  | f32 feat 0 | ... | f32 feat 7 | pos 1  | ...
//	+------------------+--------------+--------+------------+-----+------------+--------+-----
func (o *Scorer) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(numFeatures))
	dst = binary.AppendUvarint(dst, uint64(o.rows.Len()))
	rows := make([]*outlierRow, 0, o.rows.Len())
	for _, b := range o.rows.Chunks() {
		for i := range b {
			rows = append(rows, &b[i])
		}
	}
	// The order rows were added in depends on how the batches were split
	// among workers: the state lists them by position, the same bytes for
	// any split. Rows of one position (elements of a JSON array line)
	// come from one batch, so the stable sort keeps them in their order.
	slices.SortStableFunc(rows, func(a, b *outlierRow) int {
		pa, pb := o.pos(a), o.pos(b)
		return cmp.Or(cmp.Compare(pa.File, pb.File), cmp.Compare(pa.N, pb.N))
	})
	for _, r := range rows {
		dst = analysis.AppendPos(dst, o.pos(r))
		for _, f := range r.f {
			dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(f))
		}
	}
	return dst, nil
}

// rowBytes is the least a row takes in a state: two one-byte varints and
// the features.
const rowBytes = 2 + 4*numFeatures

// decode reads a state AppendState wrote.
func decode(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	o := NewScorer()
	r := analysis.NewReader(state)
	if n := r.Uvarint("features"); r.Err() == nil && n != uint64(numFeatures) {
		return nil, fmt.Errorf("%d features, want %d", n, numFeatures)
	}
	n := r.Count("rows", rowBytes)
	for range n {
		p := r.Pos("row", c.Files)
		var row outlierRow
		for j := range row.f {
			row.f[j] = r.Float32("feature")
		}
		if r.Err() != nil {
			break
		}
		row.at = o.place(p)
		o.rows.Add(row)
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return o, nil
}
