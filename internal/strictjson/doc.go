// Package strictjson checks a line of JSON against RFC 8259 and finds the
// values at a set of paths in the same pass, so that strict reading costs
// no second pass over the line; it also decodes JSON string bodies
// (AppendUnescaped). It operates on bytes only and knows nothing of
// records, batches or files: internal/ingest owns those and turns a
// failed Parse into a bad record.
//
// # What it provides and owns
//
// Parser, one per decoder goroutine: it owns its scratch (open containers,
// keys, an arena for escaped keys) and keeps it from line to line, so that a
// line costs no allocation (objects of more than linearKeys keys aside).
// It is not safe for concurrent use. The values found by Parse, and the
// bytes returned by Value, alias the line and the parser's scratch: they
// are valid until the next Parse.
//
// # Invariants
//
//   - Parse accepts exactly what encoding/json's json.Valid accepts, but for
//     values nested deeper than MaxDepth and objects with a key twice,
//     which it rejects (FuzzStrictJSON checks this).
//   - AppendUnescaped never writes more bytes than it reads, keeps dst, and
//     agrees with encoding/json wherever that accepts the string
//     (FuzzUnescape).
//   - On CPUs with AVX-512BW (amd64, without the purego tag) the text
//     fields are copied and their one-byte escapes decoded 64 bytes at a
//     time in assembly (scan_amd64.s); everything else, errors included,
//     is the pure Go loop's, and the two decode alike (FuzzDecodeAVX512).
//   - ParseLine(s) accepts the line at the start of s (up to its first
//     newline) exactly when Parse does, finding the same values and
//     decoding the same text (TestParseLine, FuzzParseLine): a caller
//     with a chunk of lines need not find each line's end first.
//   - At most MaxPaths paths; a caller with more validates with Parser and
//     reads its fields some other way.
//
// # Strictness
//
// A JSONL line is read by Parser in one pass that checks it against
// RFC 8259 and, in the same pass, finds the values at the --text, --label
// and --id paths, so that strict reading costs no second pass over the
// line. What it rejects and fastjson (the lenient reader) accepts: numbers
// such as 01, +1, .5, 1., -, NaN and Infinity; escapes other than \" \\ \/
// \b \f \n \r \t \uXXXX; raw control characters (U+0000 to U+001F) in
// strings; values nested deeper than MaxDepth (as fastjson); and, as its own
// kind of bad record, an object with the same key twice, at any depth: a
// reader that keeps the first copy and one that keeps the last see
// different records, so the audit could not say which text it checked.
//
// Implementation-defined cases (i_* of JSONTestSuite) are decided so:
//   - bytes that are not UTF-8 inside strings are accepted and kept as they
//     are; the scan flags texts that are not valid UTF-8;
//   - \u escapes of lone or mismatched UTF-16 surrogates are accepted and
//     decode to U+FFFD, as encoding/json does;
//   - numbers of any size or exponent are accepted: labels and ids keep
//     them as written;
//   - more than MaxDepth nested arrays or objects are rejected, as the
//     lenient reader always did;
//   - a UTF-8 byte-order mark is skipped at the start of a file only;
//     anywhere else it is invalid JSON. UTF-16 and UTF-32 text is invalid.
//
// Keys are compared as decoded: "a" and "\u0061" are the same key.
package strictjson
