package model_test

import (
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestInternalTestNames: in model, whose tests are of both kinds, a test
// file of package model (one that reaches unexported code) is named
// *_internal_test.go, and only those are.
func TestInternalTestNames(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.PackageClauseOnly)
		if err != nil {
			t.Fatal(err)
		}
		internal := f.Name.Name == "model"
		if internal != strings.HasSuffix(name, "_internal_test.go") {
			t.Errorf("%s is package %s: a test of package model is named *_internal_test.go, and only such a test", name, f.Name.Name)
		}
	}
}
