package main

import (
	"flag"

	"github.com/dataaudit/dataaudit/internal/ingest"
)

// chatFlags declares the flags of chat and instruction data.
func chatFlags(fs *flag.FlagSet, roles *listFlag, prompt, response *string) {
	fs.Var(roles, "role", "keep only the chat turns of these `roles` in the text: user, assistant, system, tool (comma-separated; default all)")
	fs.StringVar(prompt, "prompt", "", "prompt `field` of a flat layout (chat and instruction data have theirs: the turns before the last assistant turn)")
	fs.StringVar(response, "response", "", "response `field` of a flat layout (chat and instruction data: the last assistant turn)")
}

// parseRoles reads --role.
func parseRoles(names []string) ([]ingest.Role, error) {
	var out []ingest.Role
	for _, n := range names {
		r, err := ingest.ParseRole(n)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
