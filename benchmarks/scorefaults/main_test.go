package main

import "testing"

func TestPairScore(t *testing.T) {
	// Truth: {a,b,c} and {d,e}; e alone in the prediction, f in no truth cluster.
	truthOf := map[string]string{"a": "T1", "b": "T1", "c": "T1", "d": "T2", "e": "T2"}
	sizes := map[string]int{"T1": 3, "T2": 2}
	pred := [][]string{{"a", "b", "d"}, {"c", "f"}}
	pp, tp, both := pairScore(pred, func(id string) string { return truthOf[id] }, sizes)
	// Predicted pairs: ab ad bd cf = 4; truth pairs: ab ac bc de = 4; both: ab.
	if pp != 4 || tp != 4 || both != 1 {
		t.Errorf("pairScore = %d, %d, %d, want 4, 4, 1", pp, tp, both)
	}
}

func TestResolveID(t *testing.T) {
	texts := map[string]string{"r1": "x", "r2": "y"}
	order := []string{"r1", "r2"}
	for _, c := range []struct{ in, want string }{
		{"r2", "r2"},
		{"faults.jsonl:2", "r2"},
		{"/a/b:c.jsonl:1", "r1"},
		{"faults.jsonl:3", "faults.jsonl:3"}, // past the end: kept, so it scores as unknown
		{"nocolon", "nocolon"},
	} {
		if got := resolveID(c.in, texts, order); got != c.want {
			t.Errorf("resolveID(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPairClustersUnion(t *testing.T) {
	u := uf{}
	u.union("b", "c")
	u.union("c", "a")
	u.union("x", "y")
	if u.find("b") != u.find("a") || u.find("a") == u.find("x") {
		t.Errorf("union-find: a=%s b=%s x=%s", u.find("a"), u.find("b"), u.find("x"))
	}
}
