//go:build !no_s3

package source

import _ "gocloud.dev/blob/s3blob" // s3://: leave it out with -tags no_s3
