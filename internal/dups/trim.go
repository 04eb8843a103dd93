package dups

import (
	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/stats"
)

var (
	_ analysis.Trimmer = (*Near)(nil)
	_ analysis.Trimmer = (*Exact)(nil)
)

// Trim drops the scratch a Near keeps between rows: the word hasher's
// lowercased text and bitmaps, the word hashes and the NFKC copy, each
// sized for the longest text it hashed itself.
func (d *Near) Trim() { d.wh, d.hashes, d.nfkc = stats.WordHasher{}, nil, nil }

// Trim drops the normalised copy an Exact keeps between rows.
func (d *Exact) Trim() { d.norm, d.long = Normalizer{}, nil }
