package dups

import "testing"

// TestCrossOneLine: B rows that share a line (a JSON array written on one
// line) are told apart by element: an exact match of one must not hide
// the near match of the other, which CrossNear once skipped as "already
// matched" since both were at line 1.
func TestCrossOneLine(t *testing.T) {
	const base = "the quick brown fox jumps over the lazy dog near the river bank today"
	const other = "a completely different sentence about training data audits and their many findings"
	near := "the quick brown fox jumps over the lazy cat near the river bank today"
	tests := []struct {
		name      string
		b         []row
		wantExact int
	}{
		{"exact then near", []row{{Text: base}, {Text: near}}, 1},
		{"exact of each", []row{{Text: base}, {Text: other}}, 2},
		{"near then exact", []row{{Text: near}, {Text: other}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := batch(t, []row{{Text: base}, {Text: other}}, 1)
			defer a.Record.Release()
			b := batch(t, tt.b, 1)
			defer b.Record.Release()
			for i := range b.Lines {
				b.Lines[i] = 1 // one line; the elements tell the rows apart
				b.Elems = append(b.Elems, int64(i))
			}
			ae, _ := NewExact(NormalizeDefault)
			be, _ := NewExact(NormalizeDefault)
			an, bn := NewNear(), NewNear()
			for _, add := range []func() error{func() error { return ae.Add(a) }, func() error { return be.Add(b) }, func() error { return an.Add(a) }, func() error { return bn.Add(b) }} {
				if err := add(); err != nil {
					t.Fatal(err)
				}
			}
			ex := CrossExact(ae, be)
			nr := CrossNear(an, bn, ex)
			if len(ex) != tt.wantExact || len(ex)+len(nr) != 2 {
				t.Errorf("CrossExact, CrossNear(%q) = %d, %d matches, want %d exact and 2 in all", tt.name, len(ex), len(nr), tt.wantExact)
			}
		})
	}
}
