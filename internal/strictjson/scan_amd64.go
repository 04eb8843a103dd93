//go:build amd64 && !purego

package strictjson

import "golang.org/x/sys/cpu"

// useAVX512 says whether scanDecode copies text 64 bytes at a time with
// decodeRunAVX512. A variable so that tests run the pure Go path too.
var useAVX512 = cpu.X86.HasAVX512BW

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
