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
// hold foldings. Both are static tables in fold_table.go (gen_fold.go):
// built by an init function until session 23, they cost every run 32 KB
// of heap and about 20 page faults before main, folding or not.
var _ [len(foldPage) - (utf8.MaxRune+1)>>8]struct{} // foldPage has a byte for every page
var _ [(utf8.MaxRune+1)>>8 - len(foldPage)]struct{}
