//go:build !amd64

package stats

// kernels lists the kernels this CPU can run, for the tests.
func kernels() []kernel { return []kernel{{"go", lowerBitsGo, wordBitsGo}} }

// countShortASCII is never called here (asciiAsm stays false).
func countShortASCII(a *asciiArgs, full *byte, bm *uint64, from, to int) {}
