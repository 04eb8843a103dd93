//go:build !amd64 || purego

package dups

// usePrefetch is false where there is no assembly: guessBuckets touches
// the signatures ahead with loads.
var usePrefetch = false

func prefetchSigs(t **[sigSize]nearSig, idx []int32) {}

func prefetchFlat(sigs *nearSig, idx []int32) {}

func prefetchUint64(a *uint64, idx []int32) {}

func prefetchInt32(a *int32, idx []int32) {}
