package stats

import "github.com/dataaudit/dataaudit/internal/stats/lengths"

// The length distributions live in internal/stats/lengths; these names
// keep stats' callers unchanged.
type (
	Lengths     = lengths.Lengths
	LengthStats = lengths.LengthStats
	Bucket      = lengths.Bucket
	LengthHist  = lengths.LengthHist
	lengthDist  = lengths.Dist
)

// The histogram buckets of a profile: see lengths.HistBucket.
const (
	HistExactBelow = lengths.HistExactBelow
	HistSigBits    = lengths.HistSigBits
)

// HistBucket returns the lower bound of the histogram bucket of v.
func HistBucket(v uint64) uint64 { return lengths.HistBucket(v) }

// HistWidth returns the width of the bucket whose lower bound is lo.
func HistWidth(lo uint64) uint64 { return lengths.HistWidth(lo) }
