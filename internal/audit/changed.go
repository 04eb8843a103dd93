package audit

import (
	"fmt"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// changedAfterRead adds an input_changed record (a finding, and the kind
// in counts' BadByKind) for every input that is no longer the version
// Expand found, and reports whether it added any. A change during the
// first read is reported by that read (ingest); this is for a change
// after it, before what reads the input again: the label checks' second
// pass, the excerpts of the findings. Those read the rows by position,
// so in another version they scored and quoted other rows. Nothing is
// added when the first read already found a change: the report says so.
// A stream is read again from the copy the scan kept, which does not
// change; an input that is gone was read from the file opened. Inputs
// without a modification time (named by the state files of a merge,
// which do not carry it) are not checked, nor are objects in a bucket,
// where a look costs a request each (a scan may read thousands).
func changedAfterRead(inputs []ingest.Input, files []string, counts *stats.Counts, fs *[]finding.Finding) bool {
	if _, ok := counts.BadByKind[ingest.BadInputChanged]; ok {
		return false
	}
	added := false
	for i, in := range inputs {
		if in.IsStream() || in.IsObject() || in.ModTime().IsZero() {
			continue
		}
		st, err := in.Stat()
		if err != nil || st.Size() == in.Size && st.ModTime().Equal(in.ModTime()) {
			continue
		}
		if counts.BadByKind == nil {
			counts.BadByKind = map[string]int64{}
		}
		counts.BadByKind[ingest.BadInputChanged] += 0 // as the first read's: a record of no rows
		// The position names the file.
		pos := ingest.Pos{File: i, Line: in.Format.Lined()}
		*fs = append(*fs, finding.Finding{
			Kind: finding.KindBadRecord, Subkind: ingest.BadInputChanged, Severity: finding.Error,
			Rows:     []finding.Row{finding.NewRow(files, pos, "")},
			Evidence: fmt.Sprintf("changed after it was read (%d bytes then, %d now): what was read of it again (label checks, excerpts) may be of another version; scan it again", in.Size, st.Size()),
			Excerpt:  finding.NoTextExcerpt,
		})
		added = true
	}
	return added
}
