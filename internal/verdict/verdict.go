// Package verdict provides the verdict every report carries: pass, warn
// or fail, with the reasons. It owns the type and the way rules combine
// (the worst level wins; fail reasons are listed before warn reasons, each
// group in the order the rules ran); the rules themselves, over a report's
// numbers, live with the report (internal/report, verdict.go) and are
// documented in docs/report.md, "Verdict".
//
// A verdict is advice for a reader. It never decides the exit code: the
// gates (--fail-on, --max-*) do.
package verdict

import "fmt"

// Levels of a verdict, from best to worst.
const (
	Pass = "pass" // nothing a rule flags
	Warn = "warn" // worth a look before training on the data
	Fail = "fail" // a problem that would hurt a model trained or evaluated on the data
)

// Verdict is the judgement of one report.
type Verdict struct {
	Level   string   `json:"level"`
	Reasons []string `json:"reasons"`
}

// Judge collects the reasons of the rules that fire. The zero value is
// ready and judges pass.
type Judge struct {
	fails, warns []string
}

// Fail records a reason for a fail verdict.
func (j *Judge) Fail(format string, args ...any) {
	j.fails = append(j.fails, fmt.Sprintf(format, args...))
}

// Warn records a reason for a warn verdict.
func (j *Judge) Warn(format string, args ...any) {
	j.warns = append(j.warns, fmt.Sprintf(format, args...))
}

// Add records reason at level (Fail or Warn; "" records nothing).
func (j *Judge) Add(level, reason string) {
	switch level {
	case Fail:
		j.fails = append(j.fails, reason)
	case Warn:
		j.warns = append(j.warns, reason)
	}
}

// Verdict returns the verdict: fail if any rule failed, else warn if any
// warned, else pass; the fail reasons first. Reasons is never nil, so the
// JSON always has a list.
func (j *Judge) Verdict() Verdict {
	v := Verdict{Level: Pass, Reasons: append(append([]string{}, j.fails...), j.warns...)}
	switch {
	case len(j.fails) > 0:
		v.Level = Fail
	case len(j.warns) > 0:
		v.Level = Warn
	}
	return v
}
