package llmtok

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCounterMerge(t *testing.T) {
	tok := mustTiktoken(t, "cl100k_base")
	texts := corpusTexts(t, 256<<10)
	enc := tok.NewEncoder()
	var whole Counter
	parts := make([]Counter, 3)
	for i, s := range texts {
		ids := enc.AppendIDs(nil, []byte(s))
		whole.Add(ids)
		parts[i%3].Add(ids)
	}
	// Merged in two different orders, the parts give the whole.
	var a, b Counter
	for _, i := range []int{0, 1, 2} {
		a.Merge(&parts[i])
	}
	for _, i := range []int{2, 0, 1} {
		b.Merge(&parts[i])
	}
	for _, m := range []Counter{a, b} {
		if m.Total != whole.Total || m.Distinct() != whole.Distinct() {
			t.Errorf("merged total %d distinct %d, want %d %d", m.Total, m.Distinct(), whole.Total, whole.Distinct())
		}
		if diff := cmp.Diff(whole.Top(50), m.Top(50)); diff != "" {
			t.Errorf("merged top differs (-whole +merged):\n%s", diff)
		}
	}
	if whole.Total == 0 {
		t.Fatal("no tokens")
	}
}

func TestCounterTopTies(t *testing.T) {
	var c Counter
	c.Add([]uint32{7, 3, 7, 5, 3, 9})
	want := []IDCount{{3, 2}, {7, 2}, {5, 1}}
	if diff := cmp.Diff(want, c.Top(3)); diff != "" {
		t.Errorf("Top(3) mismatch (-want +got):\n%s", diff)
	}
	if c.Distinct() != 4 || c.Total != 6 {
		t.Errorf("Distinct() = %d, Total = %d, want 4, 6", c.Distinct(), c.Total)
	}
}

func TestReadable(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		partial bool
	}{
		{" the", " the", false},
		{"\xe6\x9d", `\xe6\x9d`, true},
		{" \xe6\x9d", ` \xe6\x9d`, true},
		{"東\xe6", `東\xe6`, true},
	}
	for _, tt := range tests {
		got, partial := Readable([]byte(tt.in))
		if got != tt.want || partial != tt.partial {
			t.Errorf("Readable(%q) = %q, %v, want %q, %v", tt.in, got, partial, tt.want, tt.partial)
		}
	}
}
