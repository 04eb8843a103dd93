package rowstore

import "math"

// Spot is where a row is and what label it carries, in full: its file's
// index, its line (Line) or row number N, its element of a JSON array
// (0 for other inputs) and the index of its label in its analysis's own
// list of labels (-1: none).
type Spot struct {
	File  int32
	Line  bool
	N     int64
	Elem  int64
	Label int32
}

// Place is a Spot packed into one word, kept in a row in place of the
// 20-28 bytes of the Spot's fields. Nearly every row's Spot fits the
// word:
//
//	bit 63: 0 | bit 62: Line | bits 48-61: File | bits 40-47: Label+1 | bits 0-39: N
//
// which holds files below 2^14, labels below 255, rows and lines below
// 2^40 and element 0. Any other Spot (a JSON array's element, a file
// index, label or row number too large, a negative one) is kept whole in
// the Places that made the Place, which then holds its index, bit 63
// set: the fallback is exact, and costs 32 bytes more only for the rows
// that take it.
//
// # Why (session 22)
//
// The duplicates' and outliers' rows each kept n (8 bytes), elem (8),
// file (4) and label (4) of their own: 20 to 24 bytes a row in each of
// three analyses, fresh memory faulted in a page at a time as the
// blocks fill (the default audit of the 200 MB Parquet faulted 8,080
// times in those blocks, of 40,474). One word a row instead: near rows
// 160 to 144 bytes, exact 48 to 32, outliers 48 to 40; the default
// audit, 6 rounds alternated 3 s apart (load 1.9), against main
// 952b20b: benchmark Parquet faults 40,913 to 39,091, CPU 1.378 to
// 1.377 s, peak RSS 188 to 181 MB; 200 MB JSONL faults 34,616 to
// 32,528, CPU 1.292 to 1.257 s, RSS 159 to 153 MB. Packing and
// unpacking cost nothing measurable: a finish unpacks each row's word
// once to sort (sortRefs), and the rows it names.
type Place struct{ v uint64 }

const (
	placeWide   = 1 << 63
	placeLine   = 1 << 62
	placeNBits  = 40
	placeNMask  = 1<<placeNBits - 1
	placeLShift = placeNBits
	placeLMask  = 0xff
	placeFShift = placeNBits + 8
	placeFMask  = 1<<14 - 1
)

// Places keeps the Spots that do not fit a Place. The zero value is
// empty and ready to use.
type Places struct {
	wide []Spot
}

// Pack returns the Place of s.
func (p *Places) Pack(s Spot) Place {
	if s.Elem == 0 && uint64(s.N) <= placeNMask && uint32(s.File) <= placeFMask && s.Label >= -1 && s.Label < placeLMask {
		v := uint64(s.N) | uint64(s.Label+1)<<placeLShift | uint64(s.File)<<placeFShift
		if s.Line {
			v |= placeLine
		}
		return Place{v}
	}
	if len(p.wide) >= math.MaxInt32 {
		panic("rowstore: more than 2^31 rows with wide places")
	}
	p.wide = append(p.wide, s)
	return Place{placeWide | uint64(len(p.wide)-1)}
}

// Spot returns the Spot of a Place that p made.
func (p *Places) Spot(x Place) Spot {
	if x.v&placeWide != 0 {
		return p.wide[x.v&^placeWide]
	}
	return Spot{
		File:  int32(x.v >> placeFShift & placeFMask),
		Line:  x.v&placeLine != 0,
		N:     int64(x.v & placeNMask),
		Label: int32(x.v>>placeLShift&placeLMask) - 1,
	}
}

// Label returns the label of a Place that p made.
func (p *Places) Label(x Place) int32 {
	if x.v&placeWide != 0 {
		return p.wide[x.v&^placeWide].Label
	}
	return int32(x.v>>placeLShift&placeLMask) - 1
}

// File returns the file index of a Place that p made.
func (p *Places) File(x Place) int32 {
	if x.v&placeWide != 0 {
		return p.wide[x.v&^placeWide].File
	}
	return int32(x.v >> placeFShift & placeFMask)
}

// Wide reports whether p holds any Spot that did not fit its Place.
func (p *Places) Wide() bool { return len(p.wide) > 0 }

// Merge moves o's wide Spots after p's and returns the offset by which
// o's Places must be moved (Rebase); o must not be used afterwards.
func (p *Places) Merge(o *Places) int64 {
	base := int64(len(p.wide))
	if base+int64(len(o.wide)) > math.MaxInt32 {
		panic("rowstore: more than 2^31 rows with wide places")
	}
	p.wide = append(p.wide, o.wide...)
	o.wide = nil
	return base
}

// Rebase moves x by base, for a Place merged from another Places.
func (x *Place) Rebase(base int64) {
	if x.v&placeWide != 0 {
		x.v += uint64(base)
	}
}

// Relabel sets the label of x, a Place that p made, to f of it.
func (p *Places) Relabel(x *Place, f func(int32) int32) {
	if x.v&placeWide != 0 {
		s := &p.wide[x.v&^placeWide]
		s.Label = f(s.Label)
		return
	}
	l := f(int32(x.v>>placeLShift&placeLMask) - 1)
	if l >= -1 && l < placeLMask {
		x.v = x.v&^(placeLMask<<placeLShift) | uint64(l+1)<<placeLShift
		return
	}
	s := p.Spot(*x)
	s.Label = l
	*x = p.Pack(s)
}

// Move returns x, a Place that from made, as a Place of p: the same
// word, unless its Spot is kept whole in from.
func (p *Places) Move(x Place, from *Places) Place {
	if x.v&placeWide == 0 {
		return x
	}
	return p.Pack(from.Spot(x))
}
