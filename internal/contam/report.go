package contam

import (
	"fmt"
	"strings"

	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/report"
	"github.com/dataaudit/dataaudit/internal/verdict"
)

// ReportSchema names the contamination report (docs/report.md); its
// version changes when a field changes meaning.
const (
	ReportSchema  = "dataaudit.contamination"
	ReportVersion = 1
)

// Report is the contamination report: settings, per eval set the dirty
// items, the contaminated items and the (training row, item) findings.
type Report struct {
	Schema        string              `json:"schema"`
	SchemaVersion int                 `json:"schema_version"`
	Tool          report.Tool         `json:"tool"`
	Command       string              `json:"command"`
	Settings      ReportSettings      `json:"settings"`
	Train         TrainSummary        `json:"train"`
	Eval          EvalSummary         `json:"eval"`
	Sets          []SetSummary        `json:"eval_sets"`
	Items         []ItemReport        `json:"contaminated_items"`
	Findings      []finding.Finding   `json:"findings"`
	Unlisted      map[string]int64    `json:"unlisted,omitempty"`
	Export        *Export             `json:"export,omitempty"`
	Gates         []report.GateResult `json:"gates,omitempty"`
	// Summary holds the verdict (report.JudgeContamination), set once
	// the gates are checked.
	Summary *Summary `json:"summary,omitempty"`
}

// Summary is what a reader looks at first: the verdict.
type Summary struct {
	Verdict verdict.Verdict `json:"verdict"`
}

// ReportSettings are the fields read and the thresholds applied.
type ReportSettings struct {
	Settings
	Text      []string `json:"text"`
	EvalText  []string `json:"eval_text"`
	ID        string   `json:"id,omitempty"`
	EvalID    string   `json:"eval_id,omitempty"`
	Tokenizer string   `json:"tokenizer"`
	// Ks are the match lengths in use: K, and shorter ones for short items.
	Ks []int `json:"match_lengths"`
	// IndexedGrams were indexed; EvalCommonGrams left out for being in
	// more than MaxEvalDF items, TrainCommonGrams ignored for being in
	// more than MaxTrainDF training rows.
	IndexedGrams     int `json:"indexed_grams"`
	EvalCommonGrams  int `json:"eval_common_grams"`
	TrainCommonGrams int `json:"train_common_grams"`
}

// TrainSummary is what was read of the training corpus.
type TrainSummary struct {
	Inputs           []string `json:"inputs"`
	Rows             int64    `json:"rows"`
	Tokens           int64    `json:"tokens"`
	BadRecords       int64    `json:"bad_records"`
	RowsContaminated int64    `json:"rows_contaminated"`
	RowRate          float64  `json:"row_rate"`
}

// SetSummary is one eval set's count and share of dirty items.
type SetSummary struct {
	Name         string  `json:"name"`
	Items        int     `json:"items"`
	Contaminated int     `json:"contaminated"`
	Rate         float64 `json:"rate"`
	// TooShort items have fewer than MinTokens tokens: never matched.
	TooShort int `json:"too_short"`
}

// EvalSummary is what was read of the eval sets besides their items.
type EvalSummary struct {
	Inputs []string `json:"inputs"`
	// BadRecords could not be read (not matched; scan lists them).
	BadRecords int64 `json:"bad_records"`
}

// ItemReport is one contaminated eval item.
type ItemReport struct {
	Set  string      `json:"set"`
	Item finding.Row `json:"item"`
	// TrainRows is the number of training rows it was found in.
	TrainRows int `json:"train_rows"`
	// Coverage is the largest share of its tokens one training row
	// covers; FirstFieldCoverage that of its first field alone.
	Coverage           float64 `json:"coverage"`
	FirstFieldCoverage float64 `json:"first_field_coverage,omitempty"`
	// Spans are the item's parts found, in the row that covers most.
	Spans []Span `json:"spans"`
}

// Span is a part of an eval item found in a training row.
type Span struct {
	From   int    `json:"from_token"`
	To     int    `json:"to_token"`
	Quote  string `json:"quote"`
	Tokens int    `json:"tokens"`
}

// Export describes the files --export-clean wrote.
type Export struct {
	Path        string `json:"path"`
	RowsKept    int64  `json:"rows_kept"`
	RowsDropped int64  `json:"rows_dropped"`
	CleanIDs    string `json:"clean_ids"`
	CleanItems  int    `json:"clean_items"`
}

// Result is a finished check: the report's body and what an export needs.
type Result struct {
	Sets     []SetSummary
	Items    []ItemReport
	Findings []finding.Finding
	Unlisted int64
	// Dirty are the contaminated training rows, sorted; Clean the clean
	// eval items' ids (or row names) per set, in input order.
	Dirty    []ingest.Pos
	Clean    []CleanItem
	Settings ReportSettings
	Train    TrainSummary
}

// CleanItem is an eval item found in no training row.
type CleanItem struct {
	Set string `json:"set"`
	ID  string `json:"id"`
}

// Finish judges m's hits and assembles the result; trainFiles and
// evalFiles name the positions of either side, maxExamples bounds the
// findings listed (the rest are counted).
func Finish(m *Matcher, trainFiles, evalFiles []string, maxExamples int) *Result {
	ix := m.ix
	pairs, trainCommon := m.Judge()
	r := &Result{}
	r.Settings = ReportSettings{Settings: ix.Settings, Ks: ix.ks, IndexedGrams: ix.Entries(), EvalCommonGrams: ix.evalCommon, TrainCommonGrams: trainCommon}
	r.Train = TrainSummary{Rows: m.Rows, Tokens: m.Tokens, BadRecords: m.Bad}
	best := make([]int, len(ix.items)) // best pair of each item +1
	count := make([]int, len(ix.items))
	for pi, p := range pairs {
		count[p.Item]++
		if b := best[p.Item]; b == 0 || p.Coverage > pairs[b-1].Coverage {
			best[p.Item] = pi + 1
		}
		if len(r.Dirty) == 0 || r.Dirty[len(r.Dirty)-1] != p.Train {
			r.Dirty = append(r.Dirty, p.Train)
		}
		it := &ix.items[p.Item]
		if len(r.Findings) >= maxExamples {
			r.Unlisted++
			continue
		}
		cov := p.Coverage
		what := "the item"
		if p.FirstCoverage > p.Coverage {
			cov, what = p.FirstCoverage, "its first field"
		}
		ev := fmt.Sprintf("%s item %s: %.0f%% of %s found in training tokens %d-%d", ix.sets[it.set], itemName(it, evalFiles), 100*cov, what, p.TrainFrom, p.TrainTo)
		needle := ""
		if len(p.Spans) > 0 {
			ev += ": " + quote(it, p.Spans[0])
			if sp := p.Spans[0]; int(sp[1]) <= len(it.ends) && sp[0] < sp[1] {
				needle = finding.Words(it.text[it.starts[sp[0]]:it.ends[sp[1]-1]], 8)
			}
		}
		r.Findings = append(r.Findings, finding.Finding{
			Kind: finding.KindContaminatedRow, Severity: finding.Warning, Score: finding.Round(cov, 4), Evidence: ev, Needle: needle,
			Rows: []finding.Row{finding.NewRow(trainFiles, p.Train, p.TrainID), finding.NewRow(evalFiles, it.pos, it.id)},
		})
	}
	r.Train.RowsContaminated = int64(len(r.Dirty))
	if m.Rows > 0 {
		r.Train.RowRate = finding.Round(float64(len(r.Dirty))/float64(m.Rows), 6)
	}
	for si, name := range ix.sets {
		r.Sets = append(r.Sets, SetSummary{Name: name, Items: ix.perSet[si], TooShort: ix.tooShort[si]})
	}
	for ii := range ix.items {
		it := &ix.items[ii]
		s := &r.Sets[it.set]
		if best[ii] == 0 {
			r.Clean = append(r.Clean, CleanItem{Set: s.Name, ID: itemName(it, evalFiles)})
			continue
		}
		s.Contaminated++
		p := pairs[best[ii]-1]
		ir := ItemReport{Set: s.Name, Item: finding.NewRow(evalFiles, it.pos, it.id), TrainRows: count[ii],
			Coverage: finding.Round(p.Coverage, 4), FirstFieldCoverage: finding.Round(p.FirstCoverage, 4)}
		for _, sp := range p.Spans {
			ir.Spans = append(ir.Spans, Span{From: int(sp[0]), To: int(sp[1]), Tokens: int(sp[1] - sp[0]), Quote: quote(it, sp)})
		}
		r.Items = append(r.Items, ir)
	}
	for i := range r.Sets {
		if s := &r.Sets[i]; s.Items > 0 {
			s.Rate = finding.Round(float64(s.Contaminated)/float64(s.Items), 6)
		}
	}
	return r
}

// itemName is an item's id, or its file and line or row.
func itemName(it *item, files []string) string {
	if it.id != "" {
		return it.id
	}
	return it.pos.Format(files)
}

// quote returns the item's text over a token range, white space
// collapsed and cut at 160 bytes, quoted.
func quote(it *item, sp [2]int32) string {
	if int(sp[1]) > len(it.ends) || sp[0] >= sp[1] {
		return `""`
	}
	s := strings.Join(strings.Fields(it.text[it.starts[sp[0]]:it.ends[sp[1]-1]]), " ")
	if len(s) > 160 {
		cut := 160
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return fmt.Sprintf("%q", s)
}
