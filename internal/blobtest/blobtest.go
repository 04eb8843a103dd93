// Package blobtest serves files from an S3-compatible store inside the
// test process (gofakes3 with its in-memory backend), so that tests read
// s3:// inputs without a network or a cloud account. Only tests import it.
package blobtest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Bucket is the bucket Serve puts the files in.
const Bucket = "data"

// Server is a fake S3 endpoint holding one bucket.
type Server struct {
	// Query is what an s3:// URL needs to reach the server:
	// "?endpoint=...&use_path_style=true&...".
	Query string
	gets  atomic.Int64
}

// URL is the s3:// URL of key in the server's bucket.
func (s *Server) URL(key string) string { return "s3://" + Bucket + "/" + key + s.Query }

// Gets returns the number of GET requests served so far (object reads and
// listings).
func (s *Server) Gets() int64 { return s.gets.Load() }

// Serve starts a fake S3 server for the test's life, with files (key ->
// local path) in bucket Bucket, and points the AWS SDK's environment at
// fake credentials (never the machine's own, never the network).
func Serve(t testing.TB, files map[string]string) *Server {
	t.Helper()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "",
		"AWS_REGION": "us-east-1", "AWS_PROFILE": "", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": filepath.Join(t.TempDir(), "none"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(t.TempDir(), "none"),
	} {
		t.Setenv(k, v)
	}
	backend := s3mem.New()
	if err := backend.CreateBucket(Bucket); err != nil {
		t.Fatal(err)
	}
	for key, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := backend.PutObject(Bucket, key, map[string]string{}, bytes.NewReader(data), int64(len(data)), nil); err != nil {
			t.Fatalf("put %s: %v", key, err)
		}
	}
	s := &Server{}
	h := gofakes3.New(backend).Server()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			s.gets.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	s.Query = "?endpoint=" + ts.URL + "&use_path_style=true&disable_https=true&region=us-east-1"
	return s
}
