//go:build !purego

package dups

import "golang.org/x/sys/cpu"

// useLanes chooses hashLanes for the exact-duplicate hash over
// highwayhash.Sum128 a text at a time: set on CPUs with AVX-512 F, BW
// and VL (registers Y16 to Y31 for the fourth lane, masked loads) and
// BMI2; tests turn it off.
var useLanes = cpu.X86.HasAVX2 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VL && cpu.X86.HasBMI2

// hwStep4 updates each st[k] with the packets of 32 bytes at p[k], as
// many in every lane as the lane with the fewest bytes left has (the
// least left[k] / 32), the four lanes' packets in turn; it moves p and
// left past them, and returns a bit k for each lane left with fewer than
// 32 bytes.
//
//go:noescape
func hwStep4(st *[nLanes]hwState, p *[nLanes]uintptr, left *[nLanes]int) (done uint64)

// hwFinish4 updates each state st[k] whose bit k is set in with by
// blocks[k], then finalises the four and writes their HighwayHash-128 to
// out (the first and last 8 bytes of highwayhash.Sum128 read as
// little-endian words).
//
//go:noescape
func hwFinish4(st *[nLanes]hwState, blocks *[nLanes][32]byte, with uint64, out *[nLanes][2]uint64)

// hwRemainder prepares the last n bytes of a text at rest, 1 to 31
// (what is left after its packets of 32 bytes), as HighwayHash does: it
// adjusts st by the count and writes the packet to hash into block
// (minio's hashBuffer, but for its update). It reads only the n bytes.
//
//go:noescape
func hwRemainder(st *hwState, rest *byte, n int, block *[32]byte)
