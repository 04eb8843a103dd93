package evasions

import (
	"encoding/base64"
	"strings"
	"testing"
)

// dataURICases are data URIs around the rule's bounds (datauri.go).
var dataURICases = []ruleCase{
	{"a data URI of 44 characters", `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(payload(32, 1)) + `">`, []string{Blob}},
	{"a data URI of 96 characters, padded", `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(payload(71, 2)) + `">`, []string{Blob}},
	{"a data URI, upper case BASE64", `<img src="data:image/gif;BASE64,` + base64.StdEncoding.EncodeToString(payload(50, 3)) + `">`, []string{Blob}},
	{"a data URI wrapped", "<img src=\"data:image/png;base64,\n" + wrap(base64.StdEncoding.EncodeToString(payload(60, 4)), 40) + "\">", []string{Blob}},
	{"a data URI of 39 characters", `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(payload(60, 5))[:39] + `">`, nil},
	{"a data URI without digits", `<img src="data:image/png;base64,` + strings.Repeat("abcDEF", 10) + `">`, nil},
	{"a data URI of 150 characters", `<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(payload(112, 6)) + `">`, []string{Blob}},
	{"no base64,", `<img src="data:image/svg+xml;utf8,` + base64.StdEncoding.EncodeToString(payload(50, 7)) + `">`, nil},
	{"entities", strings.Repeat("&nbsp;&amp;base64,", 10), nil},
	{"a semicolon at the end", "see data:text/plain;base", nil},
}

// TestDataURI checks the data URI rule with checkText and refCheckText,
// inside prose and at offsets 0-69, on both paths (the kernel stops at
// ";base64,": dataURIKernel), with dataURIs off and on.
func TestDataURI(t *testing.T) {
	checkSwitchedRule(t, &dataURIs, dataURIKernel, dataURICases, func(name string) bool { return strings.Contains(name, "150") })
}

// dataURIKernel says the kernel stops at ";base64," (datauri.go): then
// TestDataURI holds the kernel path too.
const dataURIKernel = true
