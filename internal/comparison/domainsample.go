package comparison

import (
	"cmp"
	"container/heap"
	"slices"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// DomainFeatures is the size of the hashed feature space of DomainSample.
const DomainFeatures = 1 << 18

// DomainRow is one sampled row: its hashed token features (with repeats).
type DomainRow struct {
	Key      uint64
	Features []uint32
}

// DomainSample keeps a uniform sample of at most K rows, each as hashed
// token features, for a domain classifier. A row is kept when its key (a
// hash of its position) is among the K smallest, so the sample does not
// depend on how rows were spread over workers. It is a mergeable
// accumulator.
type DomainSample struct {
	K    int
	tz   stats.Tokenizer
	rows domainHeap
}

// NewDomainSample returns an empty sample of at most k rows.
func NewDomainSample(k int) *DomainSample { return &DomainSample{K: k} }

// Add samples the rows of a batch.
func (d *DomainSample) Add(b *ingest.Batch) error {
	text := b.Column(ingest.ColText)
	if text == nil || d.K <= 0 {
		return nil // --domain-sample 0: no row sampled (d.rows[0] below needs one)
	}
	return ingest.ForEachText(text, func(i int, t []byte, valid bool) {
		if !valid {
			return
		}
		pos := b.Pos(i)
		key := stats.Mix64(stats.Mix64(uint64(pos.File)+0x9e3779b97f4a7c15) ^ uint64(pos.N))
		if len(d.rows) >= d.K && key >= d.rows[0].Key {
			return
		}
		var fs []uint32
		for tok, p := d.tz.Next(t, 0); tok != nil; tok, p = d.tz.Next(t, p) {
			fs = append(fs, uint32(stats.StableHash(tok)&(DomainFeatures-1)))
		}
		d.push(DomainRow{Key: key, Features: fs})
	})
}

func (d *DomainSample) push(r DomainRow) {
	if len(d.rows) < d.K {
		heap.Push(&d.rows, r)
		return
	}
	if r.Key < d.rows[0].Key {
		d.rows[0] = r
		heap.Fix(&d.rows, 0)
	}
}

// Merge adds o's rows to d.
func (d *DomainSample) Merge(o *DomainSample) {
	for _, r := range o.rows {
		d.push(r)
	}
}

// Rows returns the sample ordered by key.
func (d *DomainSample) Rows() []DomainRow {
	out := slices.Clone([]DomainRow(d.rows))
	slices.SortFunc(out, func(a, b DomainRow) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// domainHeap is a max-heap by key: its root is the first to go.
type domainHeap []DomainRow

func (h domainHeap) Len() int           { return len(h) }
func (h domainHeap) Less(i, j int) bool { return h[i].Key > h[j].Key }
func (h domainHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *domainHeap) Push(x any)        { *h = append(*h, x.(DomainRow)) }
func (h *domainHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
