package repeats

// SetBudget sets the second pass' budget of L-gram starts for a test,
// and returns what restores it.
func SetBudget(n int) func() {
	old := budget
	budget = n
	return func() { budget = old }
}
