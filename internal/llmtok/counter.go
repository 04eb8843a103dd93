package llmtok

import (
	"fmt"
	"slices"
	"strings"
)

// Counter counts tokens by id: an exact, mergeable frequency distribution
// over a tokenizer's vocabulary. Counts is dense, indexed by token id, and
// grows to the largest id seen, so merging is adding arrays and the result
// does not depend on the order rows were counted or counters merged. The
// zero value is ready to use.
type Counter struct {
	Counts []uint64
	Total  uint64
}

// Add counts the tokens ids.
func (c *Counter) Add(ids []uint32) {
	for _, id := range ids {
		if int(id) >= len(c.Counts) {
			c.grow(int(id) + 1)
		}
		c.Counts[id]++
	}
	c.Total += uint64(len(ids))
}

func (c *Counter) grow(n int) {
	if n <= cap(c.Counts) {
		c.Counts = c.Counts[:n]
		return
	}
	nc := make([]uint64, n, max(n, 2*cap(c.Counts), 1024))
	copy(nc, c.Counts)
	c.Counts = nc
}

// Merge adds the counts of o to c.
func (c *Counter) Merge(o *Counter) {
	if len(o.Counts) > len(c.Counts) {
		c.grow(len(o.Counts))
	}
	for id, n := range o.Counts {
		c.Counts[id] += n
	}
	c.Total += o.Total
}

// Distinct is the number of ids counted at least once.
func (c *Counter) Distinct() int {
	n := 0
	for _, v := range c.Counts {
		if v > 0 {
			n++
		}
	}
	return n
}

// IDCount is a token id and its count.
type IDCount struct {
	ID    uint32
	Count uint64
}

// Top returns the n most frequent ids, by count, ties by id.
func (c *Counter) Top(n int) []IDCount {
	var top []IDCount
	for id, v := range c.Counts {
		if v > 0 {
			top = append(top, IDCount{uint32(id), v})
		}
	}
	slices.SortFunc(top, func(a, b IDCount) int {
		if a.Count != b.Count {
			if a.Count > b.Count {
				return -1
			}
			return 1
		}
		return int(a.ID) - int(b.ID)
	})
	return top[:min(n, len(top))]
}

// Load returns the tokenizer named by spec: "cl100k_base", "o200k_base",
// or "hf:PATH" for a Hugging Face tokenizer.json.
func Load(spec string) (*Tokenizer, error) {
	if path, ok := strings.CutPrefix(spec, "hf:"); ok {
		return LoadHF(path)
	}
	if _, ok := tiktokens[spec]; ok {
		return Tiktoken(spec)
	}
	return nil, fmt.Errorf("unknown tokenizer %q (want words, cl100k_base, o200k_base or hf:PATH/tokenizer.json)", spec)
}
