package rowstore

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fits reports whether s fits a Place's word, as the layout says.
func fits(s Spot) bool {
	return s.Elem == 0 && s.N >= 0 && s.N < 1<<40 && s.File >= 0 && s.File < 1<<14 && s.Label >= -1 && s.Label < 255
}

// spots are Spots at and around every field's limit.
var spots = []Spot{
	{}, {Label: -1}, {File: 3, N: 17, Line: true, Label: 1},
	{File: 1<<14 - 1, N: 1<<40 - 1, Line: true, Label: 254},
	{File: 1 << 14, N: 1}, {N: 1 << 40}, {Label: 255}, {Label: -2}, {N: -1}, {File: -1},
	{Elem: 1}, {Elem: -1, Line: true}, {File: math.MaxInt32, N: math.MaxInt64, Elem: math.MaxInt64, Label: math.MaxInt32, Line: true},
	{File: math.MinInt32, N: math.MinInt64, Elem: math.MinInt64, Label: math.MinInt32},
}

// TestPlaceRoundTrip: every Spot comes back whole from its Place, in the
// word when it fits and from the wide list when not.
func TestPlaceRoundTrip(t *testing.T) {
	var p Places
	var got []Place
	for _, s := range spots {
		got = append(got, p.Pack(s))
	}
	for i, s := range spots {
		x := got[i]
		if back := p.Spot(x); back != s {
			t.Errorf("Pack(%+v) comes back as %+v", s, back)
		}
		if p.File(x) != s.File || p.Label(x) != s.Label {
			t.Errorf("Pack(%+v): File %d, Label %d", s, p.File(x), p.Label(x))
		}
		if wide := x.v&placeWide != 0; wide == fits(s) {
			t.Errorf("Pack(%+v): wide %v, want %v", s, wide, !fits(s))
		}
	}
}

// TestPlacesMerge: Places merged, their Places rebased and relabelled
// (across the word's label limit both ways) and moved, keep their Spots.
func TestPlacesMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() Spot {
		s := spots[rng.IntN(len(spots))]
		if rng.IntN(2) == 0 {
			s = Spot{File: rng.Int32N(3), N: rng.Int64N(1000), Line: rng.IntN(2) == 0, Label: rng.Int32N(300) - 1}
		}
		return s
	}
	for range 50 {
		var a, b Places
		var ax, bx []Place
		var as, bs []Spot
		for range 40 {
			s := random()
			ax, as = append(ax, a.Pack(s)), append(as, s)
			s = random()
			bx, bs = append(bx, b.Pack(s)), append(bs, s)
		}
		shift := rng.Int32N(400) - 100
		relabel := func(l int32) int32 {
			if l < 0 {
				return l
			}
			return l + shift
		}
		base := a.Merge(&b)
		for i := range bx {
			bx[i].Rebase(base)
			a.Relabel(&bx[i], relabel)
			bs[i].Label = relabel(bs[i].Label)
		}
		for i, x := range append(ax, bx...) {
			want := append(as, bs...)[i]
			if got := a.Spot(x); got != want {
				t.Fatalf("after the merge, place %d: %+v, want %+v", i, got, want)
			}
			var c Places
			if got := c.Spot(c.Move(x, &a)); got != want {
				t.Fatalf("moved, place %d: %+v, want %+v", i, got, want)
			}
		}
	}
}

// FuzzPlace: any Spot round-trips, and relabelled keeps the rest.
func FuzzPlace(f *testing.F) {
	for _, s := range spots {
		f.Add(s.File, s.Line, s.N, s.Elem, s.Label, int32(7))
	}
	f.Fuzz(func(t *testing.T, file int32, line bool, n, elem int64, label, relabel int32) {
		var p Places
		s := Spot{File: file, Line: line, N: n, Elem: elem, Label: label}
		x := p.Pack(s)
		if got := p.Spot(x); got != s {
			t.Fatalf("Pack(%+v) comes back as %+v", s, got)
		}
		p.Relabel(&x, func(int32) int32 { return relabel })
		s.Label = relabel
		if got := p.Spot(x); got != s {
			t.Fatalf("relabelled to %d: %+v, want %+v", relabel, got, s)
		}
	})
}
