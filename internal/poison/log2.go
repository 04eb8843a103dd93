package poison

import "math"

// log2Bits is the number of a mantissa's leading bits that index
// log2Table.
const log2Bits = 12

//go:generate go run gen_log2.go

// log2Table, log2(1 + i/2^log2Bits) for i in [0, 2^log2Bits], is a static
// table in log2_table.go (gen_log2.go): computed by an init function until
// session 23, it cost every run, poison or not, 4,097 math.Log2 calls and
// 33 KB of fresh pages before main.

// log2 returns log2(x) for a positive, normal x within 1.1e-8 (linear
// interpolation in a 33 KB table, exact at powers of two): the second
// pass takes one for every token it scores, and math.Log2 was 8% of its
// profile.
func log2(x float64) float64 {
	b := math.Float64bits(x)
	e := float64(int(b>>52&0x7ff) - 1023)
	m := b & (1<<52 - 1)
	i := m >> (52 - log2Bits)
	f := float64(m&(1<<(52-log2Bits)-1)) * (1.0 / (1 << (52 - log2Bits)))
	return e + log2Table[i] + f*(log2Table[i+1]-log2Table[i])
}
