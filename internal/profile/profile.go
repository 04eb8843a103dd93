// Package profile provides the dataset profile: a versioned, self-describing
// JSON document that publishes a corpus' distribution (token counts, lengths,
// labels, bad records) and an integrity manifest of its files, so that a
// downstream team can compare against it and verify the files without the
// raw data. See docs/profile.md for the format.
//
// A profile is the encoding of the token summary's state (stats.Summary),
// cut to its top tokens, plus the manifest. It is built by Build (one
// streaming pass with parallel workers, plus a SHA-256 pass over the files
// running alongside) or Assemble (from merged shard states), both
// rendering a Summary; merged by Merge, which decodes each profile into a
// Summary (Summary, stats.FromListed), merges them with
// stats.Summary.Merge, the one merge of the token summary, and renders
// the result (exact counts add exactly, the distinct-token sketch within
// its stated error); read by Read and written by Write. The written form
// is deterministic: the same input gives the same bytes whatever the
// number of workers; a profile holds no times. The format did not change
// when Merge came to go through the Summary: SchemaVersion 1 profiles of
// every earlier version merge as they did (TestMergeOldProfiles).
package profile

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dataaudit/dataaudit/internal/outfile"
	"github.com/dataaudit/dataaudit/internal/stats"
)

// Schema and SchemaVersion identify the format. The version goes up when a
// field changes meaning or is removed; new fields may appear without it.
const (
	Schema        = "dataaudit.profile"
	SchemaVersion = 1
)

// DefaultTopN is how many tokens a profile lists unless told otherwise:
// enough that the listed tokens carry most of the mass of a natural
// language corpus, so that compare sees most of the distribution.
const DefaultTopN = 10000

// Profile is the document.
type Profile struct {
	Schema        string   `json:"schema"`
	SchemaVersion int      `json:"schema_version"`
	Tool          Tool     `json:"tool"`
	Settings      Settings `json:"settings"`
	// Shards counts the profiles merged into this one (1 for a profile
	// built from data).
	Shards   int          `json:"shards"`
	Counts   stats.Counts `json:"counts"`
	Tokens   Tokens       `json:"tokens"`
	Lengths  Lengths      `json:"lengths"`
	Labels   *Labels      `json:"labels,omitempty"`
	Manifest []File       `json:"manifest"`
}

// Tool names the program that wrote the profile.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Settings are what shaped the numbers. Profiles merge and compare only
// when their text field(s), label field and tokenizer agree.
type Settings struct {
	Text      []string  `json:"text"`
	Label     string    `json:"label,omitempty"`
	Tokenizer Tokenizer `json:"tokenizer"`
	// TopN is how many tokens the profile was asked to list (0: all).
	TopN int `json:"top_n"`
}

// Tokenizer says how texts became tokens and how to read a token string.
type Tokenizer struct {
	// Name identifies the tokenizer and its version ("words/v1"); two
	// profiles are comparable only when the names (and Settings) are equal.
	Name string `json:"name"`
	// Description says what the tokenizer does, for people.
	Description string `json:"description"`
	// Settings holds the tokenizer's own parameters (a vocabulary file's
	// SHA-256, say), compared like Name.
	Settings map[string]string `json:"settings,omitempty"`
	// TokenEncoding says how to read Token.Token: "text" (the token's
	// UTF-8 text, for word tokenizers) or "id" (a model tokenizer's token
	// id in decimal; its readable text goes in Token.Text).
	TokenEncoding string `json:"token_encoding"`
	// Spec is how the tokenizer was asked for (dataaudit's --tokenizer:
	// cl100k_base, o200k_base, hf:PATH), so that compare can tokenize raw
	// data the same way. Not compared: Name pins the vocabulary.
	Spec string `json:"spec,omitempty"`
}

// EncodingID is the TokenEncoding of tokenizers whose tokens are ids.
const EncodingID = "id"

// CompareTokens orders two token strings as profiles list tokens of equal
// count: ids by number (canonical decimals: shorter first, then by digit),
// text by bytes.
func (t Tokenizer) CompareTokens(a, b string) int {
	if t.TokenEncoding == EncodingID && len(a) != len(b) {
		return cmp.Compare(len(a), len(b))
	}
	return strings.Compare(a, b)
}

// Same reports whether two tokenizers count the same tokens.
func (t Tokenizer) Same(o Tokenizer) bool {
	if t.Name != o.Name || t.TokenEncoding != o.TokenEncoding || len(t.Settings) != len(o.Settings) {
		return false
	}
	for k, v := range t.Settings {
		if ov, ok := o.Settings[k]; !ok || ov != v {
			return false
		}
	}
	return true
}

// Tokens is the token frequency distribution.
type Tokens struct {
	// Total counts every token occurrence.
	Total uint64 `json:"total"`
	// Distinct counts distinct tokens: exactly when the profile knows
	// every token (Exact), and always as a HyperLogLog estimate.
	Distinct Distinct `json:"distinct"`
	// Complete is true when Top lists every token: then every count the
	// profile holds is exact and merges are exact.
	Complete bool `json:"complete"`
	// Top lists tokens by count (highest first), ties by token. Each count
	// is exact, and the list is exactly the first len(Top) tokens of the
	// corpus in that order.
	Top []Token `json:"top"`
	// Tail is what Top leaves out.
	Tail Tail `json:"tail"`
}

// Token is a token and its exact count.
type Token struct {
	// Token is read as Settings.Tokenizer.TokenEncoding says.
	Token string `json:"token"`
	// Text is the token's text when Token is an id (model tokenizers). A
	// token that is not valid UTF-8 on its own (byte-level BPE splits
	// characters) has every byte of the broken sequence written \xNN in
	// Text, and all its bytes in hex in Hex.
	Text  string `json:"text,omitempty"`
	Hex   string `json:"hex,omitempty"`
	Count uint64 `json:"count"`
}

// Tail describes the tokens Top leaves out.
type Tail struct {
	// Count is their occurrences: Total minus the listed counts (exact).
	Count uint64 `json:"count"`
	// Distinct is how many there are, when known exactly (not after a
	// merge of truncated profiles).
	Distinct *int64 `json:"distinct,omitempty"`
	// MaxCount bounds the count of any token not listed: exact (the next
	// token's count) in a profile built from data, an upper bound after a
	// merge. 0 when nothing is left out.
	MaxCount uint64 `json:"max_count"`
}

// Distinct is the number of distinct tokens.
type Distinct struct {
	// Exact is the exact count, when known.
	Exact *int64 `json:"exact,omitempty"`
	// Estimate, Lower and Upper are the HyperLogLog estimate and its
	// bounds at two standard deviations (about 95%).
	Estimate int64 `json:"estimate"`
	Lower    int64 `json:"lower_2sd"`
	Upper    int64 `json:"upper_2sd"`
	// RSE is the sketch's relative standard error.
	RSE float64 `json:"relative_standard_error"`
	// Sketch is the HLL sketch (Apache DataSketches, HLL_8, lg_k LgK,
	// compact serialisation), base64: merges take the union.
	LgK    int    `json:"lg_k"`
	Sketch []byte `json:"sketch"`
}

// Lengths are the per-row length distributions as mergeable histograms
// (see stats.HistBucket: exact under 1024, 0.2% wide buckets above).
type Lengths struct {
	Bytes  stats.LengthHist `json:"bytes"`
	Chars  stats.LengthHist `json:"chars"`
	Tokens stats.LengthHist `json:"tokens"`
}

// Labels is the label distribution.
type Labels struct {
	NullRows int64 `json:"null_rows"`
	// TooMany is set when the column had more than stats.MaxLabels
	// distinct values: then Classes is empty.
	TooMany bool               `json:"too_many,omitempty"`
	Classes []stats.LabelCount `json:"classes"`
}

// File is one input in the integrity manifest.
type File struct {
	Path        string `json:"path"`
	Format      string `json:"format"`
	Compression string `json:"compression,omitempty"`
	Bytes       int64  `json:"bytes"`
	SHA256      string `json:"sha256"`
	// Rows counts the file's records: rows with a text and bad records.
	Rows       int64 `json:"rows"`
	Unreadable bool  `json:"unreadable,omitempty"`
}

// Write writes p as indented JSON, one token or histogram bucket a line,
// with a final newline.
func Write(w io.Writer, p *Profile) error {
	var compact, buf bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return err
	}
	if err := indentJSON(&buf, compact.Bytes(), "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteFile writes p to path, whole or not at all (see package outfile).
func WriteFile(path string, p *Profile) error {
	return outfile.WriteFile(path, func(f *outfile.File) error { return Write(f, p) })
}

// ErrNotProfile is returned by Read for JSON that is not a profile.
var ErrNotProfile = errors.New("not a dataaudit profile")

// Read reads a profile, checks its schema and version, and validates every
// value (see Validate): a profile is untrusted input.
func Read(r io.Reader) (*Profile, error) {
	var p Profile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && p.Schema == Schema {
			return nil, typeError(te)
		}
		var be base64.CorruptInputError
		if errors.As(err, &be) && p.Schema == Schema {
			// The only []byte of a profile.
			return nil, fmt.Errorf("tokens.distinct.sketch: not base64: %v", err)
		}
		return nil, fmt.Errorf("%w: %v", ErrNotProfile, err)
	}
	if p.Schema != Schema {
		return nil, fmt.Errorf("%w: schema %q", ErrNotProfile, p.Schema)
	}
	if p.SchemaVersion < 1 || p.SchemaVersion > SchemaVersion {
		return nil, fmt.Errorf("profile schema version %d; this dataaudit reads up to %d", p.SchemaVersion, SchemaVersion)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// typeError says which field of a profile has a value of the wrong type:
// "tokens.total: negative count -5".
func typeError(te *json.UnmarshalTypeError) error {
	field := te.Field
	if field == "" {
		field = "profile"
	}
	num, isNum := strings.CutPrefix(te.Value, "number ")
	switch k := te.Type.Kind(); {
	case isNum && strings.HasPrefix(num, "-") && k >= reflect.Uint && k <= reflect.Uint64:
		return fmt.Errorf("%s: negative count %s", field, num)
	case isNum && k >= reflect.Int && k <= reflect.Uint64:
		return fmt.Errorf("%s: %s is not a whole number in range", field, num)
	}
	return fmt.Errorf("%s: a %s where a %s belongs", field, te.Value, te.Type)
}

// isID reports whether s is a canonical decimal uint32.
func isID(s string) bool {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

// ReadFile reads the profile at path.
func ReadFile(path string) (*Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", path, err)
	}
	return p, nil
}

// IsProfileFile reports whether path holds a profile: a JSON document whose
// first member is "schema": Schema, as Write puts it. It reads at most the
// first 4 KiB.
func IsProfileFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return schemaRe().Match(head[:n])
}

// schemaRe finds the schema member of a profile, indented or compact:
// compiled on first use (only compare reads profiles), not at every
// run's init (8.9 KB, 51 allocations).
var schemaRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*\{\s*"schema"\s*:\s*"` + regexp.QuoteMeta(Schema) + `"`)
})

// Comparable returns an error when a and b were made with settings that
// make their token counts incomparable: different tokenizers, text fields
// or label fields.
func Comparable(a, b *Profile) error {
	if err := SameTokenizer(a, b); err != nil {
		return err
	}
	if fmt.Sprint(a.Settings.Text) != fmt.Sprint(b.Settings.Text) {
		return fmt.Errorf("the profiles read different text fields (%q and %q)", a.Settings.Text, b.Settings.Text)
	}
	return nil
}

// SameTokenizer is Comparable without the check of the text fields: for
// sides whose fields were named one by one (compare --text-a, --text-b).
func SameTokenizer(a, b *Profile) error {
	ta, tb := a.Settings.Tokenizer, b.Settings.Tokenizer
	if !ta.Same(tb) {
		return fmt.Errorf("the profiles were made with different tokenizers (%s and %s): their token counts cannot be compared", ta, tb)
	}
	return nil
}

// String names the tokenizer for messages: its name and settings.
func (t Tokenizer) String() string {
	s := t.Name
	if len(t.Settings) > 0 {
		s += fmt.Sprint(t.Settings)
	}
	return s
}
