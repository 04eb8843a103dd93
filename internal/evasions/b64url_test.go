package evasions

import (
	"encoding/base64"
	"strings"
	"testing"
)

// urlRun is n characters of base64url with upper, lower, digits and a
// - or _ (from the first payload seed that gives them).
func urlRun(n int) string {
	for seed := 1; ; seed++ {
		s := base64.RawURLEncoding.EncodeToString(payload(n, seed))[:n]
		if strings.ContainsAny(s, "-_") && strings.ContainsAny(s, "0123456789") && strings.ToLower(s) != s && strings.ToUpper(s) != s && !strings.Contains(s, "----") {
			return s
		}
	}
}

// b64urlCases are base64url runs around the rule's bounds (b64url.go).
var b64urlCases = []ruleCase{
	{"in a URL, 267 characters", "see http://google.com/r?d=" + urlRun(267) + " now", []string{Blob}},
	{"127 characters", "x " + urlRun(127) + " y", []string{Blob}},
	{"126 characters", "x " + urlRun(126) + " y", nil},
	{"at the end", "x " + urlRun(300), []string{Blob}},
	{"then a backslash", "x " + urlRun(200) + `\n`, []string{Blob}},
	{"then an accent", "x " + urlRun(200) + "é", []string{Blob}},
	{"after an accent", "é" + urlRun(200) + " y", []string{Blob}},
	{"then +", "x " + urlRun(200) + "+abc", nil},
	{"then =", "x " + urlRun(200) + "=", nil},
	{"after /", "http://x.org/" + urlRun(200) + "?a", []string{Blob}},
	{"four dashes", "x " + urlRun(100) + "----" + urlRun(100) + " y", nil},
	{"a slug", "x " + strings.Repeat("Free-Money-2002-", 12) + " y", nil},
	{"dashes one in six", "x " + strings.Repeat("aB3xY-", 30) + " y", nil},
	{"dashes one in eight", "x " + strings.Repeat("aB3xYzQ-", 30) + " y", []string{Blob}},
	{"no digits", "x " + strings.Repeat("aBcdEfgH_", 20) + " y", nil},
	{"a JWT", "t=" + urlRun(90) + "." + urlRun(90) + "." + urlRun(43) + " y", nil},
	{"base64 inside", "x " + urlRun(40) + "-" + base64.RawStdEncoding.EncodeToString(payload(120, 9))[:110] + "-" + urlRun(40) + " y", []string{Blob}},
	{"a hex run inside", "x " + urlRun(40) + "-" + strings.Repeat("0a1b2c3d", 10) + "-" + urlRun(40) + " y", []string{Blob}},
}

// TestB64URL checks the base64url rule with checkText and refCheckText,
// inside prose and at offsets 0-69, on both paths (the kernel stops at
// chunks of base64url's alphabet: b64urlKernel), with b64urls off and on.
func TestB64URL(t *testing.T) {
	checkSwitchedRule(t, &b64urls, b64urlKernel, b64urlCases, func(name string) bool { return strings.Contains(name, "inside") })
}

// b64urlKernel says the kernel stops at chunks of base64url's alphabet
// (b64url.go): then TestB64URL and FuzzCheckText hold the kernel path
// too.
const b64urlKernel = true

// TestB64URLOneByteBlocks holds base64url runs holding blocks of one
// letter or digit to the reference, on every path, at offsets 0-69:
// the kernel stops at a chunk of the alphabet, but the block loop takes
// the blocks of one byte itself (kernelMayTake), so two of them in a
// row after a stop can carry it past the run's last whole chunk; scan
// then measures the run at such a block.
func TestB64URLOneByteBlocks(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			base := urlRun(300)
			for _, mid := range []string{"AAAAAAAABBBBBBBB", "00000000000000000000000", "AAAAAAAABBBBBBBBCCCCCCCC", "aaaaaaaa7777777700000000zzzzzzzz"} {
				for _, head := range []int{24, 40, 48, 55} {
					// Under a chunk before the blocks of one byte and after
					// them, a - or _ on either side (no chain of base64
					// blocks to give up at).
					run := base[:head-8] + "Ab1-cD2_" + mid + "Q9-x" + base[head:head+max(127-head-len(mid)-4, 52)]
					for _, before := range []string{"x ", "x;", "é", "a%%b \\x "} {
						for pad := range 70 {
							tx := strings.Repeat("word.", 30)[:pad] + before + run + " after"
							if found := checkAgainstRef(t, []byte(tx)); found[iBlob] == "" {
								t.Fatalf("no blob in %q", tx)
							}
						}
					}
				}
			}
		})
	}
}
