package stats

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/analysis"
)

// TestLongSlotKeys: a long token's slot keeps the top 32 bits of its hash
// over its bytes' place in the arena (longSlotHash), and sameLong tells
// apart tokens on one hash that are prefixes of each other or differ in
// their last byte only, before and after the index grows and through a
// merge.
func TestLongSlotKeys(t *testing.T) {
	base := strings.Repeat("x", 20)
	keys := []string{base, base + "y", base[:17], base[:19] + "z", base + "yy", strings.Repeat("x", 64)}
	const h uint64 = 0xabcdef0123456789
	a, b := newCountTable(), newCountTable()
	want := map[string]uint64{}
	for i, k := range keys {
		for _, tab := range []*countTable{a, b} {
			if _, err := tab.addHash(h, []byte(k), uint64(i+1)); err != nil {
				t.Fatal(err)
			}
			want[k] += uint64(i + 1)
		}
	}
	// The first key is at home: the fast path counts it, and no other.
	for i, k := range keys {
		id, hit := a.countLongHome(h, []byte(k))
		if hit != (i == 0) || hit && id != 0 {
			t.Errorf("countLongHome(%q) = %d, %v; want a hit for %q only", k, id, hit, keys[0])
		}
		if hit {
			want[k]++
		}
	}
	if sl := &a.slots[h>>a.shift]; sl.hash>>32 != h>>32 || sl.ref < longRef || uint32(sl.hash) != a.entry(0).off {
		t.Errorf("home slot hash %#x, ref %#x: want %#x's top bits over entry 0's place %#x", sl.hash, sl.ref, h, a.entry(0).off)
	}
	// Grow a past every key, then merge b into it.
	for i := range 5000 {
		if _, err := a.add([]byte(strings.Repeat("q", 17)+string(rune('a'+i%26))+strings.Repeat("r", i%7)+string(rune('a'+i/26%26))+string(rune('a'+i/676))), 1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.merge(b); err != nil {
		t.Fatal(err)
	}
	counts := a.counts()
	for _, k := range keys {
		id, err := a.addHash(h, []byte(k), 0)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.key(id), []byte(k)) || counts[id] != want[k] {
			t.Errorf("%q: entry %d holds %q counted %d, want %d", k, id, a.key(id), counts[id], want[k])
		}
	}
	if a.distinct() != len(keys)+5000 {
		t.Errorf("distinct %d, want %d", a.distinct(), len(keys)+5000)
	}
}

// TestDecodeRefusesNUL: a state whose token holds a NUL, which no
// tokenizer makes and by which the count table tells tokens apart, is
// refused.
func TestDecodeRefusesNUL(t *testing.T) {
	for _, tok := range []string{"a\x00b", "sixteen-bytes\x00\x00\x00", "a-token-of-more-than-16-bytes\x00"} {
		s := newSummary(&analysis.Config{})
		if _, err := s.tokens.add([]byte(tok), 1); err != nil {
			t.Fatal(err)
		}
		state, err := s.AppendState(nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeSummary(&analysis.Config{}, state); err == nil || !strings.Contains(err.Error(), "NUL") {
			t.Errorf("decode of a state holding %q: error %v, want a NUL refused", tok, err)
		}
	}
}
