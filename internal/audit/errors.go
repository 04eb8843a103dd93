package audit

import (
	"fmt"
	"strconv"
	"strings"

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
