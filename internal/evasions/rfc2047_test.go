package evasions

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// rfc2047Cases are RFC 2047 B-encoded words recall16.go decodes, with
// the words it must leave.
var rfc2047Cases = []ruleCase{
	{"look-alikes in a B-encoded Subject", "From: a@b.biz\r\nSubject: =?utf-8?B?UNCweVDQsGwg0LBjY291bnQgdtC1cmlmaWPQsHRpb24=?=\r\nTo: x@y.org\r\n\r\nhello", []string{MixedScript}},
	{"look-alikes in a long B-encoded Subject", "Subject: =?utf-8?B?0KFvbmdyYXR1bGF0adC+bnMg0YNvdSBo0LB2ZSB30L5uIGEgZnLQtdC1IHZh0YHQsHRpb24=?=\nhi", []string{MixedScript}},
	{"look-alikes, upper-case charset and b", "Subject: =?UTF-8?b?UNCweVDQsGwg0LBjY291bnQgdtC1cmlmaWPQsHRpb24=?=", []string{MixedScript}},
	{"an ASCII B-encoded Subject", "Subject: =?utf-8?B?Q2hlYXAgd2F0Y2hlcyBhbmQgcGlsbHMgdG9kYXk=?=\n", nil},
	{"a Russian B-encoded Subject", "Subject: =?utf-8?B?0JzQvtGB0LrQstCwINGB0LXQs9C+0LTQvdGP?=\n", nil},
	{"look-alikes declared KOI8-R", "Subject: =?koi8-r?B?UNCweVDQsGwg0LBjY291bnQgdtC1cmlmaWPQsHRpb24=?=\n", nil},
	{"look-alikes, base64 cut short", "Subject: =?utf-8?B?UNCweVDQsGwg0LBjY291bnQgdtC1cmlmaWPQsHRpb24?=\n", nil},
	{"look-alikes, no ?= at the end", "Subject: =?utf-8?B?UNCweVDQsGwg0LBjY291bnQgdtC1cmlmaWPQsHRpb24=\n", nil},
	{"=? in a URL and prose", "see http://x.org/a.php?id=?abc and x=?y; a=?utf-8?Q?caf=C3=A9?= b", nil},
}

func TestRFC2047(t *testing.T) {
	checkCasesAtOffsets(t, rfc2047Cases)
}

// TestRFC2047Evidence pins the evidence of a decoded word's mixed_script.
func TestRFC2047Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"Subject: =?utf-8?B?UNCweVDQsGwg0LBjY291bnQgdtC1cmlmaWPQsHRpb24=?=\n", "RFC 2047 encoded word at byte 9 (\"=?utf-8?B?UNCweVDQsGwg0L…\") decodes to \"P\u0430yP\u0430l \u0430ccount v\u0435rific\u0430tion\": the word \"P\u0430yP\u0430l\" at byte 0 mixes Latin and Cyrillic letters (first of each: Latin P U+0050 at byte 0, Cyrillic \u0430 U+0430 at byte 1)"},
	})
}

// TestQpCtlTablesAsm holds the kernel's tables of the bytes after an =
// (qpctl1, qpctl2, qpctl3 in chunks_amd64.s) to recall10.go's.
func TestQpCtlTablesAsm(t *testing.T) {
	src, err := os.ReadFile("chunks_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range []struct {
		name string
		b    []byte
	}{{"qpctl1", qpCtlLead[:]}, {"qpctl2", qpCtlNext[:]}, {"qpctl3", qpCtlAfter[:]}} {
		for off := 0; off < len(tab.b); off += 8 {
			var v uint64
			for k := 7; k >= 0; k-- {
				v = v<<8 | uint64(tab.b[off+k])
			}
			if line := fmt.Sprintf("DATA %s<>+%d(SB)/8, $0x%016X\n", tab.name, off, v); !strings.Contains(string(src), line) {
				t.Errorf("chunks_amd64.s lacks %q", line)
			}
		}
	}
}

// FuzzCheckTextRFC2047 holds checkText to refCheckText on texts grown
// from rfc2047Cases.
func FuzzCheckTextRFC2047(f *testing.F) {
	for _, tt := range rfc2047Cases {
		f.Add(tt.text)
	}
	f.Fuzz(checkPathsAgainstRef)
}
