package stats

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summaryOf adds rows to one Summary.
func summaryOf(t *testing.T, rows []row) *Summary {
	t.Helper()
	s := NewSummary(Options{MaxExamples: -1})
	b := batch(t, rows, 1)
	defer b.Record.Release()
	if err := s.Add(b); err != nil {
		t.Fatal(err)
	}
	return s
}

// listing is what a profile of s listing its top n tokens (0: all) holds.
func listing(s *Summary, n int) *Listed {
	top, _, tailDistinct, tailMax := s.TokenList(n)
	l := &Listed{Counts: s.Counts(), Total: s.TokenBounds().Total, Complete: tailDistinct == 0, TailMax: tailMax}
	for _, tc := range top {
		l.Top = append(l.Top, ListedToken{Token: tc.Token, Count: tc.Count})
	}
	l.Bytes, l.Chars, l.Tokens = s.LengthHists()
	l.Labels, l.NullLabels, l.TooManyLabels, l.HasLabel = s.LabelCounts()
	return l
}

// view is what a profile renders of a Summary but its tokens.
type view struct {
	Counts               Counts
	Bytes, Chars, Tokens LengthHist
	Labels               []LabelCount
	Null                 int64
	TooMany, HasLabel    bool
	Total                uint64
	Complete             bool
}

func viewOf(s *Summary) view {
	v := view{Counts: s.Counts()}
	v.Bytes, v.Chars, v.Tokens = s.LengthHists()
	v.Labels, v.Null, v.TooMany, v.HasLabel = s.LabelCounts()
	b := s.TokenBounds()
	v.Total, v.Complete = b.Total, b.Complete
	return v
}

// bounds returns every token's known count and bound.
func bounds(s *Summary) map[string][2]uint64 {
	out := map[string][2]uint64{}
	s.EachTokenBound(func(tok []byte, lo, hi uint64) { out[string(tok)] = [2]uint64{lo, hi} })
	return out
}

// TestFromListedMerges: a Summary decoded from a listing of all its tokens
// merges as the Summary itself does; from a listing of its top tokens,
// every token's bound holds its count in the whole, and the counts, lengths
// and labels are still exact.
func TestFromListedMerges(t *testing.T) {
	rows := corpus(3)
	a, b := rows[:150], rows[150:]
	whole := summaryOf(t, rows)
	counts := map[string]uint64{}
	whole.EachTokenBound(func(tok []byte, lo, _ uint64) { counts[string(tok)] = lo })
	for _, n := range []int{0, 3, 8} {
		t.Run(fmt.Sprintf("top %d", n), func(t *testing.T) {
			for _, order := range []string{"data first", "listings only"} {
				var m *Summary
				la, lb := listing(summaryOf(t, a), n), listing(summaryOf(t, b), n)
				if order == "data first" {
					m, la = summaryOf(t, a), listing(summaryOf(t, a), 0)
				} else if m, _ = FromListed(la); m == nil {
					t.Fatal("FromListed failed")
				}
				o, err := FromListed(lb)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Merge(o); err != nil {
					t.Fatal(err)
				}
				want := viewOf(whole)
				want.Complete = n == 0
				if diff := cmp.Diff(want, viewOf(m)); diff != "" {
					t.Errorf("%s: merged view (-whole +merged):\n%s", order, diff)
				}
				got := bounds(m)
				unseen := m.TokenBounds().Unseen
				for tok, c := range counts {
					lh, ok := got[tok]
					if !ok {
						lh = [2]uint64{0, unseen}
					}
					// The bound is the known count plus the tail bound of
					// each listing that leaves the token out.
					hi := lh[0]
					for _, l := range []*Listed{la, lb} {
						if !slices.ContainsFunc(l.Top, func(lt ListedToken) bool { return lt.Token == tok }) {
							hi += l.TailMax
						}
					}
					if c < lh[0] || c > lh[1] || lh[1] != hi {
						t.Errorf("%s: %q: count %d, bounds [%d, %d], want the bound %d", order, tok, c, lh[0], lh[1], hi)
					}
				}
			}
		})
	}
}

func TestFromListedRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		l    Listed
	}{
		{"twice", Listed{Top: []ListedToken{{"a", 2}, {"a", 1}}}},
		{"empty", Listed{Top: []ListedToken{{"", 2}}}},
		{"zero", Listed{Top: []ListedToken{{"a", 0}}}},
		{"NUL", Listed{Top: []ListedToken{{"a", 2}, {"a\x00", 1}}}},
		{"label twice", Listed{HasLabel: true, Labels: []LabelCount{{Label: "x"}, {Label: "x"}}}},
		{"too many and listed", Listed{HasLabel: true, TooManyLabels: true, Labels: []LabelCount{{Label: "x"}}}},
		{"hist", Listed{Bytes: LengthHist{Count: 1, Min: 3, Max: 3, Buckets: [][2]uint64{{4, 1}}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := FromListed(&tt.l); err == nil {
				t.Errorf("FromListed(%+v) = nil error, want one", tt.l)
			}
		})
	}
}

// TestListedHasNoState: what a listing leaves out cannot be encoded.
func TestListedHasNoState(t *testing.T) {
	s, err := FromListed(&Listed{Top: []ListedToken{{"a", 2}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendState(nil); err == nil {
		t.Errorf("AppendState of a Summary from a listing = nil error, want one")
	}
}
