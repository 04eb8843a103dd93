package labels

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
)

// Label conflicts of the label checks (Options.Conflicts, set when no
// duplicate check runs): rows whose normalised texts have the same words
// (the key folds group rows by, rowKey) and that carry different labels.
// Pass 1 keeps each labelled row's key, position and class (conflictKey,
// 24 bytes a row); the Model keeps the rows of keys held by two classes or
// more (conflictRow, 16 bytes each); Result names them from pass 2's rows,
// which carry ids. A JSON array's rows are in too: each is named by its
// element (before session 11 they were left out, from when the rows of
// an array on one line shared its line).

// conflictKey is a labelled row's text key, position and class.
type conflictKey struct {
	fh    uint64
	n     int64
	file  int32
	class int32
}

// conflictRow is a row of a label conflict: its position and the
// conflict's number.
type conflictRow struct {
	n     int64
	file  int32
	group int32
}

// conflictRows returns the rows whose key is shared by a row of another
// class, by position; keys is sorted in place.
func conflictRows(keys []conflictKey) []conflictRow {
	slices.SortFunc(keys, func(a, b conflictKey) int {
		if c := cmp.Compare(a.fh, b.fh); c != 0 {
			return c
		}
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})
	var out []conflictRow
	group := int32(0)
	for i := 0; i < len(keys); {
		j, mixed := i+1, false
		for ; j < len(keys) && keys[j].fh == keys[i].fh; j++ {
			mixed = mixed || keys[j].class != keys[i].class
		}
		if mixed {
			for _, k := range keys[i:j] {
				out = append(out, conflictRow{n: k.n, file: k.file, group: group})
			}
			group++
		}
		i = j
	}
	slices.SortFunc(out, func(a, b conflictRow) int {
		if c := cmp.Compare(a.file, b.file); c != 0 {
			return c
		}
		return cmp.Compare(a.n, b.n)
	})
	return out
}

// conflictFindings lists the label conflicts among rows (sorted by
// position), ordered by their first row, at most maxList of them; it
// returns the findings and how many conflicts there are.
func (m *Model) conflictFindings(rows []rowState, rowOf func(int) finding.Row, maxList int) ([]finding.Finding, int64) {
	if len(m.conflicts) == 0 {
		return nil, 0
	}
	members := map[int32][]int{}
	var order []int32 // groups by their first row
	ci := 0
	samePos := func(a, b rowState) bool { return a.file == b.file && a.n == b.n }
	for i, r := range rows {
		for ci < len(m.conflicts) && (m.conflicts[ci].file < r.file || m.conflicts[ci].file == r.file && m.conflicts[ci].n < r.n) {
			ci++
		}
		if ci == len(m.conflicts) {
			break
		}
		c := m.conflicts[ci]
		if c.file != r.file || c.n != r.n || i > 0 && samePos(rows[i-1], r) || i+1 < len(rows) && samePos(rows[i+1], r) {
			continue
		}
		if _, ok := members[c.group]; !ok {
			order = append(order, c.group)
		}
		members[c.group] = append(members[c.group], i)
	}
	var out []finding.Finding
	var total int64
	for _, g := range order {
		ms := members[g]
		counts := make([]int, len(m.Names))
		classes := 0
		for _, i := range ms {
			if counts[rows[i].label] == 0 {
				classes++
			}
			counts[rows[i].label]++
		}
		if classes < 2 {
			continue
		}
		total++
		if len(out) >= max(maxList, 0) {
			continue
		}
		out = append(out, conflictFinding(m.Names, rows, ms, counts, classes, rowOf))
	}
	return out, total
}

// conflictFinding is the label_conflict finding of the rows ms, in the
// exact-duplicate check's form (dups: subkind exact, every member named,
// the evidence each member's label).
func conflictFinding(names []string, rows []rowState, ms []int, counts []int, classes int, rowOf func(int) finding.Row) finding.Finding {
	ks := make([]int, 0, classes)
	for k, n := range counts {
		if n > 0 {
			ks = append(ks, k)
		}
	}
	slices.SortFunc(ks, func(a, b int) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(names[a], names[b])
	})
	var parts []string
	for _, k := range ks {
		parts = append(parts, fmt.Sprintf("%q x%d", names[k], counts[k]))
	}
	fr := make([]finding.Row, len(ms))
	var listed []string
	for j, i := range ms {
		fr[j] = rowOf(i)
		if j < 6 {
			listed = append(listed, fmt.Sprintf("%s %q", fr[j].ID, names[rows[i].label]))
		}
	}
	more := ""
	if len(ms) > 6 {
		more = fmt.Sprintf(", and %d more", len(ms)-6)
	}
	return finding.Finding{
		Kind: finding.KindLabelConflict, Subkind: "exact", Severity: finding.Error, Rows: fr,
		Evidence: fmt.Sprintf("%d copies (the same words once normalised) carry %d labels (%s): %s%s", len(ms), len(ks), strings.Join(parts, ", "), strings.Join(listed, "; "), more),
	}
}
