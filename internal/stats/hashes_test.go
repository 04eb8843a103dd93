package stats

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// tokenHashes is the reference of WordHasher.Hashes: StableHash of every
// token Tokenizer.Next returns.
func tokenHashes(text []byte) []uint64 {
	var tz Tokenizer
	var out []uint64
	for tok, p := tz.Next(text, 0); tok != nil; tok, p = tz.Next(text, p) {
		out = append(out, StableHash(tok))
	}
	return out
}

var wordHashSeeds = []string{"", "Hello, World", "Ünïcödé ΑΘΗΝΑ abc", "ab\xffcd", "İK\u212A", "a\u0301b", "x\u200by",
	"The QUICK brown fox jumps over the lazy dog 12345678 abcdefghi ABCDEFGHIJ", "ǅǈ", "a", "ABCDEFGH", "abcdefg\x80",
	strings.Repeat("x", 63), strings.Repeat("y", 64), strings.Repeat("z", 65), strings.Repeat("ab ", 40),
	strings.Repeat("é", 40) + "abc", "seventeen-letters sixteen_letters" + strings.Repeat("q", 100)}

func TestWordHashes(t *testing.T) {
	var w WordHasher
	var dst []uint64
	texts := wordHashSeeds
	for _, s := range texts {
		t.Run(s[:min(len(s), 20)], func(t *testing.T) {
			dst = w.Hashes(dst[:0], []byte(s))
			if want := tokenHashes([]byte(s)); !slicesEqual(want, dst) {
				t.Errorf("Hashes(%q) = %x, want %x (the Tokenizer's)", s, dst, want)
			}
		})
	}
	t.Run("sample", func(t *testing.T) {
		texts, _ := fixtures.SampleTexts(t)
		for _, s := range texts {
			dst = w.Hashes(dst[:0], s)
			if want := tokenHashes(s); !slicesEqual(want, dst) {
				t.Fatalf("Hashes(%q) = %d hashes, want %d (the Tokenizer's)", s, len(dst), len(want))
			}
		}
	})
}

func slicesEqual(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzWordHashes checks that WordHasher finds exactly the Tokenizer's
// tokens and hashes them as StableHash does.
func FuzzWordHashes(f *testing.F) {
	for _, s := range wordHashSeeds {
		f.Add(s)
	}
	var w WordHasher
	f.Fuzz(func(t *testing.T, text string) {
		got := w.Hashes(nil, []byte(text))
		if want := tokenHashes([]byte(text)); !slicesEqual(want, got) {
			t.Errorf("Hashes(%q) = %x, want %x", text, got, want)
		}
	})
}

// BenchmarkWordHashes measures the token hashes of the near-duplicate
// check on the sample's mails: WordHasher, and the Tokenizer with
// StableHash it replaced.
func BenchmarkWordHashes(b *testing.B) {
	texts, n := fixtures.SampleTexts(b)
	b.Run("wordhasher", func(b *testing.B) {
		var w WordHasher
		var dst []uint64
		b.SetBytes(n)
		b.ReportAllocs()
		defer fixtures.ThreadCPU(b)()
		for b.Loop() {
			for _, t := range texts {
				dst = w.Hashes(dst[:0], t)
			}
		}
	})
	b.Run("tokenizer+stablehash", func(b *testing.B) {
		var tz Tokenizer
		var dst []uint64
		b.SetBytes(n)
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range texts {
				dst = dst[:0]
				for tok, p := tz.Next(t, 0); tok != nil; tok, p = tz.Next(t, p) {
					dst = append(dst, StableHash(tok))
				}
			}
		}
	})
}

// TestSummaryWordHashes: the word hashes a Summary leaves on a batch
// (ingest.Batch.Words) once asked are, row by row, StableHash of the
// Tokenizer's tokens, whatever the batch's size; before it is asked, it
// leaves none.
func TestSummaryWordHashes(t *testing.T) {
	texts, _ := fixtures.SampleTexts(t)
	var rows []row
	for _, s := range wordHashSeeds {
		rows = append(rows, row{Text: s})
	}
	for _, s := range texts {
		rows = append(rows, row{Text: string(s)})
	}
	for _, size := range []int{1, 7, 100, len(rows)} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			s := NewSummary(Options{})
			for i := 0; i < len(rows); i += size {
				part := rows[i:min(i+size, len(rows))]
				b := batch(t, part, int64(i+1))
				if err := s.Add(b); err != nil {
					t.Fatal(err)
				}
				for j, r := range part {
					got, ok := b.Words.Row(j)
					if i == 0 {
						if ok {
							t.Fatalf("Words.Row(%d) of the first batch = %x, true; want none before Want", j, got)
						}
						continue
					}
					if want := tokenHashes([]byte(r.Text)); !ok || !slicesEqual(want, got) {
						t.Fatalf("Words.Row(%d) of %q = %x, %v, want %x, true", j, r.Text, got, ok, want)
					}
				}
				b.Words.Want = true
				b.Record.Release()
			}
		})
	}
}
