//go:build !no_gcs

package source

import (
	"context"
	"fmt"
	"net/url"
	"os"

	"gocloud.dev/blob"
	"gocloud.dev/blob/gcsblob" // gs://: leave it out with -tags no_gcs
	"gocloud.dev/gcp"
	"golang.org/x/oauth2/google"
)

func init() { openGS = openGCSBucket }

// openGCSBucket opens a gs:// bucket as gcsblob's default opener does,
// but fails when there are no credentials instead of printing a warning
// on standard output (where a report may be going) and going on
// unauthenticated. A public bucket is read with ?anonymous=true.
func openGCSBucket(ctx context.Context, u *url.URL) (*blob.Bucket, error) {
	q := u.Query()
	if q.Get("anonymous") == "true" || q.Get("access_id") == "-" ||
		os.Getenv("STORAGE_EMULATOR_HOST") != "" || os.Getenv("STORAGE_EMULATOR_HOST_GRPC") != "" {
		o := &gcsblob.URLOpener{Client: gcp.NewAnonymousHTTPClient(gcp.DefaultTransport())}
		return o.OpenBucketURL(ctx, u)
	}
	var creds *google.Credentials
	var err error
	if ud := q.Get("universe_domain"); ud != "" {
		creds, err = gcp.DefaultCredentialsWithParams(ctx, google.CredentialsParams{UniverseDomain: ud})
	} else {
		creds, err = gcp.DefaultCredentials(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("no Google Cloud credentials (set GOOGLE_APPLICATION_CREDENTIALS, or add ?anonymous=true to read a public bucket): %w", err)
	}
	client, err := gcp.NewHTTPClient(gcp.DefaultTransport(), gcp.CredentialsTokenSource(creds))
	if err != nil {
		return nil, err
	}
	o := &gcsblob.URLOpener{Client: client, TokenSource: gcp.CredentialsTokenSource(creds)}
	return o.OpenBucketURL(ctx, u)
}
