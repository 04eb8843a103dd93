//go:build !amd64 || purego

package dups

// useLanes is false where there is no assembly: highwayhash.Sum128 does
// the work.
var useLanes = false

func hwUpdate4(st *[nLanes]hwState, p *[nLanes]*byte, n int) {
	panic("dups: hwUpdate4 without assembly")
}

func hwFinish4(st *[nLanes]hwState, blocks *[nLanes][32]byte, with uint64, out *[nLanes][2]uint64) {
	panic("dups: hwFinish4 without assembly")
}
