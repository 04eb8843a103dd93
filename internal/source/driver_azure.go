//go:build !no_azure

package source

import _ "gocloud.dev/blob/azureblob" // azblob://: leave it out with -tags no_azure
