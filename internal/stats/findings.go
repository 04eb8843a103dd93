package stats

import (
	"sort"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// Item is one row worth reporting: where it is, its id if the input has an
// id column, and what is wrong.
type Item struct {
	Pos    ingest.Pos
	ID     string
	Kind   string
	Reason string
	Rows   int64
}

// itemList keeps the first max items by position, whatever order they
// arrive in, so that the listed examples do not depend on how work was
// spread over workers. It is pruned lazily to keep Add cheap.
type itemList struct {
	items []Item
	max   int
}

func (l *itemList) add(it Item) {
	if l.max <= 0 {
		return
	}
	l.items = append(l.items, it)
	if len(l.items) >= 64 && len(l.items)/2 >= l.max {
		l.prune()
	}
}

func (l *itemList) merge(o *itemList) {
	l.items = append(l.items, o.items...)
	l.prune()
}

func (l *itemList) prune() {
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.Pos != b.Pos {
			return a.Pos.Less(b.Pos)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Reason < b.Reason
	})
	if len(l.items) > l.max {
		l.items = l.items[:l.max:l.max]
	}
}

func (l *itemList) result() []Item {
	l.prune()
	return l.items
}
