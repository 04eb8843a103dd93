package evasions

import (
	"encoding/binary"
	"fmt"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/finding"
)

var (
	_ analysis.Analyser = (*Checker)(nil)
	_ analysis.Encoder  = (*Checker)(nil)
)

// Spec describes the cleaning-evasion checks. Its state is portable
// (AppendState).
var Spec = &analysis.Spec{
	Name: "evasions", Version: 5, Report: "cleaning_evasions", // 5: the mojibake category (mojibake.go); 2: the replacement_char category; 3: rules.go (mail structure is not an evasion), non_text from 8 characters; 4: session 12 rules (symbols against letters, other-script and styled homoglyphs, joiners and selectors by their neighbours, dump lines, carriage returns inside a line, mark stacks)
	Kinds: []analysis.Kind{{Name: finding.KindCleaningEvasion}, {Name: finding.KindReplacementChar}, {Name: finding.KindMojibake}, {Name: finding.KindEncodedAttachment}},
	New: func(c *analysis.Config) (analysis.Analyser, error) {
		return NewChecker(c.MaxExamples), nil
	},
	Decode: decode,
}

// Finish lists the rows flagged: the Section is the map of rows flagged
// per category (map[string]int64).
func (e *Checker) Finish(env *analysis.Env) (*analysis.Result, error) {
	counts, fs, unlisted := e.Result(env.Files)
	return &analysis.Result{Section: counts, Findings: fs, Unlisted: unlisted}, nil
}

// AppendState appends the checker's state: the number of categories, then
// for each category in report order (evasionKinds) the rows flagged and
// the rows listed (analysis.AppendExamples, positions by file index):
//
//	+--------------------+--------------+-------------------+--------------+-----
//	| uvarint categories | uvarint rows | examples (cat. 0) | uvarint rows | ...
//	+--------------------+--------------+-------------------+--------------+-----
func (e *Checker) AppendState(dst []byte) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(len(evasionKinds)))
	for _, k := range evasionKinds {
		dst = binary.AppendUvarint(dst, uint64(e.counts[k]))
		dst = analysis.AppendExamples(dst, e.items[k])
	}
	return dst, nil
}

// decode reads a state AppendState wrote.
func decode(c *analysis.Config, state []byte) (analysis.Analyser, error) {
	e := NewChecker(c.MaxExamples)
	r := analysis.NewReader(state)
	if n := r.Uvarint("categories"); r.Err() == nil && n != uint64(len(evasionKinds)) {
		return nil, fmt.Errorf("%d categories, want %d", n, len(evasionKinds))
	}
	for _, k := range evasionKinds {
		n := r.Int(k+" rows", 1<<62)
		l := e.items[k]
		r.Examples(k+" examples", c.Files, l)
		if r.Err() != nil {
			break
		}
		if listed := len(l.List()); n < listed {
			return nil, fmt.Errorf("%s: %d rows flagged but %d listed", k, n, listed)
		}
		if n > 0 {
			e.counts[k] = int64(n)
		}
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return e, nil
}
