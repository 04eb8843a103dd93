package batch

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// sprintfFormat is Pos.Format as it was: the reference of its strconv
// fast path.
func sprintfFormat(p Pos, files []string) string {
	name := fmt.Sprintf("file%d", p.File)
	if p.File >= 0 && p.File < len(files) {
		name = files[p.File]
	}
	if p.Line {
		return fmt.Sprintf("%s:%d", name, p.N)
	}
	return fmt.Sprintf("%s#%d", name, p.N)
}

func TestPosFormatMatchesSprintf(t *testing.T) {
	files := []string{"a.jsonl", "", "dir/ü b#1:2.parquet", strings.Repeat("long/", 40) + "x.jsonl"}
	for _, file := range []int{0, 1, 2, 3, 4, -1, math.MaxInt, math.MinInt} {
		for _, n := range []int64{0, 1, 9, 10, 137265, -1, math.MaxInt64, math.MinInt64} {
			for _, line := range []bool{false, true} {
				p := Pos{File: file, N: n, Line: line}
				for _, fs := range [][]string{files, nil} {
					if got, want := p.Format(fs), sprintfFormat(p, fs); got != want {
						t.Errorf("%+v.Format(%q) = %q, want %q", p, fs, got, want)
					}
				}
			}
		}
	}
}

func FuzzPosFormat(f *testing.F) {
	f.Add("a.jsonl", 0, int64(1), true)
	f.Add("", -3, int64(-7), false)
	f.Fuzz(func(t *testing.T, name string, file int, n int64, line bool) {
		p := Pos{File: file, N: n, Line: line}
		fs := []string{"x", name}
		if got, want := p.Format(fs), sprintfFormat(p, fs); got != want {
			t.Errorf("%+v.Format(%q) = %q, want %q", p, fs, got, want)
		}
	})
}

func BenchmarkPosFormat(b *testing.B) {
	files := []string{"/work/bench-data/corpus-200MB-s1.jsonl"}
	for _, tt := range []struct {
		name   string
		format func(Pos, []string) string
	}{{"strconv", Pos.Format}, {"sprintf", sprintfFormat}} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				_ = tt.format(Pos{N: int64(i) * 7, Line: true}, files)
			}
		})
	}
}
