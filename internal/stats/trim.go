package stats

import "github.com/dataaudit/dataaudit/internal/analysis"

var _ analysis.Trimmer = (*Summary)(nil)

// Trim drops the scratch a Summary keeps between rows and batches: the
// lowercased text and its bitmaps, sized for the longest text read (two
// of them per worker were about 7 MB on the 200 MB mail corpus, whose
// longest mail is 1.7 MB), and the last batch's word hashes.
func (s *Summary) Trim() {
	s.lower, s.bm = nil, nil
	s.words.Hashes, s.words.Ends, s.words.ASCII = nil, nil, nil
}
