//go:build !no_gcs

package source

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestGCSWithoutCredentials: gcsblob's own opener prints a warning on
// standard output and goes on unauthenticated when there are no
// credentials; ours fails with an error saying what to do.
func TestGCSWithoutCredentials(t *testing.T) {
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
	t.Setenv("STORAGE_EMULATOR_HOST", "")
	t.Setenv("STORAGE_EMULATOR_HOST_GRPC", "")
	tests := []struct {
		url     string
		wantErr string
	}{
		{"gs://dataaudit-no-such-bucket", "no Google Cloud credentials"},
		{"gs://dataaudit-no-such-bucket?anonymous=true", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			b, err := openBucket(context.Background(), tt.url)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("openBucket(%q) = %v, want a bucket", tt.url, err)
				}
				return
			}
			if b != nil || err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("openBucket(%q) = %v, %v, want an error with %q", tt.url, b, err, tt.wantErr)
			}
		})
	}
}
