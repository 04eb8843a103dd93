package gate

import (
	"reflect"
	"testing"
)

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"comments and blanks", "# rules\n\n  rows>0  # at least one\n\t# off: tokens>0\n", []string{"rows>0"}},
		{"several, no final newline", "a>1\r\nb<2", []string{"a>1", "b<2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParsePolicy(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParsePolicy(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
