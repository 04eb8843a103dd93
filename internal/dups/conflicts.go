package dups

import (
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
)

// labelDict numbers the label values an accumulator meets, so that a row
// keeps 4 bytes of label; Merge remaps the other accumulator's numbers.
type labelDict struct {
	idx   map[string]int32
	names []string
}

// id returns the number of row i's label, or -1 for none.
func (l *labelDict) id(labels *array.String, i int) int32 {
	if labels == nil || labels.IsNull(i) {
		return -1
	}
	v := labels.Value(i)
	if k, ok := l.idx[v]; ok {
		return k
	}
	if l.idx == nil {
		l.idx = map[string]int32{}
	}
	k := int32(len(l.names))
	name := strings.Clone(v)
	l.idx[name] = k
	l.names = append(l.names, name)
	return k
}

// absorb adds o's labels to l and returns how o's numbers map to l's.
func (l *labelDict) absorb(o *labelDict) []int32 {
	m := make([]int32, len(o.names))
	for i, n := range o.names {
		k, ok := l.idx[n]
		if !ok {
			if l.idx == nil {
				l.idx = map[string]int32{}
			}
			k = int32(len(l.names))
			l.idx[n] = k
			l.names = append(l.names, n)
		}
		m[i] = k
	}
	return m
}

func remapLabel(m []int32, k int32) int32 {
	if k < 0 {
		return k
	}
	return m[k]
}

// labelColumn returns the batch's label column, or nil.
func labelColumn(b *ingest.Batch) *array.String {
	if c := b.Column(ingest.ColLabel); c != nil {
		return c.(*array.String)
	}
	return nil
}

// mixedLabels reports whether labels hold two or more distinct labels.
func mixedLabels(labels []int32) bool {
	first := int32(-1)
	for _, k := range labels {
		if k < 0 {
			continue
		}
		if first < 0 {
			first = k
		} else if k != first {
			return true
		}
	}
	return false
}

// conflict returns a label_conflict finding for a cluster whose members
// (rows, with their label numbers) carry more than one label, or false.
// what says which duplicates ("exact", "near").
func conflict(rows []finding.Row, labels []int32, dict *labelDict, what string) (finding.Finding, bool) {
	counts := map[int32]int{}
	for _, k := range labels {
		if k >= 0 {
			counts[k]++
		}
	}
	if len(counts) < 2 {
		return finding.Finding{}, false
	}
	type lc struct {
		name string
		n    int
	}
	var ls []lc
	for k, n := range counts {
		ls = append(ls, lc{dict.names[k], n})
	}
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].n != ls[j].n {
			return ls[i].n > ls[j].n
		}
		return ls[i].name < ls[j].name
	})
	var parts []string
	for _, x := range ls {
		parts = append(parts, fmt.Sprintf("%q x%d", x.name, x.n))
	}
	var members []string
	for i, r := range rows[:min(len(rows), 6)] {
		l := "(none)"
		if labels[i] >= 0 {
			l = fmt.Sprintf("%q", dict.names[labels[i]])
		}
		members = append(members, r.ID+" "+l)
	}
	more := ""
	if len(rows) > 6 {
		more = fmt.Sprintf(", and %d more", len(rows)-6)
	}
	return finding.Finding{
		Kind: finding.KindLabelConflict, Subkind: what, Severity: finding.Error, Rows: rows,
		Evidence: fmt.Sprintf("%d %s duplicates carry %d labels (%s): %s%s", len(rows), what, len(ls), strings.Join(parts, ", "), strings.Join(members, "; "), more),
	}, true
}
