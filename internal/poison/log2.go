package poison

import "math"

// log2Bits is the number of a mantissa's leading bits that index
// log2Table.
const log2Bits = 12

// log2Table holds log2(1 + i/2^log2Bits) for i in [0, 2^log2Bits].
var log2Table = func() (t [1<<log2Bits + 1]float64) {
	for i := range t {
		t[i] = math.Log2(1 + float64(i)/(1<<log2Bits))
	}
	return t
}()

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
