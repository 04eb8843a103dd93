package audit

import "errors"

// AllStateFiles reports whether every path is a state file (IsStateFile),
// for merge, which takes state files or JSON profiles; a mix of the two
// is a UsageError.
func AllStateFiles(paths []string) (bool, error) {
	n := 0
	for _, p := range paths {
		ok, err := IsStateFile(p)
		if err != nil {
			return false, NoReportError{Err: err}
		}
		if ok {
			n++
		}
	}
	if n > 0 && n < len(paths) {
		return false, UsageError{Err: errors.New("merge takes state files (from --shard) or JSON profiles, not both")}
	}
	return n > 0, nil
}
