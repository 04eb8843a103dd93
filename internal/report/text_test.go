package report

import "testing"

func TestShown(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain text", 40, "plain text"},
		{"café ΑΘΗΝΑ 日本", 40, "café ΑΘΗΝΑ 日本"},
		{"zero\u200bwidth", 40, `zero\u200bwidth`},
		{"bidi\u202eevil", 40, `bidi\u202eevil`},
		{"nul\x00esc\x1b[31m", 40, `nul\x00esc\x1b[31m`},
		{"tab\tnl\ncr\r", 40, `tab\tnl\ncr\r`},
		{"bad\xffbyte", 40, `bad\xffbyte`},
		{"real \uFFFD kept", 40, "real \uFFFD kept"},
		{`quotes "stay" \ as is`, 40, `quotes "stay" \ as is`},
		{"abcdefghij", 5, "abcd…"},
		{"abcde", 5, "abcde"},
	}
	for _, tt := range tests {
		if got := shown(tt.in, tt.max); got != tt.want {
			t.Errorf("shown(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}
