package evasions

import (
	"strconv"
	"strings"
	"testing"
)

// recall19Cases are short JavaScript encodings of a word or a URL
// (benchmarks/evplant9.py's fromcharcode_short, atob_short and
// js_code_array, evplant11.py's js_fromcharcode_short) and the scripts,
// numbers and quotes beside them that hide nothing.
var recall19Cases = []ruleCase{
	{"fromCharCode of a word", "document.write(String.fromCharCode(118,105,97,103,114,97));", []string{Blob}},
	{"fromCharCode with spaces", "document.write(String.fromCharCode(99, 97, 115, 105, 110, 111));", []string{Blob}},
	{"fromCharCode of four", "<script>document.write(String.fromCharCode(70,82,69,69,33))</script>", []string{Blob}},
	{"fromCharCode of a URL", "x=String.fromCharCode(104,116,116,112,58,47,47,98,105,116,46,108,121,47,51,120,89,122);", []string{Blob}},
	{"array of codes", "var a=[118,105,97,103,114,97];var s='';for(i=0;i<a.length;i++)s+=String.fromCharCode(a[i]);document.write(s);", []string{Blob}},
	{"array before fromCharCode, spaced", "var c = [99, 97, 115, 105, 110, 111]; for (var i = 0; i < c.length; i++) s += String.fromCharCode(c[i]);", []string{Blob}},
	{"atob of a word", `eval(atob("dmlhZ3Jh"));`, []string{Blob}},
	{"atob of a phrase, padded", "<script>location.href=atob('Q2xpY2sgaGVyZQ==')</script>", []string{Blob}},
	{"atob of a URL", "<script>location.href=atob('aHR0cDovL3J4LWRlYWxzLnJ1')</script>", []string{Blob}},
	// Not a blob: no call, too few codes, not letters, not text.
	{"numbers in parentheses", "Call (555) 123-4567 or (800,900,100,200) today.", nil},
	{"list in prose", "The scores were (97,98,99,100,101) and [65,66,67,68] in all.", nil},
	{"array far from fromCharCode", "var a=[118,105,97,103,114,97];" + strings.Repeat("x=x+1; ", 40) + "s=String.fromCharCode(a[0]);", nil},
	{"array of numbers beside fromCharCode", "var a=[13,10,13,10,9,9];s=String.fromCharCode(a[i]);", nil},
	{"e and b before a ( in prose", "Please see the table (above) and the web (below) for the code(s).", nil},
	{"array without fromCharCode", "var sizes=[118,105,97,103,114,97]; draw(sizes);", nil},
	{"fromCharCode of three", "s=String.fromCharCode(118,105,97);", nil},
	{"fromCharCode of line breaks", "s=String.fromCharCode(13,10,13,10,13,10);", nil},
	{"fromCharCode of digits", "s=String.fromCharCode(49,50,51,52,53,54);", nil},
	{"fromCharCode of codes past ASCII", "s=String.fromCharCode(233,232,231,230,229);", nil},
	{"fromCharCode unclosed", "s=String.fromCharCode(118,105,97,103,114,97", nil},
	{"fromCharCode of a variable", "s+=String.fromCharCode(a[i]);", nil},
	{"atob of binary", `x=atob("AAECAwQFBgc=");`, nil},
	{"atob too short", `x=atob("dmlh");`, nil},
	{"atob unclosed", `x=atob("dmlhZ3Jh`, nil},
	{"quoted word", `He said ("viagra") and ('dmlhZ3Jh') to me.`, nil},
	{"other call with a quote", `window.open('dmlhZ3Jh'); alert("Q2xpY2sgaGVyZQ==");`, nil},
}

func TestRecall19(t *testing.T) {
	checkCasesAtOffsets(t, recall19Cases)
}

// TestRecall19Evidence pins the evidence of each rule.
func TestRecall19Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{"String.fromCharCode(118,105,97,103,114,97)", `6 character codes of a script (fromCharCode) from byte 20: "118,105,97,103,114,97)"`},
		{`eval(atob("dmlhZ3Jh"));`, `8 base64 characters of a script (atob) from byte 11: "dmlhZ3Jh\"));"`},
	})
}

// TestRecall19Long: a list of codes recall11.go's codeList takes keeps
// its evidence; one of fewer codes is jsCodes's.
func TestRecall19Long(t *testing.T) {
	long := "document.write(String.fromCharCode(" + codesOf("Click here to claim your free prize now") + "))"
	found := checkAgainstRef(t, []byte(long))
	if !strings.Contains(found[iBlob], "in a row (String.fromCharCode's)") {
		t.Errorf("checkText(%q) = %q, want codeList's evidence", long, found[iBlob])
	}
}

// TestRecall19AfterAttachment: a short script after an attachment's
// body is an encoded_blob (blobAfterOther, recall13.go).
func TestRecall19AfterAttachment(t *testing.T) {
	body := "Content-Type: image/gif\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw0KR0lGODlhAQABAIAA\n", 5) + "\n--b\nContent-Type: text/html\n\n"
	for _, tail := range []string{"<script>document.write(String.fromCharCode(118,105,97,103,114,97))</script>", `<script>eval(atob("dmlhZ3Jh"))</script>`} {
		for _, path := range chunkPaths() {
			restore := path.Use()
			found := checkAgainstRef(t, []byte(body+tail))
			restore()
			if strings.HasPrefix(found[iBlob], attachmentEvidence) || found[iBlob] == "" {
				t.Errorf("%s: %q: blob evidence %q, want the script's", path.Name, tail, found[iBlob])
			}
		}
	}
}

// codesOf writes s as decimal character codes joined by commas.
func codesOf(s string) string {
	codes := make([]string, len(s))
	for i, c := range []byte(s) {
		codes[i] = strconv.Itoa(int(c))
	}
	return strings.Join(codes, ",")
}

// FuzzCheckTextRecall19 holds checkText to refCheckText on texts grown
// from recall19Cases.
func FuzzCheckTextRecall19(f *testing.F) {
	for _, tt := range recall19Cases {
		f.Add(tt.text)
	}
	f.Add(strings.Repeat("(1,2) [34,5] ", 12) + "String.fromCharCode(118,105,97,103,114,97)é")
	f.Add(strings.Repeat("x", 61) + `atob("dmlhZ3Jh")`)
	f.Fuzz(checkPathsAgainstRef)
}
