package profile

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"strings"

	"github.com/apache/datasketches-go/hll"

	"github.com/dataaudit/dataaudit/internal/stats"
)

// Validate checks every value of a profile read from outside: a profile
// comes from a supplier and is untrusted input. Counts must be
// non-negative and add up as Build writes them (records read = rows + bad
// records, the listed tokens plus the tail = the total, each length
// histogram's buckets = its rows = the profile's rows, the labels and the
// manifest account for every row); the top list must be by count, without
// repeats; the distinct-token sketch must decode (behind a recover: the
// sketch library panics on some corrupt headers). The error names the
// field: "tokens.tail.count: 5 but total - listed is 7".
func (p *Profile) Validate() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed profile: %v", r)
		}
	}()
	v := validator{}
	v.settings(p)
	if p.Shards < 0 {
		v.fail("shards", "negative count %d", p.Shards)
	}
	v.counts(&p.Counts)
	v.tokens(p)
	v.hist("lengths.bytes", &p.Lengths.Bytes, p.Counts.Rows)
	v.hist("lengths.chars", &p.Lengths.Chars, p.Counts.Rows)
	v.hist("lengths.tokens", &p.Lengths.Tokens, p.Counts.Rows)
	v.labels(p)
	v.manifest(p)
	return v.err
}

// validator keeps the first error.
type validator struct {
	err error
}

func (v *validator) fail(field, format string, args ...any) {
	if v.err == nil {
		v.err = fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...))
	}
}

func (v *validator) nonNegative(field string, n int64) {
	if n < 0 {
		v.fail(field, "negative count %d", n)
	}
}

// sum adds to *total, failing on overflow.
func (v *validator) sum(field string, total *uint64, n uint64) {
	s, carry := bits.Add64(*total, n, 0)
	if carry != 0 {
		v.fail(field, "counts overflow")
	}
	*total = s
}

func (v *validator) settings(p *Profile) {
	s := &p.Settings
	if len(s.Text) == 0 {
		v.fail("settings.text", "no text field")
	}
	for i, t := range s.Text {
		if t == "" {
			v.fail(fmt.Sprintf("settings.text[%d]", i), "empty field name")
		}
	}
	if s.Tokenizer.Name == "" {
		v.fail("settings.tokenizer.name", "empty")
	}
	if e := s.Tokenizer.TokenEncoding; e != "text" && e != EncodingID {
		v.fail("settings.tokenizer.token_encoding", "%q: want %q or %q", e, "text", EncodingID)
	}
	if s.TopN < 0 {
		v.fail("settings.top_n", "negative %d", s.TopN)
	}
}

func (v *validator) counts(c *stats.Counts) {
	// Every int64 field of Counts is a count.
	rv := reflect.ValueOf(c).Elem()
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.Int64 {
			v.nonNegative("counts."+jsonName(rv.Type().Field(i)), f.Int())
		}
	}
	if v.err != nil {
		return
	}
	if c.RecordsRead != c.Rows+c.BadRecords || c.RecordsRead < c.Rows {
		v.fail("counts.records_read", "%d but rows + bad_records is %d", c.RecordsRead, c.Rows+c.BadRecords)
	}
	var bad int64
	for k, n := range c.BadByKind {
		v.nonNegative("counts.bad_records_by_kind."+k, n)
		bad += n
		if bad < 0 {
			v.fail("counts.bad_records_by_kind", "counts overflow")
		}
	}
	if bad != c.BadRecords {
		v.fail("counts.bad_records_by_kind", "add up to %d, bad_records is %d", bad, c.BadRecords)
	}
	for _, f := range []struct {
		name string
		n    int64
	}{{"empty_texts", c.EmptyTexts}, {"whitespace_only_texts", c.WhitespaceOnlyTexts}, {"no_token_texts", c.NoTokenTexts}, {"invalid_utf8_texts", c.InvalidUTF8Texts}} {
		if f.n > c.RecordsRead {
			v.fail("counts."+f.name, "%d, more than the %d records read", f.n, c.RecordsRead)
		}
	}
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

func (v *validator) tokens(p *Profile) {
	t := &p.Tokens
	enc := p.Settings.Tokenizer
	var listed uint64
	seen := make(map[string]bool, len(t.Top))
	for i, tok := range t.Top {
		field := fmt.Sprintf("tokens.top[%d]", i)
		switch {
		case tok.Token == "":
			v.fail(field+".token", "empty")
		case enc.TokenEncoding == EncodingID && !isID(tok.Token):
			v.fail(field, "%q is not a token id (the tokenizer's token_encoding is %q)", tok.Token, EncodingID)
		case seen[tok.Token]:
			v.fail(field+".token", "%q listed twice", tok.Token)
		case tok.Count == 0:
			v.fail(field+".count", "0: a listed token occurs")
		case i > 0 && tok.Count > t.Top[i-1].Count:
			// Ties are not checked: nothing depends on their order.
			v.fail(field+".count", "%d after %d: the list is by count, highest first", tok.Count, t.Top[i-1].Count)
		}
		if _, err := hex.DecodeString(tok.Hex); err != nil {
			v.fail(field+".hex", "not hex: %v", err)
		}
		seen[tok.Token] = true
		v.sum("tokens.top", &listed, tok.Count)
	}
	if v.err != nil {
		return
	}
	if listed > t.Total {
		v.fail("tokens.total", "%d, less than the %d occurrences of the listed tokens", t.Total, listed)
		return
	}
	if t.Tail.Count != t.Total-listed {
		v.fail("tokens.tail.count", "%d but total - listed is %d", t.Tail.Count, t.Total-listed)
	}
	if p.Settings.TopN > 0 && len(t.Top) > p.Settings.TopN {
		v.fail("tokens.top", "%d tokens listed, more than top_n %d", len(t.Top), p.Settings.TopN)
	}
	if t.Tail.MaxCount > t.Tail.Count {
		v.fail("tokens.tail.max_count", "%d, more than the tail's %d occurrences", t.Tail.MaxCount, t.Tail.Count)
	}
	if n := len(t.Top); n > 0 && t.Tail.MaxCount > t.Top[n-1].Count {
		v.fail("tokens.tail.max_count", "%d, more than the last listed token's count %d", t.Tail.MaxCount, t.Top[n-1].Count)
	}
	if t.Complete && t.Tail.Count != 0 {
		v.fail("tokens.tail.count", "%d but the list is complete", t.Tail.Count)
	}
	if d := t.Tail.Distinct; d != nil {
		switch {
		case *d < 0:
			v.fail("tokens.tail.distinct", "negative count %d", *d)
		case uint64(*d) > t.Tail.Count || (*d == 0) != (t.Tail.Count == 0):
			v.fail("tokens.tail.distinct", "%d distinct tokens in a tail of %d occurrences", *d, t.Tail.Count)
		}
	}
	d := &t.Distinct
	if e := d.Exact; e != nil {
		switch {
		case *e < int64(len(t.Top)):
			v.fail("tokens.distinct.exact", "%d, fewer than the %d tokens listed", *e, len(t.Top))
		case uint64(*e) > t.Total:
			v.fail("tokens.distinct.exact", "%d, more than the %d occurrences", *e, t.Total)
		case t.Tail.Distinct != nil && *e != int64(len(t.Top))+*t.Tail.Distinct:
			v.fail("tokens.distinct.exact", "%d but listed + tail.distinct is %d", *e, int64(len(t.Top))+*t.Tail.Distinct)
		case t.Complete && *e != int64(len(t.Top)):
			v.fail("tokens.distinct.exact", "%d but the complete list has %d tokens", *e, len(t.Top))
		}
	}
	v.nonNegative("tokens.distinct.estimate", d.Estimate)
	v.nonNegative("tokens.distinct.lower_2sd", d.Lower)
	v.nonNegative("tokens.distinct.upper_2sd", d.Upper)
	if d.Lower > d.Upper {
		v.fail("tokens.distinct", "lower_2sd %d above upper_2sd %d", d.Lower, d.Upper)
	}
	if math.IsNaN(d.RSE) || math.IsInf(d.RSE, 0) || d.RSE < 0 {
		v.fail("tokens.distinct.relative_standard_error", "%v", d.RSE)
	}
	if d.LgK < 4 || d.LgK > 21 {
		v.fail("tokens.distinct.lg_k", "%d: HyperLogLog sketches have 4 to 21", d.LgK)
		return
	}
	if v.err != nil {
		return
	}
	sk, err := decodeSketch(d.Sketch)
	if err != nil {
		v.fail("tokens.distinct.sketch", "%v", err)
		return
	}
	if k := sk.GetLgConfigK(); k != d.LgK {
		v.fail("tokens.distinct.sketch", "lg_k %d, the profile says %d", k, d.LgK)
	}
}

// decodeSketch decodes an HLL sketch; the library panics on some corrupt
// headers (datasketches-go v0.2.0), so a panic is an error here. The
// sketch is also read back (estimate, union) as Merge uses it.
func decodeSketch(b []byte) (sk hll.HllSketch, err error) {
	defer func() {
		if r := recover(); r != nil {
			sk, err = nil, fmt.Errorf("corrupt sketch: %v", r)
		}
	}()
	if len(b) == 0 {
		return nil, errors.New("empty")
	}
	if err := checkSketchHeader(b); err != nil {
		return nil, err
	}
	sk, err = hll.NewHllSketchFromSlice(b, true)
	if err != nil {
		return nil, err
	}
	if _, err := sk.GetCompositeEstimate(); err != nil {
		return nil, err
	}
	if _, err := distinctFrom([]hll.HllSketch{sk}); err != nil {
		return nil, err
	}
	return sk, nil
}

// checkSketchHeader checks that a serialised HLL sketch has the form
// Build and Merge write (ToCompactSlice of an HLL_8 sketch: a compact list
// or hash set of coupons, or the full HLL_8 register array) and that its
// sizes match its length. datasketches-go v0.2.0 trusts the header: a
// non-compact hash set with a large lg_arr allocates 2^lg_arr ints (out
// of memory, which no recover catches), and a count past the end indexes
// out of range.
func checkSketchHeader(b []byte) error {
	const (
		family      = 7 // HLL
		compactFlag = 8
		hll8        = 2
	)
	if len(b) < 8 {
		return fmt.Errorf("%d bytes, shorter than a header", len(b))
	}
	pre, ser, fam, lgK, flags, mode := b[0], b[1], b[2], int(b[3]), b[5], b[7]
	if ser != 1 || fam != family {
		return fmt.Errorf("not an HLL sketch (serial version %d, family %d)", ser, fam)
	}
	if lgK < 4 || lgK > 21 {
		return fmt.Errorf("lg_k %d: HyperLogLog sketches have 4 to 21", lgK)
	}
	if mode>>2 != hll8 {
		return fmt.Errorf("mode byte %#x: not an HLL_8 sketch", mode)
	}
	var want int
	switch mode & 3 {
	case 0: // list of coupons
		if pre != 2 || flags&compactFlag == 0 {
			return fmt.Errorf("coupon list: %d preamble ints, flags %#x: not a compact list", pre, flags)
		}
		want = 8 + 4*int(b[6])
	case 1: // hash set of coupons
		if pre != 3 || flags&compactFlag == 0 || len(b) < 12 {
			return fmt.Errorf("coupon set: %d preamble ints, flags %#x: not a compact set", pre, flags)
		}
		n := uint64(b[8]) | uint64(b[9])<<8 | uint64(b[10])<<16 | uint64(b[11])<<24
		if n > 1<<lgK {
			return fmt.Errorf("coupon set of %d, more than 2^lg_k", n)
		}
		want = 12 + 4*int(n)
	case 2: // HLL_8 registers
		if pre != 10 {
			return fmt.Errorf("HLL: %d preamble ints, want 10", pre)
		}
		want = 40 + 1<<lgK
	default:
		return fmt.Errorf("mode byte %#x: no such mode", mode)
	}
	if len(b) != want {
		return fmt.Errorf("%d bytes, its header says %d", len(b), want)
	}
	return nil
}

func (v *validator) hist(field string, h *stats.LengthHist, rows int64) {
	if h.Count != uint64(rows) {
		v.fail(field+".count", "%d but the profile has %d rows", h.Count, rows)
		return
	}
	var n uint64
	for i, b := range h.Buckets {
		f := fmt.Sprintf("%s.buckets[%d]", field, i)
		switch {
		case stats.HistBucket(b[0]) != b[0]:
			v.fail(f, "%d is not a bucket's lower bound", b[0])
		case b[1] == 0:
			v.fail(f, "empty bucket")
		case i > 0 && b[0] <= h.Buckets[i-1][0]:
			v.fail(f, "out of order")
		}
		v.sum(field+".buckets", &n, b[1])
	}
	if v.err != nil {
		return
	}
	if n != h.Count {
		v.fail(field+".buckets", "hold %d rows, count is %d", n, h.Count)
		return
	}
	if h.Count == 0 {
		if h.Min != 0 || h.Max != 0 || h.Sum != 0 {
			v.fail(field, "no rows but min %d, max %d, sum %d", h.Min, h.Max, h.Sum)
		}
		return
	}
	first, last := h.Buckets[0][0], h.Buckets[len(h.Buckets)-1][0]
	if h.Min > h.Max || stats.HistBucket(h.Min) != first || stats.HistBucket(h.Max) != last {
		v.fail(field, "min %d and max %d do not fit the buckets %d to %d", h.Min, h.Max, first, last)
		return
	}
	// min*count <= sum <= max*count
	if hi, lo := bits.Mul64(h.Min, h.Count); hi == 0 && lo > h.Sum {
		v.fail(field+".sum", "%d, less than min × count", h.Sum)
	}
	if hi, lo := bits.Mul64(h.Max, h.Count); hi == 0 && lo < h.Sum {
		v.fail(field+".sum", "%d, more than max × count", h.Sum)
	}
}

func (v *validator) labels(p *Profile) {
	l := p.Labels
	if l == nil {
		return
	}
	v.nonNegative("labels.null_rows", l.NullRows)
	if l.TooMany && len(l.Classes) > 0 {
		v.fail("labels.classes", "listed although too_many is set")
	}
	if len(l.Classes) > stats.MaxLabels {
		v.fail("labels.classes", "%d labels, more than %d", len(l.Classes), stats.MaxLabels)
	}
	rows := l.NullRows
	var toks uint64
	for i, c := range l.Classes {
		f := fmt.Sprintf("labels.classes[%d]", i)
		v.nonNegative(f+".rows", c.Rows)
		if i > 0 && c.Label <= l.Classes[i-1].Label {
			v.fail(f+".label", "out of order or repeated: labels are sorted")
		}
		if rows += c.Rows; rows < 0 {
			v.fail("labels.classes", "counts overflow")
		}
		v.sum("labels.classes", &toks, c.Tokens)
	}
	if v.err != nil {
		return
	}
	if !l.TooMany && rows != p.Counts.Rows {
		v.fail("labels", "null_rows and the classes' rows add up to %d, the profile has %d rows", rows, p.Counts.Rows)
	}
	if toks > p.Tokens.Total {
		v.fail("labels.classes", "%d tokens, more than the profile's %d", toks, p.Tokens.Total)
	}
}

func (v *validator) manifest(p *Profile) {
	seen := make(map[string]bool, len(p.Manifest))
	var rows int64
	for i, f := range p.Manifest {
		field := fmt.Sprintf("manifest[%d]", i)
		switch {
		case f.Path == "":
			v.fail(field+".path", "empty")
		case seen[f.Path]:
			v.fail(field+".path", "%q listed twice", f.Path)
		case f.SHA256 != "" && !isSHA256(f.SHA256):
			v.fail(field+".sha256", "%q is not a hex SHA-256", f.SHA256)
		}
		seen[f.Path] = true
		v.nonNegative(field+".bytes", f.Bytes)
		v.nonNegative(field+".rows", f.Rows)
		if rows += f.Rows; rows < 0 {
			v.fail("manifest", "counts overflow")
		}
	}
	if v.err != nil {
		return
	}
	if rows != p.Counts.RecordsRead {
		v.fail("manifest", "the files' rows add up to %d, counts.records_read is %d", rows, p.Counts.RecordsRead)
	}
	if p.Counts.UnreadableInputs > int64(len(p.Manifest)) {
		v.fail("counts.unreadable_inputs", "%d, more than the %d files", p.Counts.UnreadableInputs, len(p.Manifest))
	}
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
