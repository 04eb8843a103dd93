package evasions

import (
	"strings"
	"testing"
)

// a85Adobe is Ascii85 of a spam phrase in Adobe's <~ ~> with neither a
// backslash nor a backtick (benchmarks/evplant11.py's ascii85_adobe).
const a85Adobe = "<~@r,RfD'3M1D.Oi-Dg*=BEb&a%+EVNEF(fK2+E).6Bl7K)F(fK2+Dbt?ATMr9Ao_Ho+EVNEF(fK2+Cf5%@r!3'Dg,c6F<GOCBk(^q+Cf5%@r!3*DJX$)AKYo3A7]d(E,oZ=AKYZ)D.N~>"

// recall16Cases are the runs recall16.go finds beside a tilde, with the
// tildes of plain text next to them that must stay unflagged.
var recall16Cases = []ruleCase{
	{"Ascii85 in <~ ~>", "-- \nList: ilug@linux.ie\n" + a85Adobe + "\nhttp://www.linux.ie/mailman/listinfo/ilug\n", []string{Blob}},
	{"Ascii85 in <~ ~> alone", a85Adobe, []string{Blob}},
	{"Ascii85 opened by <~ only", "see " + strings.TrimSuffix(a85Adobe, "~>") + " end", []string{Blob}},
	{"Ascii85 closed by ~> only", "see " + strings.TrimPrefix(a85Adobe, "<~") + "~> end", []string{Blob}},
	{"Ascii85 in <~ ~> before text not ASCII", a85Adobe + "é\n", []string{Blob}},
	{"Ascii85 in <~ ~>, short", "<~87cURD]i,\"Ebo80~> and <~9jqo^F*2M7/c~>", nil},
	{"Ascii85's alphabet, no tilde", "see " + strings.Trim(a85Adobe, "<~>") + " end", nil},
	{"base85 with a tilde, no backtick", "YZ>7aKW(Suo1_O~2XEd%vg6Y6MVpW(cT}q2$9tlctgu&?z9nA8o9WNoZZoq3y5St^fc^Vom@Fmu;>uKKhD3${TV{FaJe0g*GXSRHn)()_mRsxopYs", []string{Blob}},
	{"tildes in URLs", "http://www.mithral.com/~beberg/ and http://xent.com/~rohit/ and ~/bin/run, approx ~5% of ~20 rows", nil},
	{"tilde lines", "Subject: hi\n~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n  ~*~*~ Special offer ~*~*~\n~~~~~~~~", nil},
	{"a tilde beside a long path", "ftp://ftp.example.org/~pub/mirrors/Linux/distributions/RedHat/7.3/en/os/i386/RedHat/RPMS/glibc-devel-2.2.5-34.i386.rpm~", nil},
}

func TestRecall16(t *testing.T) {
	checkCasesAtOffsets(t, recall16Cases)
}

// TestRecall16Evidence pins the evidence of an Ascii85 run found beside
// its tilde, and that the run after <~ is the one named.
func TestRecall16Evidence(t *testing.T) {
	checkEvidenceJoined(t, []evidenceCase{
		{a85Adobe, `138 Ascii85 characters from byte 2: "@r,RfD'3M1D.Oi-Dg*=BEb&a…"`},
	})
}

// FuzzCheckTextRecall16 holds checkText to refCheckText on texts grown
// from recall16Cases: Ascii85 and base85 runs beside tildes.
func FuzzCheckTextRecall16(f *testing.F) {
	for _, tt := range recall16Cases {
		f.Add(tt.text)
	}
	f.Add(strings.Repeat("Zq~", 60) + "\n" + a85Adobe[:70] + "~" + a85Adobe[70:])
	f.Fuzz(checkPathsAgainstRef)
}
