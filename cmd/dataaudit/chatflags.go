package main

import (
	"flag"

	"github.com/dataaudit/dataaudit/internal/cli"
)

// chatFlags declares the flags of chat and instruction data.
func chatFlags(fs *flag.FlagSet, roles *cli.ListFlag, prompt, response *string) {
	fs.Var(roles, "role", "keep only the chat turns of these `roles` in the text: user, assistant, system, tool (comma-separated; default all)")
	fs.StringVar(prompt, "prompt", "", "prompt `field` of a flat layout (chat and instruction data have theirs: the turns before the last assistant turn)")
	fs.StringVar(response, "response", "", "response `field` of a flat layout (chat and instruction data: the last assistant turn)")
}
