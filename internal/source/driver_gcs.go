//go:build !no_gcs

package source

import _ "gocloud.dev/blob/gcsblob" // gs://: leave it out with -tags no_gcs
