//go:build !amd64 || purego

package dups

// useSign512 is false where there is no assembly: sign's Go loops do the
// work.
var useSign512 = false

func emptyBins512(word, bi *[nearK]uint32) (we, be uint64) {
	panic("dups: emptyBins512 without AVX-512")
}

func bandsBytes512(word, bi *[nearK]uint32, bands *[nearBands]uint32, w, b *nearSig) {
	panic("dups: bandsBytes512 without AVX-512")
}

// useMinhash512 is false where there is no assembly.
var useMinhash512 = false

func minhash512(hs []uint64, prev uint64, word, bi *[nearK]uint32) {
	panic("dups: minhash512 without AVX-512")
}

// useDensify512 is false where there is no assembly.
var useDensify512 = false

func densify512(sig *[nearK]uint32, full uint64) {
	panic("dups: densify512 without AVX-512")
}
