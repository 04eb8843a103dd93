package finding

import (
	"math"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// DefaultMaxExamples is how many rows an analyser lists per kind of
// finding when not told otherwise; counts are always exact.
const DefaultMaxExamples = 1000

// MaxExamples returns the number of rows to list per kind of finding for
// the option value n: DefaultMaxExamples for 0, none for a negative n.
func MaxExamples(n int) int {
	switch {
	case n < 0:
		return 0
	case n == 0:
		return DefaultMaxExamples
	}
	return n
}

// Item is one row worth reporting: where it is, its id if the input has an
// id column, and what is wrong.
type Item struct {
	Pos    ingest.Pos
	ID     string
	Kind   string
	Reason string
	Rows   int64
}

// Examples keeps the first max items by position, whatever order they
// arrive in, so that the listed examples do not depend on how work was
// spread over workers. It is pruned lazily to keep Add cheap. It merges
// exactly: a.Add(x); b.Add(y); a.Merge(&b) lists what a.Add(x); a.Add(y)
// does.
type Examples struct {
	items []Item
	max   int
	// hi bounds the positions of the max items listed in the end, once
	// the list has held max items (Takes): no greater than that of the
	// last of some max items held.
	hi ingest.Pos
}

// NewExamples returns an empty list of at most max items.
func NewExamples(max int) Examples { return Examples{max: max} }

// Add offers it to the list.
func (l *Examples) Add(it Item) {
	if l.max <= 0 {
		return
	}
	l.items = append(l.items, it)
	if len(l.items) <= l.max && (len(l.items) == 1 || l.hi.Less(it.Pos)) {
		l.hi = it.Pos
	}
	if len(l.items) >= 64 && len(l.items)/2 >= l.max {
		l.prune()
	}
}

// Merge adds o's items to l.
func (l *Examples) Merge(o *Examples) {
	l.items = append(l.items, o.items...)
	l.prune()
}

func (l *Examples) prune() {
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.Pos != b.Pos {
			return a.Pos.Less(b.Pos)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Reason != b.Reason {
			return a.Reason < b.Reason
		}
		// Rows of a JSON array written on one line share a position.
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Rows < b.Rows
	})
	if len(l.items) > l.max {
		l.items = l.items[:l.max:l.max]
	}
	if len(l.items) > 0 {
		l.hi = l.items[len(l.items)-1].Pos
	}
}

// Takes reports whether an item at p may still be listed: false once
// the list holds max items before it (so an analysis need keep nothing
// more for it, such as the text of its excerpt).
func (l *Examples) Takes(p ingest.Pos) bool {
	return l.max > 0 && (len(l.items) < l.max || !l.hi.Less(p))
}

// Len returns how many items the list holds: before List, possibly more
// than it will return.
func (l *Examples) Len() int { return len(l.items) }

// List returns the first max items by position (ties by kind, reason,
// id, then rows).
func (l *Examples) List() []Item {
	l.prune()
	return l.items
}

// IDColumn returns the batch's id column, or nil.
func IDColumn(b *ingest.Batch) *array.String {
	if c := b.Column(ingest.ColID); c != nil {
		return c.(*array.String)
	}
	return nil
}

// RowID returns row i's id from ids (IDColumn's), copied out of the
// batch's memory, or "" when there is no id column or the id is null.
func RowID(ids *array.String, i int) string {
	if ids == nil || ids.IsNull(i) {
		return ""
	}
	return strings.Clone(ids.Value(i))
}

// Round rounds x to a fixed number of decimals, as every score, rate and
// mean in a report is, so that reports do not depend on the order
// floating-point sums were taken in.
func Round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}
