package dups

import "unicode/utf8"

//go:generate go run gen_fold.go

// foldString returns the full case folding of r, a rune above ASCII, and
// whether it is not r itself: what cases.Fold does to r. Case folding is
// a mapping of single runes (cases.Fold looks at no context), so folding
// a text rune by rune through this table is cases.Fold, byte for byte
// (TestFoldTable checks every rune against cases.Fold; FuzzNormalize
// checks texts). A look-up is two array reads, where cases.Fold's
// transformer cost 30 ns a rune and half of the normalisation of text
// that is not ASCII.
func foldString(r rune) (string, bool) {
	p := foldPage[r>>8]
	if p == 0 {
		return "", false
	}
	k := foldIndex[p-1][r&0xff]
	if k == 0 {
		return "", false
	}
	return foldPairs[k-1].f, true
}

// foldPage[r>>8] is 0 when no rune of r's page of 256 folds, else 1 + the
// index of the page in foldIndex, whose entry for r is 1 + the index of r
// in foldPairs, or 0. 4.3 KB, and 512 bytes for each of the 25 pages that
// hold foldings.
var (
	foldPage  [(utf8.MaxRune + 1) >> 8]uint8
	foldIndex [][256]uint16
)

func init() {
	for k, p := range foldPairs {
		pg := &foldPage[p.r>>8]
		if *pg == 0 {
			foldIndex = append(foldIndex, [256]uint16{})
			*pg = uint8(len(foldIndex)) // fewer than 256 pages: TestFoldTable
		}
		foldIndex[*pg-1][p.r&0xff] = uint16(k + 1)
	}
}
