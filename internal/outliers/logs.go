package outliers

import "math"

// useFloatKernels says whether featLogs takes its logarithms with
// logsAVX512 and medianMAD its deviations with devKeysAVX512 (set at
// start-up from the CPU; tests run both paths).
var useFloatKernels = hasFloatKernels

// featLogs gathers a batch's logarithmic features (logArgs) and takes
// their logarithms together at the end of the batch (finish): ln(n + 1),
// ln(words + 1) and Frexp's fraction of n for log2(n), eight at a time
// with logsAVX512, whose steps are math.Log's (archLog's) on amd64 so
// that the features are the same bits as logArgs.finish's.
//
// Why (session 29): the three math.Log calls a row (math.Log2 is Frexp,
// then math.Log of the fraction) were about 0.8% of the benchmark
// Parquet's default audit (pprof, 16 runs: math.Log and math.log2 0.15
// s of 15.6), about 10 ns each even in a loop of nothing else (the
// chain of archLog's DIVSD and polynomial, one value at a time).
type featLogs struct {
	rows []*[numFeatures]float32
	args []logArgs
	x    []float64 // three a row: n + 1, words + 1, the fraction of n
}

func (l *featLogs) reset() {
	clear(l.rows) // no pointer into the blocks kept between batches
	l.rows, l.args, l.x = l.rows[:0], l.args[:0], l.x[:0]
}

// add leaves the logarithms of row f, computed from a, to finish.
func (l *featLogs) add(f *[numFeatures]float32, a logArgs) {
	if !useFloatKernels {
		a.finish(f)
		return
	}
	l.rows = append(l.rows, f)
	l.args = append(l.args, a)
	l.x = append(l.x, float64(a.n)+1, float64(a.words)+1, frexpFrac(max(a.n, 1)))
}

// finish takes the logarithms add gathered and sets the rows' features,
// as logArgs.finish would.
func (l *featLogs) finish() {
	if len(l.rows) == 0 {
		return
	}
	x := l.x
	logsAVX512(x)
	for i := len(x) &^ 7; i < len(x); i++ {
		x[i] = math.Log(x[i])
	}
	for i, f := range l.rows {
		a := &l.args[i]
		lx := x[3*i : 3*i+3 : 3*i+3]
		f[0] = float32(lx[0])
		f[1] = float32(lx[1])
		entropy := 0.0
		if a.entropy {
			entropy = log2Frac(a.n, lx[2]) - a.sumN
		}
		f[7] = float32(entropy)
	}
	l.reset()
}

// frexpFrac is math.Frexp's fraction of float64(n), n > 0: its bits with
// the exponent of [0.5, 1).
func frexpFrac(n int) float64 {
	b := math.Float64bits(float64(n))
	return math.Float64frombits(b&^(0x7FF<<52) | 0x3FE<<52)
}

// log2Frac is math.Log2(float64(n)), n > 0, given lf, math.Log of
// frexpFrac(n): math's log2 with the logarithm taken already.
func log2Frac(n int, lf float64) float64 {
	b := math.Float64bits(float64(n))
	exp := int(b>>52&0x7FF) - 0x3FE
	if b&(1<<52-1) == 0 { // the fraction is 0.5: a power of two
		return float64(exp - 1)
	}
	return lf*(1/math.Ln2) + float64(exp)
}
