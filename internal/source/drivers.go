package source

// The object-store drivers linked into the binary: each registers its URL
// scheme with gocloud.dev/blob. See "Object stores" in the README for
// what each adds to the binary and how to leave it out.
import (
	_ "gocloud.dev/blob/azureblob" // azblob://
	_ "gocloud.dev/blob/fileblob"  // file://
	_ "gocloud.dev/blob/gcsblob"   // gs://
	_ "gocloud.dev/blob/s3blob"    // s3://
)
