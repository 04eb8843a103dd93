package splits

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/dups"
	"github.com/dataaudit/dataaudit/internal/stats"
)

var _ analysis.Encoder = (*Checker)(nil)

// AppendState appends the split checks' state: the splits in report
// order, each with its name and counts (rows, bad records, rows without a
// label, tokens: uvarints; a byte, 1 when it has too many labels; its
// labels sorted, each a string and a uvarint of rows), then the states of
// the training rows' exact records, the evaluation rows' exact records,
// the training rows' near records and the evaluation rows' near records
// (dups.Exact and dups.Near AppendState, each after its uvarint length):
//
//	+----------------+------+------+-----+------+--------+------+----------+--------+-----+------
//	| uvarint splits | name | rows | bad | null | tokens | many | n labels | label  | ... | next split
//	+----------------+------+------+-----+------+--------+------+----------+--------+-----+------
//	... | len | train exact | len | eval exact | len | train near | len | eval near |
//
// The split of each file is not in the state: it is the run's file
// table's (analysis.Config.Splits), which the processes share; a state
// whose splits are not the table's is refused.
func (k *Checker) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(len(k.names)))
	for i, name := range k.names {
		c := &k.counts[i]
		dst = analysis.AppendString(dst, name)
		for _, v := range []uint64{uint64(c.rows), uint64(c.bad), uint64(c.nullLabels), c.tokens} {
			dst = binary.AppendUvarint(dst, v)
		}
		many := byte(0)
		if c.tooMany {
			many = 1
		}
		dst = append(dst, many)
		labels := make([]string, 0, len(c.labels))
		for l := range c.labels {
			labels = append(labels, l)
		}
		slices.Sort(labels)
		dst = binary.AppendUvarint(dst, uint64(len(labels)))
		for _, l := range labels {
			dst = analysis.AppendString(dst, l)
			dst = binary.AppendUvarint(dst, uint64(c.labels[l]))
		}
	}
	for _, e := range []analysis.Encoder{k.trainExact, k.evalExact, k.trainNear, k.evalNear} {
		sub, err := e.AppendState(nil)
		if err != nil {
			return nil, err
		}
		dst = binary.AppendUvarint(dst, uint64(len(sub)))
		dst = append(dst, sub...)
	}
	return dst, nil
}

// decode reads a state AppendState wrote.
func decode(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	k, err := New(c)
	if err != nil {
		return nil, err
	}
	r := analysis.NewReader(state)
	if n := r.Count("splits", 7); r.Err() == nil && n != len(k.names) {
		return nil, fmt.Errorf("a state of %d splits for a table of %d", n, len(k.names))
	}
	for i, name := range k.names {
		if got := r.String("split"); r.Err() == nil && got != name {
			r.Failf("split %d is %q, the table's is %q", i, got, name)
		}
		cn := &k.counts[i]
		cn.rows = int64(r.Int("rows", math.MaxInt64))
		cn.bad = int64(r.Int("bad records", math.MaxInt64))
		cn.nullLabels = int64(r.Int("rows without a label", math.MaxInt64))
		cn.tokens = r.Uvarint("tokens")
		switch r.Byte("too many labels") {
		case 0:
		case 1:
			cn.tooMany = true
		default:
			r.Failf("split %q: too-many-labels flag not 0 or 1", name)
		}
		n := r.Count("labels", 2)
		if r.Err() == nil && (n > stats.MaxLabels || cn.tooMany && n > 0) {
			r.Failf("split %q: %d labels", name, n)
		}
		for range n {
			l, rows := r.String("label"), r.Int("label rows", math.MaxInt64)
			if r.Err() != nil {
				break
			}
			if _, ok := cn.labels[l]; ok {
				r.Failf("split %q: label %q listed twice", name, l)
				break
			}
			if cn.labels == nil {
				cn.labels = map[string]int64{}
			}
			cn.labels[l] = int64(rows)
		}
		if r.Err() != nil {
			return nil, r.Err()
		}
	}
	cc := *c
	cc.ExactNormalize = k.trainExact.Normalization()
	for _, sub := range []struct {
		what string
		spec *analysis.Spec
		set  func(analysis.Analyser)
	}{
		{"training exact records", dups.ExactSpec, func(a analysis.Analyser) { k.trainExact = a.(*dups.Exact) }},
		{"evaluation exact records", dups.ExactSpec, func(a analysis.Analyser) { k.evalExact = a.(*dups.Exact) }},
		{"training near records", dups.NearSpec, func(a analysis.Analyser) { keepJ(a.(*dups.Near), k.trainNear); k.trainNear = a.(*dups.Near) }},
		{"evaluation near records", dups.NearSpec, func(a analysis.Analyser) { keepJ(a.(*dups.Near), k.evalNear); k.evalNear = a.(*dups.Near) }},
	} {
		n := r.Count(sub.what, 1)
		b := r.Bytes(sub.what, n)
		if r.Err() != nil {
			return nil, r.Err()
		}
		a, err := sub.spec.Decode(&cc, b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sub.what, err)
		}
		sub.set(a)
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return k, nil
}

// keepJ gives a decoded Near the thresholds of the fresh one it replaces:
// they are the run's, not the state's.
func keepJ(d, fresh *dups.Near) { d.WordJ, d.PairJ = fresh.WordJ, fresh.PairJ }
