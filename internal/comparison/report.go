package comparison

import "github.com/dataaudit/dataaudit/internal/verdict"

// ReportSchema and ReportVersion identify the compare report (docs/compare.md).
const (
	ReportSchema  = "dataaudit.compare"
	ReportVersion = 1
)

// Report is the result of comparing a corpus B with a corpus A.
type Report struct {
	Schema        string `json:"schema"`
	SchemaVersion int    `json:"schema_version"`
	Tool          struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"tool"`
	A        Side            `json:"a"`
	B        Side            `json:"b"`
	Settings CompareSettings `json:"settings"`
	Tokens   TokenShift      `json:"tokens"`
	// OverInB are the tokens most over-represented in B relative to A
	// (for a subset selected from pool A: what the selection favours), and
	// OverInA the reverse.
	OverInB    []Driver    `json:"over_represented_in_b"`
	OverInA    []Driver    `json:"over_represented_in_a"`
	Vocabulary Vocabulary  `json:"vocabulary"`
	Lengths    Lengths     `json:"lengths"`
	Labels     *LabelShift `json:"labels,omitempty"`
	// Overlap and Domain need raw data on both sides.
	Overlap *Overlap `json:"overlap,omitempty"`
	Domain  *Domain  `json:"domain,omitempty"`
	// Notes says what was not computed and why.
	Notes []string `json:"notes,omitempty"`
	// Gates are the --fail-on thresholds and whether each was reached.
	Gates []GateResult `json:"gates,omitempty"`
	// Summary holds the verdict (report.JudgeCompare), set once the
	// gates are checked.
	Summary *Summary `json:"summary,omitempty"`
}

// Summary is what a reader looks at first: the verdict.
type Summary struct {
	Verdict verdict.Verdict `json:"verdict"`
}

// GateResult is one --fail-on threshold checked against the report (the
// same fields as a scan report's gates).
type GateResult struct {
	Gate    string  `json:"gate"`
	Value   float64 `json:"value"`
	Reached bool    `json:"reached"`
}

// Side describes one side of the comparison.
type Side struct {
	// Source is the path or glob given; Kind is "data" or "profile".
	Source   string `json:"source"`
	Kind     string `json:"kind"`
	Files    int    `json:"files"`
	Rows     int64  `json:"rows"`
	Tokens   uint64 `json:"tokens"`
	Distinct int64  `json:"distinct_tokens"`
	// DistinctIsEstimate says Distinct is the HyperLogLog estimate.
	DistinctIsEstimate bool `json:"distinct_is_estimate,omitempty"`
	// Listed is how many tokens the side's profile lists, and Complete
	// whether that is every token.
	Listed   int  `json:"listed_tokens"`
	Complete bool `json:"complete"`
	// Text and Label name the side's fields when they were named per
	// side (compare --text-a, --text-b, --label-a, --label-b).
	Text  []string `json:"text,omitempty"`
	Label string   `json:"label,omitempty"`
}

// CompareSettings are the settings of the comparison.
type CompareSettings struct {
	Tokenizer string   `json:"tokenizer"`
	Text      []string `json:"text"`
	TopN      int      `json:"top_n"`
	PriorMass float64  `json:"prior_mass"`
	Drivers   int      `json:"drivers"`
}

// Overlap counts the rows of B that also appear in A: contamination of an
// evaluation or fine-tuning set by the pretraining corpus, or leakage.
type Overlap struct {
	RowsB int64 `json:"rows_b"`
	// Exact rows have the same normalised text as a row of A
	// (Normalization); Near rows are near duplicates of one (word and
	// word-pair Jaccard at least WordJaccard and PairJaccard, estimated by
	// MinHash, for rows of at least 8 words), not counting exact ones.
	Exact         int64   `json:"exact"`
	Near          int64   `json:"near"`
	Total         int64   `json:"total"`
	Rate          float64 `json:"rate"`
	Normalization string  `json:"normalization"`
	WordJaccard   float64 `json:"word_jaccard_min"`
	PairJaccard   float64 `json:"pair_jaccard_min"`
	// Rows lists the first matches of B in input order (all of them in
	// the --overlap-out file).
	Rows     []OverlapRow `json:"rows"`
	Unlisted int64        `json:"unlisted"`
}

// OverlapRow is one row of B found in A.
type OverlapRow struct {
	B       string  `json:"b"`
	A       string  `json:"a"`
	Kind    string  `json:"kind"` // exact or near
	Jaccard float64 `json:"jaccard,omitempty"`
}
