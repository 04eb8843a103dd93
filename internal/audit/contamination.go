package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dataaudit/dataaudit/internal/analysis"
	"github.com/dataaudit/dataaudit/internal/contam"
	"github.com/dataaudit/dataaudit/internal/evalset"
	"github.com/dataaudit/dataaudit/internal/excerpt"
	"github.com/dataaudit/dataaudit/internal/export"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/gate"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/spans"
)

// ContaminationTokenizer names the tokens contamination and repeated
// spans are matched on (package spans).
const ContaminationTokenizer = spans.Name

// ContaminationConfig is what a contamination check reads and how.
type ContaminationConfig struct {
	// Train and Eval are the training corpus and the eval sets (files,
	// directories, globs; "-" for one of them). Each eval file is a set.
	Train, Eval []string
	// Ingest reads the training corpus (Text, ID, workers...); EvalText
	// and EvalID are the eval sets' fields (the first of several text
	// fields is also matched alone).
	Ingest   ingest.Options
	EvalText []string
	EvalID   string
	Settings contam.Settings
	// MaxExamples is the most findings the report lists (the Findings
	// hook gets them all).
	MaxExamples int
	// ExportClean, if set, is where the training corpus without its
	// contaminated rows is written; the clean eval items' ids go beside
	// it (CleanIDsPath).
	ExportClean    string
	Gates          []gate.Gate
	Outputs, Reads []outfile.Path
	ToolVersion    string
}

// ContaminationMetrics are the gate metrics of a contamination report.
var ContaminationMetrics = map[string]string{
	"contaminated_items":     "eval items found in a training row",
	"contaminated_item_rate": "contaminated eval items / eval items",
	"contaminated_rows":      "training rows holding an eval item",
	"contaminated_row_rate":  "contaminated training rows / training rows",
	"findings":               "contaminated (training row, eval item) pairs",
}

// CleanIDsPath is where --export-clean FILE writes the clean eval items:
// FILE without its extensions, then ".clean-eval.jsonl".
func CleanIDsPath(exportPath string) string {
	dir, base := filepath.Split(exportPath)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return filepath.Join(dir, base+".clean-eval.jsonl")
}

// Contamination finds the eval items that training rows hold, writes the
// export if asked and checks the gates.
func Contamination(ctx context.Context, o *ContaminationConfig, hooks Hooks) (*contam.Report, error) {
	train, err := ingest.ExpandContext(ctx, o.Train)
	if err != nil {
		return nil, NoReportError{fmt.Errorf("training corpus: %w", err)}
	}
	defer ingest.Close(train)
	eval, err := ingest.ExpandContext(ctx, o.Eval)
	if err != nil {
		return nil, NoReportError{fmt.Errorf("--eval: %w", err)}
	}
	defer ingest.Close(eval)
	outs := o.Outputs
	if o.ExportClean != "" {
		outs = append(slices.Clip(outs), outfile.Path{Flag: "--export-clean", Path: o.ExportClean}, outfile.Path{Flag: "--export-clean (eval ids)", Path: CleanIDsPath(o.ExportClean)})
	}
	if err := checkOutputs(outs, slices.Concat(train, eval), o.Reads...); err != nil {
		return nil, NoReportError{err}
	}
	rep, err := contamination(ctx, o, train, eval, hooks)
	if err != nil {
		return nil, NoReportError{err}
	}
	vals := ContaminationValues(rep)
	for _, g := range o.Gates {
		v := vals[g.Metric]
		rep.Gates = append(rep.Gates, report.GateResult{Gate: g.Expr, Value: v, Reached: g.Reached(v)})
	}
	var items int64
	for _, s := range rep.Sets {
		items += int64(s.Items)
	}
	rep.Summary = &contam.Summary{Verdict: report.JudgeContamination(items, int64(vals["contaminated_items"]), rep.Gates)}
	if hooks.Findings != nil {
		if err := hooks.Findings(rep.Findings); err != nil {
			return nil, NoReportError{err}
		}
	}
	if len(rep.Findings) > o.MaxExamples {
		if rep.Unlisted == nil {
			rep.Unlisted = map[string]int64{}
		}
		rep.Unlisted[finding.KindContaminatedRow] += int64(len(rep.Findings) - o.MaxExamples)
		rep.Findings = rep.Findings[:o.MaxExamples]
	}
	return rep, nil
}

// ContaminationGates are the gates of contamination reports.
var ContaminationGates = gate.NewSet(ContaminationMetrics)

// ParseContaminationGates parses the gates of contamination (exprs:
// --fail-on, then --policy).
func ParseContaminationGates(exprs []string) ([]gate.Gate, error) {
	var gates []gate.Gate
	for _, e := range exprs {
		g, err := ContaminationGates.Parse(e)
		if err != nil {
			return nil, err
		}
		gates = append(gates, g)
	}
	return gates, nil
}

// ContaminationValues are the gate metrics' values in a report.
func ContaminationValues(r *contam.Report) map[string]float64 {
	items, dirty := 0, 0
	for _, s := range r.Sets {
		items += s.Items
		dirty += s.Contaminated
	}
	v := map[string]float64{
		"contaminated_items":    float64(dirty),
		"contaminated_rows":     float64(r.Train.RowsContaminated),
		"contaminated_row_rate": r.Train.RowRate,
		"findings":              float64(int64(len(r.Findings)) + r.Unlisted[finding.KindContaminatedRow]),
	}
	if items > 0 {
		v["contaminated_item_rate"] = finding.Round(float64(dirty)/float64(items), 6)
	} else {
		v["contaminated_item_rate"] = 0
	}
	return v
}

func contamination(ctx context.Context, o *ContaminationConfig, train, eval []ingest.Input, hooks Hooks) (*contam.Report, error) {
	eopts := o.Ingest
	eopts.ID, eopts.Label, eopts.Notify = o.EvalID, "", hooks.notify
	eopts.TextArrays = true // lists of choices
	whole, err := evalset.Read(ctx, eval, eopts, o.EvalText)
	if err != nil {
		return nil, fmt.Errorf("--eval: %w", err)
	}
	var first *evalset.Rows
	if len(o.EvalText) > 1 {
		if first, err = evalset.Read(ctx, eval, eopts, o.EvalText[:1]); err != nil {
			return nil, fmt.Errorf("--eval: %w", err)
		}
	}
	ix, err := contam.NewIndex(o.Settings)
	if err != nil {
		return nil, err
	}
	evalFiles := make([]string, len(eval))
	for i, in := range eval {
		evalFiles[i] = in.Path
	}
	fi := 0
	for _, r := range whole.Rows {
		var f []byte
		if first != nil {
			for fi < len(first.Rows) && first.Rows[fi].Pos.Less(r.Pos) {
				fi++
			}
			if fi < len(first.Rows) && first.Rows[fi].Pos == r.Pos {
				f = first.Rows[fi].Text
			}
		}
		ix.Add(filepath.Base(evalFiles[r.Pos.File]), r.Pos, r.ID, r.Text, f)
	}
	evalBad := whole.Bad
	whole, first = nil, nil
	ix.Build()

	tfiles := make([]string, len(train))
	for i, in := range train {
		tfiles[i] = in.Path
	}
	topts := o.Ingest
	topts.Label = ""
	topts.Notify = hooks.notify
	topts.Spool = true // the export and the excerpts read the corpus again
	add, done := hooks.progress("reading the training rows", progressTotal(train))
	topts.Progress = add
	out, err := analysis.Run(ctx, train, analysis.Options{Ingest: topts}, []analysis.Factory{func() (analysis.Analyser, error) { return contam.NewMatcher(ix), nil }})
	done()
	if err != nil {
		return nil, err
	}
	// With the Findings hook every finding is listed; the report is
	// trimmed to MaxExamples afterwards (Contamination).
	listMax := o.MaxExamples
	if hooks.Findings != nil {
		listMax = math.MaxInt32
	}
	max := finding.MaxExamples(listMax)
	res := contam.Finish(out[0].(*contam.Matcher), tfiles, evalFiles, max)
	res.Settings.Text, res.Settings.EvalText, res.Settings.ID, res.Settings.EvalID = o.Ingest.Text, o.EvalText, o.Ingest.ID, o.EvalID
	res.Settings.Tokenizer = ContaminationTokenizer
	res.Train.Inputs = tfiles
	rep := &contam.Report{
		Schema: contam.ReportSchema, SchemaVersion: contam.ReportVersion,
		Tool: report.Tool{Name: "dataaudit", Version: o.ToolVersion}, Command: "contamination",
		Settings: res.Settings, Train: res.Train, Sets: res.Sets, Items: res.Items, Findings: res.Findings,
		Eval: contam.EvalSummary{Inputs: evalFiles, BadRecords: evalBad},
	}
	if rep.Sets == nil {
		rep.Sets = []contam.SetSummary{}
	}
	if rep.Items == nil {
		rep.Items = []contam.ItemReport{}
	}
	if rep.Findings == nil {
		rep.Findings = []finding.Finding{}
	}
	topts.Progress = nil
	if err := excerpt.Add(ctx, train, tfiles, topts, rep.Findings); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		hooks.notify(err.Error() + "; the findings are listed without")
	}
	if res.Unlisted > 0 {
		rep.Unlisted = map[string]int64{finding.KindContaminatedRow: res.Unlisted}
	}
	if o.ExportClean != "" {
		st, err := export.Write(ctx, o.ExportClean, train, res.Dirty)
		if err != nil {
			return nil, err
		}
		ids := CleanIDsPath(o.ExportClean)
		if err := writeCleanIDs(ids, res.Clean); err != nil {
			return nil, err
		}
		rep.Export = &contam.Export{Path: o.ExportClean, RowsKept: st.Kept, RowsDropped: st.Dropped, CleanIDs: ids, CleanItems: len(res.Clean)}
	}
	return rep, nil
}

// writeCleanIDs writes one JSON object per clean eval item: {"set", "id"}.
func writeCleanIDs(path string, clean []contam.CleanItem) error {
	f, err := outfile.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, c := range clean {
		if err := enc.Encode(c); err != nil {
			f.Abort()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// ContaminationVerdict returns the DataError of a check without a usable
// training row or eval item, else the GateError of the gates it reached,
// or nil.
func ContaminationVerdict(rep *contam.Report) error {
	if rep.Train.Rows == 0 {
		return DataError{fmt.Errorf("no usable training row (%s bad): nothing to check; check the input's format and --text", report.Plural(int(rep.Train.BadRecords), "record"))}
	}
	items := 0
	for _, s := range rep.Sets {
		items += s.Items
	}
	if items == 0 {
		return DataError{fmt.Errorf("no usable eval item (%s bad): nothing to check; check the eval sets' format and --eval-text", report.Plural(int(rep.Eval.BadRecords), "record"))}
	}
	return GatesReached(rep.Gates)
}
