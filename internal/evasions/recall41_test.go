package evasions

import (
	"fmt"
	"strings"
	"testing"
)

// qpText writes s (UTF-8) as quoted-printable as Python's
// quopri.encodestring does: printable ASCII and spaces raw but = and a
// space before a line break, every other byte =XX, lines of 76 at most
// ending in a soft line break, eol after each.
func qpText(s, eol string) string {
	var out strings.Builder
	line := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		u := string(c)
		switch {
		case c == '\n':
			out.WriteString(eol)
			line = 0
			continue
		case c == ' ' && (i+1 == len(s) || s[i+1] == '\n'), c < 0x20 || c > 0x7E || c == '=':
			u = fmt.Sprintf("=%02X", c)
		}
		if line+len(u) > 75 {
			out.WriteString("=" + eol)
			line = 0
		}
		out.WriteString(u)
		line += len(u)
	}
	return out.String()
}

// recall41QPCases are recall41.go's quoted-printable rule both ways: a
// repeated_run with its evidence's piece, or none ("").
var recall41QPCases = func() []struct {
	name, text, evidence string
} {
	nb := "\u00a0"
	mail := recall37Mail + "Please read the offer below.\n\n"
	return []struct {
		name, text, evidence string
	}{
		{"1,500 no-break spaces", mail + qpText("Limited offer"+strings.Repeat(nb, 1500), "\n") + "\nBob\n", "1500 non-ASCII white space characters"},
		{"1,500 no-break spaces, CR LF", mail + qpText("Limited offer"+strings.Repeat(nb, 1500), "\r\n") + "\r\nBob\r\n", "1500 non-ASCII white space characters"},
		{"50 no-break spaces", mail + qpText("Limited offer"+strings.Repeat(nb, runSpaceOtherMin)+"now", "\n") + "\n", "50 non-ASCII white space characters"},
		{"49 no-break spaces", mail + qpText("Limited offer"+strings.Repeat(nb, runSpaceOtherMin-1)+"now", "\n") + "\n", ""},
		{"no-break spaces and spaces", mail + qpText("Limited offer"+strings.Repeat(nb+" ", 60)+"now", "\n") + "\n", "60 non-ASCII white space characters"},
		{"no-break spaces and =20", mail + strings.Repeat("=C2=A0=20", 60) + "\n", "60 non-ASCII white space characters"},
		{"ideographic spaces", mail + qpText("Limited offer"+strings.Repeat("\u3000", 80), "\n") + "\n", "80 non-ASCII white space characters"},
		{"two runs of 30", mail + qpText("Limited offer"+strings.Repeat(nb, 30)+"x"+strings.Repeat(nb, 30), "\n") + "\n", ""},
		{"Latin-1 text", mail + qpText(strings.Repeat("Le caf\u00e9 cr\u00e8me co\u00fbte d\u00e9j\u00e0 trop cher. ", 20), "\n"), ""},
	}
}()

// TestRecall41QP holds recall41.go's quoted-printable rule to
// recall41QPCases after 0 to 71 bytes of padding (every offset of the
// kernel's chunks and blocks), on every path, against the reference.
func TestRecall41QP(t *testing.T) {
	for _, path := range chunkPaths() {
		t.Run(path.Name, func(t *testing.T) {
			defer path.Use()()
			for _, tt := range recall41QPCases {
				for pad := range 72 {
					tx := strings.Repeat("word ", 15)[:pad] + "\n" + tt.text
					found := checkAgainstRef(t, []byte(tx))
					if tt.evidence == "" && found[iRepeated] != "" || !strings.Contains(found[iRepeated], tt.evidence) {
						t.Fatalf("%s, pad %d: repeated_run %q, want %q", tt.name, pad, found[iRepeated], tt.evidence)
					}
				}
			}
		})
	}
}

// FuzzRecall41 holds checkText to the reference on texts around
// quoted-printable white space.
func FuzzRecall41(f *testing.F) {
	for _, tt := range recall41QPCases {
		f.Add(tt.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPathsAgainstRef(t, s)
	})
}

// TestQPSpaceOtherFirst checks which escapes of a no-break space open
// their run: only the first, past white space, =20 and soft line breaks.
func TestQPSpaceOtherFirst(t *testing.T) {
	for _, tt := range []struct {
		text string
		at   []int // the escapes of white space asked about
		want []bool
	}{
		{"ab=C2=A0=C2=A0", []int{2, 8}, []bool{true, false}},
		{"ab=C2=A0 \t=20=\n=C2=A0", []int{2, 15}, []bool{true, false}},
		{"ab=C2=A0=\r\n=C2=A0", []int{2, 11}, []bool{true, false}},
		{"=C2=A0x=C2=A0", []int{0, 7}, []bool{true, true}},
		{"=E3=80=80=C2=A0", []int{0, 9}, []bool{true, false}},
		{"=C3=A9=C2=A0", []int{6}, []bool{true}}, // after é
		{"=A0=C2=A0", []int{3}, []bool{true}},    // a continuation escape alone
	} {
		for k, i := range tt.at {
			if got := qpSpaceOtherFirst([]byte(tt.text), i); got != tt.want[k] {
				t.Errorf("qpSpaceOtherFirst(%q, %d) = %v, want %v", tt.text, i, got, tt.want[k])
			}
		}
	}
}
