package audit

import (
	"fmt"
	"os"
)

// AllStateFiles reports whether every path is a state file (IsStateFile),
// for merge, which takes state files or JSON profiles; a mix of the two
// is a UsageError that names a file of each, and a path that cannot be
// read among state files says so.
func AllStateFiles(paths []string) (bool, error) {
	var state, other string
	for _, p := range paths {
		ok, err := IsStateFile(p)
		if err != nil {
			return false, NoReportError{Err: err}
		}
		switch {
		case ok && state == "":
			state = p
		case !ok && other == "":
			other = p
		}
	}
	if state != "" && other != "" {
		if _, err := os.Stat(other); err != nil {
			return false, NoReportError{Err: err}
		}
		return false, UsageError{Err: fmt.Errorf("merge takes state files (from --shard) or JSON profiles, not both: %s is a state file, %s is not", state, other)}
	}
	return state != "", nil
}
