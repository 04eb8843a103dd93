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
	total, _, _ := s.TokenBounds()
	l := &Listed{Counts: s.Counts(), Total: total, Complete: tailDistinct == 0, TailMax: tailMax}
	for _, tc := range top {
		l.Top = append(l.Top, TokenCount{Token: tc.Token, Count: tc.Count})
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
	v.Total, _, v.Complete = s.TokenBounds()
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
				_, unseen, _ := m.TokenBounds()
				for tok, c := range counts {
					lh, ok := got[tok]
					if !ok {
						lh = [2]uint64{0, unseen}
					}
					// The bound is the known count plus the tail bound of
					// each listing that leaves the token out.
					hi := lh[0]
					for _, l := range []*Listed{la, lb} {
						if !slices.ContainsFunc(l.Top, func(lt TokenCount) bool { return lt.Token == tok }) {
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
		{"twice", Listed{Top: []TokenCount{{Token: "a", Count: 2}, {Token: "a", Count: 1}}}},
		{"empty", Listed{Top: []TokenCount{{Token: "", Count: 2}}}},
		{"zero", Listed{Top: []TokenCount{{Token: "a", Count: 0}}}},
		{"NUL", Listed{Top: []TokenCount{{Token: "a", Count: 2}, {Token: "a\x00", Count: 1}}}},
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
	s, err := FromListed(&Listed{Top: []TokenCount{{Token: "a", Count: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendState(nil); err == nil {
		t.Errorf("AppendState of a Summary from a listing = nil error, want one")
	}
}

// TestReserve: a table that reserved room for its tokens adds them
// without regrowing its indexes or its lists of entry and arena chunks,
// and counts them as a table that grew.
func TestReserve(t *testing.T) {
	var toks [][]byte
	short, mid, size := 0, 0, 0
	for i := range 5000 {
		tok := fmt.Appendf(nil, "t%d", i*7919) // short or mid
		if i%7 == 0 {
			tok = fmt.Appendf(nil, "a-rather-long-token-%d", i) // long
		}
		if len(tok) > 8 && len(tok) <= 16 {
			mid++
		} else {
			short++
		}
		toks = append(toks, tok)
		size += len(tok)
	}
	for _, reserve := range []bool{false, true} {
		t.Run(fmt.Sprintf("reserve %v", reserve), func(t *testing.T) {
			tab := newCountTable()
			tab.reserve(0, 0, 0) // nothing to make room for
			if reserve {
				tab.reserve(short, mid, size)
			}
			slots, mids, entries, arena := len(tab.slots), len(tab.mids), cap(tab.entries), cap(tab.arena)
			for i, tok := range toks {
				if _, err := tab.add(tok, uint64(i+1)); err != nil {
					t.Fatal(err)
				}
			}
			grew := len(tab.slots) != slots || len(tab.mids) != mids || cap(tab.entries) != entries || cap(tab.arena) != arena
			if grew == reserve {
				t.Errorf("reserve %v: slots %d -> %d, mids %d -> %d, entries %d -> %d, arena %d -> %d", reserve, slots, len(tab.slots), mids, len(tab.mids), entries, cap(tab.entries), arena, cap(tab.arena))
			}
			counts := tab.counts()
			for i, tok := range toks {
				if id, _ := tab.add(tok, 0); counts[id] != uint64(i+1) || string(tab.key(id)) != string(tok) {
					t.Fatalf("count of %q = %d, want %d", tok, counts[id], i+1)
				}
			}
		})
	}
}
