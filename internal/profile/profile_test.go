package profile

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/apache/datasketches-go/hll"
	"github.com/google/go-cmp/cmp"
)

// shard makes a profile from exact token counts, listing the top n (0:
// all), as Build would.
func shard(counts map[string]uint64, n int) *Profile {
	p := &Profile{Schema: Schema, SchemaVersion: SchemaVersion, Settings: Settings{Text: []string{"text"}, TopN: n,
		Tokenizer: Tokenizer{Name: "words/v1", TokenEncoding: "text"}}}
	var all []Token
	sk, _ := hll.NewHllSketch(HLLLgK, hll.TgtHllTypeHll8)
	for t, c := range counts {
		all = append(all, Token{Token: t, Count: c})
		p.Tokens.Total += c
		sk.UpdateString(t)
	}
	p.Tokens.Distinct, _ = distinctFrom([]hll.HllSketch{sk})
	sortTokens(all)
	q := &Profile{}
	*q = *p
	q.Tokens.Top = all
	q.Tokens.Complete = true
	zero := int64(0)
	q.Tokens.Tail.Distinct = &zero
	return Truncate(q, n)
}

func sortTokens(ts []Token) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && (ts[j].Count > ts[j-1].Count || ts[j].Count == ts[j-1].Count && ts[j].Token < ts[j-1].Token); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

func TestMergeTop(t *testing.T) {
	s1 := map[string]uint64{"a": 100, "b": 50, "c": 40, "x": 30, "d": 5, "e": 1}
	s2 := map[string]uint64{"a": 90, "b": 60, "c": 35, "d": 4, "y": 3, "e": 2}
	whole := map[string]uint64{}
	for _, s := range []map[string]uint64{s1, s2} {
		for k, v := range s {
			whole[k] += v
		}
	}
	tests := []struct {
		name string
		n    int
		want []Token // the merged list
	}{
		// Every token listed: the merge is the whole.
		{"complete", 0, shard(whole, 0).Tokens.Top},
		// Top 4: x (30 in s1) is unknown in s2 (<= s2's 5th count, 4),
		// so after a, b, c (exact) the list stops at x: its count is 30
		// to 34.
		{"top4", 4, []Token{{Token: "a", Count: 190}, {Token: "b", Count: 110}, {Token: "c", Count: 75}}},
		// Top 2: c is unknown in both (<= 40 and <= 35): only a and b
		// are certain, and b's count 110 is above anything unlisted (75).
		{"top2", 2, []Token{{Token: "a", Count: 190}, {Token: "b", Count: 110}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Merge([]*Profile{shard(s1, tt.n), shard(s2, tt.n)})
			if err != nil {
				t.Fatal(err)
			}
			// Distinct sketches are not part of these hand-made profiles.
			if diff := cmp.Diff(tt.want, m.Tokens.Top); diff != "" {
				t.Errorf("merged top (-want +got):\n%s", diff)
			}
			w := shard(whole, 0)
			if diff := cmp.Diff(w.Tokens.Top[:len(m.Tokens.Top)], m.Tokens.Top); diff != "" {
				t.Errorf("merged top is not the head of the whole's (-whole +merged):\n%s", diff)
			}
			var listed uint64
			for _, tc := range m.Tokens.Top {
				listed += tc.Count
			}
			if m.Tokens.Total != w.Tokens.Total || m.Tokens.Tail.Count != w.Tokens.Total-listed {
				t.Errorf("total %d tail %d; want %d and %d", m.Tokens.Total, m.Tokens.Tail.Count, w.Tokens.Total, w.Tokens.Total-listed)
			}
			// The bound covers every unlisted token.
			for _, tc := range w.Tokens.Top[len(m.Tokens.Top):] {
				if tc.Count > m.Tokens.Tail.MaxCount {
					t.Errorf("unlisted %s has count %d over the bound %d", tc.Token, tc.Count, m.Tokens.Tail.MaxCount)
				}
			}
		})
	}
}

func TestIndentJSON(t *testing.T) {
	src := []byte(`{"a":1,"b":[1,2],"c":[{"t":"x\"[","n":1},{"t":"y","n":2}],"d":{"e":[[1,2],[3,4]],"f":{}},"g":[]}`)
	var buf bytes.Buffer
	if err := indentJSON(&buf, src, "  "); err != nil {
		t.Fatal(err)
	}
	want := `{
  "a": 1,
  "b": [1,2],
  "c": [
    {"t":"x\"[","n":1},
    {"t":"y","n":2}
  ],
  "d": {
    "e": [
      [1,2],
      [3,4]
    ],
    "f": {}
  },
  "g": []
}`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("indentJSON (-want +got):\n%s", diff)
	}
	var x, y any
	json.Unmarshal(src, &x)
	json.Unmarshal(buf.Bytes(), &y)
	if diff := cmp.Diff(x, y); diff != "" {
		t.Errorf("indentJSON changed the value:\n%s", diff)
	}
}

func TestIsProfileFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		want          bool
	}{
		{"indented", "{\n  \"schema\": \"dataaudit.profile\",\n  \"schema_version\": 1}", true},
		{"compact", `{"schema":"dataaudit.profile","schema_version":1}`, true},
		{"report", `{"schema":"dataaudit.report"}`, false},
		{"jsonl", `{"text":"the schema is \"schema\": \"dataaudit.profile\""}` + "\n", false},
	}
	for _, tt := range tests {
		path := dir + "/" + tt.name
		os.WriteFile(path, []byte(tt.content), 0o644)
		if got := IsProfileFile(path); got != tt.want {
			t.Errorf("IsProfileFile(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestMergeIDOrder: tokens that are ids tie by number, not by string, in
// a merge as in a profile built from data ("9" before "10").
func TestMergeIDOrder(t *testing.T) {
	tz := Tokenizer{Name: "tiktoken:x", TokenEncoding: EncodingID}
	if tz.CompareTokens("9", "10") >= 0 || tz.CompareTokens("10", "11") >= 0 || tz.CompareTokens("7", "7") != 0 {
		t.Errorf("CompareTokens does not order ids by number")
	}
	if w := (Tokenizer{TokenEncoding: "text"}); w.CompareTokens("9", "10") <= 0 {
		t.Errorf("CompareTokens of text tokens is not by bytes")
	}
	mk := func(counts map[string]uint64) *Profile {
		p := shard(counts, 0)
		p.Settings.Tokenizer = tz
		return p
	}
	m, err := Merge([]*Profile{mk(map[string]uint64{"9": 2, "10": 3, "100": 1}), mk(map[string]uint64{"9": 1, "2": 3, "100": 2})})
	if err != nil {
		t.Fatal(err)
	}
	want := []Token{{Token: "2", Count: 3}, {Token: "9", Count: 3}, {Token: "10", Count: 3}, {Token: "100", Count: 3}}
	if diff := cmp.Diff(want, m.Tokens.Top); diff != "" {
		t.Errorf("merged top (-want +got):\n%s", diff)
	}
}

func TestReadChecksIDs(t *testing.T) {
	for _, tc := range []struct {
		tok string
		ok  bool
	}{{"0", true}, {"4294967295", true}, {"4294967296", false}, {"07", false}, {"-1", false}, {"the", false}, {"", false}} {
		p := shard(map[string]uint64{"12345": 1}, 0)
		p.Settings.Tokenizer = Tokenizer{Name: "x", TokenEncoding: EncodingID}
		var buf bytes.Buffer
		if err := Write(&buf, p); err != nil {
			t.Fatal(err)
		}
		doc := strings.Replace(buf.String(), `"token": "12345"`, `"token": "`+tc.tok+`"`, 1)
		doc = strings.Replace(doc, `"token":"12345"`, `"token":"`+tc.tok+`"`, 1)
		_, err := Read(strings.NewReader(doc))
		if (err == nil) != tc.ok {
			t.Errorf("token %q: err %v, want ok %v", tc.tok, err, tc.ok)
		}
	}
}
