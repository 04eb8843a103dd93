//go:build amd64 && !purego

package strictjson

import "golang.org/x/sys/cpu"

// useAVX512 says whether scanDecode copies text 64 bytes at a time with
// decodeRunAVX512. A variable so that tests run the pure Go path too.
var useAVX512 = cpu.X86.HasAVX512BW

// useVBMI2 says whether it does so with decodeRunVBMI2 instead (AVX-512
// VBMI and VBMI2, BMI1 and POPCNT). A variable so that tests run
// decodeRunAVX512 and the pure Go path too.
var useVBMI2 = useAVX512 && cpu.X86.HasAVX512VBMI && cpu.X86.HasAVX512VBMI2 && cpu.X86.HasBMI1 && cpu.X86.HasPOPCNT

// decodeRunAVX512 copies the body of a JSON string from src (n bytes, the
// rest of the line) to dst, 64 bytes at a time, decoding the one-byte
// escapes (\" \\ \/ \b \f \n \r \t, by table, which maps the byte after a
// backslash to what it stands for, 0 for none) as it goes. It stops, with
// what it read and wrote, at a closing quote, a control character, any
// other backslash (\u, or one that is no escape), or when fewer than 64
// bytes are left to read: scanDecode does the rest, so the bytes checked
// and the errors found are the pure Go loop's. dst must have room for 64
// bytes more than it is given to write (dst's written part is never
// longer than src's read part, and scanDecode keeps n+8 bytes of room).
//
// Mail text has a backslash every 28 bytes, so the escapes are decoded
// here too and a call handles a whole text, not a block. BenchmarkParseText
// (the sample's mail lines, whole Parse): 2.37 ms with the pure Go loop,
// 0.78 ms with this (benchstat, 8 runs each at load 35; the ratio is what
// counts). TestDecodeAVX512 and FuzzDecodeAVX512 compare it with the pure
// Go loop.
//
//go:noescape
func decodeRunAVX512(dst, src *byte, n int, table *[256]byte) (read, written int)

// decodeRunVBMI2 is decodeRunAVX512 (same arguments, same results, the
// same stops) that decodes a block of 64 bytes with one-byte escapes at
// once: the escaped bytes through the first 128 bytes of table
// (VPERMI2B), the backslashes dropped (VPCOMPRESSB). decodeRunAVX512
// returns to its loop at every escape, one every 28 bytes in mail, and
// loads the next block from there. A block with two backslashes in a
// row is done one escape at a time, as decodeRunAVX512 does.
// BenchmarkParseText (whole Parse of the sample's mail lines, 8 runs
// alternating at load 20): 1.04 ms with decodeRunAVX512, 0.76 ms with
// this. TestDecodeAVX512 and FuzzDecodeAVX512 compare both kernels with
// the pure Go loop.
//
// A block decoded whole (no stop in it, 95% of mail's blocks) moves the
// read offset by the constant 64, not by the count of bytes decoded, so
// that the next block's load waits on a predicted branch rather than on
// this block's masks, and blocks overlap in the pipeline (session 15):
// BenchmarkParseText/vbmi2, eight runs alternated with the old kernel at
// load 6-9, median 538 to 268 µs (fastest 237 to 134 µs).
//
//go:noescape
func decodeRunVBMI2(dst, src *byte, n int, table *[256]byte) (read, written int)
