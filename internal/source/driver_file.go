//go:build !no_file

package source

import _ "gocloud.dev/blob/fileblob" // file://: leave it out with -tags no_file
