//go:build !amd64 || purego

package strictjson

// useAVX512 is false where there is no assembly: scanDecode's pure Go
// loop does everything.
var useAVX512 = false

// useVBMI2 is false for the same reason.
var useVBMI2 = false

func decodeRunAVX512(dst, src *byte, n int, table *[256]byte) (read, written int) {
	panic("strictjson: decodeRunAVX512 without assembly")
}

func decodeRunVBMI2(dst, src *byte, n int, table *[256]byte) (read, written int) {
	panic("strictjson: decodeRunVBMI2 without assembly")
}
