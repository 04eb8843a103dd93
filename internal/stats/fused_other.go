//go:build !amd64

package stats

// kernels lists the kernels this CPU can run, for the tests.
func kernels() []kernel { return []kernel{{"go", lowerBitsGo, wordBitsGo}} }
