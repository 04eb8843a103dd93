package evasions

import "testing"

// TestQPStopAt holds qpStopAt to the escapes EQLEAD (qp.go) and escRun's
// letters (recall9.go) ask for, at the end of a text too.
func TestQPStopAt(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"=C2=A0", true},
		{"=F0", true},
		{"=c2", false},
		{"=41=42", true},
		{"=7A=", true},
		{"=4", false},
		{"=41", false},
		{"=41 =42", false},
		{"=3D=3D", false},
		{"=20=20", false},
		{"=8A=8B", false},
		{"=", false},
	} {
		if got := qpStopAt([]byte(tt.text), 0); got != tt.want {
			t.Errorf("qpStopAt(%q, 0) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
