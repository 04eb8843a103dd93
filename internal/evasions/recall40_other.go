//go:build !amd64

package evasions

// punyIndex is the offset of the first xn-- in t, any case, or -1.
func punyIndex(t []byte) int {
	return indexFold(t, "xn--")
}
