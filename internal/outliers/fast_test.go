package outliers

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// pieces of text the generated texts are made of: ASCII of every class,
// runs, non-ASCII letters, digits, spaces and symbols, invalid bytes.
var pieces = []string{
	"the ", "Quick ", "BROWN", " fox", "42", "3.14", ", ", ".\n", "\t", "  ", "\r\n",
	"aaaaaaaaaaaa", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3", "deadbeef", "<a href=\"x\">",
	"é", "Ünï", "Москва", "Αθήνα", "東京", "٣", "\u00a0", "\u3000", "\u200b", "🎉", "\ufffd",
	"\xff", "\xe2\x82", "\x00", "\x1b[0m", "~!@#$%^&*()_+",
}

// genTexts returns n texts of 0 to 60 pieces.
func genTexts(n int) []string {
	rng := rand.New(rand.NewPCG(20, 8))
	out := make([]string, n)
	for i := range out {
		var sb strings.Builder
		for range rng.IntN(60) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out[i] = sb.String()
	}
	return out
}

// corpusTexts returns the texts of the 30 MB mail corpus when this
// machine has it (benchmarks/mkcorpus.sh), else none. The texts lie one
// after another in one buffer, as in a batch (a text a buffer would make
// the benchmarks wait on memory at the start of every text).
func corpusTexts(tb testing.TB) [][]byte {
	f, err := os.Open("/work/bench-data/corpus-30MB-s1.jsonl")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			out = append(out, []byte(r.Text))
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, t := range out {
		n += len(t)
	}
	buf := make([]byte, 0, n)
	for i, t := range out {
		buf = append(buf, t...)
		out[i] = buf[len(buf)-len(t) : len(buf) : len(buf)]
	}
	return out
}

// TestFeaturesFastPath checks the block fast path of features against the
// per-character definition (refFeatures), bit for bit, on generated texts
// at every length and alignment, the sample texts and, when present, the
// 30 MB mail corpus.
func TestFeaturesFastPath(t *testing.T) {
	sample, _ := fixtures.SampleTexts(t)
	sets := map[string][][]byte{"sample": sample, "corpus-30MB": corpusTexts(t)}
	for _, s := range genTexts(5000) {
		sets["generated"] = append(sets["generated"], []byte(s))
	}
	for _, path := range chunkPaths() {
		for name, texts := range sets {
			t.Run(path.Name+"/"+name, func(t *testing.T) {
				if len(texts) == 0 {
					t.Skip("no texts")
				}
				defer path.Use()()
				var sc featScratch // one for all texts: each must leave it clear
				for _, tx := range texts {
					var got, want [numFeatures]float32
					sc.features(tx, &got)
					refFeatures(tx, &want)
					for k := range got {
						if math.Float32bits(got[k]) != math.Float32bits(want[k]) {
							t.Fatalf("features(%q)[%s] = %v, want %v", tx[:min(len(tx), 200)], outlierFeatures[k].name, got[k], want[k])
						}
					}
				}
			})
		}
	}
}

// chunkPaths is the paths of features this CPU can run: the AVX-512
// kernel or the eight-byte blocks alone (the fallback on other CPUs).
func chunkPaths() []fixtures.KernelPath {
	return fixtures.KernelPaths(&useChunks, hasChunks)
}

// FuzzFeatures holds features to refFeatures, bit for bit, on any text.
func FuzzFeatures(f *testing.F) {
	for _, s := range genTexts(20) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want [numFeatures]float32
		refFeatures([]byte(s), &want)
		for _, path := range chunkPaths() {
			var got [numFeatures]float32
			restore := path.Use()
			features([]byte(s), &got)
			restore()
			for k := range got {
				if math.Float32bits(got[k]) != math.Float32bits(want[k]) {
					t.Fatalf("features(%q)[%s] with %s = %v, want %v", s, outlierFeatures[k].name, path.Name, got[k], want[k])
				}
			}
		}
	})
}

// BenchmarkFeaturesCorpus runs features and refFeatures over the 30 MB mail corpus when
// this machine has it.
func BenchmarkFeaturesCorpus(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	var sc featScratch
	for _, fn := range []struct {
		name string
		f    func([]byte, *[numFeatures]float32)
	}{{"fast", sc.features}, {"ref", refFeatures}} {
		b.Run(fn.name, func(b *testing.B) {
			defer fixtures.ThreadCPU(b)()
			b.SetBytes(n)
			b.ReportAllocs()
			var f [numFeatures]float32
			for b.Loop() {
				for _, t := range texts {
					fn.f(t, &f)
				}
			}
		})
	}
}

// TestMedian checks median (selection) against the median of a sorted
// copy, bit for bit, on values with many ties, sorted and reversed runs,
// and medianMAD against that median and the sorted deviations' (the
// deviations as Result took them before session 25: float32 of
// |v - median| in float64).
func TestMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 4, 5, 10, 101, 1000, 4096, 100_001, 100_002} {
		for _, shape := range []string{"distinct", "ties", "sorted", "reversed", "constant", "signed", "shares"} {
			t.Run(fmt.Sprintf("%s-%d", shape, n), func(t *testing.T) {
				vals := make([]float32, n)
				for i := range vals {
					switch shape {
					case "distinct":
						vals[i] = rng.Float32()
					case "ties":
						vals[i] = float32(rng.IntN(4)) / 4
					case "sorted":
						vals[i] = float32(i)
					case "reversed":
						vals[i] = float32(n - i)
					case "signed": // negative values too, and ties at zero
						vals[i] = float32(rng.IntN(2001)-1000) / 7
					case "shares": // close values sharing their top bits, as shares of letters do
						vals[i] = 0.75 + float32(rng.IntN(1000))/1e6
					}
				}
				sorted := slices.Clone(vals)
				slices.Sort(sorted)
				want := float64(sorted[n/2])
				if n%2 == 0 {
					want = (float64(sorted[n/2-1]) + float64(sorted[n/2])) / 2
				}
				if got := median(slices.Clone(vals), nil); math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("median(%v) = %v, want %v", vals[:min(n, 10)], got, want)
				}
				devs := make([]float32, n)
				for i, v := range vals {
					devs[i] = float32(math.Abs(float64(v) - want))
				}
				slices.Sort(devs)
				wantMAD := float64(devs[n/2])
				if n%2 == 0 {
					wantMAD = (float64(devs[n/2-1]) + float64(devs[n/2])) / 2
				}
				keys := make([]uint32, n)
				var h [1 << 11]uint32
				for i, v := range vals {
					keys[i] = floatKey(v)
					h[keys[i]>>21]++
				}
				m, mad := medianMAD(keys, &h, make([]uint32, n))
				if math.Float64bits(m) != math.Float64bits(want) || math.Float64bits(mad) != math.Float64bits(wantMAD) {
					t.Errorf("medianMAD(%v) = %v, %v; want %v, %v", vals[:min(n, 10)], m, mad, want, wantMAD)
				}
			})
		}
	}
}

// BenchmarkMedian takes the median and the median absolute deviation of
// each feature of the 30 MB mail corpus's rows, repeated seven times
// (about the 200 MB corpus's 137,265 rows), as Result does (medianMAD,
// the keys and their first histogram gathered first).
func BenchmarkMedian(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var cols [numFeatures][]float32
	var sc featScratch
	for range 7 {
		for _, t := range texts {
			var f [numFeatures]float32
			sc.features(t, &f)
			for k := range f {
				cols[k] = append(cols[k], f[k])
			}
		}
	}
	keys := make([]uint32, len(cols[0]))
	buf := make([]uint32, len(keys))
	var h [1 << 11]uint32
	defer fixtures.ThreadCPU(b)()
	for b.Loop() {
		for k := range cols {
			clear(h[:])
			for i, v := range cols[k] {
				keys[i] = floatKey(v)
				h[keys[i]>>21]++
			}
			medianMAD(keys, &h, buf)
		}
	}
}

// BenchmarkFeaturesHot runs features over the first megabyte of the 30 MB
// mail corpus's texts, which stay in the second-level cache, as a batch's
// texts are when the analyses before have read them: the cost of the
// features' own work, which BenchmarkFeaturesCorpus's reads from memory
// hide.
func BenchmarkFeaturesHot(b *testing.B) {
	texts := corpusTexts(b)
	if texts == nil {
		b.Skip("no corpus")
	}
	var n int64
	for i, t := range texts {
		if n += int64(len(t)); n >= 1<<20 {
			texts = texts[:i+1]
			break
		}
	}
	var sc featScratch
	defer fixtures.ThreadCPU(b)()
	b.SetBytes(n)
	var f [numFeatures]float32
	for b.Loop() {
		for _, t := range texts {
			sc.features(t, &f)
		}
	}
}

// TestRuneClass holds runeClass's table and its U+FFFD shortcut to package
// unicode's calls for every rune that is not ASCII.
func TestRuneClass(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if got, want := runeClass(r), runeClassSlow(r); got != want {
			t.Fatalf("runeClass(%U) = %#x, want %#x", r, got, want)
		}
	}
}
