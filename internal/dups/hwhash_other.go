//go:build !amd64 || purego

package dups

// useLanes is false where there is no assembly: highwayhash.Sum128 does
// the work.
var useLanes = false

func hwStep4(st *[nLanes]hwState, p *[nLanes]uintptr, left *[nLanes]int) (done uint64) {
	panic("dups: hwStep4 without assembly")
}

func hwFinish4(st *[nLanes]hwState, blocks *[nLanes][32]byte, with uint64, out *[nLanes][2]uint64) {
	panic("dups: hwFinish4 without assembly")
}

func hwRemainder(st *hwState, rest *byte, n int, block *[32]byte) {
	panic("dups: hwRemainder without assembly")
}
