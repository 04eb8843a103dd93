package audit

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/report"
)

// The errors a use case returns besides plain ones (an input or internal
// error). The command maps each to its exit code and message in one place.
type (
	// UsageError is a configuration that cannot run: a bad value, a
	// missing argument, an unknown metric. Its Hint, if any, is a line
	// the command prints after the message.
	UsageError struct {
		Err  error
		Hint string
	}
	// DataError is a run that went to its end, reports written, over
	// data that was not all usable: an input that could not be read to
	// its end or changed while read, too many bad records.
	DataError struct{ Err error }
	// DataGateError is a run that went to its end, reports written,
	// over data past a limit the user set on its quality (too many bad
	// records): a data gate, told apart from a failed run.
	DataGateError struct{ Err error }
	// GateError names the gates a report reached.
	GateError struct{ Reached []string }
	// NoReportError is an error that left no report written, which an
	// interruption says.
	NoReportError struct{ Err error }
)

func (e UsageError) Error() string    { return e.Err.Error() }
func (e UsageError) Unwrap() error    { return e.Err }
func (e DataError) Error() string     { return e.Err.Error() }
func (e DataError) Unwrap() error     { return e.Err }
func (e NoReportError) Error() string { return e.Err.Error() }
func (e DataGateError) Error() string { return e.Err.Error() }
func (e DataGateError) Unwrap() error { return e.Err }
func (e NoReportError) Unwrap() error { return e.Err }
func (e GateError) Error() string     { return "gate reached: " + strings.Join(e.Reached, ", ") }

// GatesReached returns a GateError naming the gates reached, or nil.
func GatesReached(gates []report.GateResult) error {
	var reached []string
	for _, g := range gates {
		if g.Reached {
			reached = append(reached, fmt.Sprintf("%s (value %s)", g.Gate, strconv.FormatFloat(g.Value, 'g', -1, 64)))
		}
	}
	if reached == nil {
		return nil
	}
	return GateError{reached}
}

// noUsableRecord is the DataError of a run without a usable record (rows:
// records with a usable text; read: every record met; byKind: the bad
// records by kind): it has nothing to say about the data, so it is a
// failure, whatever gates say. With emptyOK, inputs without a record are
// not (a profile of an empty shard merges with the others').
func noUsableRecord(rows, read int64, byKind map[string]int64, emptyOK bool) error {
	if rows > 0 || read == 0 && emptyOK {
		return nil
	}
	if read == 0 {
		return DataError{errors.New("no record read: the inputs are empty")}
	}
	kinds := make([]string, 0, len(byKind))
	for k, n := range byKind {
		if n > 0 { // input_changed, file_encoding: no rows of their own
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	for i, k := range kinds {
		kinds[i] = fmt.Sprintf("%s %d", k, byKind[k])
	}
	all := fmt.Sprintf("all %s are bad", report.Plural(int(read), "record"))
	if read == 1 {
		all = "the only record is bad" // not "all 1 record are bad"
	}
	check := "check the input's format and --text"
	if _, ok := byKind[ingest.BadFileEncoding]; ok {
		check = "input in UTF-16 or UTF-32, not UTF-8: convert it to UTF-8 (see the file_encoding findings)"
	}
	return DataError{fmt.Errorf("no usable record: %s (%s): %s", all, strings.Join(kinds, ", "), check)}
}
