package profile

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
)

// mutate decodes a profile's JSON, sets the value at path (dotted, with
// numeric steps into arrays) to val (raw JSON), and encodes it again.
func mutate(t *testing.T, doc []byte, path, val string) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		t.Fatal(err)
	}
	var v any
	vd := json.NewDecoder(strings.NewReader(val))
	vd.UseNumber()
	if err := vd.Decode(&v); err != nil {
		t.Fatalf("value %s: %v", val, err)
	}
	steps := strings.Split(path, ".")
	cur := root
	for i, s := range steps {
		last := i == len(steps)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[s] = v
			} else {
				cur = c[s]
			}
		case []any:
			k, err := strconv.Atoi(s)
			if err != nil || k >= len(c) {
				t.Fatalf("path %s: bad index %s", path, s)
			}
			if last {
				c[k] = v
			} else {
				cur = c[k]
			}
		default:
			t.Fatalf("path %s: no %s", path, s)
		}
	}
	out, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadValidates(t *testing.T) {
	good, err := os.ReadFile("testdata/tiny.profile.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Read(bytes.NewReader(good)); err != nil {
		t.Fatalf("Read(tiny.profile.json) = %v, want no error", err)
	}
	tests := []struct {
		name, path, val string
		want            string // the start of the error
	}{
		{"negative total", "tokens.total", "-5", "tokens.total: negative count -5"},
		{"negative token count", "tokens.top.0.count", "-3", "tokens.top.count: negative count -3"},
		{"negative rows", "counts.rows", "-1", "counts.rows: negative count -1"},
		{"negative bad kind", "counts.bad_records_by_kind.invalid_json", "-1", "counts.bad_records_by_kind.invalid_json: negative count -1"},
		{"records read", "counts.records_read", "5", "counts.records_read: 5 but rows + bad_records is 4"},
		{"bad kinds", "counts.bad_records_by_kind.invalid_json", "2", "counts.bad_records_by_kind: add up to 2"},
		{"empty texts", "counts.empty_texts", "9", "counts.empty_texts: 9, more than"},
		{"top above total", "tokens.top.0.count", "9", "tokens.total: 6, less than the 11 occurrences"},
		{"top sum above total", "tokens.total", "4", "tokens.total: 4, less than the 5"},
		{"tail count", "tokens.tail.count", "2", "tokens.tail.count: 2 but total - listed is 1"},
		{"top order", "tokens.top.1.count", "4", "tokens.top[1].count: 4 after 3"},
		{"zero count", "tokens.top.1.count", "0", "tokens.top[1].count: 0"},
		{"repeated token", "tokens.top.1.token", `"c"`, `tokens.top[1].token: "c" listed twice`},
		{"empty token", "tokens.top.1.token", `""`, "tokens.top[1].token: empty"},
		{"bad hex", "tokens.top.1.hex", `"zz"`, "tokens.top[1].hex"},
		{"tail max count", "tokens.tail.max_count", "2", "tokens.tail.max_count: 2, more than the tail's 1"},
		{"tail distinct", "tokens.tail.distinct", "2", "tokens.tail.distinct: 2 distinct tokens in a tail of 1"},
		{"complete with a tail", "tokens.complete", "true", "tokens.tail.count: 1 but the list is complete"},
		{"distinct exact", "tokens.distinct.exact", "1", "tokens.distinct.exact: 1, fewer than the 2 tokens listed"},
		{"distinct exact vs tail", "tokens.distinct.exact", "4", "tokens.distinct.exact: 4 but listed + tail.distinct is 3"},
		{"distinct bounds", "tokens.distinct.lower_2sd", "9", "tokens.distinct: lower_2sd 9 above upper_2sd 4"},
		{"negative estimate", "tokens.distinct.estimate", "-1", "tokens.distinct.estimate: negative count -1"},
		{"lg_k", "tokens.distinct.lg_k", "40", "tokens.distinct.lg_k: 40"},
		{"lg_k of the sketch", "tokens.distinct.lg_k", "12", "tokens.distinct.sketch: lg_k 14, the profile says 12"},
		{"sketch garbage", "tokens.distinct.sketch", `"AAAAAAAAAAAAAAAA"`, "tokens.distinct.sketch"},
		{"sketch empty", "tokens.distinct.sketch", `""`, "tokens.distinct.sketch: empty"},
		{"sketch lg_k out of range", "tokens.distinct.sketch", `"AgEHPgMIAwgvgjsECv+ABG8Z3AY="`, "tokens.distinct.sketch"},
		{"sketch truncated", "tokens.distinct.sketch", `"AgEHDgMIAwgvgjsE"`, "tokens.distinct.sketch"},
		{"sketch not base64", "tokens.distinct.sketch", `"!!"`, "tokens.distinct.sketch:"},
		{"hist count", "lengths.bytes.count", "4", "lengths.bytes.count: 4 but the profile has 3 rows"},
		{"hist empty bucket", "lengths.chars.buckets.1", "[3,0]", "lengths.chars.buckets[1]: empty bucket"},
		{"hist order", "lengths.tokens.buckets.1", "[1,1]", "lengths.tokens.buckets[1]: out of order"},
		{"hist bucket sum", "lengths.tokens.buckets.1", "[2,2]", "lengths.tokens.buckets: hold 4 rows, count is 3"},
		{"hist bound", "lengths.bytes.buckets.2", "[1025,1]", "lengths.bytes.buckets[2]: 1025 is not a bucket's lower bound"},
		{"hist min max", "lengths.bytes.min", "7", "lengths.bytes: min 7 and max 5"},
		{"hist sum", "lengths.bytes.sum", "1", "lengths.bytes.sum: 1, less than min × count"},
		{"hist sum high", "lengths.bytes.sum", "100", "lengths.bytes.sum: 100, more than max × count"},
		{"negative hist", "lengths.bytes.count", "-3", "lengths.bytes.count: negative count -3"},
		{"label rows", "labels.classes.0.rows", "-3", "labels.classes[0].rows: negative count -3"},
		{"label sum", "labels.null_rows", "2", "labels: null_rows and the classes' rows add up to 4"},
		{"label order", "labels.classes.1.label", `"a"`, "labels.classes[1].label: out of order"},
		{"label tokens", "labels.classes.1.tokens", "99", "labels.classes: 102 tokens, more than the profile's 6"},
		{"manifest rows", "manifest.0.rows", "-1", "manifest[0].rows: negative count -1"},
		{"manifest sum", "manifest.0.rows", "3", "manifest: the files' rows add up to 3"},
		{"manifest sha", "manifest.0.sha256", `"xyz"`, `manifest[0].sha256: "xyz" is not a hex SHA-256`},
		{"manifest path", "manifest.0.path", `""`, "manifest[0].path: empty"},
		{"manifest bytes", "manifest.0.bytes", "-9", "manifest[0].bytes: negative count -9"},
		{"unreadable", "counts.unreadable_inputs", "2", "counts.unreadable_inputs: 2, more than the 1 files"},
		{"token encoding", "settings.tokenizer.token_encoding", `"utf16"`, "settings.tokenizer.token_encoding"},
		{"tokenizer name", "settings.tokenizer.name", `""`, "settings.tokenizer.name: empty"},
		{"no text field", "settings.text", `[]`, "settings.text: no text field"},
		{"top_n", "settings.top_n", "-1", "settings.top_n: negative -1"},
		{"top_n below listed", "settings.top_n", "1", "tokens.top: 2 tokens listed, more than top_n 1"},
		{"shards", "shards", "-2", "shards: negative count -2"},
		{"a string for a count", "tokens.total", `"6"`, "tokens.total: a string where a uint64 belongs"},
		{"a fraction for a count", "counts.rows", `2.5`, "counts.rows: 2.5 is not a whole number in range"},
		{"overflow", "tokens.top.0.count", "18446744073709551615", "tokens.top: counts overflow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mutate(t, good, tt.path, tt.val)
			_, err := Read(bytes.NewReader(doc))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Read(%s = %s) = %v, want an error starting %q", tt.path, tt.val, err, tt.want)
			}
		})
	}
}
