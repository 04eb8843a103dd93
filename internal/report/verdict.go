package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dataaudit/dataaudit/internal/comparison"
	"github.com/dataaudit/dataaudit/internal/finding"
	"github.com/dataaudit/dataaudit/internal/ingest"
	"github.com/dataaudit/dataaudit/internal/termsafe"
	"github.com/dataaudit/dataaudit/internal/verdict"
)

// The severity rules of the verdicts, in one place. Each threshold is the
// value from which its rule fires (x ≥ threshold); docs/report.md,
// "Verdict", has them as a table with why. Calibrated on real mail and
// instruction data (benchmarks/verdict.sh): ordinary mail carries some
// exact and many near duplicates, U+FFFD in 4 to 8% of its rows, base64
// attachments (encoded_blob) in 4 to 6%, label errors under 1% and one
// spam word that passes the trigger test; none of that may fail a corpus.
const (
	// BadRecordFail: records that could not be used, of records read
	// (any warns).
	BadRecordFail = 0.05
	// DuplicateWarn, DuplicateFail: redundant exact-duplicate rows, of
	// rows (summary's duplicates.exact.duplicate_rate). Mail: 0 to 1.7%.
	DuplicateWarn = 0.01
	DuplicateFail = 0.05
	// NearDuplicateWarn, NearDuplicateFail: near-duplicate rows beyond the
	// first of each cluster, of rows. Mail 6%, templated instructions 14%.
	NearDuplicateWarn = 0.05
	NearDuplicateFail = 0.25
	// LabelConflictFail: clusters of duplicates carrying different labels,
	// of rows (any warns). Mail: 0.1%.
	LabelConflictFail = 0.01
	// LabelErrorWarn, LabelErrorFail: label_error findings, of the rows
	// the label checks scored. Mail: 0.07 to 0.9%; 3% of labels flipped
	// gives about 2.7%.
	LabelErrorWarn = 0.005
	LabelErrorFail = 0.02
	// TriggerMisreadFail: a word or word-pair trigger candidate (label
	// checks) fails when at least this share of its rows of the label it
	// concentrates in read like another label without it; any warns. A
	// planted trigger flips labels, so its rows read otherwise: 75 to
	// 100%. Mail's one candidate, a spam word, 55%. (Its score, which
	// grows with the corpus, would not tell them apart at every size.)
	TriggerMisreadFail = 0.75
	// LeakFail: exact copies of training rows among evaluation rows
	// (split_overlap), of B's rows found in A (compare), contaminated eval
	// items (contamination), of the evaluation rows or items; any copy
	// warns. NearLeakFail: the same counting near copies too, which
	// ordinary mail has across any split (7% of a held-out part of it).
	LeakFail     = 0.02
	NearLeakFail = 0.10
	// EvasionWarn, EvasionFail: cleaning_evasion findings, of rows (a row
	// in several categories is a finding in each: the verdict says so). Mail:
	// 5 to 8%, mostly base64 attachments.
	EvasionWarn = 0.01
	EvasionFail = 0.20
	// InvalidUTF8Fail: texts that are not valid UTF-8, of rows (any warns).
	InvalidUTF8Fail = 0.10
	// ReplacementCharWarn: texts carrying U+FFFD or an escaped lone
	// surrogate, of rows. Mail: 4 to 8%. Never fails.
	ReplacementCharWarn = 0.10
	// MojibakeWarn: texts read with the wrong encoding upstream
	// ("cafÃ©"), of rows. Mail: none of the 137,265 rows of
	// corpus-200MB, 5-6 of 5,000 in evplant3's control. Never fails.
	MojibakeWarn = 0.01
	// EmptyTextWarn, EmptyTextFail: empty and whitespace-only texts, of
	// rows.
	EmptyTextWarn = 0.01
	EmptyTextFail = 0.10
	// OutlierWarn: outlier findings, of rows. Mail: 1 to 4.4%. Never
	// fails.
	OutlierWarn = 0.05
	// ShiftPSIWarn, DomainAUCWarn, LabelShiftWarn: a compare whose token
	// PSI, domain classifier AUC or label total variation reaches them
	// warns: the sets differ, which may be the point. Never fails.
	ShiftPSIWarn   = 0.25
	DomainAUCWarn  = 0.95
	LabelShiftWarn = 0.10
)

// ratio is n/of, 0 when of is 0.
func ratio(n, of int64) float64 {
	if of <= 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// rateRule adds a rule's reason, "name: detail, 1.2% of rows (warn from
// 1%)", at the level x reaches: warnAt 0 warns at any x above 0, failAt 0
// never fails.
func rateRule(j *verdict.Judge, x, warnAt, failAt float64, what, of string) {
	if x <= 0 {
		return
	}
	level, from := "", 0.0
	switch {
	case failAt > 0 && x >= failAt:
		level, from = verdict.Fail, failAt
	case x >= warnAt:
		level, from = verdict.Warn, warnAt
	}
	if level == "" {
		return
	}
	limit := "any"
	if from > 0 {
		limit = "from " + threshold(from)
	}
	j.Add(level, fmt.Sprintf("%s, %s %s (%s %s)", what, pct(x), of, level, limit))
}

// leakRule adds the reason of copies of training rows among evaluation
// rows: fail when the exact copies reach LeakFail or all copies
// NearLeakFail, else warn.
func leakRule(j *verdict.Judge, what string, exact, all float64, of string) {
	switch {
	case exact >= LeakFail:
		j.Fail("%s, %s %s exact copies (fail from %s)", what, pct(exact), of, threshold(LeakFail))
	case all >= NearLeakFail:
		j.Fail("%s, %s %s copies (fail from %s with near copies)", what, pct(all), of, threshold(NearLeakFail))
	case all > 0:
		j.Warn("%s, %s %s copies (warn any; fail from %s exact, %s with near copies)", what, pct(all), of, threshold(LeakFail), threshold(NearLeakFail))
	}
}

// threshold writes a rate threshold as a percentage without trailing
// zeros: 5%, 0.5%.
func threshold(x float64) string {
	return strconv.FormatFloat(100*x, 'f', -1, 64) + "%"
}

// JudgeScan applies the severity rules to a scan report: its summary,
// every analysis' result and findings, and its gates (a gate reached
// fails). The verdict is advice; the exit code is the gates'.
func JudgeScan(d *Document) verdict.Verdict {
	var j verdict.Judge
	s := d.Summary
	kinds := s.FindingsByKind
	for _, g := range reachedGates(d.Gates) {
		j.Fail("gate %s reached", g)
	}
	switch {
	case s.RecordsRead == 0 && s.UnreadableInputs == 0:
		j.Fail("no record read")
	case s.Rows == 0:
		j.Fail("no usable record: none of the %s read has a usable text (check --text and the input format)", nouns(s.RecordsRead, "record"))
	}
	if s.UnreadableInputs > 0 {
		j.Fail("%s could not be read to the end", nouns(s.UnreadableInputs, "input"))
	}
	if _, ok := s.BadByKind[ingest.BadInputChanged]; ok {
		j.Fail("an input changed during the scan (see the input_changed findings)")
	}
	if _, ok := s.BadByKind[ingest.BadFileEncoding]; ok {
		j.Fail("input in UTF-16 or UTF-32, not UTF-8: convert it to UTF-8 (see the file_encoding findings)")
	}
	if s.BadRecords > 0 {
		rateRule(&j, s.BadRecordRate, 0, BadRecordFail, fmt.Sprintf("bad records: %s", commas(s.BadRecords)), "of records read")
	}
	if dd := d.Duplicates; dd != nil && dd.Exact != nil {
		rateRule(&j, dd.Exact.Rate, DuplicateWarn, DuplicateFail, fmt.Sprintf("exact duplicates: %s in %s", nouns(dd.Exact.Redundant, "redundant row"), nouns(dd.Exact.Clusters, "cluster")), "of rows")
	}
	if dd := d.Duplicates; dd != nil && dd.Near != nil {
		extra := dd.Near.RowsInClusters - dd.Near.Clusters
		rateRule(&j, ratio(extra, s.Rows), NearDuplicateWarn, NearDuplicateFail, fmt.Sprintf("near duplicates: %s beyond the first of %s", nouns(extra, "row"), nouns(dd.Near.Clusters, "cluster")), "of rows")
	}
	if n := kinds[finding.KindLabelConflict]; n > 0 {
		rateRule(&j, ratio(n, s.Rows), 0, LabelConflictFail, fmt.Sprintf("label conflicts: %s of duplicates carry different labels", nouns(n, "cluster")), "of rows")
	}
	if lc := d.LabelChecks; lc != nil && lc.LabelErrors > 0 {
		rateRule(&j, ratio(lc.LabelErrors, lc.RowsScored), LabelErrorWarn, LabelErrorFail, fmt.Sprintf("label errors: %s likely mislabelled", nouns(lc.LabelErrors, "row")), "of the rows scored")
	}
	judgeTriggers(&j, d)
	if sp := d.Splits; sp != nil && sp.Overlap.Rows > 0 {
		o := sp.Overlap
		leakRule(&j, fmt.Sprintf("split leakage: %s copy a training row (%s exact, %s near)", nouns(o.Rows, "evaluation row"), commas(o.Exact), commas(o.Near)),
			ratio(o.Exact, o.EvalRows), o.Rate, "of evaluation rows are")
	}
	if n := kinds[finding.KindCleaningEvasion]; n > 0 {
		// The rows whose text is null or missing are empty_text findings
		// too (evasions' addNoText) but not among s.Rows, the rows read with
		// a text: they count in the rate's rows, so that a file of them is
		// judged on the share of its records, as the bad-record rule is.
		rows := s.Rows + s.BadByKind[ingest.BadNullText] + s.BadByKind[ingest.BadMissingText]
		rateRule(&j, ratio(n, rows), EvasionWarn, EvasionFail, fmt.Sprintf("cleaning evasions: %s of text a rule-based cleaner lets through", nouns(n, "finding")), "of rows, counting a row once per category")
	}
	if s.InvalidUTF8Texts > 0 {
		rateRule(&j, ratio(s.InvalidUTF8Texts, s.Rows), 0, InvalidUTF8Fail, fmt.Sprintf("invalid UTF-8: %s", nouns(s.InvalidUTF8Texts, "text")), "of rows")
	}
	if n := kinds[finding.KindReplacementChar]; n > 0 {
		rateRule(&j, ratio(n, s.Rows), ReplacementCharWarn, 0, fmt.Sprintf("replacement characters: %s carry U+FFFD, bytes lost upstream", nouns(n, "text")), "of rows")
	}
	if n := kinds[finding.KindMojibake]; n > 0 {
		rateRule(&j, ratio(n, s.Rows), MojibakeWarn, 0, fmt.Sprintf("mojibake: %s decoded with the wrong encoding upstream", nouns(n, "text")), "of rows")
	}
	if n := s.EmptyTexts + s.WhitespaceOnlyTexts; n > 0 {
		rateRule(&j, ratio(n, s.Rows), EmptyTextWarn, EmptyTextFail, fmt.Sprintf("empty texts: %s empty or white space only", nouns(n, "text")), "of rows")
	}
	if ol := d.Outliers; ol != nil && ol.Outliers > 0 {
		rateRule(&j, ratio(ol.Outliers, s.Rows), OutlierWarn, 0, fmt.Sprintf("outliers: %s", nouns(ol.Outliers, "row")), "of rows")
	}
	for _, k := range []string{finding.KindLabelMixedTypes, finding.KindLabelsTooMany, finding.KindLabelImbalance, finding.KindLabelEmpty} {
		if n := kinds[k]; n > 0 {
			j.Warn("%s (%s)", nouns(n, "finding"), k)
		}
	}
	return j.Verdict()
}

// judgeTriggers: a backdoor in instruction data (a payload, an
// instruction trigger) or poisoned pretraining text fails; a word or
// word-pair trigger of the label checks warns, and fails when the share
// of its rows that read like another label reaches TriggerMisreadFail.
func judgeTriggers(j *verdict.Judge, d *Document) {
	if n := d.Summary.FindingsByKind[finding.KindPayloadCandidate]; n > 0 {
		j.Fail("backdoor payloads: %s planted in responses their prompts do not explain (fail any)", nouns(n, "candidate"))
	}
	var instr, pre, label int64
	var worst misread
	for _, f := range d.Findings {
		if f.Kind != finding.KindTriggerCandidate {
			continue
		}
		switch f.Subkind {
		case "instruction":
			instr++
		case "pretraining":
			pre++
		default:
			label++
			if m, ok := parseMisread(f.Evidence); ok && m.share() > worst.share() {
				worst = m
			}
		}
	}
	// Findings past --max-examples are counted, not listed: count them
	// with the label checks' (the poison and backdoor results count theirs).
	if lc := d.LabelChecks; lc != nil && lc.TriggerCandidates > label {
		label = lc.TriggerCandidates
	}
	if bd := d.Backdoors; bd != nil && int64(bd.TriggerCandidates) > instr {
		instr = int64(bd.TriggerCandidates)
	}
	if p := d.Poison; p != nil && int64(p.TriggerCandidates) > pre {
		pre = int64(p.TriggerCandidates)
	}
	if instr > 0 {
		j.Fail("backdoor triggers: %s, prompt words or phrases that predict a payload (fail any)", nouns(instr, "candidate"))
	}
	if pre > 0 {
		j.Fail("poisoned text: %s, tokens after which text turns to gibberish far more often than chance (fail any)", nouns(pre, "trigger candidate"))
	}
	if label > 0 {
		what := fmt.Sprintf("trigger candidates: %s, rare words concentrated in one label whose rows read like another", commas(label))
		if worst.rows > 0 {
			what += fmt.Sprintf("; %s: %d of its %d rows labelled %s read like another label without it, %s",
				worst.name, worst.other, worst.rows, worst.label, pct(worst.share()))
		}
		if worst.share() >= TriggerMisreadFail {
			j.Fail("%s (fail from %s)", what, threshold(TriggerMisreadFail))
		} else {
			j.Warn("%s (warn any, fail from %s)", what, threshold(TriggerMisreadFail))
		}
	}
}

// misread is what a label trigger candidate's evidence says of its rows:
// of the rows labelled as it concentrates (rows), how many read like
// another label without it (other).
type misread struct {
	name, label string // quoted
	rows, other int
}

func (m misread) share() float64 {
	if m.rows == 0 {
		return 0
	}
	return float64(m.other) / float64(m.rows)
}

// misreadRe reads the evidence internal/labels writes for a word or pair
// trigger candidate (TestJudgeScan holds an example).
var misreadRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^("(?:[^"\\]|\\.)*") is in \d+ rows, (\d+) labelled ("(?:[^"\\]|\\.)*") .*; (\d+) of those read as another label`)
})

func parseMisread(ev string) (misread, bool) {
	m := misreadRe().FindStringSubmatch(ev)
	if m == nil {
		return misread{}, false
	}
	rows, _ := strconv.Atoi(m[2])
	other, _ := strconv.Atoi(m[4])
	return misread{name: shown(m[1], 64), label: shown(m[3], 40), rows: rows, other: other}, true
}

// JudgeCompare applies the severity rules to a compare report: rows of B
// found in A warn, and fail from LeakFail; a large shift (token PSI,
// domain AUC, label mix) warns; a gate reached fails.
func JudgeCompare(r *comparison.Report) verdict.Verdict {
	var j verdict.Judge
	for _, g := range reachedGates(compareGates(r.Gates)) {
		j.Fail("gate %s reached", g)
	}
	if ov := r.Overlap; ov != nil && ov.Total > 0 {
		leakRule(&j, fmt.Sprintf("overlap: %s of B in A (%s exact, %s near), contamination or leakage", nouns(ov.Total, "row"), commas(ov.Exact), commas(ov.Near)),
			ratio(ov.Exact, ov.RowsB), ov.Rate, "of B's rows are")
	}
	if r.Tokens.PSI >= ShiftPSIWarn {
		j.Warn("token PSI %.3f: a major shift between A and B (warn from %.2f)", r.Tokens.PSI, ShiftPSIWarn)
	}
	if d := r.Domain; d != nil && d.AUC >= DomainAUCWarn {
		j.Warn("domain AUC %.3f: a classifier tells B's rows from A's (warn from %.2f)", d.AUC, DomainAUCWarn)
	}
	if l := r.Labels; l != nil && l.TotalVariation >= LabelShiftWarn {
		j.Warn("the label mix moved by %s (total variation; warn from %s)", pct(l.TotalVariation), threshold(LabelShiftWarn))
	}
	return j.Verdict()
}

// JudgeContamination applies the severity rules to a contamination
// report's numbers: contaminated eval items, of all items, warn, and fail
// from LeakFail; a gate reached fails.
func JudgeContamination(items, contaminated int64, gates []GateResult) verdict.Verdict {
	var j verdict.Judge
	for _, g := range reachedGates(gates) {
		j.Fail("gate %s reached", g)
	}
	if contaminated > 0 {
		rateRule(&j, ratio(contaminated, items), 0, LeakFail, fmt.Sprintf("contamination: %s in the training corpus", nouns(contaminated, "eval item")), "of eval items")
	}
	return j.Verdict()
}

// verdictOf is the document's verdict, judged now when it has none (a
// document built by hand).
func verdictOf(d *Document) verdict.Verdict {
	if d.Summary.Verdict != nil {
		return *d.Summary.Verdict
	}
	return JudgeScan(d)
}

// verdictWord is the level as the renderers show it: PASS, WARN, FAIL.
func verdictWord(v verdict.Verdict) string { return strings.ToUpper(v.Level) }

// writeVerdictText writes the verdict as the text summary's second line,
// a reason a line.
func writeVerdictText(p *printer, v verdict.Verdict) {
	p.f("Verdict   %s", verdictWord(v))
	if len(v.Reasons) == 0 {
		p.f(": no rule flags anything\n")
		return
	}
	p.f("\n")
	for _, r := range v.Reasons {
		p.f("          - %s\n", termsafe.Escape(r))
	}
}

// writeVerdictMarkdown writes the reasons as a list under the heading
// that names the verdict.
func writeVerdictMarkdown(p *printer, v verdict.Verdict) {
	for _, r := range v.Reasons {
		p.f("- %s\n", mdText(r))
	}
	if len(v.Reasons) > 0 {
		p.f("\n")
	}
}

// compareVerdictOf is the compare report's verdict, judged now when it
// has none.
func compareVerdictOf(r *comparison.Report) verdict.Verdict {
	if r.Summary != nil {
		return r.Summary.Verdict
	}
	return JudgeCompare(r)
}
