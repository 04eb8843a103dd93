package outliers

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dataaudit/dataaudit/internal/fixtures"
)

// TestLogsAVX512 holds logsAVX512 to math.Log bit for bit: on every
// integer to 2^20 and on random ones to 2^40 (the arguments n + 1 and
// words + 1), on their Frexp fractions, on archLog's edge (Sqrt2/2 and
// its neighbours), on random normal numbers, and on lengths that are
// not a multiple of eight (the tail is math.Log's).
func TestLogsAVX512(t *testing.T) {
	if !hasFloatKernels {
		t.Skip("no AVX-512 F and DQ")
	}
	rng := rand.New(rand.NewPCG(29, 1))
	var xs []float64
	for n := 1; n <= 1<<20; n++ {
		xs = append(xs, float64(n), frexpFrac(n))
	}
	for range 1 << 20 {
		n := 1 + rng.IntN(1<<40)
		xs = append(xs, float64(n), frexpFrac(n))
	}
	h := math.Sqrt2 / 2
	for _, x := range []float64{h, math.Nextafter(h, 0), math.Nextafter(h, 1), 0.5, math.Nextafter(1, 0), 1, 2, 0x1p1022, 0x1p-1021} {
		xs = append(xs, x, 2*x, x/2)
	}
	for range 1 << 18 {
		xs = append(xs, math.Float64frombits(rng.Uint64N(0x7FE<<52)+1<<52))
	}
	for _, cut := range []int{len(xs), len(xs) - 3, 7, 1} {
		got := append([]float64(nil), xs[:cut]...)
		logsAVX512(got)
		for i := range got[:cut&^7] {
			if want := math.Log(xs[i]); math.Float64bits(got[i]) != math.Float64bits(want) {
				t.Fatalf("logsAVX512(%v) = %v, want %v", xs[i], got[i], want)
			}
		}
		for i := cut &^ 7; i < cut; i++ {
			if got[i] != xs[i] {
				t.Fatalf("logsAVX512 changed x[%d] of %d", i, cut)
			}
		}
	}
}

// TestLog2Frac holds log2Frac, given math.Log of frexpFrac, to
// math.Log2 bit for bit.
func TestLog2Frac(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 2))
	check := func(n int) {
		t.Helper()
		if got, want := log2Frac(n, math.Log(frexpFrac(n))), math.Log2(float64(n)); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("log2Frac(%d) = %v, want %v", n, got, want)
		}
		if f, _ := math.Frexp(float64(n)); f != frexpFrac(n) {
			t.Fatalf("frexpFrac(%d) = %v, want %v", n, frexpFrac(n), f)
		}
	}
	for n := 1; n <= 1<<20; n++ {
		check(n)
	}
	for range 1 << 20 {
		check(1 + rng.IntN(1<<40))
	}
}

// TestAddLogs checks that Scorer.Add, which takes a batch's logarithms
// together (featLogs), keeps each row's features as features computes
// them, bit for bit, with logsAVX512 and without: the sample's texts and
// texts of one distinct byte, of lengths across the kernel's eight (one
// row to a batch of 1,000).
func TestAddLogs(t *testing.T) {
	texts, _ := fixtures.SampleTexts(t)
	for _, n := range []int{1, 2, 7, 8, 9, 64, 1000, 4096} {
		texts = append(texts, bytes.Repeat([]byte{'a'}, n), bytes.Repeat([]byte("ab"), n))
	}
	for _, on := range []bool{false, true} {
		if on && !hasFloatKernels {
			continue
		}
		t.Run(fmt.Sprintf("avx512=%v", on), func(t *testing.T) {
			defer func(old bool) { useFloatKernels = old }(useFloatKernels)
			useFloatKernels = on
			for _, size := range []int{1, 3, 1000} {
				o := NewScorer()
				var want [][numFeatures]float32
				for lo := 0; lo < len(texts); lo += size {
					var rows []fixtures.Row
					for _, tx := range texts[lo:min(lo+size, len(texts))] {
						rows = append(rows, fixtures.Row{Text: string(tx)})
						var f [numFeatures]float32
						features(tx, &f)
						want = append(want, f)
					}
					b := fixtures.Batch(t, rows, int64(lo+1))
					if err := o.Add(b); err != nil {
						t.Fatal(err)
					}
					b.Record.Release()
				}
				got := o.rows.Flatten()
				if len(got) != len(want) {
					t.Fatalf("batches of %d: %d rows, want %d", size, len(got), len(want))
				}
				for i := range got {
					for k := range numFeatures {
						if math.Float32bits(got[i].f[k]) != math.Float32bits(want[i][k]) {
							t.Fatalf("batches of %d: row %d %s = %v, want %v", size, i, outlierFeatures[k].name, got[i].f[k], want[i][k])
						}
					}
				}
			}
		})
	}
}

// TestDevKeys holds devKeysAVX512 to medianMAD's loop (the keys of
// float32 |v - med|) bit for bit, on random float32 bits (NaNs,
// infinities, zeros and subnormals among them) and on features' values,
// and medianMAD to the same keys and results with the kernel and without.
func TestDevKeys(t *testing.T) {
	if !hasFloatKernels {
		t.Skip("no AVX-512 F and DQ")
	}
	rng := rand.New(rand.NewPCG(29, 3))
	vals := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.SmallestNonzeroFloat32, math.MaxFloat32, -math.MaxFloat32}
	for range 1 << 16 {
		vals = append(vals, math.Float32frombits(rng.Uint32()), float32(rng.Float64()*8), float32(rng.IntN(1000))/1e3)
	}
	for _, med := range []float64{0, 0.5, 4.9879, -3, 1e30, math.Inf(1)} {
		for _, n := range []int{len(vals), len(vals) - 5, 9, 8, 3} {
			keys := make([]uint32, n)
			for i, v := range vals[:n] {
				keys[i] = floatKey(v)
			}
			got := slices.Clone(keys)
			devKeysAVX512(got, med)
			for i, x := range keys {
				want := x
				if i < n&^7 {
					want = floatKey(float32(math.Abs(float64(keyFloat(x)) - med)))
				}
				if got[i] != want {
					t.Fatalf("devKeysAVX512 of %v (key %#x) from %v = %#x, want %#x", keyFloat(x), x, med, got[i], want)
				}
			}
		}
	}
	for _, n := range []int{1, 7, 8, 2049, 100_001} {
		keys := make([]uint32, n)
		var h [1 << 11]uint32
		for i := range keys {
			keys[i] = floatKey(float32(rng.IntN(5000)) / 1e3)
			h[keys[i]>>21]++
		}
		defer func(old bool) { useFloatKernels = old }(useFloatKernels)
		var got [2][]uint32
		var res [2][2]float64
		for j, on := range []bool{false, true} {
			useFloatKernels = on
			k, hh := slices.Clone(keys), h
			res[j][0], res[j][1] = medianMAD(k, &hh, make([]uint32, n))
			got[j] = k
		}
		if res[0] != res[1] || !slices.Equal(got[0], got[1]) {
			t.Fatalf("medianMAD of %d values: %v with the kernel, %v without (or other keys)", n, res[1], res[0])
		}
	}
}
