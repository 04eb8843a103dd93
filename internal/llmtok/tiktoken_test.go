package llmtok

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"
	"unicode/utf8"

	tiktoken "github.com/pkoukk/tiktoken-go"
	loader "github.com/pkoukk/tiktoken-go-loader"
)

// reference returns github.com/pkoukk/tiktoken-go's encoding of name: the
// same vocabulary with the pre-tokenizer run by a regexp engine (regexp2)
// and tiktoken's merge loop. (github.com/tiktoken-go/tokenizer v0.10.0 is
// no reference: its generated regexp cuts " \n \n" in two where tiktoken
// keeps one piece.)
func reference(tb testing.TB, name string) *tiktoken.Tiktoken {
	tb.Helper()
	tiktoken.SetBpeLoader(loader.NewOfflineLoader())
	enc, err := tiktoken.GetEncoding(name)
	if err != nil {
		tb.Fatal(err)
	}
	return enc
}

func refIDs(tb testing.TB, enc *tiktoken.Tiktoken, s string) []uint32 {
	ids := enc.EncodeOrdinary(s)
	out := make([]uint32, len(ids))
	for i, id := range ids {
		out[i] = uint32(id)
	}
	return out
}

func mustTiktoken(tb testing.TB, name string) *Tokenizer {
	tb.Helper()
	t, err := Tiktoken(name)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

var tiktokenCases = []string{
	"", "a", "Hello, World!", "hello world", "  leading spaces", "trailing spaces   ",
	"tabs\tand\nnewlines\r\n\r\nhere", "it's I'LL you're we've I'm he'd 'S", "ſ 'ſ x'ſ",
	"numbers 1234567 and ١٢٣٤ and ⅻ", "path/to/file.go", "!!! ??? ... ---", " !!!\n\n",
	"CamelCaseWord HTTPServer iPhone", "Ünïcödé ΑΘΗΝΑ Москва", "東京タワー 日本語テキスト",
	"cafe\u0301 e\u0301\u0301", "emoji 🚀🚀 👩‍👩‍👧", "\u00a0nbsp\u3000ideographic", "x\u200by",
	"\n\n\n", "   \n  ", "a  \n\tb", "<|endoftext|> special", "ǅungla ǈ", "a'b'c's",
	"Subject: [SPAM] =?iso-8859-1?Q?Re=3A?= http://example.com/~user/?q=1&r=2",
	"invalid \xff\xfe bytes \xe6\x9d and a cut \xf0\x9f",
}

func TestTiktokenMatchesReference(t *testing.T) {
	for _, name := range TiktokenNames() {
		t.Run(name, func(t *testing.T) {
			tok := mustTiktoken(t, name)
			ref := reference(t, name)
			enc := tok.NewEncoder()
			for _, s := range tiktokenCases {
				if !utf8.ValidString(s) {
					continue // the reference encodes U+FFFD for invalid bytes
				}
				got := enc.AppendIDs(nil, []byte(s))
				want := refIDs(t, ref, s)
				if !slices.Equal(got, want) {
					t.Errorf("AppendIDs(%q) = %v, want %v", s, got, want)
				}
			}
		})
	}
}

func TestTiktokenKnownIDs(t *testing.T) {
	// Ids from the npm tiktoken 1.0.22 (OpenAI's Rust code as WASM); the
	// first is also the example of OpenAI's tiktoken cookbook.
	tests := []struct {
		name, text string
		want       []uint32
	}{
		{"cl100k_base", "tiktoken is great!", []uint32{83, 1609, 5963, 374, 2294, 0}},
		{"cl100k_base", "hello world", []uint32{15339, 1917}},
		{"o200k_base", "hello world", []uint32{24912, 2375}},
		// From the npm tiktoken (OpenAI's Rust code as WASM): (?i)'s
		// matches 'ſ, which regexp2 does not.
		{"o200k_base", " I'ſ", []uint32{3413, 70067}},
		{"o200k_base", "ſ 'ſ x'ſ", []uint32{70067, 461, 70067, 1215, 6, 70067}},
		{"o200k_base", "it's I'LL", []uint32{64190, 3413, 7454}},
		{"cl100k_base", "it's I'LL", []uint32{275, 596, 358, 6, 4178}},
	}
	for _, tt := range tests {
		got := mustTiktoken(t, tt.name).NewEncoder().AppendIDs(nil, []byte(tt.text))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s AppendIDs(%q) = %v, want %v", tt.name, tt.text, got, tt.want)
		}
	}
}

// corpusTexts reads up to maxBytes of texts from a JSONL corpus with a
// "text" field: the benchmark corpus when present (benchmarks/mkcorpus.sh),
// else the repository's sample.
func corpusTexts(tb testing.TB, maxBytes int) []string {
	tb.Helper()
	path := os.Getenv("DATAAUDIT_CORPUS")
	if path == "" {
		path = "/work/bench-data/corpus-200MB-s1.jsonl"
	}
	f, err := os.Open(path)
	if err != nil {
		f, err = os.Open("../../testdata/sample.jsonl")
		if err != nil {
			tb.Fatal(err)
		}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 256<<20)
	var out []string
	n := 0
	for sc.Scan() && n < maxBytes {
		var r struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			out = append(out, r.Text)
			n += len(r.Text)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestTiktokenCorpusMatchesReference(t *testing.T) {
	maxBytes := 4 << 20
	if testing.Short() {
		maxBytes = 256 << 10
	}
	texts := corpusTexts(t, maxBytes)
	for _, name := range TiktokenNames() {
		t.Run(name, func(t *testing.T) {
			tok, ref := mustTiktoken(t, name), reference(t, name)
			enc := tok.NewEncoder()
			var ids []uint32
			total, bad := 0, 0
			for _, s := range texts {
				if regexp2Differs(s) {
					continue
				}
				ids = enc.AppendIDs(ids[:0], []byte(s))
				total += len(ids)
				if want := refIDs(t, ref, s); !slices.Equal(ids, want) {
					bad++
					if bad <= 3 {
						i := 0
						for i < min(len(ids), len(want)) && ids[i] == want[i] {
							i++
						}
						t.Errorf("text %d tokens differ at token %d: got %v, want %v", len(s), i, ids[i:min(i+5, len(ids))], want[i:min(i+5, len(want))])
					}
				}
			}
			t.Logf("%d texts, %d tokens, %d differ", len(texts), total, bad)
		})
	}
}

func FuzzTiktoken(f *testing.F) {
	for _, s := range tiktokenCases {
		f.Add(s)
	}
	cl, o2 := mustTiktoken(f, "cl100k_base"), mustTiktoken(f, "o200k_base")
	rcl, ro2 := reference(f, "cl100k_base"), reference(f, "o200k_base")
	ecl, eo2 := cl.NewEncoder(), o2.NewEncoder()
	f.Fuzz(func(t *testing.T, s string) {
		// Any bytes, valid UTF-8 or not, encode to tokens whose bytes
		// concatenate back to the input.
		for _, tc := range []struct {
			tok *Tokenizer
			enc *Encoder
		}{{cl, ecl}, {o2, eo2}} {
			var back []byte
			for _, id := range tc.enc.AppendIDs(nil, []byte(s)) {
				back = append(back, tc.tok.Token(id)...)
			}
			if string(back) != s {
				t.Errorf("%s: tokens of %q decode to %q", tc.tok.Name(), s, back)
			}
		}
		if !utf8.ValidString(s) || regexp2Differs(s) {
			return // the reference decodes invalid bytes differently
		}
		if got, want := ecl.AppendIDs(nil, []byte(s)), refIDs(t, rcl, s); !slices.Equal(got, want) {
			t.Errorf("cl100k_base AppendIDs(%q) = %v, want %v", s, got, want)
		}
		if got, want := eo2.AppendIDs(nil, []byte(s)), refIDs(t, ro2, s); !slices.Equal(got, want) {
			t.Errorf("o200k_base AppendIDs(%q) = %v, want %v", s, got, want)
		}
	})
}
