// Package jsontest holds the JSON lines that the strict parser's tests and
// fuzz targets share: the seeds that reach each of its rules (and each
// way fastjson's lenient reading differs), and objects of many keys.
package jsontest

import (
	"fmt"
	"strings"
)

// Seeds returns lines that reach every rule of the strict parser: valid
// and invalid numbers, escapes, raw controls, trailing commas, duplicate
// keys at depth and behind escapes, a BOM, nested fields, an object of
// many keys with a duplicate.
func Seeds() []string {
	return []string{
		`{"text":"x"}`, `{"text":"clean text","text":"toxic payload"}`, `{"a":{"b":1,"b":2}}`,
		`{"a":[{"k":1},{"k":1,"k":2}]}`, `{"te\u0078t":1,"text":2}`, `{"\ud800":1,"\udbff":2}`,
		`[01]`, `[-0.5e+3, 1E9, -0]`, `{"n":1.}`, `[.5]`, `[+1]`, `[NaN]`, `["\a"]`, `["\x00"]`,
		`["\uqqqq"]`, "[\"\t\"]", "[\"\x00\"]", `[1,]`, `{"a":1,}`, `{"a" 1}`, `[tru]`, `[nul]`,
		`{"meta":{"body":"b"},"text":"t","label":[1],"id":{}}`, `{"a":{"b":{"c":"deep"}},"text":5}`,
		"\xEF\xBB\xBF{}", " {\"text\" : \"x\" } ", `"abcdefgh\"ijklmnop\\qrstuvw"`,
		`{"text":"` + strings.Repeat("a", 20) + `\n` + strings.Repeat("b", 9) + `"}`,
		`{"m":[{"c":"a"},{"c":"b"}],"text":"t"}`,
		BigObject(20, 17),
	}
}

// BigObject is an object of n keys k0, k1, ... and "text"; if dup >= 0,
// the last key is k<dup> again.
func BigObject(n, dup int) string {
	var b strings.Builder
	b.WriteString(`{"text":"x"`)
	for i := range n {
		fmt.Fprintf(&b, `,"k%d":%d`, i, i)
	}
	if dup >= 0 {
		fmt.Fprintf(&b, `,"k%d":0`, dup)
	}
	b.WriteString("}")
	return b.String()
}
